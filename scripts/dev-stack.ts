/**
 * The local onOffice stack behind `npm run dev` and `npm run test:e2e` (one code path for both):
 * the fake onOffice API + the marketplace simulator in this process, and `wrangler dev` serving the example
 * Worker (root wrangler.toml → examples/workers) in its own process group. Everything binds to 127.0.0.1.
 * The simulator fires webhooks at the Worker's `/onoffice/webhook`; the Worker refunds with a provider API user
 * of the fake.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve, type ServerHandle } from '../adapters/node.ts'
import { createFakeOnOffice, createSimulator, type FakeOnOffice } from '../src/testing/index.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js')

export interface DevStackOptions {
  /** Port of the simulator (the page to open) and the fake API. `0` = a free one. Default 8787. */
  simulatorPort?: number
  /** Port of `wrangler dev`. `0` = a free one. Default 8788. */
  workerPort?: number
  /** Where wrangler keeps the local KV; emptied at start (the fake is new each run). Default `.wrangler/onoffice-dev`. */
  persistTo?: string
  /** How long to wait for the Worker to answer. Default 90 s. */
  readyTimeoutMs?: number
  /** Receives wrangler's output lines (default: dropped; the last ones are kept for error messages). */
  onWorkerLine?: (line: string) => void
}

export interface DevStack {
  /** The simulator's host page: the one URL to open. */
  url: string
  /** The example Worker (`wrangler dev`). */
  workerUrl: string
  /** The fake onOffice API the Worker calls (in this process: `receivedActions()`, `estates`, …). */
  fake: FakeOnOffice
  /** Stops wrangler (its whole process group) and the simulator. Idempotent. */
  stop(): Promise<void>
}

/** A random dev-only secret (base64url of 32 random bytes): new per run, never written to the repository. */
const devSecret = (): string =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer()
    srv.once('error', fail)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => ok(port))
    })
  })
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const srv = createServer()
    srv.once('error', () => ok(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok(true)))
  })
}

async function pickPort(wanted: number, what: string, env: string): Promise<number> {
  if (wanted === 0) return freePort()
  if (!(await portIsFree(wanted)))
    throw new Error(`port ${wanted} (${what}) is in use on 127.0.0.1; set ${env} to another port`)
  return wanted
}

/** Kills a detached child's whole process group (wrangler spawns workerd), then waits for it. */
async function killGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()))
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s)
    } catch {
      /* already gone */
    }
  }
  signal('SIGTERM')
  const timer = setTimeout(() => signal('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
  // workerd children may outlive wrangler by a moment: make sure the group is gone.
  signal('SIGKILL')
}

async function waitForWorker(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  tail: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`wrangler dev exited with code ${child.exitCode}:\n${tail()}`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
      await res.body?.cancel()
      if (res.status === 200) return
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs / 1000} s:\n${tail()}`)
}

/**
 * Starts the fake onOffice + simulator and `wrangler dev`, waits until both answer, and returns the URLs, the
 * in-process fake and `stop()`. Secrets are generated per run and given to both sides.
 */
export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const simPort = await pickPort(options.simulatorPort ?? 8787, 'simulator', 'PORT')
  const workerPort = await pickPort(options.workerPort ?? 8788, 'worker', 'WORKER_PORT')
  const inspectorPort = await freePort()
  const simOrigin = `http://127.0.0.1:${simPort}`
  const workerOrigin = `http://127.0.0.1:${workerPort}`
  const providerSecret = devSecret()

  const fake = createFakeOnOffice({ origin: simOrigin })
  const simulator = createSimulator({
    provider: `${workerOrigin}/onoffice`,
    providerSecret,
    fake,
    serviceName: 'Exposé-Assistent',
  })
  const server: ServerHandle = await serve(simulator.app, {
    port: simPort,
    hostname: '127.0.0.1',
    handleSignals: false,
    shutdownTimeoutMs: 1000,
  })

  const persistTo = resolve(ROOT, options.persistTo ?? '.wrangler/onoffice-dev')
  // Installations from an earlier run belong to an earlier fake and were sealed with an earlier key.
  rmSync(persistTo, { recursive: true, force: true })

  // The provider's own API user in its provider client (refunds), registered with this run's fake.
  const own = fake.addProviderUser()
  const vars: Record<string, string> = {
    PUBLIC_URL: workerOrigin,
    ONOFFICE_ENDPOINT: fake.endpoint,
    FRAME_ANCESTORS: simOrigin,
    PROVIDER_SECRET: providerSecret,
    SESSION_SECRET: devSecret(),
    ENCRYPTION_KEY: devSecret(),
    PROVIDER_API_TOKEN: own.token,
    PROVIDER_API_SECRET: own.secret,
  }
  const args = [
    WRANGLER,
    'dev',
    '--config',
    join(ROOT, 'wrangler.toml'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(workerPort),
  ]
  args.push(
    '--inspector-ip',
    '127.0.0.1',
    '--inspector-port',
    String(inspectorPort),
    '--persist-to',
    persistTo,
    '--show-interactive-dev-session=false',
  )
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`)

  const lines: string[] = []
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true, // own process group: stop() kills wrangler and its workerd children together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      CI: 'true',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  })
  // Safety net if this process dies without stop(): never leave a workerd behind.
  const onExit = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL')
    } catch {
      /* gone */
    }
  }
  process.once('exit', onExit)
  for (const stream of [child.stdout, child.stderr]) {
    let buf = ''
    stream?.on('data', (d: Buffer) => {
      buf += d.toString()
      let i: number
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trimEnd()
        buf = buf.slice(i + 1)
        if (line === '') continue
        lines.push(line)
        if (lines.length > 60) lines.shift()
        options.onWorkerLine?.(line)
      }
    })
  }

  let stopped: Promise<void> | undefined
  const stop = () =>
    (stopped ??= (async () => {
      await killGroup(child)
      process.removeListener('exit', onExit)
      await server.close()
    })())

  try {
    await waitForWorker(`${workerOrigin}/`, child, options.readyTimeoutMs ?? 90_000, () =>
      lines.join('\n'),
    )
  } catch (err) {
    await stop()
    throw err
  }
  return { url: `${simOrigin}/`, workerUrl: workerOrigin, fake, stop }
}
