/**
 * HTTP throughput on Node (@hono/node-server, 127.0.0.1, autocannon, 50 connections), same run, same process:
 * the route behind `session()` and behind `launch()` (signed-URL check + installation read + unseal + session
 * mint), each against a bare Hono JSON route that receives the identical request (same path, query and headers,
 * on a second server). Context for the in-process figures (bench/in-process.bench.ts), which are the headline. The server runs in its own process (bench/fixtures/http-server.ts)
 * so the load generator does not share its event loop. Scenarios are interleaved over several rounds; each
 * scenario's best round counts, which keeps the ratio stable on a noisy 2-core machine.
 *
 * Launch URLs: a pool of freshly signed URLs (distinct userIds), precomputed before the run; they stay inside the
 * 300 s freshness window (maxAgeSec) for the whole bench. `launch()` keeps no replay state, so reusing a URL
 * from the pool is what a user reloading the iframe does.
 *
 * Two figures per route, the same method for all three:
 *   - requests per **server CPU-second** (headline ratios): the server's `process.cpuUsage()` (user + system, all
 *     threads — WebCrypto's thread pool included) is read before and after each run, and the requests answered
 *     are divided by the CPU time spent. On a 2-core machine the load generator competes with the server, and
 *     the cheap bare route is limited by it (the server idles part of the run), so wall-clock req/s under-rates
 *     the bare route's capacity and over-rates the others' ratios. CPU per request is what a route costs.
 *   - wall-clock req/s (context only; `*WallRatio` keys).
 *
 * `BENCH_HTTP_PROFILE=dir` starts the server with `node --cpu-prof --cpu-prof-dir=dir`.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import type { AutocannonResult } from 'autocannon'
import { signLaunchUrl } from '../src/testing/index.ts'
import { BENCH_CUSTOMER, PROVIDER_SECRET, PUBLIC_URL } from './fixtures/http-constants.ts'
import type { BenchReport } from './run.ts'

const CONNECTIONS = 50
const DURATION_SEC = Number(process.env.BENCH_HTTP_SEC ?? 4)
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 3)
const POOL = 2000
// For profiling one scenario: BENCH_HTTP_ONLY=session
const ONLY = process.env.BENCH_HTTP_ONLY

type Scenario = 'bareSession' | 'session' | 'bareLaunch' | 'launch'
const SCENARIOS: readonly Scenario[] = ['bareSession', 'session', 'bareLaunch', 'launch']

async function startServer(): Promise<{ port: number; barePort: number; stop(): Promise<void> }> {
  const script = fileURLToPath(new URL('./fixtures/http-server.ts', import.meta.url))
  const prof = process.env.BENCH_HTTP_PROFILE
  const args = [
    ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
    '--import',
    'tsx',
    script,
  ]
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  const lines = createInterface({ input: child.stdout })
  const [first] = (await once(lines, 'line')) as [string]
  const { port, barePort } = JSON.parse(first) as { port: number; barePort: number }
  return {
    port,
    barePort,
    async stop() {
      child.kill('SIGTERM')
      if (child.exitCode === null) await once(child, 'exit')
    },
  }
}

async function signedPool(n: number): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const url = await signLaunchUrl({
      publicUrl: PUBLIC_URL,
      path: '/launch',
      secret: PROVIDER_SECRET,
      params: {
        customerWebId: BENCH_CUSTOMER,
        userId: String(1 + (i % 50)),
        customerName: 'Bench GmbH',
        apiClaim: `bench-claim-${i}`,
        estateId: 1,
        language: 'ENG',
        UserLanguage: 'DEU',
      },
    })
    const u = new URL(url)
    out.push(u.pathname + u.search)
  }
  return out
}

function check(name: string, r: AutocannonResult): void {
  if (r.errors || r.timeouts || r.non2xx)
    throw new Error(
      `http bench: ${name} had ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`,
    )
}

export default async function (): Promise<BenchReport> {
  const server = await startServer()
  try {
    const base = `http://127.0.0.1:${server.port}`
    const bareBase = `http://127.0.0.1:${server.barePort}`
    const pool = await signedPool(POOL)
    // A session token minted by a real launch (the /token route answers with it).
    const tokUrl = await signLaunchUrl({
      publicUrl: PUBLIC_URL,
      path: '/token',
      secret: PROVIDER_SECRET,
      params: {
        customerWebId: BENCH_CUSTOMER,
        userId: '1',
        customerName: 'Bench GmbH',
        apiClaim: 'bench-claim-token',
        estateId: 1,
        language: 'ENG',
      },
    })
    const tok = await fetch(`${base}${new URL(tokUrl).pathname}${new URL(tokUrl).search}`)
    if (tok.status !== 200)
      throw new Error(`http bench: could not mint a session token (${tok.status})`)
    const sessionToken = await tok.text()

    let next = 0
    const run = (s: Scenario, duration: number): Promise<AutocannonResult> => {
      const target = s === 'bareSession' || s === 'bareLaunch' ? bareBase : base
      if (s === 'session' || s === 'bareSession') {
        return autocannon({
          url: `${target}/session`,
          connections: CONNECTIONS,
          duration,
          headers: { authorization: `Bearer ${sessionToken}` },
        })
      }
      return autocannon({
        url: target,
        connections: CONNECTIONS,
        duration,
        requests: [
          { method: 'GET', setupRequest: (req) => ({ ...req, path: pool[next++ % pool.length]! }) },
        ],
      })
    }
    const serverCpuMicros = async (): Promise<number> => {
      const u = (await (await fetch(`${base}/__cpu`)).json()) as { user: number; system: number }
      return u.user + u.system
    }
    // Warm-up: JIT, key caches, sockets.
    for (const s of SCENARIOS) check(s, await run(s, 1))

    const zero = (): Record<Scenario, number> => ({
      bareSession: 0,
      session: 0,
      bareLaunch: 0,
      launch: 0,
    })
    const best = zero() // wall-clock req/s
    const p99 = zero()
    const perCpu = zero() // requests per server CPU-second
    const cpuUs = zero() // server CPU µs per request (of the best per-CPU round)
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of SCENARIOS) {
        if (ONLY && !s.toLowerCase().includes(ONLY)) continue
        const before = await serverCpuMicros()
        const r = await run(s, DURATION_SEC)
        const cpu = (await serverCpuMicros()) - before
        check(s, r)
        if (r.requests.average > best[s]) {
          best[s] = r.requests.average
          p99[s] = r.latency.p99
        }
        const rate = r.requests.total / (cpu / 1e6)
        if (rate > perCpu[s]) {
          perCpu[s] = rate
          cpuUs[s] = cpu / r.requests.total
        }
      }
    }
    const fix = (n: number): number => Number(n.toFixed(3))
    const row = (route: string, s: Scenario, bare: Scenario) => ({
      route,
      reqPerCpuSec: Math.round(perCpu[s]),
      cpuUsPerReq: Number(cpuUs[s].toFixed(1)),
      bareCpuUsPerReq: Number(cpuUs[bare].toFixed(1)),
      ratio: fix(perCpu[s] / perCpu[bare]),
      wallReqPerSec: Math.round(best[s]),
      p99Ms: p99[s],
      wallRatio: fix(best[s] / best[bare]),
    })
    return {
      title: `HTTP on Node (@hono/node-server, autocannon ${CONNECTIONS} connections, best of ${ROUNDS}×${DURATION_SEC}s): ratio = requests per server CPU-second vs a bare route receiving the same request`,
      rows: [
        row('behind session()', 'session', 'bareSession'),
        row('behind launch()', 'launch', 'bareLaunch'),
      ],
      results: {
        httpBareReqPerSec: Math.round(best.bareSession),
        httpSessionReqPerSec: Math.round(best.session),
        httpLaunchReqPerSec: Math.round(best.launch),
        httpBareReqPerCpuSec: Math.round(perCpu.bareSession),
        httpBareLaunchReqPerCpuSec: Math.round(perCpu.bareLaunch),
        httpSessionReqPerCpuSec: Math.round(perCpu.session),
        httpLaunchReqPerCpuSec: Math.round(perCpu.launch),
        sessionThroughputRatio: fix(perCpu.session / perCpu.bareSession),
        launchThroughputRatio: fix(perCpu.launch / perCpu.bareLaunch),
        sessionWallRatio: fix(best.session / best.bareSession),
        launchWallRatio: fix(best.launch / best.bareLaunch),
      },
    }
  } finally {
    await server.stop()
  }
}
