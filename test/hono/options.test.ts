import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import { memoryKv } from '../../src/store/index.ts'
import {
  isOnOfficeFailureException,
  OnOfficeFailureException,
  onOffice,
  OnOfficeOptionsError,
} from '../../src/hono/index.ts'
import type { OnOfficeOptions } from '../../src/hono/index.ts'
import {
  canary,
  createHarness,
  documentHeaders,
  ENCRYPTION_KEY,
  fetchHeaders,
  PROVIDER_SECRET,
  PUBLIC_URL,
  SESSION_SECRET,
  useCanary,
} from './helpers.ts'

useCanary()

const base = (): OnOfficeOptions => ({
  publicUrl: PUBLIC_URL,
  providerSecret: PROVIDER_SECRET,
  sessionSecret: SESSION_SECRET,
  encryptionKey: ENCRYPTION_KEY,
  kv: memoryKv(),
})

describe('option validation at construction', () => {
  const bad: Array<[string, Partial<Record<keyof OnOfficeOptions, unknown>>, RegExp]> = [
    [
      'short session secret',
      { sessionSecret: 'x'.repeat(31) },
      /`sessionSecret` is too short: it must be at least 32 bytes/,
    ],
    [
      'short encryption key',
      { encryptionKey: 'short' },
      /`encryptionKey` is too short: it must be at least 32 bytes/,
    ],
    [
      'missing provider secret',
      { providerSecret: undefined },
      /`providerSecret` must be a non-empty string/,
    ],
    [
      'empty provider secret list',
      { providerSecret: [] },
      /`providerSecret` must be a non-empty string/,
    ],
    [
      'blank provider secret',
      { providerSecret: ['  '] },
      /`providerSecret` must be a non-empty string/,
    ],
    ['relative publicUrl', { publicUrl: '/onoffice' }, /`publicUrl` must be an absolute URL/],
    ['http publicUrl', { publicUrl: 'http://provider.example' }, /`publicUrl` must use https/],
    [
      'publicUrl with query',
      { publicUrl: 'https://provider.example/?a=1' },
      /`publicUrl` must not contain a query/,
    ],
    ['missing kv', { kv: undefined }, /`kv` must be a KeyValue store/],
    [
      'zero maxAgeSec',
      { maxAgeSec: 0 },
      /`maxAgeSec` must be a finite number of seconds greater than 0/,
    ],
    ['bad locale', { locale: 'fr' }, /`locale` must be "de", "en" or "auto"/],
    [
      'frameAncestors injection',
      { frameAncestors: ['https://a.example; script-src *'] },
      /`frameAncestors`/,
    ],
    ['bad endpoint', { endpoint: 'not a url' }, /`endpoint` must be an absolute http\(s\) URL/],
  ]
  for (const [name, patch, message] of bad) {
    it(`rejects ${name}`, () => {
      const options = { ...base(), ...patch } as OnOfficeOptions
      expect(() => onOffice(options)).toThrow(OnOfficeOptionsError)
      expect(() => onOffice(options)).toThrow(message)
    })
  }

  it('never puts the value into the message', () => {
    const secret = 'tooshort-secret-value'
    try {
      onOffice({ ...base(), sessionSecret: secret })
      expect.fail('should throw')
    } catch (err) {
      expect((err as Error).message).not.toContain(secret)
    }
  })

  it('accepts http for localhost and 127.0.0.1, and a list of provider secrets', () => {
    expect(() => onOffice({ ...base(), publicUrl: 'http://localhost:8787' })).not.toThrow()
    expect(() => onOffice({ ...base(), publicUrl: 'http://127.0.0.1:8787/' })).not.toThrow()
    expect(() =>
      onOffice({ ...base(), providerSecret: ['new-secret-abc', PROVIDER_SECRET] }),
    ).not.toThrow()
  })
})

describe('dynamic options (Workers bindings)', () => {
  type Bindings = { PROVIDER_SECRET: string; SESSION_SECRET: string; PUBLIC_URL: string }
  it('resolves functions of the context per request', async () => {
    const h = createHarness({
      providerSecret: (c) => (c.env as Bindings).PROVIDER_SECRET,
      sessionSecret: (c) => (c.env as Bindings).SESSION_SECRET,
    })
    // the harness' request() does not pass env; use app.request with bindings directly
    const act = await h.fake.startActivation({ customerWebId: '5001' })
    canary.add(act.apiKey, act.apiToken, act.apiClaim)
    const url = await h.signed('/onoffice/activate', {
      apiClaim: act.apiClaim,
      apiToken: act.apiToken,
      customerName: 'K',
      customerWebId: '5001',
      parameterCacheId: act.parameterCacheId,
      userId: '1',
    })
    const env: Bindings = { PROVIDER_SECRET, SESSION_SECRET, PUBLIC_URL }
    const res = await h.app.request(url, { headers: fetchHeaders }, env)
    expect(res.status).toBe(200)
    const wrongEnv: Bindings = { ...env, PROVIDER_SECRET: 'some-other-provider-secret' }
    expect((await h.app.request(url, { headers: fetchHeaders }, wrongEnv)).status).toBe(403)
  })

  it('windows, TTLs and the activation page texts may come from bindings too', async () => {
    type Texts = { SERVICE_NAME: string; MAX_AGE_SEC: string }
    const h = createHarness({
      serviceName: (c) => (c.env as Texts).SERVICE_NAME,
      maxAgeSec: (c) => Number((c.env as Texts).MAX_AGE_SEC),
    })
    const act = await h.fake.startActivation({ customerWebId: '5003' })
    canary.add(act.apiKey, act.apiToken, act.apiClaim)
    const url = await h.signed('/onoffice/activate', {
      apiClaim: act.apiClaim,
      apiToken: act.apiToken,
      customerName: 'K',
      customerWebId: '5003',
      parameterCacheId: act.parameterCacheId,
      userId: '1',
    })
    h.advance(120)
    const open = (env: Texts) => h.app.request(url, { headers: documentHeaders }, env)
    const page = await open({ SERVICE_NAME: 'Exposé-Assistent', MAX_AGE_SEC: '600' })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Exposé-Assistent')
    // The same 120 s old link under a 60 s window is expired.
    const late = await h.app.request(
      url,
      { headers: fetchHeaders },
      {
        SERVICE_NAME: 'Exposé-Assistent',
        MAX_AGE_SEC: '60',
      },
    )
    expect(((await late.json()) as { error: string }).error).toBe('expired_link')
  })

  it('an invalid dynamic option → 500 misconfigured, logged by name without the value', async () => {
    const h = createHarness({ sessionSecret: () => 'too-short' })
    const act = await h.fake.startActivation({ customerWebId: '5002' })
    canary.add(act.apiKey, act.apiToken, act.apiClaim)
    const url = await h.signed('/onoffice/activate', {
      apiClaim: act.apiClaim,
      apiToken: act.apiToken,
      customerName: 'K',
      customerWebId: '5002',
      parameterCacheId: act.parameterCacheId,
      userId: '1',
    })
    const res = await h.request(url, { headers: fetchHeaders })
    expect(res.status).toBe(500)
    expect(((await res.json()) as { error: string }).error).toBe('misconfigured')
    const logged = canary.outputs.filter((o) => o.where.startsWith('console')).map((o) => o.text)
    expect(
      logged.some((l) => l.includes('`sessionSecret` is too short: it must be at least 32 bytes')),
    ).toBe(true)
    expect(logged.some((l) => l.includes('too-short'))).toBe(false)
  })
})

describe('failures', () => {
  it('are OnOfficeFailureExceptions (HTTPExceptions) carrying a ready Response and the failure; onError renders a custom page', async () => {
    const seen: string[] = []
    const oo = onOffice({
      ...base(),
      onError: (failure, c) => {
        seen.push(failure.reason)
        return failure.reason === 'session_missing'
          ? c.text(`custom ${failure.status}`, failure.status)
          : undefined
      },
    })
    const app = new Hono()
    let caught: unknown
    app.onError((err) => {
      caught = err
      return err instanceof HTTPException ? err.getResponse() : new Response('x', { status: 500 })
    })
    app.get('/api', oo.session(), (c) => c.text('ok'))
    app.get('/service', oo.launch(), (c) => c.text('ok'))
    const res = await app.request(`${PUBLIC_URL}/api`)
    expect(res.status).toBe(401)
    expect(await res.text()).toBe('custom 401')
    expect(caught).toBeInstanceOf(HTTPException)
    expect(caught).toBeInstanceOf(OnOfficeFailureException)
    expect(isOnOfficeFailureException(caught)).toBe(true)
    const ex = caught as OnOfficeFailureException
    expect(ex.status).toBe(401)
    expect(ex.code).toBe('ERR_ONOFFICE_FAILURE')
    expect(ex.name).toBe('OnOfficeFailureException')
    expect(ex.failure).toMatchObject({
      reason: 'session_missing',
      status: 401,
      relaunch: true,
      lang: 'de',
      document: false,
    })
    expect(isOnOfficeFailureException(new HTTPException(401))).toBe(false)
    const def = await app.request(`${PUBLIC_URL}/service?customerWebId=1`, {
      headers: fetchHeaders,
    })
    expect(def.status).toBe(403)
    expect(((await def.json()) as { error: string }).error).toBe('bad_link')
    expect(seen).toEqual(['session_missing', 'bad_link'])
  })

  it('JSON for fetch (Accept / Sec-Fetch-Dest), HTML for documents', async () => {
    const oo = onOffice(base())
    const app = new Hono()
    app.get('/api', oo.session(), (c) => c.text('ok'))
    const asJson = await app.request(`${PUBLIC_URL}/api`, {
      headers: { accept: 'application/json' },
    })
    expect(asJson.headers.get('content-type')).toMatch(/application\/json/)
    const asDest = await app.request(`${PUBLIC_URL}/api`, {
      headers: { 'sec-fetch-dest': 'empty', accept: '*/*' },
    })
    expect(asDest.headers.get('content-type')).toMatch(/application\/json/)
    const asDoc = await app.request(`${PUBLIC_URL}/api`, { headers: documentHeaders })
    expect(asDoc.headers.get('content-type')).toMatch(/text\/html/)
    const html = await asDoc.text()
    expect(html).toMatch(/^<!doctype html>/)
    expect(asDoc.headers.get('x-onoffice-relaunch')).toBe('1')
  })
})

describe('frameHeaders()', () => {
  it('sets CSP frame-ancestors for onOffice (default), never X-Frame-Options', async () => {
    const oo = onOffice(base())
    const app = new Hono()
    app.use(oo.frameHeaders())
    app.get('/', (c) => {
      c.header('X-Frame-Options', 'DENY')
      return c.text('x')
    })
    app.get('/csp', (c) => {
      c.header('Content-Security-Policy', "default-src 'self'")
      return c.text('x')
    })
    const res = await app.request('/')
    expect(res.headers.get('content-security-policy')).toBe(
      'frame-ancestors https://*.onoffice.de https://*.onoffice.com',
    )
    expect(res.headers.get('x-frame-options')).toBeNull()
    const merged = await app.request('/csp')
    expect(merged.headers.get('content-security-policy')).toBe(
      "default-src 'self'; frame-ancestors https://*.onoffice.de https://*.onoffice.com",
    )
  })

  it('is configurable', async () => {
    const oo = onOffice({
      ...base(),
      frameAncestors: ['https://smart.onoffice.de', 'http://localhost:3000'],
    })
    const app = new Hono()
    app.use(oo.frameHeaders())
    app.get('/', (c) => c.text('x'))
    expect((await app.request('/')).headers.get('content-security-policy')).toBe(
      'frame-ancestors https://smart.onoffice.de http://localhost:3000',
    )
  })
})
