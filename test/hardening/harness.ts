/**
 * Shared pieces of the hardening suite: a reproducible PRNG, a streaming canary (every response body, header
 * and console line is checked against every registered secret as it appears — nothing is kept, so the load
 * tests can push 100,000 requests through it) and a kit app wired to the fake onOffice.
 */
import { Hono } from 'hono'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import { onOffice } from '../../src/hono/index.ts'
import type { OnOfficeOptions } from '../../src/hono/index.ts'
import type { KeyValue } from '../../src/store/index.ts'
import { memoryKv } from '../../src/store/index.ts'
import { createClient } from '../../src/api/index.ts'
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
export const PROVIDER_SECRET = 'hardening-provider-secret-7Qx2Lm9Zp4'
export const SESSION_SECRET = 'hardening-session-secret-0123456789abcdefgh'
export const ENCRYPTION_KEY = 'hardening-encryption-key-0123456789abcdefgh'
export const START = Date.UTC(2026, 0, 15, 10, 0, 0)

/** The seed of this run: `HARDENING_SEED=<n>` reproduces a run; printed by every file that uses it. */
export const SEED = Number(process.env.HARDENING_SEED ?? 0x5eed2026)

/** mulberry32: small, fast, reproducible. */
export function prng(seed: number): {
  next(): number
  int(n: number): number
  pick<T>(xs: readonly T[]): T
} {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  }
}

/** Streaming canary: secrets registered so far vs every output seen so far (checked on arrival and at the end). */
export const canary = {
  secrets: new Set<string>([PROVIDER_SECRET, SESSION_SECRET, ENCRYPTION_KEY]),
  scanned: 0,
  leaks: [] as string[],
  /** Outputs kept only until the end of the file for re-checking against secrets registered later (bounded). */
  recent: [] as string[],
  add(...values: Array<string | null | undefined>) {
    for (const v of values) if (v && v.length >= 8) this.secrets.add(v)
  },
  scan(where: string, text: string) {
    this.scanned++
    for (const s of this.secrets)
      if (text.includes(s))
        this.leaks.push(
          `${where}: a secret of ${s.length} chars starting ${JSON.stringify(s.slice(0, 3))}`,
        )
    if (this.recent.length < 5000) this.recent.push(text)
  },
}

/** Captures console.* for the whole file and fails the file if any output carried a registered secret. */
export function useCanary(): void {
  beforeAll(() => {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        canary.scan(
          `console.${level}`,
          args
            .map((a) =>
              a instanceof Error
                ? `${a.name}: ${a.message} ${a.stack ?? ''}`
                : typeof a === 'string'
                  ? a
                  : safeJson(a),
            )
            .join(' '),
        )
      })
    }
  })
  afterAll(() => {
    vi.restoreAllMocks()
    // Late-registered secrets (claims issued later) against the kept outputs too.
    for (const text of canary.recent)
      for (const s of canary.secrets)
        if (text.includes(s)) canary.leaks.push(`late check: a secret of ${s.length} chars`)
    expect(canary.leaks).toEqual([])
    expect(canary.scanned).toBeGreaterThan(0)
  })
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}

/** Scans a response's status line, headers and body; returns the body text. */
export async function scanResponse(where: string, res: Response): Promise<string> {
  const text = await res.text()
  canary.scan(`${where} body`, text)
  canary.scan(`${where} headers`, JSON.stringify([...res.headers]))
  return text
}

export interface Kit {
  fake: FakeOnOffice
  app: Hono
  kv: KeyValue
  clock: { now: number }
  request(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; text: string; headers: Headers }>
  signed(path: string, params: Record<string, string | number | undefined>): Promise<string>
  /** Opens the activation page; returns the activation token and what onOffice handed out. */
  openActivation(
    customerWebId: string,
    userId?: string,
  ): Promise<{
    token: string
    act: { apiToken: string; apiKey: string; parameterCacheId: string; apiClaim: string }
  }>
  postActivation(token: string, apiKey: string): Promise<{ status: number; text: string }>
  activate(customerWebId: string): Promise<{ apiToken: string; apiKey: string }>
  launchUrl(
    customerWebId: string,
    userId?: string,
    extra?: Record<string, string>,
    path?: string,
  ): Promise<string>
}

/** The kit mounted on a Hono app against the fake onOffice (fixed clock, in-process `app.request`). */
export function createKit(
  overrides: Partial<Omit<OnOfficeOptions, 'client'>> & { kv?: KeyValue } = {},
): Kit {
  const clock = { now: START }
  const now = () => clock.now
  const fake = createFakeOnOffice({ now })
  const kv = overrides.kv ?? memoryKv({ now })
  const oo = onOffice({
    client: createClient,
    publicUrl: PUBLIC_URL,
    providerSecret: PROVIDER_SECRET,
    sessionSecret: SESSION_SECRET,
    encryptionKey: ENCRYPTION_KEY,
    endpoint: fake.endpoint,
    fetch: canaryFetch(fake, canary),
    now,
    ...overrides,
    kv,
  })
  const app = new Hono()
  app.route('/onoffice', oo.routes())
  app.get('/service', oo.launch(), (c) =>
    c.json({
      customerWebId: c.var.onoffice.customerWebId,
      installation: c.var.onoffice.installation.status,
    }),
  )
  app.get('/service/token', oo.launch(), (c) =>
    c.json({ sessionToken: c.var.onoffice.sessionToken }),
  )
  app.get('/api/whoami', oo.session(), (c) =>
    c.json({ customerWebId: c.var.onoffice.customerWebId, userId: c.var.onoffice.userId }),
  )
  app.get('/api/estate', oo.session(), async (c) => {
    const r = await c.var.onoffice.estate?.get({ data: ['objekttitel'] })
    return c.json({ title: r?.elements.objekttitel ?? null })
  })

  const request: Kit['request'] = async (path, init) => {
    const res = await app.request(path.startsWith('http') ? path : `${PUBLIC_URL}${path}`, init)
    const text = await scanResponse(
      `${init?.method ?? 'GET'} ${new URL(path, PUBLIC_URL).pathname}`,
      res,
    )
    return { status: res.status, text, headers: res.headers }
  }
  // The app as onoffice-kit/testing's activate() sees it: the credentials a request carries are registered before
  // its answer is scanned (the canary streams), every answer is scanned.
  const viaCanary: FetchApp = {
    async fetch(req) {
      const q = new URL(req.url).searchParams
      canary.add(q.get('apiToken'), q.get('apiClaim'), q.get('signature'))
      if (req.method === 'POST') {
        const body = (await req.clone().json()) as { apiKey?: string }
        canary.add(body.apiKey)
      }
      const res = await app.fetch(req)
      const text = await scanResponse(`${req.method} ${new URL(req.url).pathname}`, res)
      return new Response(text, { status: res.status, headers: res.headers })
    },
  }
  const signed: Kit['signed'] = async (path, params) => {
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
  const kit: Kit = {
    fake,
    app,
    kv,
    clock,
    request,
    signed,
    async openActivation(customerWebId, userId = '1') {
      const { url, apiToken, apiKey, parameterCacheId, apiClaim } = await activationUrl(fake, {
        publicUrl: PUBLIC_URL,
        secret: PROVIDER_SECRET,
        customerWebId,
        customerName: `Kunde ${customerWebId}`,
        userId,
        now,
      })
      canary.add(apiToken, apiKey, apiClaim, new URL(url).searchParams.get('signature'))
      const res = await request(url, {
        headers: { accept: 'text/html', 'sec-fetch-dest': 'iframe' },
      })
      const token = res.status === 200 ? activationTokenOf(res.text) : null
      if (token === null) throw new Error(`activation page: ${res.status}`)
      return { token, act: { apiToken, apiKey, parameterCacheId, apiClaim } }
    },
    postActivation(token, apiKey) {
      return request('/onoffice/activate', {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ activation: token, apiKey }),
      })
    },
    async activate(customerWebId) {
      // Throws OnOfficeActivationTestError (with the step and the app's answer) unless it ends `active`.
      const a = await activate(viaCanary, fake, {
        publicUrl: PUBLIC_URL,
        secret: PROVIDER_SECRET,
        customerWebId,
        customerName: `Kunde ${customerWebId}`,
        userId: '1',
        now,
      })
      canary.add(a.apiToken, a.apiKey, a.apiClaim, new URL(a.url).searchParams.get('signature'))
      return { apiToken: a.apiToken, apiKey: a.apiKey }
    },
    async launchUrl(customerWebId, userId = '1', extra = {}, path = '/service') {
      const url = await launchUrl(fake, {
        publicUrl: PUBLIC_URL,
        secret: PROVIDER_SECRET,
        path,
        customerWebId,
        userId,
        customerName: `Kunde ${customerWebId}`,
        now,
        params: { parameterCacheId: undefined, estateId: 1, language: 'ENG', ...extra },
      })
      const params = new URL(url).searchParams
      canary.add(params.get('apiClaim'), params.get('signature'))
      return url
    },
  }
  return kit
}

/** Prints a figure of the run (seed, counts) past the console capture; scanned by the canary like any output. */
export function report(line: string): void {
  canary.scan('report', line)
  process.stderr.write(`[hardening] ${line}\n`)
}
