/**
 * Operating at scale (issue 18), against the fake onOffice in-process:
 * - cachedLaunchRequests: onOffice requests of a second launch of examples/workers for the same user, by
 *   resourcetype (basicsettings and fields must be 0 with the default cache; the estate read goes out);
 * - cacheIsolation: wrong answers over ≥ 10,000 random operations of two customers × two users with
 *   different estate rights, all through one shared cache with cacheReads 'all' (must be 0);
 * - fairnessRatio: customer B's median latency of 10 reads while customer A fires 500 concurrent reads, vs.
 *   B alone, with 20 ms latency on every fake request (target ≤ 2; the per-customer cap keeps A in its lane).
 */
import fc from 'fast-check'
import { OnOfficeApiError, createClient, kvCache, memoryKv } from '../src/index.ts'
import { createFakeOnOffice } from '../src/testing/index.ts'
import type { FakeOnOffice } from '../src/testing/index.ts'
import { createExposeHelper, type Bindings } from '../examples/workers/src/app.ts'
import {
  activate,
  durableObjectBinding,
  ENCRYPTION_KEY,
  kvBinding,
  launchUrl,
  PROVIDER_SECRET,
  SESSION_SECRET,
} from '../test/examples/helpers.ts'
import type { BenchReport } from './run.ts'

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

async function cachedLaunch(): Promise<{
  first: Record<string, number>
  second: Record<string, number>
}> {
  const PUBLIC_URL = 'https://expose.example'
  const fake = createFakeOnOffice()
  const env: Bindings = {
    ONOFFICE_KV: kvBinding(memoryKv()),
    ONOFFICE_STORE: durableObjectBinding(),
    PUBLIC_URL,
    ONOFFICE_ENDPOINT: fake.endpoint,
    PROVIDER_SECRET,
    SESSION_SECRET,
    ENCRYPTION_KEY,
  }
  const app = createExposeHelper({ fetch: fake.fetch })
  const request = (url: string, init?: RequestInit) => app.request(url, init, env)
  await activate(request, fake, PUBLIC_URL)
  const byType = () => {
    const out: Record<string, number> = {}
    for (const a of fake.receivedActions()) out[a.resourcetype] = (out[a.resourcetype] ?? 0) + 1
    return out
  }
  const launch = async () => {
    fake.clearReceived()
    const res = await request(
      (await launchUrl(fake, PUBLIC_URL, { estateId: 1, language: 'ENG' })).url,
    )
    if (res.status !== 200) throw new Error(`launch answered ${res.status}`)
    await res.text()
    return byType()
  }
  const first = await launch()
  const second = await launch()
  return { first, second }
}

async function customerOf(fake: FakeOnOffice, customerWebId: string) {
  const act = await fake.startActivation({ customerWebId, userId: '1' })
  const base = {
    token: act.apiToken,
    secret: act.apiKey,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    retryDelayMs: 0,
    customerWebId,
  }
  await createClient(base)
    .withClaim(act.apiClaim)
    .marketplace.unlockProvider({ parameterCacheId: act.parameterCacheId })
  return base
}

async function isolation(): Promise<{ operations: number; violations: number }> {
  const fake = createFakeOnOffice()
  const cache = kvCache(memoryKv())
  const scopes = [
    { customer: '21', user: '7', may: [1, 2] },
    { customer: '21', user: '8', may: [1] },
    { customer: '22', user: '7', may: [3] },
    { customer: '22', user: '9', may: [2, 3] },
  ]
  const bases = {
    '21': await customerOf(fake, '21'),
    '22': await customerOf(fake, '22'),
  } as Record<string, Awaited<ReturnType<typeof customerOf>>>
  const clients = scopes.map((s) => {
    fake.restrictEstates({ customerWebId: s.customer, userId: s.user, estateIds: s.may })
    return createClient({ ...bases[s.customer]!, cache, cacheReads: 'all' }).withClaim(
      fake.issueClaim(s.customer, s.user),
      { userId: s.user },
    )
  })
  let operations = 0
  let violations = 0
  const ops = fc.sample(
    fc.record({
      scope: fc.nat(3),
      estate: fc.integer({ min: 1, max: 3 }),
      write: fc.integer({ min: 0, max: 9 }),
    }),
    { numRuns: 10_000, seed: 18 },
  )
  for (const op of ops) {
    const scope = scopes[op.scope]!
    const client = clients[op.scope]!
    operations++
    if (op.write === 0 && scope.may.includes(op.estate)) {
      await client.estates.modify(op.estate, { objekttitel: `t${operations}` })
      continue
    }
    const got = await client
      .read('estate', { data: ['Id', 'objekttitel'] }, { resourceid: op.estate })
      .then(
        (r) => ({ ok: true as const, id: Number(r.records[0]?.id) }),
        (e: unknown) => ({
          ok: false as const,
          code: e instanceof OnOfficeApiError ? e.errorCode : -1,
        }),
      )
    const allowed = scope.may.includes(op.estate)
    if (allowed ? !(got.ok && got.id === op.estate) : got.ok || got.code !== 149) violations++
  }
  return { operations, violations }
}

async function fairness(): Promise<{ aloneMs: number; busyMs: number }> {
  const fake = createFakeOnOffice({ estates: 20 })
  // Every request to the fake takes 20 ms, so requests overlap as they would against onOffice.
  fake.faults.next({ type: 'latency', ms: 20 }, { times: 1_000_000 })
  const a = createClient({ ...(await customerOf(fake, '31')), microBatching: false }).withClaim(
    fake.issueClaim('31', '1'),
    { userId: '1' },
  )
  const b = createClient({ ...(await customerOf(fake, '32')), microBatching: false }).withClaim(
    fake.issueClaim('32', '1'),
    { userId: '1' },
  )
  const tenReads = async () => {
    const lat: number[] = []
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const t = performance.now()
        await b.read('estate', { data: ['Id'] }, { resourceid: (i % 20) + 1 })
        lat.push(performance.now() - t)
      }),
    )
    return median(lat)
  }
  await tenReads() // warm-up (key import, JIT)
  const alone: number[] = []
  const busy: number[] = []
  for (let round = 0; round < 5; round++) {
    alone.push(await tenReads())
    const flood = Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        a.read('estate', { data: ['Id'] }, { resourceid: (i % 20) + 1 }),
      ),
    )
    busy.push(await tenReads())
    await flood
  }
  return { aloneMs: median(alone), busyMs: median(busy) }
}

export default async (): Promise<BenchReport> => {
  const launch = await cachedLaunch()
  const iso = await isolation()
  const fair = await fairness()
  const cachedLaunchRequests = (launch.second.basicsettings ?? 0) + (launch.second.fields ?? 0)
  const fairnessRatio = Math.round((fair.busyMs / fair.aloneMs) * 100) / 100
  return {
    title: 'Operating at scale: response cache, isolation, per-customer fairness',
    rows: [
      { case: 'first launch (requests by resourcetype)', value: JSON.stringify(launch.first) },
      { case: 'second launch, same user', value: JSON.stringify(launch.second) },
      { case: 'cache isolation: operations', value: iso.operations },
      { case: 'cache isolation: violations', value: iso.violations },
      { case: 'customer B median, alone (ms)', value: Math.round(fair.aloneMs * 10) / 10 },
      { case: 'customer B median, A firing 500 (ms)', value: Math.round(fair.busyMs * 10) / 10 },
    ],
    results: {
      cachedLaunchRequests,
      cachedLaunchEstateRequests: launch.second.estate ?? 0,
      cacheIsolation: iso.violations,
      cacheIsolationOperations: iso.operations,
      fairnessRatio,
    },
  }
}
