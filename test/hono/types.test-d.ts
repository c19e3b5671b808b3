import { Hono } from 'hono'
import { describe, expectTypeOf, it } from 'vitest'
import { createClient } from '../../src/api/index.ts'
import type {
  ActionResult,
  ElementsObject,
  OnOfficeApi,
  OnOfficeClient,
  OnOfficeRecord,
} from '../../src/api/index.ts'
import {
  onOffice,
  callback,
  order,
  purchases,
  requirePurchase,
  serviceMessage,
  webhook,
} from '../../src/hono/index.ts'
import type {
  BoundEstate,
  OnOfficeCallbackContext,
  OnOfficeContext,
  OnOfficeEnv,
  OnOfficeLaunchContext,
  OnOfficeSessionContext,
  OnOfficeWebhookContext,
  PublicInstallation,
} from '../../src/hono/index.ts'
import type { NoWebhookParams } from '../../src/marketplace/index.ts'
import { memoryKv } from '../../src/store/index.ts'

type Bindings = { PROVIDER_SECRET: string; SESSION_SECRET: string; ENCRYPTION_KEY: string }

const oo = onOffice<{ Bindings: Bindings }>({
  client: createClient,
  publicUrl: 'https://provider.example',
  providerSecret: (c) => c.env.PROVIDER_SECRET,
  sessionSecret: (c) => c.env.SESSION_SECRET,
  encryptionKey: (c) => c.env.ENCRYPTION_KEY,
  kv: memoryKv(),
})

const PRODUCT = { name: 'Report', price: '9.90', quantity: 1, circleofusers: 'customer' } as const
const REFRESH = 'onOffice.service.refreshParent' as const
type Status = 'success' | 'inprocess' | 'error'

// Each kind, on an app typed with OnOfficeEnv (as the README recommends) and on a plain app: the route's
// middleware decides the kind, and what a kind does not have does not type-check.
const envApp = () =>
  new Hono<OnOfficeEnv<{ Bindings: Bindings; Variables: { requestId: string } }, OnOfficeClient>>()
const plainApp = () => new Hono<{ Bindings: Bindings; Variables: { requestId: string } }>()

describe('c.var.onoffice on an OnOfficeEnv app', () => {
  it('launch(): the launch context with a session token; Bindings and own Variables kept', () => {
    envApp().get('/service', oo.launch(), async (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeLaunchContext<OnOfficeClient>>()
      expectTypeOf(c.var.onoffice.kind).toEqualTypeOf<'launch'>()
      expectTypeOf(c.var.onoffice.sessionToken).toBeString()
      expectTypeOf(c.var.onoffice.client).toEqualTypeOf<OnOfficeClient>()
      expectTypeOf(c.var.requestId).toBeString()
      expectTypeOf(c.env.PROVIDER_SECRET).toBeString()
      const signed = await order(c, { products: [PRODUCT], callbackUrl: '/paid' })
      expectTypeOf(signed.signature).toBeString()
      return c.text('ok')
    })
  })

  it('session(): the session context', () => {
    envApp().post('/api', oo.session(), async (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeSessionContext<OnOfficeClient>>()
      expectTypeOf(c.var.onoffice.sessionExpiresAt).toBeNumber()
      expectTypeOf((await serviceMessage(c, REFRESH)).signature).toBeString()
      expectTypeOf(purchases(c).customerWebId).toBeString()
      return c.json({ ok: true })
    })
  })

  it('webhook(): a claim-bound client, no session token, no order', () => {
    envApp().post('/hook', webhook(oo), async (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<
        OnOfficeWebhookContext<NoWebhookParams, OnOfficeClient>
      >()
      expectTypeOf(c.var.onoffice.client).toEqualTypeOf<OnOfficeClient>()
      // @ts-expect-error: a webhook has no session token
      c.var.onoffice.sessionToken
      // @ts-expect-error: nobody to sign an order for
      await order(c, { products: [PRODUCT], callbackUrl: '/paid' })
      // @ts-expect-error: nor a service message
      await serviceMessage(c, REFRESH)
      return c.text('ok')
    })
  })

  it('callback(): the payment; no session token, no claim-bound call fields, no order', () => {
    envApp().get('/paid', callback(oo), async (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeCallbackContext<OnOfficeClient>>()
      expectTypeOf(c.var.onoffice.payment.status).toEqualTypeOf<Status>()
      expectTypeOf(c.var.onoffice.payment.repeated).toBeBoolean()
      expectTypeOf(c.var.onoffice.installation).toEqualTypeOf<PublicInstallation | null>()
      expectTypeOf(c.var.onoffice.client).toEqualTypeOf<OnOfficeClient | null>()
      // @ts-expect-error: a callback has no session token
      c.var.onoffice.sessionToken
      // @ts-expect-error: nor a launched estate
      c.var.onoffice.estate
      // @ts-expect-error: nor an order to sign
      await serviceMessage(c, REFRESH)
      expectTypeOf(purchases(c).customerWebId).toBeString()
      return c.text('ok')
    })
  })
})

describe('middleware after the kit’s keeps the route’s kind', () => {
  it('requirePurchase() behind launch(): still the launch context', () => {
    envApp().get('/premium', oo.launch(), requirePurchase('Premium'), (c) => {
      expectTypeOf(c.var.onoffice.sessionToken).toBeString()
      expectTypeOf(c.var.onoffice.estate).toEqualTypeOf<BoundEstate | null>()
      return c.text('ok')
    })
  })
})

describe('c.var.onoffice on a plain app', () => {
  it('launch(): the launch context with a session token; Bindings and own Variables kept', () => {
    plainApp().get('/service', oo.launch(), async (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeLaunchContext<OnOfficeClient>>()
      expectTypeOf(c.var.onoffice.kind).toEqualTypeOf<'launch'>()
      expectTypeOf(c.var.onoffice.sessionToken).toBeString()
      expectTypeOf(c.var.onoffice.client).toEqualTypeOf<OnOfficeClient>()
      expectTypeOf(c.var.requestId).toBeString()
      expectTypeOf(c.env.PROVIDER_SECRET).toBeString()
      const signed = await order(c, { products: [PRODUCT], callbackUrl: '/paid' })
      expectTypeOf(signed.signature).toBeString()
      return c.text('ok')
    })
  })

  it('session(): the session context', () => {
    plainApp().post('/api', oo.session(), async (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeSessionContext<OnOfficeClient>>()
      expectTypeOf(c.var.onoffice.sessionExpiresAt).toBeNumber()
      expectTypeOf((await serviceMessage(c, REFRESH)).signature).toBeString()
      expectTypeOf(purchases(c).customerWebId).toBeString()
      return c.json({ ok: true })
    })
  })

  it('webhook(): a claim-bound client, no session token, no order', () => {
    plainApp().post('/hook', webhook(oo), async (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<
        OnOfficeWebhookContext<NoWebhookParams, OnOfficeClient>
      >()
      expectTypeOf(c.var.onoffice.client).toEqualTypeOf<OnOfficeClient>()
      // @ts-expect-error: a webhook has no session token
      c.var.onoffice.sessionToken
      // @ts-expect-error: nobody to sign an order for
      await order(c, { products: [PRODUCT], callbackUrl: '/paid' })
      // @ts-expect-error: nor a service message
      await serviceMessage(c, REFRESH)
      return c.text('ok')
    })
  })

  it('callback(): the payment; no session token, no claim-bound call fields, no order', () => {
    plainApp().get('/paid', callback(oo), async (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeCallbackContext<OnOfficeClient>>()
      expectTypeOf(c.var.onoffice.payment.status).toEqualTypeOf<Status>()
      expectTypeOf(c.var.onoffice.payment.repeated).toBeBoolean()
      expectTypeOf(c.var.onoffice.installation).toEqualTypeOf<PublicInstallation | null>()
      expectTypeOf(c.var.onoffice.client).toEqualTypeOf<OnOfficeClient | null>()
      // @ts-expect-error: a callback has no session token
      c.var.onoffice.sessionToken
      // @ts-expect-error: nor a launched estate
      c.var.onoffice.estate
      // @ts-expect-error: nor an order to sign
      await serviceMessage(c, REFRESH)
      expectTypeOf(purchases(c).customerWebId).toBeString()
      return c.text('ok')
    })
  })
})

describe('OnOfficeEnv without a middleware', () => {
  it('is the union: reading a session token or a client needs narrowing by kind', () => {
    new Hono<OnOfficeEnv>().get('/x', async (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeContext>()
      // @ts-expect-error: not every kind has a session token
      c.var.onoffice.sessionToken
      // @ts-expect-error: a callback's client may be null (no active installation)
      const client: OnOfficeClient = c.var.onoffice.client
      void client
      // @ts-expect-error: order() needs launch() or session() in the route's type
      await order(c, { products: [PRODUCT], callbackUrl: '/paid' })
      const o = c.var.onoffice
      if (o.kind === 'launch' || o.kind === 'session') expectTypeOf(o.sessionToken).toBeString()
      if (o.kind === 'webhook') expectTypeOf(o).toEqualTypeOf<OnOfficeWebhookContext>()
      if (o.kind === 'callback') expectTypeOf(o.payment.status).toEqualTypeOf<Status>()
      return c.text('ok')
    })
  })

  it('works as an intersection with Bindings', () => {
    new Hono<{ Bindings: Bindings } & OnOfficeEnv>().get('/x', oo.session(), (c) => {
      expectTypeOf(c.var.onoffice.sessionToken).toBeString()
      expectTypeOf(c.env.SESSION_SECRET).toBeString()
      return c.text('ok')
    })
  })

  it('a plain app has no c.var.onoffice (and no order, no purchases) outside the middleware', () => {
    new Hono().get('/x', async (c) => {
      // @ts-expect-error: nothing set it
      c.var.onoffice
      // @ts-expect-error: order() needs launch() or session()
      await order(c, { products: [PRODUCT], callbackUrl: '/paid' })
      // @ts-expect-error: purchases() needs a route behind the kit's middleware
      purchases(c)
      return c.text('ok')
    })
  })
})

describe('the default client: the API without resources (no `client` option)', () => {
  const bare = onOffice({
    publicUrl: 'https://provider.example',
    providerSecret: 'provider-secret',
    sessionSecret: 'session-secret-0123456789abcdefghijklmnop',
    encryptionKey: 'encryption-key-0123456789abcdefghijklmnop',
    kv: memoryKv(),
  })
  it('c.var.onoffice.client is OnOfficeApi; estate, images and the resources do not type-check', () => {
    new Hono().get('/service', bare.launch(), (c) => {
      expectTypeOf(c.var.onoffice).toEqualTypeOf<OnOfficeLaunchContext>()
      expectTypeOf(c.var.onoffice.client).toEqualTypeOf<OnOfficeApi>()
      expectTypeOf(c.var.onoffice.client.read).toBeFunction()
      // @ts-expect-error: estate needs onOffice({ client: createClient })
      c.var.onoffice.estate
      // @ts-expect-error: so do the images
      c.var.onoffice.images
      // @ts-expect-error: and the resources
      c.var.onoffice.client.estates
      return c.text('ok')
    })
    new Hono<OnOfficeEnv>().get('/paid', callback(bare), (c) => {
      expectTypeOf(c.var.onoffice.client).toEqualTypeOf<OnOfficeApi | null>()
      return c.text('ok')
    })
  })
  it('an OnOfficeEnv app behind a kit with resources has them on its routes', () => {
    new Hono<OnOfficeEnv>().get('/service', oo.launch(), (c) => {
      expectTypeOf(c.var.onoffice.client.estates).toEqualTypeOf<OnOfficeClient['estates']>()
      expectTypeOf(c.var.onoffice.estate).toEqualTypeOf<BoundEstate | null>()
      return c.text('ok')
    })
  })
})

describe('fields', () => {
  it('the call fields of a launch', () => {
    new Hono<{ Bindings: Bindings }>().get('/service', oo.launch(), (c) => {
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
      return c.text('ok')
    })
    new Hono().post('/api', oo.session(), async (c) => {
      const record = await c.var.onoffice.estate?.get({ data: ['objekttitel'] })
      expectTypeOf(record).toEqualTypeOf<OnOfficeRecord<ElementsObject> | null | undefined>()
      return c.json({ ok: true })
    })
  })

  it('the bound estate has client.estates’ results; the launch fixes id and language', () => {
    new Hono().post('/api', oo.session(), async (c) => {
      const estate = c.var.onoffice.estate
      if (!estate) return c.json({ ok: false })
      expectTypeOf(await estate.modify({ objekttitel: 'x' })).toEqualTypeOf<ActionResult>()
      const typed = await estate.get<{ objekttitel: string }>({ data: ['objekttitel'] })
      expectTypeOf(typed?.elements.objekttitel).toEqualTypeOf<string | undefined>()
      // @ts-expect-error: a misspelt field of the field interface
      await estate.get<{ objekttitel: string }>({ data: ['objekttitle'] })
      // @ts-expect-error: the launch fixes the language
      await estate.get({ language: 'DEU' })
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

  it('order(): products and abo are exclusive', () => {
    new Hono().get('/service', oo.launch(), async (c) => {
      // @ts-expect-error: products and abo are exclusive
      await order(c, {
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
      return c.text('ok')
    })
  })
})

describe('options', () => {
  it('options functions get the typed context', () => {
    onOffice<{ Bindings: Bindings }>({
      publicUrl: 'https://provider.example',
      providerSecret: (c) => {
        expectTypeOf(c.env).toEqualTypeOf<Bindings>()
        return [c.env.PROVIDER_SECRET]
      },
      sessionSecret: 'x'.repeat(32),
      encryptionKey: (c) => ({ keys: { k1: c.env.ENCRYPTION_KEY }, currentKid: 'k1' }),
      kv: memoryKv(),
      // @ts-expect-error: a function must return the option's type
      maxAgeSec: () => '5',
    })
  })
})
