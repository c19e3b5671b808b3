/**
 * The kit's middleware cost against a peer, in-process: `app.fetch` with 50 requests in flight, CPU per request from
 * `process.cpuUsage()` (user + system, all threads — WebCrypto's thread pool included). No sockets, no parser: what
 * is left is the middleware.
 *
 * Each figure is CPU per request of a guarded route MINUS a bare route that receives the identical request (same
 * URL, same headers), so request construction, routing and the JSON answer cancel out:
 *   - `sessionOverheadUs`: `session()` with the Bearer session token a real launch minted (the iframe sends the same
 *     token on every request);
 *   - `launchOverheadUs`: `launch()` on freshly signed launch URLs (signature check, installation read + unseal,
 *     session-token mint);
 *   - `honoJwtOverheadUs`: Hono's own `jwt({ alg: 'HS256' })` with a valid HS256 Bearer — the peer a Hono user
 *     compares with.
 * Targets: session ≤ 0.25 × honoJwt, launch ≤ 1.5 × honoJwt. Scenarios are interleaved over rounds; each
 * scenario's lowest CPU per request counts (noise only ever adds CPU).
 *
 *   npm run bench -- in-process        BENCH_INPROC_REQUESTS=20000 BENCH_INPROC_ROUNDS=5 to change the run
 */
import { Hono } from 'hono'
import { jwt, sign } from 'hono/jwt'
import { signLaunchUrl } from '../src/testing/index.ts'
import { BENCH_PAYLOAD, benchKit } from './fixtures/bench-kit.ts'
import { BENCH_CUSTOMER, PROVIDER_SECRET, PUBLIC_URL } from './fixtures/http-constants.ts'
import type { BenchReport } from './run.ts'

const CONCURRENCY = 50
const REQUESTS = Number(process.env.BENCH_INPROC_REQUESTS ?? 10_000)
const ROUNDS = Number(process.env.BENCH_INPROC_ROUNDS ?? 5)
const POOL = 2000
const JWT_SECRET = 'bench-hono-jwt-secret-0123456789abcdef'

type Fetch = (req: Request) => Response | Promise<Response>

/** CPU µs per request for `n` requests from `make(i)`, `CONCURRENCY` in flight. */
async function cpuPerRequest(
  fetch: Fetch,
  make: (i: number) => Request,
  n: number,
): Promise<number> {
  let next = 0
  const worker = async () => {
    while (next < n) {
      const res = await fetch(make(next++))
      if (res.status !== 200) throw new Error(`in-process bench: status ${res.status}`)
      await res.arrayBuffer()
    }
  }
  const before = process.cpuUsage()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const used = process.cpuUsage(before)
  return (used.user + used.system) / n
}

async function setup() {
  const oo = await benchKit()
  const payload = BENCH_PAYLOAD
  // One app per scenario, each with the route at the same path: the bare app receives the identical request.
  const bare = new Hono()
    .get('/launch', (c) => c.json(payload))
    .get('/session', (c) => c.json(payload))
    .get('/jwt', (c) => c.json(payload))
  const kit = new Hono()
    .get('/launch', oo.launch(), (c) => c.json(payload))
    .get('/session', oo.session(), (c) => c.json(payload))
    .get('/token', oo.launch(), (c) => c.text(c.var.onoffice.sessionToken))
  const honoJwt = new Hono().get('/jwt', jwt({ secret: JWT_SECRET, alg: 'HS256' }), (c) =>
    c.json(payload),
  )

  const signed = async (path: string, i: number) =>
    signLaunchUrl({
      publicUrl: PUBLIC_URL,
      path,
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
  const launchUrls: string[] = []
  for (let i = 0; i < POOL; i++) launchUrls.push(await signed('/launch', i))
  const tokenRes = await kit.fetch(new Request(await signed('/token', POOL)))
  if (tokenRes.status !== 200)
    throw new Error(`in-process bench: could not mint a session token (${tokenRes.status})`)
  const sessionToken = await tokenRes.text()
  const now = Math.floor(Date.now() / 1000)
  const honoToken = await sign(
    { sub: BENCH_CUSTOMER, customerWebId: BENCH_CUSTOMER, userId: '1', iat: now, exp: now + 900 },
    JWT_SECRET,
    'HS256',
  )

  const sessionReq = () =>
    new Request(`${PUBLIC_URL}/session`, { headers: { authorization: `Bearer ${sessionToken}` } })
  const jwtReq = () =>
    new Request(`${PUBLIC_URL}/jwt`, { headers: { authorization: `Bearer ${honoToken}` } })
  const launchReq = (i: number) => new Request(launchUrls[i % POOL]!)
  return { bare, kit, honoJwt, sessionReq, jwtReq, launchReq }
}

export default async function (): Promise<BenchReport> {
  const s = await setup()
  const scenarios = {
    bareSession: () => cpuPerRequest(s.bare.fetch, s.sessionReq, REQUESTS),
    session: () => cpuPerRequest(s.kit.fetch, s.sessionReq, REQUESTS),
    bareLaunch: () => cpuPerRequest(s.bare.fetch, s.launchReq, REQUESTS),
    launch: () => cpuPerRequest(s.kit.fetch, s.launchReq, REQUESTS),
    bareJwt: () => cpuPerRequest(s.bare.fetch, s.jwtReq, REQUESTS),
    honoJwt: () => cpuPerRequest(s.honoJwt.fetch, s.jwtReq, REQUESTS),
  }
  type Name = keyof typeof scenarios
  const best = Object.fromEntries(Object.keys(scenarios).map((k) => [k, Infinity])) as Record<
    Name,
    number
  >
  // Warm-up: JIT, key caches, the verified-token cache.
  for (const run of Object.values(scenarios)) await run()
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(scenarios) as [Name, () => Promise<number>][])
      best[name] = Math.min(best[name], await run())
  }
  const us = (n: number) => Number(n.toFixed(1))
  const ratio = (n: number) => Number(n.toFixed(3))
  const sessionOverheadUs = best.session - best.bareSession
  const launchOverheadUs = best.launch - best.bareLaunch
  const honoJwtOverheadUs = best.honoJwt - best.bareJwt
  const row = (route: string, guarded: number, bare: number) => ({
    route,
    cpuUsPerReq: us(guarded),
    bareCpuUsPerReq: us(bare),
    overheadUs: us(guarded - bare),
    vsHonoJwt: ratio((guarded - bare) / honoJwtOverheadUs),
  })
  return {
    title: `In-process (app.fetch, ${CONCURRENCY} in flight, best of ${ROUNDS}×${REQUESTS}): CPU µs per request minus a bare route receiving the same request`,
    rows: [
      row("Hono's jwt() HS256", best.honoJwt, best.bareJwt),
      row('session()', best.session, best.bareSession),
      row('launch()', best.launch, best.bareLaunch),
    ],
    results: {
      sessionOverheadUs: us(sessionOverheadUs),
      launchOverheadUs: us(launchOverheadUs),
      honoJwtOverheadUs: us(honoJwtOverheadUs),
      sessionVsHonoJwt: ratio(sessionOverheadUs / honoJwtOverheadUs),
      launchVsHonoJwt: ratio(launchOverheadUs / honoJwtOverheadUs),
      sessionTargetMet: sessionOverheadUs <= 0.25 * honoJwtOverheadUs,
      launchTargetMet: launchOverheadUs <= 1.5 * honoJwtOverheadUs,
    },
  }
}
