import type { Hono } from 'hono'
import type { TestOnOffice } from './helpers.ts'
import { describe, expect, it } from 'vitest'
import { OnOfficeOrderError, order } from '../../src/hono/index.ts'
import { OrderValidationError } from '../../src/marketplace/index.ts'
import { bearer, createHarness, useCanary } from './helpers.ts'

useCanary()

type Issues = { error: string; message: string; issues: Array<{ path: string; message: string }> }

/** `/api/order` does NOT catch: the kit's error answers; `/api/order-caught` shows the typed error. */
function routes(app: Hono, oo: TestOnOffice): void {
  app.get('/service', oo.launch(), (c) => c.json({ sessionToken: c.var.onoffice.sessionToken }))
  app.post('/api/order', oo.session(), async (c) => c.json(await order(c, await c.req.json())))
  app.post('/api/order-caught', oo.session(), async (c) => {
    try {
      return c.json(await order(c, await c.req.json()))
    } catch (err) {
      return c.json({
        orderError: err instanceof OnOfficeOrderError,
        validation: err instanceof OrderValidationError,
        typeError: err instanceof TypeError,
        name: (err as Error).name,
        message: (err as Error).message,
      })
    }
  })
}

async function session(h: ReturnType<typeof createHarness>, id: string): Promise<string> {
  await h.activate(id)
  return (
    (await (await h.launch(id, { parameterCacheId: `pc-${id}` })).json()) as {
      sessionToken: string
    }
  ).sessionToken
}

const product = { name: 'Report', price: '9.90', quantity: 1, circleofusers: 'customer' }
const abo = {
  durationinmonth: 6,
  noticeperiod: '3 Monate',
  automaticrenewal: '6 Monate',
  monthlycosts: '25.30',
  monthlyservicedescription: 'Abo',
  circleofusers: 'customer',
}

describe('order() validation errors', () => {
  it.each<[string, Record<string, unknown>, Array<{ path: string; message: RegExp }>]>([
    [
      'price without two decimals',
      { products: [{ ...product, price: '25.1' }], callbackUrl: '/paid' },
      [
        {
          path: 'products[0].price',
          message: /^must be a price string with exactly two decimals, like "25\.10"$/,
        },
      ],
    ],
    [
      'quantity 0 and unknown circle',
      { products: [{ ...product, quantity: 0, circleofusers: 'everyone' }], callbackUrl: '/paid' },
      [
        { path: 'products[0].quantity', message: /positive whole number/ },
        { path: 'products[0].circleofusers', message: /'customer', 'group', 'user' or ''/ },
      ],
    ],
    [
      'totalPrice that does not add up',
      {
        products: [product, { ...product, quantity: 2 }],
        totalPrice: '19.80',
        callbackUrl: '/paid',
      },
      [{ path: 'totalPrice', message: /^does not match the sum of price × quantity \(29\.70\)$/ }],
    ],
    [
      'no products',
      { products: [], callbackUrl: '/paid' },
      [{ path: 'products', message: /at least one product/ }],
    ],
    [
      'both products and abo',
      { products: [product], abo, callbackUrl: '/paid' },
      [{ path: '', message: /exactly one of products .* or abo/ }],
    ],
    [
      'neither',
      { callbackUrl: '/paid' },
      [{ path: '', message: /exactly one of products .* or abo/ }],
    ],
    [
      'abo with a bad monthly price',
      { abo: { ...abo, monthlycosts: '25' }, callbackUrl: '/paid' },
      [{ path: 'abo.monthlycosts', message: /two decimals/ }],
    ],
    [
      'missing callbackUrl',
      { products: [product] },
      [{ path: 'callbackUrl', message: /is required/ }],
    ],
    [
      'non-http callbackUrl',
      { products: [product], callbackUrl: 'javascript:alert(1)' },
      [{ path: 'callbackUrl', message: /absolute URL on publicUrl's origin/ }],
    ],
    [
      'wire-style keys',
      { products: [product], callbackurl: '/paid', callbackUrl: '/paid' },
      [{ path: '', message: /unknown field\(s\) callbackurl/ }],
    ],
    [
      'unknown product field',
      { products: [{ ...product, vat: '19' }], callbackUrl: '/paid' },
      [{ path: 'products[0]', message: /unknown field\(s\) vat/ }],
    ],
  ])('%s → 422 invalid_order naming the field and why', async (_name, body, expected) => {
    const h = createHarness({}, routes)
    const token = await session(h, '6201')
    const res = await h.request('/api/order', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(422)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const json = (await res.json()) as Issues
    expect(json.error).toBe('invalid_order')
    expect(json.issues).toHaveLength(expected.length)
    expected.forEach((e, i) => {
      expect(json.issues[i]!.path).toBe(e.path)
      expect(json.issues[i]!.message).toMatch(e.message)
    })
    expect(json.message).toMatch(/^invalid order: /)
    // Values are never echoed (the price '25.1', the circle 'everyone').
    expect(JSON.stringify(json)).not.toMatch(/25\.1"|everyone|javascript:/)
  })

  it('the thrown error is an OnOfficeOrderError, an OrderValidationError and a TypeError', async () => {
    const h = createHarness({}, routes)
    const token = await session(h, '6202')
    const res = await h.request('/api/order-caught', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ products: [{ ...product, price: '9,90' }], callbackUrl: '/paid' }),
    })
    expect(await res.json()).toEqual({
      orderError: true,
      validation: true,
      typeError: true,
      name: 'OnOfficeOrderError',
      message:
        'invalid order: products[0].price must be a price string with exactly two decimals, like "25.10"',
    })
  })

  it('a valid order still signs (200)', async () => {
    const h = createHarness({}, routes)
    const token = await session(h, '6203')
    const res = await h.request('/api/order', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ abo, callbackUrl: '/paid' }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      parametercacheid: 'pc-6203',
      callbackurl: expect.stringMatching(
        /^https:\/\/provider\.example\/paid\?ooref=[0-9a-f]{24}\.6203$/,
      ),
      abo: { durationinmonth: '6' },
    })
  })
})
