import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  OnOfficeApiError,
  OnOfficeTransportError,
  createClient,
  kvCache,
  memoryKv,
  type ClientOptions,
} from '../../src/index.ts'
import { createFakeOnOffice, type FakeOnOffice } from '../../src/testing/index.ts'

/** Activates `customerWebId` in the fake and returns a factory for clients of its API user. */
async function customer(
  fake: FakeOnOffice,
  customerWebId: string,
  extra: Partial<ClientOptions> = {},
) {
  const act = await fake.startActivation({ customerWebId, userId: '1' })
  const options = {
    token: act.apiToken,
    secret: act.apiKey,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    retryDelayMs: 0,
    customerWebId,
  }
  await createClient({ ...options, ...(extra.now ? { now: extra.now } : {}) })
    .withClaim(act.apiClaim)
    .marketplace.unlockProvider({ parameterCacheId: act.parameterCacheId })
  return {
    secrets: [act.apiToken, act.apiKey],
    /** A client of this customer's API user, bound to a fresh claim of user 7 (or the given user). */
    client: (more: Partial<ClientOptions> = {}) => createClient({ ...options, ...extra, ...more }),
    claimed: (more: Partial<ClientOptions> = {}, userId = '7') =>
      createClient({ ...options, ...extra, ...more }).withClaim(
        fake.issueClaim(customerWebId, userId),
        { userId },
      ),
    claim: (userId: string) => fake.issueClaim(customerWebId, userId),
  }
}

/** Reads and gets of `resourcetype` that reached the fake. */
const sent = (fake: FakeOnOffice, resourcetype: string) =>
  fake.receivedActions(
    (a) => a.resourcetype === resourcetype && (a.kind === 'read' || a.kind === 'get'),
  ).length

describe('response cache', () => {
  it("caches the kit's safe reads (basic settings, field configuration) by default, and nothing else", async () => {
    const fake = createFakeOnOffice()
    const a = await customer(fake, '21', { cache: kvCache(memoryKv()) })
    const claim = a.claim('7')
    for (let i = 0; i < 3; i++) {
      const c = a.client().withClaim(claim, { userId: '7' })
      await c.read('basicsettings', { data: { basicData: { logo: '' } } })
      await c.get('fields', { modules: ['estate'] })
      await c.read('estate', { data: ['Id'], listlimit: 5 })
    }
    expect(sent(fake, 'basicsettings')).toBe(1)
    expect(sent(fake, 'fields')).toBe(1)
    expect(sent(fake, 'estate')).toBe(3)
  })

  it("keys by user: another user's read goes out; a claim without its userId is never cached", async () => {
    const fake = createFakeOnOffice()
    const a = await customer(fake, '21', { cache: kvCache(memoryKv()), cacheReads: 'all' })
    const read = (c: ReturnType<ReturnType<typeof a.client>['withClaim']>) =>
      c.read('estate', { data: ['Id'] }, { resourceid: 1 })
    const u7 = a.claim('7')
    const u8 = a.claim('8')
    await read(a.client().withClaim(u7, { userId: '7' }))
    await read(a.client().withClaim(u7, { userId: '7' }))
    expect(sent(fake, 'estate')).toBe(1)
    await read(a.client().withClaim(u8, { userId: '8' }))
    expect(sent(fake, 'estate')).toBe(2)
    await read(a.client().withClaim(u8))
    await read(a.client().withClaim(u8))
    expect(sent(fake, 'estate')).toBe(4)
  })

  it('never serves one scope what was cached for another (property over random interleavings)', async () => {
    const fake = createFakeOnOffice()
    const kv = memoryKv()
    const scopes = [
      { customer: '21', user: '7', may: [1, 2] },
      { customer: '21', user: '8', may: [1] },
      { customer: '22', user: '7', may: [3] },
      { customer: '22', user: '9', may: [2, 3] },
    ] as const
    const customers = { '21': await customer(fake, '21'), '22': await customer(fake, '22') }
    const clients = scopes.map((s) => {
      fake.restrictEstates({ customerWebId: s.customer, userId: s.user, estateIds: s.may })
      const claim = customers[s.customer].claim(s.user)
      return customers[s.customer]
        .client({ cache: kvCache(kv), cacheReads: 'all' })
        .withClaim(claim, { userId: s.user })
    })
    let checked = 0
    let violations = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            scope: fc.nat(3),
            estate: fc.integer({ min: 1, max: 3 }),
            write: fc.boolean(),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (ops) => {
          for (const op of ops) {
            const scope = scopes[op.scope]!
            const client = clients[op.scope]!
            if (op.write && scope.may.includes(op.estate as never)) {
              await client.estates.modify(op.estate, { objekttitel: `t${checked}` })
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
            checked++
            const allowed = scope.may.includes(op.estate as never)
            if (allowed ? !(got.ok && got.id === op.estate) : got.ok || got.code !== 149)
              violations++
          }
        },
      ),
      { numRuns: 100 },
    )
    expect(checked).toBeGreaterThan(300)
    expect(violations).toBe(0)
  })

  it("a write invalidates this customer's cached reads of its resourcetype, and only those", async () => {
    const fake = createFakeOnOffice()
    const kv = memoryKv()
    const a = await customer(fake, '21', { cache: kvCache(kv), cacheReads: 'all' })
    const b = await customer(fake, '22', { cache: kvCache(kv), cacheReads: 'all' })
    const ca = a.client().withClaim(a.claim('7'), { userId: '7' })
    const cb = b.client().withClaim(b.claim('7'), { userId: '7' })
    const title = async (c: typeof ca) =>
      (await c.estates.get(1, { data: ['objekttitel'] }))?.elements.objekttitel
    await title(ca)
    await title(cb)
    await ca.read('user', { data: ['Name'] }, { resourceid: 17 }).catch(() => null)
    const before = { estate: sent(fake, 'estate'), user: sent(fake, 'user') }
    await ca.estates.modify(1, { objekttitel: 'Neu renoviert' })
    expect(await title(ca)).toBe('Neu renoviert')
    expect(sent(fake, 'estate')).toBe(before.estate + 1)
    await title(cb)
    expect(sent(fake, 'estate')).toBe(before.estate + 1)
    await ca.read('user', { data: ['Name'] }, { resourceid: 17 }).catch(() => null)
    expect(sent(fake, 'user')).toBe(before.user)
  })

  it("per call: 'no-store' and 'reload' go out, 'force-cache' caches a read outside the safe set", async () => {
    const fake = createFakeOnOffice()
    const a = await customer(fake, '21', { cache: kvCache(memoryKv()) })
    const c = a.claimed()
    await c.read('estate', { data: ['Id'] }, { resourceid: 1, cache: 'force-cache' })
    await c.read('estate', { data: ['Id'] }, { resourceid: 1, cache: 'force-cache' })
    expect(sent(fake, 'estate')).toBe(1)
    await c.read('estate', { data: ['Id'] }, { resourceid: 1, cache: 'reload' })
    expect(sent(fake, 'estate')).toBe(2)
    await c.read('basicsettings', { data: { basicData: { logo: '' } } }, { cache: 'no-store' })
    await c.read('basicsettings', { data: { basicData: { logo: '' } } }, { cache: 'no-store' })
    expect(sent(fake, 'basicsettings')).toBe(2)
  })

  it('an error answer is never stored', async () => {
    const fake = createFakeOnOffice()
    const a = await customer(fake, '21', { cache: kvCache(memoryKv()) })
    fake.faults.next({ type: 'error', code: 500 })
    const c = a.claimed()
    await expect(
      c.read('basicsettings', { data: { basicData: { logo: '' } } }),
    ).rejects.toBeInstanceOf(OnOfficeApiError)
    await c.read('basicsettings', { data: { basicData: { logo: '' } } })
    await c.read('basicsettings', { data: { basicData: { logo: '' } } })
    expect(sent(fake, 'basicsettings')).toBe(2)
  })

  it('stale-while-revalidate: a stale result is served at once and refreshed by one request', async () => {
    let now = Date.UTC(2026, 11, 1)
    const fake = createFakeOnOffice({ now: () => now })
    const a = await customer(fake, '21', {
      cache: kvCache(memoryKv(), { ttlSec: 60, swrSec: 60 }),
      now: () => now,
    })
    const c = a.claimed()
    const read = () => c.read('basicsettings', { data: { basicData: { logo: '' } } })
    await read()
    now += 90_000
    await Promise.all([read(), read()])
    await new Promise((r) => setTimeout(r, 20))
    expect(sent(fake, 'basicsettings')).toBe(2)
    await read()
    expect(sent(fake, 'basicsettings')).toBe(2)
    now += 200_000
    await read()
    expect(sent(fake, 'basicsettings')).toBe(3)
  })

  it('concurrent identical misses of separate clients make one request', async () => {
    const fake = createFakeOnOffice()
    const a = await customer(fake, '21', { cache: kvCache(memoryKv()) })
    const claim = a.claim('7')
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        // Spread over ticks so the micro-batcher cannot merge them: only the cache's single-flight can.
        new Promise((r) => setTimeout(r, i % 3)).then(() =>
          a
            .client()
            .withClaim(claim, { userId: '7' })
            .read('basicsettings', { data: { basicData: { logo: '' } } }),
        ),
      ),
    )
    expect(sent(fake, 'basicsettings')).toBe(1)
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1)
  })
})

/** A fetch in front of the fake that records how many requests of each token are in flight. */
function observed(fake: FakeOnOffice) {
  const inFlight = new Map<string, number>()
  const peak = new Map<string, number>()
  const starts: number[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const token = String(JSON.parse(String(init?.body)).token)
    starts.push(performance.now())
    inFlight.set(token, (inFlight.get(token) ?? 0) + 1)
    peak.set(token, Math.max(peak.get(token) ?? 0, inFlight.get(token)!))
    try {
      return await fake.fetch(input, init)
    } finally {
      inFlight.set(token, inFlight.get(token)! - 1)
    }
  }
  return { fetch, peak, starts }
}

describe('per-customer limits', () => {
  it('caps requests in flight per customer and keeps another customer out of its queue', async () => {
    const fake = createFakeOnOffice()
    const net = observed(fake)
    const a = await customer(fake, '31', { fetch: net.fetch, maxConcurrentPerCustomer: 2 })
    const b = await customer(fake, '32', { fetch: net.fetch, maxConcurrentPerCustomer: 2 })
    fake.faults.next({ type: 'latency', ms: 30 }, { times: Infinity })
    const ca = a.claimed()
    // Separate ticks: separate requests.
    const burst = Array.from({ length: 6 }, (_, i) =>
      new Promise((r) => setTimeout(r, i)).then(() =>
        ca.read('estate', { data: ['Id'] }, { resourceid: 1 + (i % 3), cache: 'no-store' }),
      ),
    )
    await new Promise((r) => setTimeout(r, 10))
    const t0 = performance.now()
    await b.claimed().read('estate', { data: ['Id'] }, { resourceid: 1 })
    const other = performance.now() - t0
    await Promise.all(burst)
    fake.faults.clear()
    const [tokenA] = [...net.peak.keys()]
    expect(net.peak.get(tokenA!)).toBe(2)
    // Customer b did not wait behind a's six requests (3 rounds of 30 ms).
    expect(other).toBeLessThan(80)
  })

  it('a token bucket spaces a burst out; an aborted queued call is never sent', async () => {
    const fake = createFakeOnOffice()
    const net = observed(fake)
    const a = await customer(fake, '33', {
      fetch: net.fetch,
      ratePerCustomer: { perSec: 20, burst: 1 },
    })
    const c = a.claimed()
    net.starts.length = 0
    const ctl = new AbortController()
    const reads = [1, 2, 3].map((id, i) =>
      new Promise((r) => setTimeout(r, i)).then(() =>
        c.read('estate', { data: ['Id'] }, { resourceid: id }),
      ),
    )
    const aborted = new Promise((r) => setTimeout(r, 5))
      .then(() => c.read('estate', { data: ['Id'] }, { resourceid: 9, signal: ctl.signal }))
      .then(
        () => 'sent',
        (e: unknown) => e,
      )
    setTimeout(() => ctl.abort(), 10)
    await Promise.all(reads)
    expect(await aborted).toMatchObject({ name: 'AbortError' })
    expect(fake.receivedActions({ resourcetype: 'estate' }).map((x) => x.resourceid)).not.toContain(
      '9',
    )
    // 20/s: at least ~50 ms between the starts after the first.
    expect(net.starts.at(-1)! - net.starts[0]!).toBeGreaterThanOrEqual(90)
  })
})

describe('429, 503 and the circuit breaker', () => {
  it('reads wait for Retry-After and retry; writes are never retried', async () => {
    const fake = createFakeOnOffice()
    const a = await customer(fake, '41')
    const c = a.claimed()
    fake.faults.next({ type: 'http', status: 429, retryAfter: '1' })
    const t0 = performance.now()
    await c.read('estate', { data: ['Id'] }, { resourceid: 1 })
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950)
    expect(sent(fake, 'estate')).toBe(2)
    fake.faults.next({ type: 'http', status: 503, retryAfter: '0' })
    await c.read('estate', { data: ['Id'] }, { resourceid: 2 })
    fake.faults.next({ type: 'http', status: 429, retryAfter: '0' })
    const write = await c.estates.modify(1, { objekttitel: 'x' }).catch((e: unknown) => e)
    expect(write).toBeInstanceOf(OnOfficeTransportError)
    expect(write).toMatchObject({ kind: 'http', status: 429, outcomeUnknown: false })
    // The one answered 429 — and no second try.
    expect(fake.receivedActions({ resourcetype: 'estate', kind: 'modify' })).toHaveLength(1)
  })

  it('a Retry-After longer than maxRetryAfterMs fails the read instead of waiting', async () => {
    const fake = createFakeOnOffice()
    const a = await customer(fake, '42', { maxRetryAfterMs: 500 })
    fake.faults.next({ type: 'http', status: 503, retryAfter: '120' })
    await expect(
      a.claimed().read('estate', { data: ['Id'] }, { resourceid: 1 }),
    ).rejects.toMatchObject({ kind: 'http', status: 503 })
  })

  it('closed → open (fails fast, says when) → half-open trial → closed', async () => {
    let now = Date.UTC(2026, 11, 1)
    const fake = createFakeOnOffice({ origin: 'https://breaker-1.onoffice.test', now: () => now })
    const a = await customer(fake, '43', {
      circuitBreaker: { failureThreshold: 3, openMs: 10_000 },
      retries: 0,
      now: () => now,
    })
    const c = a.claimed()
    fake.faults.next({ type: 'http', status: 502 }, { times: 3 })
    for (let i = 0; i < 3; i++)
      await expect(c.read('estate', { data: ['Id'] }, { resourceid: 1 })).rejects.toMatchObject({
        kind: 'http',
        status: 502,
      })
    const received = fake.received.length
    const fast = await c
      .read('estate', { data: ['Id'] }, { resourceid: 1 })
      .catch((e: unknown) => e)
    expect(fast).toMatchObject({ kind: 'circuit_open', retryAt: now + 10_000 })
    expect((fast as Error).message).toContain(new Date(now + 10_000).toISOString())
    expect(fake.received.length).toBe(received)
    now += 10_000
    const r = await c.read('estate', { data: ['Id'] }, { resourceid: 1 })
    expect(r.records).toHaveLength(1)
    expect(fake.received.length).toBe(received + 1)
    await c.read('estate', { data: ['Id'] }, { resourceid: 2 })
  })
})

describe('telemetry', () => {
  it('one CLIENT span per HTTP request and one span per action; no credential or value in any attribute', async () => {
    const exporter = new InMemorySpanExporter()
    const tracer = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    }).getTracer('onoffice-kit')
    const fake = createFakeOnOffice()
    const wire: string[] = []
    const fetch: typeof globalThis.fetch = (input, init) => {
      const body = JSON.parse(String(init?.body)) as {
        token: string
        request: { actions: Array<{ hmac: string; parameters: Record<string, unknown> }> }
      }
      wire.push(
        body.token,
        ...body.request.actions.flatMap((x) => [x.hmac, String(x.parameters.extendedclaim ?? '')]),
      )
      return fake.fetch(input, init)
    }
    const a = await customer(fake, '51', { tracer, cache: kvCache(memoryKv()), fetch })
    const claim = a.claim('7')
    const c = a.client().withClaim(claim, { userId: '7' })
    exporter.reset()
    await Promise.all([
      c.estates.get(1, { data: ['objekttitel'] }),
      c.read('basicsettings', { data: { basicData: { logo: '' } } }),
    ])
    await c.read('basicsettings', { data: { basicData: { logo: '' } } })
    await c.estates.modify(1, { objekttitel: 'Geheimer Titel' })
    const spans = exporter.getFinishedSpans()
    const http = spans.filter((s) => s.name === 'POST')
    // The estate read goes out at once; the basic settings after the cache lookup missed; the hit sends nothing.
    expect(http).toHaveLength(3)
    expect(http[0]!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': 'api.onoffice.test',
      'http.response.status_code': 200,
      'onoffice.batch.size': 1,
    })
    const actions = spans.filter((s) => s.name.startsWith('onoffice '))
    expect(actions.map((s) => s.name)).toEqual([
      'onoffice read estate',
      'onoffice read basicsettings',
      'onoffice read basicsettings',
      'onoffice modify estate',
    ])
    expect(actions.map((s) => s.attributes['onoffice.cache'])).toEqual([
      undefined,
      'miss',
      'hit',
      undefined,
    ])
    const text = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.status, s.events]))
    const secrets = [...a.secrets, claim, 'Geheimer Titel', ...wire].filter((x) => x.length >= 8)
    expect(secrets.length).toBeGreaterThan(6)
    for (const secret of secrets) expect(text).not.toContain(secret)
  })
})
