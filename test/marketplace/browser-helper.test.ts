import { runInNewContext } from 'node:vm'
import { order, serviceMessage } from '../../src/hono/index.ts'
import type { TestOnOffice } from '../hono/helpers.ts'
import type { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import {
  BROWSER_HELPER_PATH,
  BROWSER_HELPER_SCRIPT,
  verifyOrder,
  verifyServiceMessage,
} from '../../src/marketplace/index.ts'
import { bearer, createHarness, fetchHeaders, PROVIDER_SECRET, useCanary } from '../hono/helpers.ts'

useCanary()

interface Posted {
  data: unknown
  targetOrigin: string
}
interface HelperApi {
  postOrder(o: unknown, parentOrigin?: string): boolean
  postServiceMessage(m: unknown, parentOrigin?: string): boolean
}

/** Runs the helper in a fresh JS realm with a fake `window` whose parent records postMessage calls. */
function browser(opts: { framed?: boolean } = {}) {
  const posted: Posted[] = []
  const warnings: string[] = []
  const parent = {
    postMessage: (data: unknown, targetOrigin: string) => void posted.push({ data, targetOrigin }),
  }
  const window: Record<string, unknown> = {
    console: { warn: (m: string) => void warnings.push(m) },
  }
  window.parent = opts.framed === false ? window : parent
  runInNewContext(BROWSER_HELPER_SCRIPT, { window })
  return { api: window.onOffice as HelperApi, posted, warnings, window }
}

const SIGNED_ORDER = {
  callbackurl: 'https://provider.example/onoffice/paid',
  parametercacheid: 'pc-1',
  products: [{ circleofusers: 'customer', name: 'Report', price: '9.90', quantity: '1' }],
  timestamp: 1700000000,
  totalprice: '9.90',
  signature: 'ab12',
}
const SIGNED_MESSAGE = {
  onOfficeType: 'onOffice.service.refreshParentAndClose',
  parametercacheid: 'pc-1',
  timestamp: 1700000000,
  signature: 'cd34',
}

describe('browser helper script', () => {
  it('postOrder posts JSON.stringify(order) to window.parent with targetOrigin "*" (as onOffice samples do)', () => {
    const b = browser()
    expect(b.api.postOrder(SIGNED_ORDER)).toBe(true)
    expect(b.posted).toEqual([{ data: JSON.stringify(SIGNED_ORDER), targetOrigin: '*' }])
    expect(typeof b.posted[0]!.data).toBe('string')
  })

  it('postServiceMessage posts the signed message; an optional parentOrigin pins the target', () => {
    const b = browser()
    expect(b.api.postServiceMessage(SIGNED_MESSAGE, 'https://smart.onoffice.de')).toBe(true)
    expect(b.posted).toEqual([
      { data: JSON.stringify(SIGNED_MESSAGE), targetOrigin: 'https://smart.onoffice.de' },
    ])
  })

  it('accepts the JSON string the server returned', () => {
    const b = browser()
    b.api.postOrder(JSON.stringify(SIGNED_ORDER))
    expect(JSON.parse(b.posted[0]!.data as string)).toEqual(SIGNED_ORDER)
  })

  it('refuses unsigned or wrong objects with a TypeError saying what is missing, and posts nothing', () => {
    const b = browser()
    const { signature: _s, ...unsigned } = SIGNED_ORDER
    expect(() => b.api.postOrder(unsigned)).toThrow(
      /signature or timestamp missing: sign it on the server/,
    )
    expect(() => b.api.postOrder({ ...SIGNED_ORDER, parametercacheid: '' })).toThrow(
      /parametercacheid missing/,
    )
    expect(() => b.api.postOrder(SIGNED_MESSAGE)).toThrow(/not an order/)
    expect(() => b.api.postServiceMessage(SIGNED_ORDER)).toThrow(/onOfficeType missing/)
    expect(() => b.api.postOrder('{nope')).toThrow(/not JSON/)
    expect(() => b.api.postOrder(null)).toThrow(/pass the signed object/)
    expect(b.posted).toEqual([])
  })

  it('outside a frame it warns and returns false instead of posting to itself', () => {
    const b = browser({ framed: false })
    expect(b.api.postOrder(SIGNED_ORDER)).toBe(false)
    expect(b.posted).toEqual([])
    expect(b.warnings).toEqual(['onOffice: not inside the onOffice iframe; nothing posted'])
  })

  it('keeps other properties of an existing window.onOffice', () => {
    const window: Record<string, unknown> = { parent: {}, onOffice: { mine: 1 } }
    runInNewContext(BROWSER_HELPER_SCRIPT, { window })
    expect(Object.keys(window.onOffice as object).sort()).toEqual([
      'mine',
      'postOrder',
      'postServiceMessage',
    ])
  })

  it('is dependency-free and carries no secret-shaped or template content', () => {
    expect(BROWSER_HELPER_SCRIPT).not.toMatch(/\bimport\b|\brequire\(|\$\{|fetch\(/)
    expect(BROWSER_HELPER_SCRIPT.length).toBeLessThan(3000)
  })
})

function helperRoutes(app: Hono, oo: TestOnOffice): void {
  app.get('/service', oo.launch(), (c) => c.json({ sessionToken: c.var.onoffice.sessionToken }))
  app.post('/api/close', oo.session(), async (c) =>
    c.json(await serviceMessage(c, 'onOffice.service.refreshParentAndClose')),
  )
  app.post('/api/message', oo.session(), async (c) => {
    try {
      return c.json(await serviceMessage(c, (await c.req.json<{ type: never }>()).type))
    } catch (err) {
      return c.json({ error: (err as Error).message }, 400)
    }
  })
  app.get('/no-launch', async (c) =>
    // @ts-expect-error: a route without launch()/session() does not type-check; at runtime it throws a TypeError
    c.json(await serviceMessage(c, 'onOffice.service.refreshParent')),
  )
  app.onError((err, c) => c.json({ error: err.message }, 500))
}

describe(`routes(): GET ${BROWSER_HELPER_PATH}`, () => {
  it('serves the script under the routes() base with a strict content type, long cache and an ETag (304 on revalidation)', async () => {
    const h = createHarness({}, helperRoutes)
    const res = await h.request(`/onoffice${BROWSER_HELPER_PATH}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('cache-control')).toBe(
      'public, max-age=86400, stale-while-revalidate=604800',
    )
    expect(await res.text()).toBe(BROWSER_HELPER_SCRIPT)
    const etag = res.headers.get('etag')
    expect(etag).toMatch(/^"oo-[0-9a-f]{8}"$/)
    const again = await h.request(`/onoffice${BROWSER_HELPER_PATH}`, {
      headers: { 'if-none-match': `W/${etag}` },
    })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    const stale = await h.request(`/onoffice${BROWSER_HELPER_PATH}`, {
      headers: { 'if-none-match': '"oo-00000000"' },
    })
    expect(stale.status).toBe(200)
  })
})

describe('serviceMessage(c, type)', () => {
  it('signs a service message for the session’s parameterCacheId with the provider secret; the posted JSON verifies', async () => {
    const h = createHarness({}, helperRoutes)
    await h.activate('6101')
    const { sessionToken } = (await (
      await h.launch('6101', { parameterCacheId: 'pc-6101' })
    ).json()) as { sessionToken: string }
    const res = await h.request('/api/close', { method: 'POST', headers: bearer(sessionToken) })
    expect(res.status).toBe(200)
    const msg = (await res.json()) as Record<string, unknown>
    expect(Object.keys(msg).sort()).toEqual([
      'onOfficeType',
      'parametercacheid',
      'signature',
      'timestamp',
    ])
    expect(msg).toMatchObject({
      onOfficeType: 'onOffice.service.refreshParentAndClose',
      parametercacheid: 'pc-6101',
      timestamp: Math.floor(h.clock.now / 1000),
    })
    expect(await verifyServiceMessage(msg, PROVIDER_SECRET, { now: () => h.clock.now })).toEqual({
      ok: true,
      type: 'onOffice.service.refreshParentAndClose',
      parameterCacheId: 'pc-6101',
      timestamp: Math.floor(h.clock.now / 1000),
    })
    expect((await verifyServiceMessage(msg, 'another-secret', { now: () => h.clock.now })).ok).toBe(
      false,
    )

    // What the iframe does with it: the helper posts exactly this JSON to the parent.
    const b = browser()
    b.api.postServiceMessage(msg)
    expect(JSON.parse(b.posted[0]!.data as string)).toEqual(msg)
  })

  it('an unknown type is a TypeError listing the valid ones; a route without a launch has no parameterCacheId', async () => {
    const h = createHarness({}, helperRoutes)
    await h.activate('6102')
    const { sessionToken } = (await (
      await h.launch('6102', { parameterCacheId: 'pc-6102' })
    ).json()) as { sessionToken: string }
    const bad = await h.request('/api/message', {
      method: 'POST',
      headers: { ...bearer(sessionToken), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'onOffice.service.reboot' }),
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toBe(
      'serviceMessage(): type must be one of onOffice.service.refreshParent, onOffice.service.refreshParentAndClose, onOffice.service.closeProviderWindow',
    )
    const none = await h.request('/no-launch', { headers: fetchHeaders })
    expect(none.status).toBe(500)
    expect(((await none.json()) as { error: string }).error).toMatch(
      /^serviceMessage\(\): needs a route behind launch\(\) or session\(\) whose service URL carried parameterCacheId$/,
    )
  })
})

describe('the iframe side of an order', () => {
  it('order() on the server → onOffice.postOrder() posts a JSON string that verifies with the provider secret', async () => {
    const h = createHarness({}, (app, oo) => {
      app.get('/service', oo.launch(), async (c) =>
        c.json(
          await order(c, {
            products: [{ name: 'Report', price: '9.90', quantity: 3, circleofusers: 'customer' }],
            callbackUrl: '/onoffice/paid',
          }),
        ),
      )
    })
    await h.activate('6103')
    const signed = await (await h.launch('6103', { parameterCacheId: 'pc-6103' })).json()
    const b = browser()
    b.api.postOrder(signed)
    const received = JSON.parse(b.posted[0]!.data as string) as unknown
    expect(await verifyOrder(received, PROVIDER_SECRET, { now: () => h.clock.now })).toMatchObject({
      ok: true,
      order: { parametercacheid: 'pc-6103', totalprice: '29.70' },
    })
  })
})
