import { describe, expect, it } from 'vitest'
import {
  OnOfficeApiError,
  OnOfficeResponseError,
  OnOfficeTransportError,
  createClient,
  createProviderClient,
  type OnOfficeClient,
} from '../../src/index.ts'
import { DEMO_CUSTOMER, createFakeOnOffice, type FakeOnOffice } from '../../src/testing/index.ts'

async function activated(fake: FakeOnOffice, extra = {}) {
  const act = await fake.startActivation({ customerWebId: DEMO_CUSTOMER, userId: '17' })
  const base = createClient({
    token: act.apiToken,
    secret: act.apiKey,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    retryDelayMs: 0,
    ...extra,
  })
  await base
    .withClaim(act.apiClaim)
    .marketplace.unlockProvider({ parameterCacheId: act.parameterCacheId })
  const claim = fake.issueClaim(DEMO_CUSTOMER, '17')
  return { act, base, claim, client: base.withClaim(claim) }
}

function plain(fake: FakeOnOffice, extra = {}): OnOfficeClient {
  const { token, secret } = fake.addApiUser()
  return createClient({
    token,
    secret,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    retryDelayMs: 0,
    ...extra,
  })
}

describe('client against the fake onOffice', () => {
  it('activation: unlockProvider with the activation claim, then service calls with the service claim on the wire', async () => {
    const fake = createFakeOnOffice()
    const { client, claim } = await activated(fake)
    expect(fake.isActivated(DEMO_CUSTOMER)).toBe(true)
    fake.clearReceived()
    const estate = await client.estates.get(1, { language: 'ENG', data: ['Id', 'objekttitel'] })
    expect(estate?.id).toBe(1)
    const [action] = fake.receivedActions({ resourcetype: 'estate' })
    expect(action!.claimIs(claim)).toBe(true)
    expect(action!.parameters).toMatchObject({ estatelanguage: 'ENG', extendedclaim: '[redacted]' })
    expect(String(action!.resourceid)).toBe('1')
    expect(JSON.stringify(fake.received)).not.toContain(claim)
  })

  it('a marketplace user without claim gets 193, an expired claim 201, a blocked customer 48 (installation blocked)', async () => {
    const fake = createFakeOnOffice()
    const { base, client, claim } = await activated(fake)
    await expect(base.read('estate')).rejects.toMatchObject({ errorCode: 193, category: 'claim' })
    fake.expireClaim(claim)
    await expect(client.read('estate')).rejects.toMatchObject({
      errorCode: 201,
      category: 'claim',
      hint: expect.stringMatching(/relaunch/),
    })
    fake.block(DEMO_CUSTOMER)
    const blocked = await base
      .withClaim(fake.issueClaim(DEMO_CUSTOMER, '17'))
      .read('estate')
      .catch((e: unknown) => e)
    expect(blocked).toBeInstanceOf(OnOfficeApiError)
    expect((blocked as OnOfficeApiError).installationBlocked).toBe(true)
  })

  it('100 independent estate reads in the same tick: one HTTP request', async () => {
    const fake = createFakeOnOffice({ estates: 100 })
    const client = plain(fake)
    const estates = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.estates.get(i + 1, { data: ['Id'] })),
    )
    expect(estates.map((e) => e?.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(fake.received).toHaveLength(1)
  })

  // 2,000 estates in pages of 100 (20 pages) keep the test fast; bench/client.bench.ts reads 10,000 in pages of 500.
  it('iterate over 2,000 estates in 20 pages: 2 round trips, listlimit never above 500', async () => {
    const fake = createFakeOnOffice({ estates: 2_000 })
    const client = plain(fake)
    let n = 0
    for await (const _ of client.iterate('estate', { data: ['Id'] }, { pageSize: 100 })) n++
    expect(n).toBe(2_000)
    expect(fake.received).toHaveLength(2)
    expect(fake.receivedActions().every((a) => Number(a.parameters.listlimit) <= 500)).toBe(true)
    fake.clearReceived()
    const page = await client.read('estate', { data: ['Id'], listlimit: 5000 })
    expect(page.records).toHaveLength(500)
  }, 30_000)

  it('clock skew → 136 → retried with the offset from the Date header', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake, { now: () => Date.now() - 600_000 })
    await expect(client.read('estate', { data: ['Id'] })).resolves.toMatchObject({
      cntabsolute: expect.any(Number),
    })
    expect(fake.received.length).toBe(2)
    expect(fake.received[0]!.actions[0]!.status?.errorcode).toBe(136)
    const injected = createFakeOnOffice()
    const c2 = plain(injected)
    injected.faults.next({ type: 'clock-skew', sec: 400 })
    await expect(c2.read('estate', { data: ['Id'] })).resolves.toBeDefined()
  })

  it.each([
    ['http 500', { type: 'http', status: 500 } as const],
    ['reset', { type: 'reset' } as const],
    ['hang', { type: 'hang' } as const],
  ])('fault %s: a read is retried and succeeds', async (_n, fault) => {
    const fake = createFakeOnOffice()
    const client = plain(fake, { timeoutMs: 100 })
    fake.faults.next(fault)
    await expect(client.read('estate', { data: ['Id'] })).resolves.toMatchObject({
      records: expect.any(Array),
    })
    fake.faults.clear()
  })

  it('fault hang on a write: not retried, outcome unknown', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake, { timeoutMs: 100 })
    fake.faults.next({ type: 'hang' })
    const error = await client.estates.modify(1, { kaufpreis: '1.00' }).catch((e: unknown) => e)
    fake.faults.clear()
    expect(error).toBeInstanceOf(OnOfficeTransportError)
    expect(error).toMatchObject({ kind: 'timeout', outcomeUnknown: true })
    expect(fake.receivedActions({ kind: 'modify' })).toHaveLength(1)
  })

  it('fault malformed-json → OnOfficeResponseError; drop-results → error for the missing actions only', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake)
    fake.faults.next({ type: 'malformed-json' })
    await expect(client.read('estate')).rejects.toBeInstanceOf(OnOfficeResponseError)
    fake.faults.next({ type: 'drop-results', keep: 1 })
    const settled = await client.batch([
      { kind: 'read', resourcetype: 'estate', resourceid: 1, parameters: { data: ['Id'] } },
      { kind: 'read', resourcetype: 'estate', resourceid: 2, parameters: { data: ['Id'] } },
    ])
    expect(settled[0]).toMatchObject({ ok: true, value: { records: [{ id: 1 }] } })
    expect(settled[1]).toMatchObject({ ok: false, error: expect.any(OnOfficeResponseError) })
  })

  it('fault error + latency: the action error is typed; latency changes nothing', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake)
    fake.faults.next({ type: 'latency', ms: 20 })
    await expect(client.read('estate', { data: ['Id'] })).resolves.toBeDefined()
    fake.faults.next({ type: 'error', code: 80 })
    await expect(client.read('estate', { data: ['Id'] })).rejects.toMatchObject({
      errorCode: 80,
      category: 'not_found',
    })
  })

  it('resource helpers: fields, settings.basic (# colours), users.photo, estates.modify in a language', async () => {
    const fake = createFakeOnOffice()
    const { client } = await activated(fake)
    const fields = await client.fields.get({ modules: ['estate'] })
    expect(Object.keys(fields)).toContain('estate')
    const settings = await client.settings.basic()
    expect(settings.color).toMatch(/^#[0-9a-fA-F]{6}$/)
    const userId = [...fake.users.values()].find((u) => u.photo)!.id
    expect(await client.users.photo(userId)).toEqual(expect.any(String))
    await client.estates.modify(1, { objekttitel: 'New title' }, { language: 'ENG' })
    expect(fake.estates.get(1)!.texts.ENG!.objekttitel).toBe('New title')
    const [modify] = fake.receivedActions({ kind: 'modify' })
    expect(modify).toMatchObject({ parameters: { estatelanguage: 'ENG' } })
    expect(String(modify!.resourceid)).toBe('1')
  })

  it('marketplace: invoiceRecipient and cancelSubscription; provider: refund and subsequent payment link', async () => {
    const fake = createFakeOnOffice()
    const { client } = await activated(fake)
    const provider = fake.addProviderUser()
    const pay = fake.createTransaction({
      customerWebId: DEMO_CUSTOMER,
      userId: '17',
      amount: '25.10',
      providerId: provider.providerId,
    })
    const recipient = await client.marketplace.invoiceRecipient({
      transactionId: pay.transactionId,
      userId: 17,
    })
    expect(recipient).toEqual(expect.objectContaining({ email: expect.any(String) }))
    const abo = fake.createTransaction({
      customerWebId: DEMO_CUSTOMER,
      userId: '17',
      amount: '25.30',
      kind: 'abo',
      providerId: provider.providerId,
    })
    await client.marketplace.cancelSubscription({
      aboId: abo.aboId!,
      cancelationDate: '2030-01-31',
    })
    expect(fake.transactions.get(abo.transactionId)!.canceledFrom).toBe('2030-01-31')
    const pc = createProviderClient({
      token: provider.token,
      secret: provider.secret,
      endpoint: fake.endpoint,
      fetch: fake.fetch,
    })
    const link = await pc.subsequentPaymentLink({
      transactionId: pay.transactionId,
      priceNet: '1100.50',
      description: 'Extra',
      sendMailToCustomer: true,
    })
    expect(link.url).toMatch(/^https?:\/\//)
    await pc.refundTransaction(pay.transactionId)
    expect(fake.transactions.get(pay.transactionId)!.refunded).toBe(true)
    await expect(pc.refundTransaction(pay.transactionId)).rejects.toMatchObject({
      errorCode: 210,
      hint: expect.stringMatching(/refund/),
    })
  })
})
