// onoffice-kit/testing's activate(), activationUrl() and launchUrl() against a real onOffice() app and the fake,
// the way a provider's test uses them.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { OnOfficeConfigError } from '../../src/core/errors.ts'
import { onOffice } from '../../src/hono/index.ts'
import { createInstallationStore, memoryKv, type KeyValue } from '../../src/store/index.ts'
import {
  activate,
  activationTokenOf,
  activationUrl,
  createFakeOnOffice,
  launchUrl,
  OnOfficeActivationTestError,
  TEST_CUSTOMER,
  type FakeOnOffice,
} from '../../src/testing/index.ts'
import { verifySignedUrl } from '../../src/marketplace/index.ts'

const PUBLIC_URL = 'https://provider.example'
const SECRET = 'testing-provider-secret-5Gk2'
const ENCRYPTION_KEY = 'testing-encryption-key-0123456789abcdefghij'

function provider(opts: { isRegularCustomer?: boolean; mount?: string } = {}): {
  app: Hono
  fake: FakeOnOffice
  kv: KeyValue
} {
  const fake = createFakeOnOffice()
  const kv = memoryKv()
  const oo = onOffice({
    publicUrl: PUBLIC_URL,
    providerSecret: SECRET,
    sessionSecret: 'testing-session-secret-0123456789abcdefghij',
    encryptionKey: ENCRYPTION_KEY,
    kv,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    ...(opts.isRegularCustomer !== undefined
      ? { isRegularCustomer: () => opts.isRegularCustomer === true }
      : {}),
  })
  const app = new Hono()
  app.route(opts.mount ?? '/onoffice', oo.routes())
  app.get('/service', oo.launch(), (c) =>
    c.json({
      customerWebId: c.var.onoffice.customerWebId,
      userId: c.var.onoffice.userId,
      customerName: c.var.onoffice.customerName,
      params: c.var.onoffice.params,
    }),
  )
  return { app, fake, kv }
}

describe('activate()', () => {
  it('runs the activation: the fake activates the customer, the app stores the installation, a launch works', async () => {
    const { app, fake, kv } = provider()
    const a = await activate(app, fake, { publicUrl: PUBLIC_URL, secret: SECRET })
    expect(a).toMatchObject({
      customerWebId: '12345',
      customerName: 'Muster Immobilien GmbH & Co. KG',
      userId: '17',
      answer: { status: 200, text: 'active' },
      fake: { activated: true, isRegularCustomer: false },
    })
    expect(a.apiToken).toHaveLength(32)
    expect(a.apiKey).toHaveLength(64)
    expect(new URL(a.url).pathname).toBe('/onoffice/activate')
    expect(new URL(a.url).searchParams.get('apiToken')).toBe(a.apiToken)
    expect(a.activationToken.length).toBeGreaterThan(20)
    expect(fake.isActivated('12345')).toBe(true)
    const stored = await createInstallationStore(kv, { encryptionKey: ENCRYPTION_KEY }).get('12345')
    expect(stored).toMatchObject({
      status: 'active',
      apiToken: a.apiToken,
      apiSecret: a.apiKey,
      parameterCacheId: a.parameterCacheId,
      activatedByUserId: '17',
    })

    const res = await app.request(await launchUrl(fake, { publicUrl: PUBLIC_URL, secret: SECRET }))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      customerWebId: '12345',
      userId: '17',
      customerName: 'Muster Immobilien GmbH & Co. KG',
    })
  })

  it('takes the customer, the mount path, a plain { fetch } app and the env; reports isRegularCustomer', async () => {
    const { app, fake } = provider({ isRegularCustomer: true, mount: '/mp' })
    const seen: unknown[] = []
    const plain = {
      fetch: (req: Request, env?: unknown) => {
        seen.push(env)
        return app.fetch(req, env as object)
      },
    }
    const a = await activate(plain, fake, {
      publicUrl: `${PUBLIC_URL}/`,
      secret: SECRET,
      customerWebId: '21',
      customerName: 'Muster GmbH',
      userId: '7',
      mount: '/mp',
      env: { FROM: 'test' },
    })
    expect(a).toMatchObject({
      customerWebId: '21',
      customerName: 'Muster GmbH',
      userId: '7',
      fake: { activated: true, isRegularCustomer: true },
    })
    expect(new URL(a.url).pathname).toBe('/mp/activate')
    expect(seen).toEqual([{ FROM: 'test' }, { FROM: 'test' }])
    expect(fake.isActivated('12345')).toBe(false)
  })

  it('takes an app reached by URL + init (request(url, init, env), like miniflare.dispatchFetch)', async () => {
    const { app, fake } = provider()
    const calls: string[] = []
    const byUrl = {
      request: (url: string, init: RequestInit, env?: unknown) => {
        calls.push(`${init.method} ${new URL(url).pathname} ${JSON.stringify(env)}`)
        return app.request(url, init)
      },
    }
    const a = await activate(byUrl, fake, { publicUrl: PUBLIC_URL, secret: SECRET, env: 1 })
    expect(a.fake.activated).toBe(true)
    expect(calls).toEqual(['GET /onoffice/activate 1', 'POST /onoffice/activate 1'])
  })

  it('a re-activation replaces the API user: a new token, the old one is revoked', async () => {
    const { app, fake } = provider()
    const first = await activate(app, fake, { publicUrl: PUBLIC_URL, secret: SECRET })
    const second = await activate(app, fake, { publicUrl: PUBLIC_URL, secret: SECRET })
    expect(second.apiToken).not.toBe(first.apiToken)
    expect(second.fake.activated).toBe(true)
  })

  it('activates through a URL signed elsewhere ({ url, apiKey }, e.g. from the simulator)', async () => {
    const { app, fake } = provider()
    const start = await activationUrl(fake, {
      publicUrl: PUBLIC_URL,
      secret: SECRET,
      customerWebId: '77',
      customerName: 'Elsewhere AG',
    })
    const a = await activate(app, fake, { url: start.url, apiKey: start.apiKey })
    expect(a).toMatchObject({
      customerWebId: '77',
      customerName: 'Elsewhere AG',
      userId: '17',
      apiToken: start.apiToken,
      apiClaim: start.apiClaim,
      parameterCacheId: start.parameterCacheId,
      fake: { activated: true },
    })
    for (const [options, option] of [
      [{ url: '/onoffice/activate', apiKey: start.apiKey }, 'options.url'],
      [{ url: start.url, apiKey: '' }, 'options.apiKey'],
    ] as const) {
      const err = await activate(app, fake, options).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'ERR_ONOFFICE_CONFIG', option })
    }
    const noFake = await activate(app, {} as never, { url: start.url, apiKey: start.apiKey }).catch(
      (e: unknown) => e,
    )
    expect(noFake).toMatchObject({ code: 'ERR_ONOFFICE_CONFIG', option: 'fake' })
  })

  it('fails with ERR_ONOFFICE_TEST_ACTIVATION and the step that broke', async () => {
    const { app, fake } = provider()
    const wrongSecret = await activate(app, fake, {
      publicUrl: PUBLIC_URL,
      secret: 'not-the-provider-secret',
    }).catch((e: unknown) => e)
    expect(wrongSecret).toBeInstanceOf(OnOfficeActivationTestError)
    expect(wrongSecret).toMatchObject({
      code: 'ERR_ONOFFICE_TEST_ACTIVATION',
      step: 'page',
      status: 403,
    })

    const wrongKey = await activate(app, fake, {
      publicUrl: PUBLIC_URL,
      secret: SECRET,
      apiKey: 'x'.repeat(64),
    }).catch((e: unknown) => e)
    expect(wrongKey).toMatchObject({ code: 'ERR_ONOFFICE_TEST_ACTIVATION', step: 'post' })
    expect((wrongKey as OnOfficeActivationTestError).status).toBeGreaterThanOrEqual(400)
    expect(fake.isActivated('12345')).toBe(false)

    const notMounted = await activate(new Hono(), fake, {
      publicUrl: PUBLIC_URL,
      secret: SECRET,
    }).catch((e: unknown) => e)
    expect(notMounted).toMatchObject({ step: 'page', status: 404 })
  })

  it('checks its options and names the option, never the value', async () => {
    const { app, fake } = provider()
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => activate({} as never, fake, { publicUrl: PUBLIC_URL, secret: SECRET }), 'app'],
      [() => activate(app, {} as never, { publicUrl: PUBLIC_URL, secret: SECRET }), 'fake'],
      [
        () => activate(app, fake, { publicUrl: 'provider.example', secret: SECRET }),
        'options.publicUrl',
      ],
      [() => activate(app, fake, { publicUrl: PUBLIC_URL, secret: '' }), 'options.secret'],
      [
        () => activate(app, fake, { publicUrl: PUBLIC_URL, secret: SECRET, customerWebId: '' }),
        'options.customerWebId',
      ],
      [
        () => activate(app, fake, { publicUrl: PUBLIC_URL, secret: SECRET, mount: 'onoffice' }),
        'options.mount',
      ],
      [
        () => activate(app, fake, { publicUrl: PUBLIC_URL, secret: SECRET, apiKey: '' }),
        'options.apiKey',
      ],
      [
        () =>
          activate(app, fake, {
            publicUrl: PUBLIC_URL,
            secret: SECRET,
            now: 5 as unknown as () => number,
          }),
        'options.now',
      ],
      [
        () => launchUrl(fake, { publicUrl: PUBLIC_URL, secret: SECRET, userId: '' }),
        'options.userId',
      ],
      [() => launchUrl({} as never, { publicUrl: PUBLIC_URL, secret: SECRET }), 'fake'],
    ]
    for (const [run, option] of cases) {
      const err = await run().catch((e: unknown) => e)
      expect(err, option).toBeInstanceOf(OnOfficeConfigError)
      expect(err, option).toMatchObject({ code: 'ERR_ONOFFICE_CONFIG', option })
      expect((err as Error).message, option).not.toContain(SECRET)
    }
  })
})

describe('activationUrl()', () => {
  it('signs the activation URL onOffice opens; the page carries the activation token', async () => {
    const { app, fake } = provider()
    const at = Math.floor(Date.now() / 1000) * 1000
    const now = () => at
    const start = await activationUrl(fake, { publicUrl: PUBLIC_URL, secret: SECRET, now })
    const url = new URL(start.url)
    expect([...url.searchParams.keys()]).toEqual([
      'apiClaim',
      'apiToken',
      'customerName',
      'customerWebId',
      'parameterCacheId',
      'timestamp',
      'userId',
      'signature',
    ])
    expect(url.searchParams.get('timestamp')).toBe(String(now() / 1000))
    expect(await verifySignedUrl(start.url, { secret: SECRET, now })).toMatchObject({ ok: true })
    const page = await app.request(start.url, {
      headers: { accept: 'text/html', 'sec-fetch-dest': 'iframe' },
    })
    expect(activationTokenOf(await page.text())).toMatch(/^[\w.-]{20,}$/)
    expect(activationTokenOf('<p>no form</p>')).toBeNull()
    expect(fake.isActivated('12345')).toBe(false)
  })
})

describe('launchUrl()', () => {
  it('a signed service URL with a fresh claim and parameterCacheId; params win and undefined leaves one out', async () => {
    const fake = createFakeOnOffice()
    const a = new URL(
      await launchUrl(fake, {
        publicUrl: PUBLIC_URL,
        secret: SECRET,
        path: '/service/estate',
        params: { estateId: 1, language: 'ENG' },
      }),
    )
    const b = new URL(await launchUrl(fake, { publicUrl: PUBLIC_URL, secret: SECRET }))
    expect(a.pathname).toBe('/service/estate')
    expect(b.pathname).toBe('/service')
    expect(Object.fromEntries(a.searchParams)).toMatchObject({
      customerWebId: TEST_CUSTOMER.customerWebId,
      userId: TEST_CUSTOMER.userId,
      customerName: TEST_CUSTOMER.customerName,
      estateId: '1',
      language: 'ENG',
    })
    expect(a.searchParams.get('apiClaim')).not.toBe(b.searchParams.get('apiClaim'))
    expect(a.searchParams.get('parameterCacheId')).toMatch(/^[0-9a-f-]{36}$/)
    expect(a.searchParams.get('parameterCacheId')).not.toBe(b.searchParams.get('parameterCacheId'))
    expect(await verifySignedUrl(a.toString(), { secret: SECRET })).toMatchObject({ ok: true })

    const c = new URL(
      await launchUrl(fake, {
        publicUrl: PUBLIC_URL,
        secret: SECRET,
        apiClaim: 'claim-given-by-the-test',
        parameterCacheId: 'pc-1',
        params: { userId: '9', groupId: undefined },
      }),
    )
    expect(c.searchParams.get('apiClaim')).toBe('claim-given-by-the-test')
    expect(c.searchParams.get('parameterCacheId')).toBe('pc-1')
    expect(c.searchParams.get('userId')).toBe('9')
    expect(c.searchParams.has('groupId')).toBe(false)
    const d = new URL(
      await launchUrl(fake, {
        publicUrl: PUBLIC_URL,
        secret: SECRET,
        params: { parameterCacheId: undefined },
      }),
    )
    expect(d.searchParams.has('parameterCacheId')).toBe(false)
  })
})
