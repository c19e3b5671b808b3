import { Hono, type Env } from 'hono'
import { afterAll, afterEach, beforeEach, expect, vi } from 'vitest'
import type { KeyValue, KvListOptions, KvPutOptions } from '../../src/store/index.ts'
import { createInstallationStore, memoryKv } from '../../src/store/index.ts'
import { createClient } from '../../src/api/index.ts'
import { onOffice, webhook } from '../../src/hono/index.ts'
import type { OnOffice, OnOfficeOptions } from '../../src/hono/index.ts'
import type { OnOfficeClient } from '../../src/api/index.ts'

/** The kit the harnesses build: `onOffice({ client: createClient, … })` (resources, `estate`, `images`). */
export type TestOnOffice = OnOffice<Env, OnOfficeClient>
import {
  activate,
  activationTokenOf,
  activationUrl,
  createFakeOnOffice,
  launchUrl,
  signLaunchUrl,
} from '../../src/testing/index.ts'
import type { FakeOnOffice, FetchApp } from '../../src/testing/index.ts'
import { canaryFetch } from '../shared/canary-fetch.ts'

export const PUBLIC_URL = 'https://provider.example'
export const PROVIDER_SECRET = 'prov-secret-Zk3q9w7Xb2LmN8pQ'
export const SESSION_SECRET = 'session-secret-0123456789abcdefghijklmnop'
export const ENCRYPTION_KEY = 'encryption-key-0123456789abcdefghijklmnop'
export const START = Date.UTC(2026, 0, 15, 10, 0, 0)

/**
 * Canary: every credential the tests create or that goes over the wire to onOffice is registered here; every
 * response body, header and console line is captured. `assertCanary()` (run after each test of every hono test
 * file) fails if any secret shows up in any of them.
 */
export const canary = {
  secrets: new Set<string>([PROVIDER_SECRET, SESSION_SECRET, ENCRYPTION_KEY]),
  outputs: [] as Array<{ where: string; text: string }>,
  add(...values: Array<string | undefined | null>) {
    for (const v of values) if (v && v.length >= 8) this.secrets.add(v)
  },
}

export function assertCanary(): void {
  for (const { where, text } of canary.outputs) {
    for (const secret of canary.secrets) {
      if (text.includes(secret))
        expect.fail(
          `canary: a secret (${secret.length} chars, starts ${JSON.stringify(secret.slice(0, 3))}) appeared in ${where}`,
        )
    }
  }
}

/** Installs the console capture and the canary check for the current test file. */
export function useCanary(): void {
  const spies: Array<{ mockRestore(): void }> = []
  beforeEach(() => {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
          const text = args
            .map((a) =>
              a instanceof Error
                ? `${a.name}: ${a.message} ${a.stack ?? ''} ${String((a as { cause?: unknown }).cause ?? '')}`
                : typeof a === 'string'
                  ? a
                  : safeJson(a),
            )
            .join(' ')
          canary.outputs.push({ where: `console.${level}`, text })
        }),
      )
    }
  })
  afterEach(() => {
    for (const s of spies.splice(0)) s.mockRestore()
    assertCanary()
  })
  afterAll(() => {
    // The canary must be able to fail: it saw output and knows secrets.
    expect(canary.secrets.size).toBeGreaterThan(3)
    expect(canary.outputs.length).toBeGreaterThan(0)
  })
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}

/** A KV wrapper that counts writes and can be switched to throw. */
export function recordingKv(
  inner: KeyValue = memoryKv(),
): KeyValue & { writes: string[]; failing: boolean } {
  const kv = {
    writes: [] as string[],
    failing: false,
    async get(key: string) {
      if (kv.failing) throw new Error('kv down')
      return inner.get(key)
    },
    async put(key: string, value: string, options?: KvPutOptions) {
      if (kv.failing) throw new Error('kv down')
      kv.writes.push(`put ${key}`)
      return inner.put(key, value, options)
    },
    async delete(key: string) {
      if (kv.failing) throw new Error('kv down')
      kv.writes.push(`delete ${key}`)
      return inner.delete(key)
    },
    async putIfAbsent(key: string, value: string, options: KvPutOptions) {
      if (kv.failing) throw new Error('kv down')
      kv.writes.push(`putIfAbsent ${key}`)
      return inner.putIfAbsent(key, value, options)
    },
    async list(prefix: string, options?: KvListOptions) {
      if (kv.failing) throw new Error('kv down')
      return inner.list(prefix, options)
    },
  }
  return kv
}

export interface Harness {
  fake: FakeOnOffice
  kv: ReturnType<typeof recordingKv>
  app: Hono
  clock: { now: number }
  advance(sec: number): void
  /** `app.request` that records body and headers for the canary. */
  request(url: string, init?: RequestInit): Promise<Response>
  signed(path: string, params: Record<string, string | number | undefined>): Promise<string>
  /** Runs the whole activation for a customer; returns what onOffice handed out. */
  activate(
    customerWebId: string,
    opts?: { customerName?: string; userId?: string },
  ): Promise<{ apiToken: string; apiKey: string; parameterCacheId: string; apiClaim: string }>
  /** GET of the activation page; returns the response and the activation token from the hidden input. */
  openActivation(
    customerWebId: string,
    opts?: { customerName?: string; userId?: string; headers?: Record<string, string> },
  ): Promise<{
    res: Response
    html: string
    token: string
    act: { apiToken: string; apiKey: string; parameterCacheId: string; apiClaim: string }
  }>
  postActivation(
    body: Record<string, string>,
    opts?: { form?: boolean; headers?: Record<string, string> },
  ): Promise<Response>
  /** Launches the service for a user; returns the response. */
  launch(
    customerWebId: string,
    params?: Record<string, string | number | undefined>,
    opts?: { claim?: string; path?: string; headers?: Record<string, string> },
  ): Promise<Response>
  store(): ReturnType<typeof createInstallationStore>
}

export const fetchHeaders = { accept: 'application/json', 'sec-fetch-dest': 'empty' }
export const documentHeaders = { accept: 'text/html', 'sec-fetch-dest': 'iframe' }

export function extractActivationToken(html: string): string {
  const token = activationTokenOf(html)
  if (token === null) throw new Error('no activation token in page')
  return token
}

export function createHarness(
  overrides: Partial<Omit<OnOfficeOptions, 'client'>> = {},
  setupApp?: (app: Hono, oo: TestOnOffice) => void,
): Harness {
  const clock = { now: START }
  const now = () => clock.now
  const fake = createFakeOnOffice({ now })
  const kv = recordingKv(memoryKv({ now }))
  const oo = onOffice({
    client: createClient,
    publicUrl: PUBLIC_URL,
    providerSecret: PROVIDER_SECRET,
    sessionSecret: SESSION_SECRET,
    encryptionKey: ENCRYPTION_KEY,
    kv,
    endpoint: fake.endpoint,
    fetch: canaryFetch(fake, canary),
    now,
    ...overrides,
  })
  const app = new Hono()
  app.route('/onoffice', oo.routes())
  if (setupApp) setupApp(app, oo)
  else defaultRoutes(app, oo)

  // Every answer of the app goes to the canary: body and headers.
  const recorded = async (res: Response, method: string, url: string): Promise<Response> => {
    const path = new URL(url, PUBLIC_URL).pathname
    canary.outputs.push({
      where: `response body of ${method} ${path}`,
      text: await res.clone().text(),
    })
    canary.outputs.push({
      where: `response headers of ${path}`,
      text: JSON.stringify([...res.headers]),
    })
    return res
  }
  const request = async (url: string, init?: RequestInit): Promise<Response> =>
    recorded(
      await app.request(url.startsWith('http') ? url : `${PUBLIC_URL}${url}`, init),
      init?.method ?? 'GET',
      url,
    )
  // The app as onoffice-kit/testing's activate() sees it, through the canary.
  const viaCanary: FetchApp = {
    fetch: async (req) => recorded(await app.fetch(req), req.method, req.url),
  }
  const signed = async (path: string, params: Record<string, string | number | undefined>) => {
    const url = await signLaunchUrl({
      publicUrl: PUBLIC_URL,
      path,
      secret: PROVIDER_SECRET,
      params,
      now,
    })
    canary.add(new URL(url).searchParams.get('signature'))
    return url
  }
  const h: Harness = {
    fake,
    kv,
    app,
    clock,
    advance(sec) {
      clock.now += sec * 1000
    },
    request,
    signed,
    store: () => createInstallationStore(kv, { encryptionKey: ENCRYPTION_KEY }, { now }),
    async openActivation(customerWebId, opts = {}) {
      const start = await activationUrl(fake, {
        publicUrl: PUBLIC_URL,
        secret: PROVIDER_SECRET,
        customerWebId,
        customerName: opts.customerName ?? `Kunde ${customerWebId}`,
        userId: opts.userId ?? '1',
        now,
      })
      const { url, apiToken, apiKey, parameterCacheId, apiClaim } = start
      canary.add(apiToken, apiKey, apiClaim, new URL(url).searchParams.get('signature'))
      const res = await request(url, { headers: opts.headers ?? documentHeaders })
      const html = await res.clone().text()
      const token = res.status === 200 ? extractActivationToken(html) : ''
      return { res, html, token, act: { apiToken, apiKey, parameterCacheId, apiClaim } }
    },
    postActivation(body, opts = {}) {
      const headers = opts.headers ?? fetchHeaders
      if (opts.form) {
        return request('/onoffice/activate', {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(body).toString(),
        })
      }
      return request('/onoffice/activate', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    },
    async activate(customerWebId, opts = {}) {
      const a = await activate(viaCanary, fake, {
        publicUrl: PUBLIC_URL,
        secret: PROVIDER_SECRET,
        customerWebId,
        customerName: opts.customerName ?? `Kunde ${customerWebId}`,
        userId: opts.userId ?? '1',
        now,
      })
      canary.add(a.apiToken, a.apiKey, a.apiClaim, new URL(a.url).searchParams.get('signature'))
      expect(a.answer).toEqual({ status: 200, text: 'active' })
      return {
        apiToken: a.apiToken,
        apiKey: a.apiKey,
        parameterCacheId: a.parameterCacheId,
        apiClaim: a.apiClaim,
      }
    },
    async launch(customerWebId, params = {}, opts = {}) {
      const userId = typeof params.userId === 'string' ? params.userId : '1'
      const claim = opts.claim ?? fake.issueClaim(customerWebId, userId)
      canary.add(claim)
      const url = await launchUrl(fake, {
        publicUrl: PUBLIC_URL,
        secret: PROVIDER_SECRET,
        path: opts.path ?? '/service',
        customerWebId,
        userId,
        customerName: `Kunde ${customerWebId}`,
        apiClaim: claim,
        // These launches carry no parameterCacheId unless a test gives one.
        params: { parameterCacheId: undefined, ...params },
        now,
      })
      canary.add(new URL(url).searchParams.get('signature'))
      return request(url, { headers: opts.headers ?? fetchHeaders })
    },
  }
  return h
}

/** The routes the tests use: a launch page, session API calls and a webhook. */
function defaultRoutes(app: Hono, oo: TestOnOffice): void {
  app.get('/service', oo.launch(), async (c) => {
    const o = c.var.onoffice
    const estate = o.estate ? await o.estate.get({ data: ['objekttitel'] }) : null
    return c.json({
      customerWebId: o.customerWebId,
      userId: o.userId,
      customerName: o.customerName,
      groupId: o.groupId,
      language: o.language,
      userLanguage: o.userLanguage,
      params: o.params,
      installation: o.installation,
      title: estate?.elements.objekttitel ?? null,
      sessionToken: o.sessionToken,
      sessionExpiresAt: o.sessionExpiresAt,
    })
  })
  app.get('/api/whoami', oo.session(), (c) =>
    c.json({
      customerWebId: c.var.onoffice.customerWebId,
      userId: c.var.onoffice.userId,
      installation: c.var.onoffice.installation,
    }),
  )
  app.get('/api/estate', oo.session(), async (c) => {
    const record = await c.var.onoffice.estate?.get({ data: ['objekttitel'] })
    return c.json({
      title: record?.elements.objekttitel ?? null,
      language: c.var.onoffice.language,
    })
  })
  app.post('/api/estate', oo.session(), async (c) => {
    const body = await c.req.json<{ objekttitel: string }>()
    await c.var.onoffice.estate?.modify({ objekttitel: body.objekttitel })
    return c.json({ ok: true })
  })
  app.get('/api/addresses', oo.session(), async (c) => {
    const r = await c.var.onoffice.client.read('address', { data: ['Name'], listlimit: 1 })
    return c.json({ count: r.records.length })
  })
  app.get('/hook', webhook(oo), (c) =>
    c.json({
      customerWebId: c.var.onoffice.customerWebId,
      hasSession: 'sessionToken' in c.var.onoffice,
    }),
  )
}

export function bearer(
  token: string,
  extra: Record<string, string> = fetchHeaders,
): Record<string, string> {
  return { ...extra, authorization: `Bearer ${token}` }
}
