import { Hono } from 'hono'
import { describe, expectTypeOf, it } from 'vitest'
import type { ElementsObject, OnOfficeClient, OnOfficeRecord } from '../../src/api/index.ts'
import { onOffice } from '../../src/hono/index.ts'
import type {
  BoundEstate,
  OnOfficeCallbackContext,
  OnOfficeContext,
  OnOfficeEnv,
  OnOfficeWebhookContext,
  PublicInstallation,
} from '../../src/hono/index.ts'
import { memoryKv } from '../../src/store/index.ts'

type Bindings = { PROVIDER_SECRET: string; SESSION_SECRET: string; ENCRYPTION_KEY: string }

const oo = onOffice<{ Bindings: Bindings }>({
  publicUrl: 'https://provider.example',
  providerSecret: (c) => c.env.PROVIDER_SECRET,
  sessionSecret: (c) => c.env.SESSION_SECRET,
  encryptionKey: (c) => c.env.ENCRYPTION_KEY,
  kv: memoryKv(),
})

describe('OnOfficeEnv', () => {
  it('types c.var.onoffice as a generic env, keeping Bindings and own Variables', () => {
    const app = new Hono<OnOfficeEnv<{ Bindings: Bindings; Variables: { requestId: string } }>>()
    app.get('/service', oo.launch(), (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeContext>()
      expectTypeOf(c.var.requestId).toBeString()
      expectTypeOf(c.env.PROVIDER_SECRET).toBeString()
      expectTypeOf(c.get('onoffice').customerWebId).toBeString()
      return c.text('ok')
    })
  })

  it('works as an intersection', () => {
    const app = new Hono<{ Bindings: Bindings } & OnOfficeEnv>()
    app.get('/x', (c) => {
      expectTypeOf(c.var.onoffice.sessionToken).toBeString()
      expectTypeOf(c.env.SESSION_SECRET).toBeString()
      return c.text('ok')
    })
  })

  it('middleware alone types c.var.onoffice in a plain app', () => {
    const app = new Hono<{ Bindings: Bindings }>()
    app.get('/service', oo.launch(), (c) => {
      const o = c.var.onoffice
      expectTypeOf(o.customerWebId).toBeString()
      expectTypeOf(o.userId).toBeString()
      expectTypeOf(o.customerName).toBeString()
      expectTypeOf(o.groupId).toEqualTypeOf<string | null>()
      expectTypeOf(o.language).toEqualTypeOf<string | null>()
      expectTypeOf(o.userLanguage).toEqualTypeOf<string | null>()
      expectTypeOf(o.params).toEqualTypeOf<Readonly<Record<string, string>>>()
      expectTypeOf(o.client).toEqualTypeOf<OnOfficeClient>()
      expectTypeOf(o.estate).toEqualTypeOf<BoundEstate | null>()
      expectTypeOf(o.sessionToken).toBeString()
      expectTypeOf(o.installation).toEqualTypeOf<PublicInstallation>()
      expectTypeOf(c.env.PROVIDER_SECRET).toBeString()
      return c.text('ok')
    })
    app.post('/api', oo.session(), async (c) => {
      const record = await c.var.onoffice.estate?.get({ data: ['objekttitel'] })
      expectTypeOf(record).toEqualTypeOf<OnOfficeRecord<ElementsObject> | null | undefined>()
      return c.json({ ok: true })
    })
  })

  it('exposes no secret of the installation', () => {
    expectTypeOf<PublicInstallation>().not.toHaveProperty('apiToken')
    expectTypeOf<PublicInstallation>().not.toHaveProperty('apiSecret')
    expectTypeOf<PublicInstallation>()
      .toHaveProperty('status')
      .toEqualTypeOf<'active' | 'blocked'>()
  })

  it('webhook() has no session token', () => {
    const app = new Hono()
    app.get('/hook', oo.webhook(), (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeWebhookContext>()
      expectTypeOf(c.var.onoffice).not.toHaveProperty('sessionToken')
      return c.text('ok')
    })
  })

  it('callback() types the payment; order() returns the signed order', () => {
    const app = new Hono()
    app.get('/paid', oo.callback(), (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeCallbackContext>()
      expectTypeOf(c.var.onoffice.payment.status).toEqualTypeOf<'success' | 'inprocess' | 'error'>()
      expectTypeOf(c.var.onoffice.payment.repeated).toBeBoolean()
      return c.text('ok')
    })
    app.get('/service', oo.launch(), async (c) => {
      const signed = await oo.order(c, {
        products: [{ name: 'Report', price: '9.90', quantity: 1, circleofusers: 'customer' }],
        callbackUrl: '/paid',
      })
      expectTypeOf(signed.signature).toBeString()
      // @ts-expect-error: products and abo are exclusive
      await oo.order(c, {
        products: [],
        abo: {
          durationinmonth: 1,
          noticeperiod: '',
          automaticrenewal: '',
          monthlycosts: '1.00',
          monthlyservicedescription: 'x',
          circleofusers: '',
        },
        callbackUrl: '/paid',
      })
      return c.json(signed)
    })
  })

  it('options functions get the typed context', () => {
    onOffice<{ Bindings: Bindings }>({
      publicUrl: 'https://provider.example',
      providerSecret: (c) => {
        expectTypeOf(c.env).toEqualTypeOf<Bindings>()
        return [c.env.PROVIDER_SECRET]
      },
      sessionSecret: 'x'.repeat(32),
      encryptionKey: 'x'.repeat(32),
      kv: memoryKv(),
      // @ts-expect-error: a function must return the option's type
      maxAgeSec: () => 5,
    })
  })
})
