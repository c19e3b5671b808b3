import type { Hono } from 'hono'
import { callback, order } from '../../src/hono/index.ts'
import type { TestOnOffice } from './helpers.ts'
import { describe, expect, it } from 'vitest'
import { OrderValidationError, verifyOrder } from '../../src/marketplace/index.ts'
import { bearer, createHarness, fetchHeaders, PROVIDER_SECRET, useCanary } from './helpers.ts'

useCanary()

function paymentRoutes(app: Hono, oo: TestOnOffice): void {
  app.get('/service', oo.launch(), async (c) => {
    const signed = await order(c, {
      products: [{ name: '360°-Rundgang', price: '25.10', quantity: 2, circleofusers: 'customer' }],
      callbackUrl: '/onoffice/paid?ref=42',
    })
    return c.json({ order: signed, sessionToken: c.var.onoffice.sessionToken })
  })
  app.post('/api/order', oo.session(), async (c) => {
    try {
      return c.json(await order(c, await c.req.json()))
    } catch (err) {
      if (err instanceof OrderValidationError) return c.json({ issues: err.issues }, 422)
      throw err
    }
  })
  app.get('/onoffice/paid', callback(oo), (c) => c.json(c.var.onoffice))
}

describe('order(c, …)', () => {
  it('signs an order for the launch (parameterCacheId) with the provider secret; the total is computed', async () => {
    const h = createHarness({}, paymentRoutes)
    await h.activate('6001')
    const res = await h.launch('6001', { parameterCacheId: 'pc-6001' })
    expect(res.status).toBe(200)
    const { order, sessionToken } = (await res.json()) as {
      order: Record<string, unknown>
      sessionToken: string
    }
    expect(order).toMatchObject({
      parametercacheid: 'pc-6001',
      callbackurl: expect.stringMatching(
        /^https:\/\/provider\.example\/onoffice\/paid\?ref=42&ooref=[0-9a-f]{24}\.6001$/,
      ),
      totalprice: '50.20',
      timestamp: Math.floor(h.clock.now / 1000),
    })
    const verified = await verifyOrder(order, PROVIDER_SECRET, { now: () => h.clock.now })
    expect(verified.ok).toBe(true)

    const abo = await h.request('/api/order', {
      method: 'POST',
      headers: { ...bearer(sessionToken), 'content-type': 'application/json' },
      body: JSON.stringify({
        abo: {
          durationinmonth: 6,
          noticeperiod: '3 Monate',
          automaticrenewal: '6 Monate',
          monthlycosts: '25.30',
          monthlyservicedescription: 'Abo',
          circleofusers: 'customer',
        },
        callbackUrl: 'https://provider.example/onoffice/paid',
      }),
    })
    expect(abo.status).toBe(200)
    expect(await abo.json()).toMatchObject({
      parametercacheid: 'pc-6001',
      abo: { durationinmonth: '6' },
    })

    const invalid = await h.request('/api/order', {
      method: 'POST',
      headers: { ...bearer(sessionToken), 'content-type': 'application/json' },
      body: JSON.stringify({
        products: [{ name: 'X', price: '25.1', quantity: 1, circleofusers: 'customer' }],
        callbackUrl: '/paid',
      }),
    })
    expect(invalid.status).toBe(422)
    expect(JSON.stringify(await invalid.json())).toMatch(/price/)
  })

  it('without a parameterCacheId in the launch it refuses to sign', async () => {
    const h = createHarness({}, paymentRoutes)
    await h.activate('6002')
    const res = await h.launch('6002')
    expect(res.status).toBe(500)
  })
})

describe('callback()', () => {
  it('verifies the callback, exposes the payment and recognises a reload', async () => {
    const h = createHarness({}, paymentRoutes)
    const url = await h.signed('/onoffice/paid', {
      ref: '42',
      status: 'success',
      transactionid: 'T-1',
      referenceid: 'R-9',
    })
    const first = await h.request(url, { headers: fetchHeaders })
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({
      kind: 'callback',
      payment: { status: 'success', transactionId: 'T-1', referenceId: 'R-9', repeated: false },
      params: { ref: '42', status: 'success', transactionid: 'T-1', referenceid: 'R-9' },
      // Not bound to an order signed by order(): no paying customer known.
      installation: null,
      client: null,
    })
    const again = await h.request(url, { headers: fetchHeaders })
    expect(((await again.json()) as { payment: { repeated: boolean } }).payment.repeated).toBe(true)
  })

  it('inprocess (SEPA pending) and error pass through; tampered → 403; no status → 400; KV down → 503', async () => {
    const h = createHarness({}, paymentRoutes)
    const sepa = await h.request(
      await h.signed('/onoffice/paid', { status: 'inprocess', transactionid: 'T-2' }),
      { headers: fetchHeaders },
    )
    expect(((await sepa.json()) as { payment: { status: string } }).payment.status).toBe(
      'inprocess',
    )
    const error = await h.request(
      await h.signed('/onoffice/paid', { status: 'error', message: 'Karte abgelehnt' }),
      { headers: fetchHeaders },
    )
    expect(((await error.json()) as { payment: unknown }).payment).toEqual({
      status: 'error',
      message: 'Karte abgelehnt',
      repeated: false,
    })

    const tampered = new URL(
      await h.signed('/onoffice/paid', { status: 'error', transactionid: 'T-3' }),
    )
    tampered.searchParams.set('status', 'success')
    expect((await h.request(tampered.toString(), { headers: fetchHeaders })).status).toBe(403)

    const bad = await h.request(await h.signed('/onoffice/paid', { transactionid: 'T-4' }), {
      headers: fetchHeaders,
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toBe('bad_callback')

    h.kv.failing = true
    const down = await h.request(
      await h.signed('/onoffice/paid', { status: 'success', transactionid: 'T-5' }),
      { headers: fetchHeaders },
    )
    expect(down.status).toBe(503)
    h.kv.failing = false
    const retried = await h.request(
      await h.signed('/onoffice/paid', { status: 'success', transactionid: 'T-5' }),
      { headers: fetchHeaders },
    )
    expect(((await retried.json()) as { payment: { repeated: boolean } }).payment.repeated).toBe(
      false,
    )
  })
})
