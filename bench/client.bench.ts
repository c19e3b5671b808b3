/**
 * onOffice client: micro-batching, pagination round trips, HMAC key cache.
 * Runs against the fake onOffice in-process, with 20 ms added to every HTTP request.
 */
import { ACTION_IDS, createClient, hmacV2 } from '../src/index.ts'
import { createFakeOnOffice } from '../src/testing/index.ts'
import type { BenchReport } from './run.ts'

const LATENCY_MS = 20
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function slowFetch(inner: typeof fetch) {
  let requests = 0
  let serverMs = 0
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests++
    await sleep(LATENCY_MS)
    const t = performance.now()
    const res = await inner(input, init)
    serverMs += performance.now() - t
    return res
  }) as typeof fetch
  return { fetch: f, count: () => requests, serverMs: () => serverMs }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now()
  const v = await fn()
  return [v, performance.now() - t]
}

export default async (): Promise<BenchReport> => {
  const rows: BenchReport['rows'] = []

  // 100 concurrent independent estate reads.
  const fake = createFakeOnOffice({ estates: 100 })
  const user = fake.addApiUser()
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const run = async (microBatching: boolean) => {
    const f = slowFetch(fake.fetch)
    const client = createClient({ ...user, endpoint: fake.endpoint, fetch: f.fetch, microBatching })
    await client.estates.get(1) // warm up (key import, JIT)
    const ones: number[] = []
    const walls: number[] = []
    const servers: number[] = []
    let requests = 0
    let oneRequests = 0
    // Median of 7 rounds: single runs are dominated by JIT warm-up and GC noise.
    for (let round = 0; round < 7; round++) {
      const before = f.count()
      ones.push((await timed(() => client.estates.get(2, { data: ['Id'] })))[1])
      const start = f.count()
      oneRequests = start - before
      const server0 = f.serverMs()
      walls.push(
        (
          await timed(() =>
            Promise.all(
              Array.from({ length: 100 }, (_, i) =>
                client.estates.get(i + 1, { data: ['Id', 'kaufpreis'] }),
              ),
            ),
          )
        )[1],
      )
      requests = f.count() - start
      servers.push(f.serverMs() - server0)
    }
    return {
      requests,
      wallMs: median(walls),
      oneMs: median(ones),
      oneRequests,
      serverMs: median(servers),
    }
  }
  const batched = await run(true)
  const unbatched = await run(false)
  rows.push(
    {
      case: '100 estate reads, micro-batching',
      httpRequests: batched.requests,
      wallMs: +batched.wallMs.toFixed(1),
      vsOneRequest: +(batched.wallMs / batched.oneMs).toFixed(2),
      fakeServerMs: +batched.serverMs.toFixed(1),
    },
    {
      case: '100 estate reads, no batching',
      httpRequests: unbatched.requests,
      wallMs: +unbatched.wallMs.toFixed(1),
      vsOneRequest: +(unbatched.wallMs / unbatched.oneMs).toFixed(2),
      fakeServerMs: +unbatched.serverMs.toFixed(1),
    },
    {
      case: 'one estate read (baseline)',
      httpRequests: batched.oneRequests,
      wallMs: +batched.oneMs.toFixed(1),
      vsOneRequest: 1,
    },
  )

  // 10,000 estates via iterate.
  const big = createFakeOnOffice({ estates: 10_000 })
  const bigUser = big.addApiUser()
  const bf = slowFetch(big.fetch)
  const bigClient = createClient({ ...bigUser, endpoint: big.endpoint, fetch: bf.fetch })
  let n = 0
  const [, iterMs] = await timed(async () => {
    for await (const _ of bigClient.iterate('estate', { data: ['Id'] })) n++
  })
  rows.push({
    case: `iterate ${n} estates`,
    httpRequests: bf.count(),
    wallMs: +iterMs.toFixed(1),
    vsOneRequest: '',
  })

  // HMAC signing with vs without the imported-key cache.
  const N = 5000
  const enc = new TextEncoder()
  const secret = bigUser.secret
  const msg = (i: number) => `${1_700_000_000 + i}${bigUser.token}estate${ACTION_IDS.read}`
  await hmacV2(bigUser.token, secret, 0, 'estate', ACTION_IDS.read)
  const [, cachedMs] = await timed(async () => {
    for (let i = 0; i < N; i++)
      await hmacV2(bigUser.token, secret, 1_700_000_000 + i, 'estate', ACTION_IDS.read)
  })
  const [, uncachedMs] = await timed(async () => {
    for (let i = 0; i < N; i++) {
      const key = await crypto.subtle.importKey(
        'raw',
        enc.encode(secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      )
      btoa(
        String.fromCharCode(
          ...new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(msg(i)))),
        ),
      )
    }
  })
  rows.push({
    case: `HMAC sign ×${N}, key cached`,
    httpRequests: '',
    wallMs: +cachedMs.toFixed(1),
    vsOneRequest: '',
  })
  rows.push({
    case: `HMAC sign ×${N}, import per sign`,
    httpRequests: '',
    wallMs: +uncachedMs.toFixed(1),
    vsOneRequest: '',
  })

  return {
    title: `onOffice client (fake onOffice in-process + ${LATENCY_MS} ms per request)`,
    rows,
    results: {
      microBatchRequests: batched.requests,
      microBatchWallRatio: +(batched.wallMs / batched.oneMs).toFixed(2),
      // Wall time minus the time the fake itself spent answering: what the client and the latency cost.
      microBatchWallRatioExclFake: +((batched.wallMs - batched.serverMs) / batched.oneMs).toFixed(
        2,
      ),
      unbatchedRequests: unbatched.requests,
      unbatchedWallRatio: +(unbatched.wallMs / unbatched.oneMs).toFixed(2),
      paginationRoundTrips: bf.count(),
      hmacKeyCacheSpeedup: +(uncachedMs / cachedMs).toFixed(2),
    },
  }
}
