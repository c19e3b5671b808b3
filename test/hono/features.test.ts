import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { memoryKv, signWebhookRequest, verifyOrder } from '../../src/index.ts'
import { callback, onOffice, order, purchases, webhook } from '../../src/hono/index.ts'
import { activate, createFakeOnOffice, launchUrl } from '../../src/testing/index.ts'

// The features outside `onOffice()` — `webhook(oo)`, `callback(oo)`, `order(c, …)`, `purchases(c)` — reach the
// kit they are given or the kit whose middleware verified the request: two kits in one app never mix.

const publicUrl = 'https://provider.example'
const PRODUCT = { name: 'Report', price: '9.90', quantity: 1, circleofusers: 'customer' } as const

function twoKits() {
  const fake = createFakeOnOffice()
  const kit = (secret: string) =>
    onOffice({
      publicUrl,
      providerSecret: secret,
      sessionSecret: `session-secret-of-32-bytes-or-more-${secret}`,
      encryptionKey: `encryption-key-of-32-bytes-or-more-${secret}`,
      kv: memoryKv(),
      endpoint: fake.endpoint,
      fetch: fake.fetch,
    })
  const a = kit('secret-a')
  const b = kit('secret-b')
  const app = new Hono()
  for (const [name, oo] of [
    ['a', a],
    ['b', b],
  ] as const) {
    app.route(`/${name}/onoffice`, oo.routes())
    app.get(`/${name}/service`, oo.launch(), async (c) =>
      c.json({ order: await order(c, { products: [PRODUCT], callbackUrl: `/${name}/paid` }) }),
    )
    app.get(`/${name}/hook`, webhook(oo), (c) => c.json({ customer: c.var.onoffice.customerWebId }))
    app.get(`/${name}/paid`, callback(oo), (c) => c.json({ status: c.var.onoffice.payment.status }))
  }
  return { fake, app }
}

describe('standalone features', () => {
  it('order(c) signs with the secret of the kit that verified the launch', async () => {
    const { fake, app } = twoKits()
    const { customerWebId } = await activate(app, fake, {
      publicUrl,
      secret: 'secret-b',
      mount: '/b/onoffice',
    })
    const url = await launchUrl(fake, {
      publicUrl,
      secret: 'secret-b',
      path: '/b/service',
      customerWebId,
    })
    const res = await app.request(url)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { order: unknown }
    expect((await verifyOrder(body.order, 'secret-b')).ok).toBe(true)
    expect((await verifyOrder(body.order, 'secret-a')).ok).toBe(false)
    // Kit a never saw that customer: its launch refuses b's signature.
    const other = await app.request(url.replace('/b/service', '/a/service'))
    expect(other.status).toBe(403)
  })

  it('webhook(oo) and callback(oo) verify with their own kit', async () => {
    const { fake, app } = twoKits()
    const { customerWebId } = await activate(app, fake, {
      publicUrl,
      secret: 'secret-a',
      mount: '/a/onoffice',
    })
    const params = { customerWebId, userId: '17', apiClaim: fake.issueClaim(customerWebId, '17') }
    const toA = await app.fetch(await signWebhookRequest(`${publicUrl}/a/hook`, params, 'secret-a'))
    expect(toA.status).toBe(200)
    expect(await toA.json()).toEqual({ customer: customerWebId })
    const toB = await app.fetch(await signWebhookRequest(`${publicUrl}/b/hook`, params, 'secret-a'))
    expect(toB.status).toBe(403)
  })

  it('anything but a kit onOffice() returned is a TypeError when the route is built', () => {
    for (const notAKit of [{}, null, { launch: () => undefined }]) {
      // @ts-expect-error: not a kit
      expect(() => webhook(notAKit)).toThrow('webhook(): pass the object onOffice() returned')
      // @ts-expect-error: not a kit
      expect(() => callback(notAKit)).toThrow('callback(): pass the object onOffice() returned')
    }
  })

  it('purchases(c) and order(c) on a route without the kit’s middleware throw a TypeError', async () => {
    const app = new Hono()
    app.get('/x', (c) => {
      // @ts-expect-error: needs a route behind the kit's middleware
      purchases(c)
      return c.text('unreachable')
    })
    app.get('/y', async (c) =>
      // @ts-expect-error: needs launch() or session()
      c.json(await order(c, { products: [PRODUCT], callbackUrl: '/paid' })),
    )
    app.onError((err, c) => c.text(`${err.name}: ${err.message}`, 500))
    expect(await (await app.request('/x')).text()).toMatch(
      /^TypeError: purchases\(\): needs a route behind/,
    )
    expect(await (await app.request('/y')).text()).toBe(
      'TypeError: order(): needs a route behind launch() or session() whose service URL carried parameterCacheId',
    )
  })
})
