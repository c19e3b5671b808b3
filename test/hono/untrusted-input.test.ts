import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { OnOfficeOrderError, onOffice, order } from '../../src/hono/index.ts'
import { memoryKv } from '../../src/store/index.ts'
import { activationTokenOf, createFakeOnOffice, signLaunchUrl } from '../../src/testing/index.ts'
import {
  ENCRYPTION_KEY,
  PROVIDER_SECRET,
  SESSION_SECRET,
  START,
  createHarness,
  documentHeaders,
  fetchHeaders,
  useCanary,
} from './helpers.ts'

useCanary()

describe('a duplicated scalar parameter in a signed URL is a bad_link, never a second value for c.req.query()', () => {
  it('launch: an attacker estateId placed before the signed one → 403 bad_link page', async () => {
    const h = createHarness()
    await h.activate('100')
    const claim = h.fake.issueClaim('100', '1')
    const url = await h.signed('/service', {
      customerWebId: '100',
      userId: '1',
      customerName: 'Kunde 100',
      apiClaim: claim,
      estateId: '1',
    })
    expect((await h.request(url, { headers: fetchHeaders })).status).toBe(200)
    for (const extra of ['estateId=666', 'language=ENG', 'customerName=Evil']) {
      const res = await h.request(url.replace('?', `?${extra}&`), { headers: documentHeaders })
      expect(res.status, extra).toBe(403)
      expect(await res.text()).toMatch(/Link ist ungültig/)
    }
  })

  it('webhook: a duplicated parameter → 403', async () => {
    const h = createHarness()
    await h.activate('100')
    const url = await h.signed('/hook', {
      customerWebId: '100',
      userId: '1',
      apiClaim: h.fake.issueClaim('100', '1'),
      event: 'estate.changed',
    })
    expect((await h.request(url, { headers: fetchHeaders })).status).toBe(200)
    expect(
      (await h.request(url.replace('?', '?event=estate.deleted&'), { headers: fetchHeaders }))
        .status,
    ).toBe(403)
  })
})

describe('order(): callbackUrl stays on publicUrl', () => {
  const run = async (callbackUrl: string, publicUrl = 'https://provider.example') => {
    let outcome: unknown
    const h = createHarness({ publicUrl }, (app, oo) => {
      app.route('/onoffice', oo.routes())
      app.get('/service', oo.launch(), async (c) => {
        try {
          outcome = (
            await order(c, {
              products: [{ name: 'Report', price: '9.90', quantity: 1, circleofusers: 'customer' }],
              callbackUrl,
            })
          ).callbackurl.replace(/[?&]ooref=[0-9a-f]{24}\.\d+$/, '')
        } catch (err) {
          outcome = err
        }
        return c.text('ok')
      })
    })
    await h.activate('100')
    const claim = h.fake.issueClaim('100', '1')
    const url = await signLaunchUrl({
      publicUrl,
      path: '/service',
      secret: PROVIDER_SECRET,
      params: { customerWebId: '100', userId: '1', apiClaim: claim, parameterCacheId: 'pcid-1' },
      now: () => h.clock.now,
    })
    expect((await h.app.request(url)).status).toBe(200)
    return outcome
  }

  it.each([
    '//evil.example/x',
    '\\\\evil.example/x',
    '/\\evil.example/x',
    '\t//evil.example/x',
    ' //evil.example/x',
    'https://evil.example/paid',
    'https://provider.example.evil.example/paid',
    'http://provider.example/paid',
    'https://provider.example:8443/paid',
    'javascript:alert(1)',
    'data:text/html,x',
  ])('refused: %j → OnOfficeOrderError naming the rule', async (callbackUrl) => {
    const err = await run(callbackUrl)
    expect(err).toBeInstanceOf(OnOfficeOrderError)
    expect((err as OnOfficeOrderError).issues).toEqual([
      {
        path: 'callbackUrl',
        message: expect.stringMatching(
          /^must be a relative path \(resolved under publicUrl\) or an absolute URL on publicUrl's origin: /,
        ),
      },
    ])
  })

  it.each([
    ['/paid?ref=1', 'https://provider.example/paid?ref=1'],
    ['paid', 'https://provider.example/paid'],
    ['https://provider.example/onoffice/paid', 'https://provider.example/onoffice/paid'],
  ])('allowed: %j → %s', async (callbackUrl, expected) => {
    expect(await run(callbackUrl)).toBe(expected)
  })
})

describe('publicUrl with a path, behind a proxy that strips it', () => {
  const PUBLIC = 'https://provider.example/onoffice'
  function stack() {
    const clock = { now: START }
    const now = () => clock.now
    const fake = createFakeOnOffice({ now })
    const oo = onOffice({
      publicUrl: PUBLIC,
      providerSecret: PROVIDER_SECRET,
      sessionSecret: SESSION_SECRET,
      encryptionKey: ENCRYPTION_KEY,
      kv: memoryKv({ now }),
      endpoint: fake.endpoint,
      fetch: fake.fetch,
      now,
    })
    const app = new Hono()
    // The app knows nothing of /onoffice: the proxy strips it.
    app.route('/', oo.routes())
    app.get('/service', oo.launch(), async (c) =>
      c.json(
        await order(c, {
          products: [{ name: 'Report', price: '9.90', quantity: 1, circleofusers: 'customer' }],
          callbackUrl: '/paid',
        }),
      ),
    )
    const proxy = (url: string, init?: RequestInit) => {
      expect(url.startsWith(`${PUBLIC}/`)).toBe(true)
      return app.request(`http://10.0.0.7:3000${url.slice(PUBLIC.length)}`, init)
    }
    return { fake, proxy, now }
  }

  it('the activation form posts under the mount, the activation succeeds through the proxy, and root-relative callbackUrls keep the prefix', async () => {
    const { fake, proxy, now } = stack()
    const act = await fake.startActivation({
      customerWebId: '100',
      customerName: 'Kunde',
      userId: '1',
    })
    const url = await signLaunchUrl({
      publicUrl: PUBLIC,
      path: '/activate',
      secret: PROVIDER_SECRET,
      now,
      params: {
        apiClaim: act.apiClaim,
        apiToken: act.apiToken,
        customerName: 'Kunde',
        customerWebId: '100',
        parameterCacheId: act.parameterCacheId,
        userId: '1',
      },
    })
    const page = await proxy(url, { headers: documentHeaders })
    expect(page.status).toBe(200)
    const html = await page.text()
    const action = /<form[^>]* action="([^"]+)"/.exec(html)?.[1]
    expect(action).toBe('/onoffice/activate')
    const token = activationTokenOf(html)
    const posted = await proxy(new URL(action!, PUBLIC).toString(), {
      method: 'POST',
      headers: { ...fetchHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ activation: token, apiKey: act.apiKey }),
    })
    expect(await posted.text()).toBe('active')

    const launch = await signLaunchUrl({
      publicUrl: PUBLIC,
      path: '/service',
      secret: PROVIDER_SECRET,
      now,
      params: {
        customerWebId: '100',
        userId: '1',
        apiClaim: fake.issueClaim('100', '1'),
        parameterCacheId: 'pcid-1',
      },
    })
    const res = await proxy(launch, { headers: fetchHeaders })
    expect(res.status).toBe(200)
    // order() binds the callback to the recorded order (ooref); the path keeps the mount.
    expect(((await res.json()) as { callbackurl: string }).callbackurl).toMatch(
      /^https:\/\/provider\.example\/onoffice\/paid\?ooref=[0-9a-f]{24}\.\d+$/,
    )
  })
})
