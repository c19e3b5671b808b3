import type { Hono } from 'hono'
import { callback, order, purchases, requirePurchase } from '../../src/hono/index.ts'
import type { TestOnOffice } from './helpers.ts'
import { describe, expect, it } from 'vitest'
import { createProviderClient } from '../../src/api/index.ts'
import { verifyOrder } from '../../src/marketplace/index.ts'
import { memoryKv } from '../../src/store/index.ts'
import { bearer, createHarness, fetchHeaders, PROVIDER_SECRET, useCanary } from './helpers.ts'
import type { Harness } from './helpers.ts'

useCanary()

const PRODUCT = { name: 'Premium-Exposé', price: '25.10', quantity: 1, circleofusers: 'customer' }
const ABO = {
  durationinmonth: 6,
  noticeperiod: '3 Monate',
  automaticrenewal: '6 Monate',
  monthlycosts: '9.90',
  monthlyservicedescription: 'Exposé-Abo',
  circleofusers: 'customer',
}

function shopRoutes(app: Hono, oo: TestOnOffice): void {
  app.get('/service', oo.launch(), async (c) =>
    c.json({ sessionToken: c.var.onoffice.sessionToken }),
  )
  app.post('/api/order', oo.session(), async (c) => c.json(await order(c, await c.req.json())))
  app.get('/api/purchases', oo.session(), async (c) => {
    const p = purchases(c)
    return c.json({
      list: await p.list(),
      entitlements: await p.entitlements(),
      premium: await p.has(PRODUCT.name),
      abo: await p.has(ABO.monthlyservicedescription),
      subscriptions: await p.subscriptions(),
    })
  })
  app.post('/api/refund', oo.session(), async (c) => {
    const { transactionId, token, secret, endpoint } = await c.req.json()
    await createProviderClient({
      token,
      secret,
      endpoint,
      fetch: h.fake.fetch,
      now: () => h.clock.now,
    }).refundTransaction(transactionId)
    return c.json(await purchases(c).recordRefund(transactionId))
  })
  app.post('/api/cancel', oo.session(), async (c) => {
    const { aboId, cancelationDate } = await c.req.json()
    await c.var.onoffice.client.marketplace.cancelSubscription({ aboId, cancelationDate })
    await purchases(c).recordCancellation(aboId, cancelationDate)
    return c.json({ ok: true })
  })
  app.get('/premium', oo.session(), requirePurchase(PRODUCT.name), (c) => c.text('premium content'))
  app.get(
    '/premium-page',
    oo.session(),
    requirePurchase(PRODUCT.name, {
      onMissing: (c, product) => c.html(`<a>${product} kaufen</a>`, 200),
    }),
    (c) => c.text('premium content'),
  )
  // What a provider's callback page does: it sees the recorded transaction already.
  app.get('/onoffice/paid', callback(oo), async (c) =>
    c.json({
      payment: c.var.onoffice.payment,
      has: await purchases(c).has(PRODUCT.name),
      abo: await purchases(c).has(ABO.monthlyservicedescription),
    }),
  )
}

let h: Harness

interface PurchasesView {
  list: {
    transactionId: string
    status: string
    events: { status: string; raw?: Record<string, string> }[]
    order?: { userId: string; parameterCacheId: string; total?: string }
  }[]
  entitlements: { product: string; kind: string }[]
  premium: boolean
  abo: boolean
  subscriptions: { aboId: string; product: string | null }[]
}

async function session(customerWebId: string): Promise<{
  token: string
  order(body: unknown): Promise<Record<string, unknown>>
  view(): Promise<PurchasesView>
}> {
  await h.activate(customerWebId, { userId: '17' })
  const res = await h.launch(customerWebId, {
    parameterCacheId: `pc-${customerWebId}`,
    userId: '17',
  })
  expect(res.status).toBe(200)
  const { sessionToken: token } = (await res.json()) as { sessionToken: string }
  return {
    token,
    async order(body) {
      const r = await h.request('/api/order', {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(r.status).toBe(200)
      return (await r.json()) as Record<string, unknown>
    },
    async view() {
      return (await (
        await h.request('/api/purchases', { headers: bearer(token) })
      ).json()) as PurchasesView
    },
  }
}

/** What onOffice does after the checkout: load the order's callbackurl with its signed result appended. */
async function onOfficeCallback(
  order: Record<string, unknown>,
  result: Record<string, string>,
): Promise<Response> {
  const cb = new URL(String(order.callbackurl))
  return h.request(
    await h.signed(cb.pathname, { ...Object.fromEntries(cb.searchParams), ...result }),
    { headers: fetchHeaders },
  )
}

describe('purchases: order() records, callback() records against it, purchases(c) reads', () => {
  it('a purchase becomes a paid entitlement; the callback URL carries the signed order reference', async () => {
    h = createHarness({}, shopRoutes)
    const s = await session('8001')
    const order = await s.order({ products: [PRODUCT], callbackUrl: '/onoffice/paid?ref=42' })
    expect((await verifyOrder(order, PROVIDER_SECRET, { now: () => h.clock.now })).ok).toBe(true)
    const cb = new URL(String(order.callbackurl))
    expect(cb.searchParams.get('ref')).toBe('42')
    expect(cb.searchParams.get('ooref')).toMatch(/^[0-9a-f]{24}\.8001$/)

    expect((await s.view()).premium).toBe(false)
    const paid = await onOfficeCallback(order, { status: 'success', transactionid: 'T-100' })
    expect(await paid.json()).toMatchObject({
      payment: { status: 'success', transactionId: 'T-100', repeated: false },
      has: true,
    })

    const view = await s.view()
    expect(view.premium).toBe(true)
    expect(view.entitlements).toEqual([
      expect.objectContaining({ product: PRODUCT.name, kind: 'purchase' }),
    ])
    expect(view.list).toHaveLength(1)
    expect(view.list[0]).toMatchObject({
      transactionId: 'T-100',
      status: 'success',
      order: { userId: '17', parameterCacheId: 'pc-8001', total: '25.10' },
    })
    // The raw signed values are the audit trail.
    expect(view.list[0]!.events[0]!.raw).toMatchObject({
      status: 'success',
      transactionid: 'T-100',
      ref: '42',
      timestamp: expect.any(String),
    })

    // A reload changes nothing.
    await onOfficeCallback(order, { status: 'success', transactionid: 'T-100' })
    expect((await s.view()).list[0]!.events).toHaveLength(1)
  })

  it('SEPA: inprocess is pending, not paid; a later success pays it', async () => {
    h = createHarness({}, shopRoutes)
    const s = await session('8002')
    const order = await s.order({ products: [PRODUCT], callbackUrl: '/onoffice/paid' })
    await onOfficeCallback(order, { status: 'inprocess', transactionid: 'T-200' })
    let view = await s.view()
    expect(view.premium).toBe(false)
    expect(view.list[0]).toMatchObject({ status: 'inprocess' })
    await onOfficeCallback(order, { status: 'success', transactionid: 'T-200' })
    view = await s.view()
    expect(view.premium).toBe(true)
    expect(view.list[0]!.events.map((e) => e.status)).toEqual(['inprocess', 'success'])
  })

  it('an error is recorded and grants nothing; an error without a transaction records nothing', async () => {
    h = createHarness({}, shopRoutes)
    const s = await session('8003')
    const order = await s.order({ products: [PRODUCT], callbackUrl: '/onoffice/paid' })
    await onOfficeCallback(order, {
      status: 'error',
      transactionid: 'T-300',
      message: 'Karte abgelehnt',
    })
    await onOfficeCallback(order, { status: 'error', message: 'abgebrochen' })
    const view = await s.view()
    expect(view.premium).toBe(false)
    expect(view.entitlements).toEqual([])
    expect(view.list).toEqual([
      expect.objectContaining({ transactionId: 'T-300', status: 'error' }),
    ])
  })

  it('a refund through the provider client ends the entitlement', async () => {
    h = createHarness({}, shopRoutes)
    const s = await session('8004')
    const provider = h.fake.addProviderUser()
    const tx = h.fake.createTransaction({
      customerWebId: '8004',
      userId: '17',
      amount: '25.10',
      providerId: provider.providerId,
    })
    const order = await s.order({ products: [PRODUCT], callbackUrl: '/onoffice/paid' })
    await onOfficeCallback(order, { status: 'success', transactionid: tx.transactionId })
    expect((await s.view()).premium).toBe(true)
    const refunded = await h.request('/api/refund', {
      method: 'POST',
      headers: { ...bearer(s.token), 'content-type': 'application/json' },
      body: JSON.stringify({
        transactionId: tx.transactionId,
        token: provider.token,
        secret: provider.secret,
        endpoint: h.fake.endpoint,
      }),
    })
    expect(await refunded.json()).toMatchObject({ status: 'refunded' })
    expect(h.fake.transactions.get(tx.transactionId)!.refunded).toBe(true)
    const view = await s.view()
    expect(view.premium).toBe(false)
    expect(view.list[0]!.status).toBe('refunded')
  })

  it('a subscription runs (aboid listed) until its cancellation date', async () => {
    h = createHarness({}, shopRoutes)
    let s = await session('8005')
    const abo = h.fake.createTransaction({
      customerWebId: '8005',
      userId: '17',
      amount: '9.90',
      kind: 'abo',
    })
    const order = await s.order({ abo: ABO, callbackUrl: '/onoffice/paid' })
    const paid = await onOfficeCallback(order, {
      status: 'success',
      transactionid: abo.transactionId,
      aboid: abo.aboId!,
    })
    expect(await paid.json()).toMatchObject({ abo: true })
    let view = await s.view()
    expect(view.subscriptions).toEqual([
      expect.objectContaining({ aboId: abo.aboId, product: 'Exposé-Abo' }),
    ])
    expect(view.entitlements).toEqual([
      expect.objectContaining({ product: 'Exposé-Abo', kind: 'subscription' }),
    ])
    // Customers cannot cancel themselves (§4.8): the provider cancels with marketplaceCancelAbo and records it.
    const cancel = (aboId: string, cancelationDate: string) =>
      h.request('/api/cancel', {
        method: 'POST',
        headers: { ...bearer(s.token), 'content-type': 'application/json' },
        body: JSON.stringify({ aboId, cancelationDate }),
      })
    expect((await cancel(abo.aboId!, '2026-03-01')).status).toBe(200)
    view = await s.view()
    expect(view.abo).toBe(true)
    expect(view.subscriptions).toEqual([
      expect.objectContaining({ aboId: abo.aboId, cancelationDate: '2026-03-01' }),
    ])
    expect(h.fake.transactions.get(abo.transactionId)!.canceledFrom).toBe('2026-03-01')
    h.advance(60 * 24 * 3600)
    s = await session('8005')
    view = await s.view()
    expect(view.abo).toBe(false)
    expect(view.subscriptions).toEqual([])
  })

  it("one customer never sees another's purchases", async () => {
    h = createHarness({}, shopRoutes)
    const a = await session('8006')
    const b = await session('8007')
    const order = await a.order({ products: [PRODUCT], callbackUrl: '/onoffice/paid' })
    await onOfficeCallback(order, { status: 'success', transactionid: 'T-600' })
    expect((await a.view()).premium).toBe(true)
    const other = await b.view()
    expect(other.premium).toBe(false)
    expect(other.list).toEqual([])
  })
})

describe('requirePurchase(product, { onMissing })', () => {
  it('402 without the product, the route with it; onMissing answers instead', async () => {
    h = createHarness({}, shopRoutes)
    const s = await session('8010')
    const denied = await h.request('/premium', { headers: bearer(s.token) })
    expect(denied.status).toBe(402)
    expect(await denied.json()).toEqual({ error: 'purchase_required', product: PRODUCT.name })
    const page = await h.request('/premium-page', { headers: bearer(s.token) })
    expect(await page.text()).toBe('<a>Premium-Exposé kaufen</a>')

    const order = await s.order({ products: [PRODUCT], callbackUrl: '/onoffice/paid' })
    await onOfficeCallback(order, { status: 'success', transactionid: 'T-1000' })
    const allowed = await h.request('/premium', { headers: bearer(s.token) })
    expect(allowed.status).toBe(200)
    expect(await allowed.text()).toBe('premium content')
  })

  it('checks its arguments at construction', () => {
    expect(() => requirePurchase('')).toThrow(/product/)
    expect(() => requirePurchase('X', { onMissing: 'no' as never })).toThrow(/onMissing/)
  })
})

describe('ledgerKv', () => {
  it('keeps the ledger in its own store when given', async () => {
    const ledgerKv = memoryKv()
    h = createHarness({ ledgerKv }, shopRoutes)
    const s = await session('8020')
    const order = await s.order({ products: [PRODUCT], callbackUrl: '/onoffice/paid' })
    await onOfficeCallback(order, { status: 'success', transactionid: 'T-2000' })
    expect((await s.view()).premium).toBe(true)
    expect((await ledgerKv.list('oo:ledger:')).keys.length).toBeGreaterThan(0)
    expect((await h.kv.list('oo:ledger:')).keys).toEqual([])
  })
})
