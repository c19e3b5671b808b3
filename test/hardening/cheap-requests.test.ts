// Cheap requests stay cheap: an attacker's oversized query or body is refused before any real work. Each case
// asserts the outcome; the time is only a generous bound (before the limits a 100,000-parameter query took
// ~11 s in verifySignedUrl alone on Node).
import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import {
  ACTIVATE_MAX_BODY_BYTES,
  MAX_SESSION_PARAM_CHARS,
  MAX_SESSION_TOKEN_CHARS,
  onOffice,
} from '../../src/hono/index.ts'
import {
  MAX_SIGNED_QUERY_LENGTH,
  MAX_SIGNED_QUERY_PARAMS,
  signUrl,
  verifySignedUrl,
} from '../../src/index.ts'
import { memoryKv } from '../../src/store/index.ts'
import { createFakeOnOffice, signLaunchUrl } from '../../src/testing/index.ts'
import { ENCRYPTION_KEY, PROVIDER_SECRET, PUBLIC_URL, SESSION_SECRET, START } from './harness.ts'

const now = () => START
const SIG = 'a'.repeat(64)
const ts = Math.floor(START / 1000)
const GENEROUS_MS = 1000

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now()
  const value = await run()
  return { value, ms: performance.now() - t }
}

const oneMb = `${PUBLIC_URL}/service?timestamp=${ts}&x=${'y'.repeat(1024 * 1024)}&signature=${SIG}`
const manyParams = `${PUBLIC_URL}/service?${Array.from({ length: 100_000 }, (_, i) => `p${i}=1`).join('&')}&timestamp=${ts}&signature=${SIG}`
const manyArrayItems = `${PUBLIC_URL}/service?${'a[]=1&'.repeat(100_000)}timestamp=${ts}&signature=${SIG}`

function app() {
  const fake = createFakeOnOffice({ now })
  const oo = onOffice({
    publicUrl: PUBLIC_URL,
    providerSecret: PROVIDER_SECRET,
    sessionSecret: SESSION_SECRET,
    encryptionKey: ENCRYPTION_KEY,
    kv: memoryKv({ now }),
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    now,
  })
  const a = new Hono()
  a.route('/onoffice', oo.routes())
  a.get('/service', oo.launch(), (c) => c.json({ token: c.var.onoffice.sessionToken }))
  return { app: a, fake }
}

describe('signed URLs: a query over 16 KiB or 1,000 parameters is refused first', () => {
  it.each([
    ['a 1 MB query', oneMb],
    ['100,000 parameters', manyParams],
    ['100,000 a[]= items', manyArrayItems],
  ])('%s → too_large, well under a second', async (_name, url) => {
    const { value, ms } = await timed(() => verifySignedUrl(url, { secret: PROVIDER_SECRET, now }))
    expect(value).toEqual({ ok: false, reason: 'too_large' })
    expect(ms).toBeLessThan(GENEROUS_MS)
  })

  it('the limits are the documented ones, and a validly signed URL right at them verifies', async () => {
    expect([MAX_SIGNED_QUERY_LENGTH, MAX_SIGNED_QUERY_PARAMS]).toEqual([16 * 1024, 1000])
    // 998 own parameters + timestamp + signature = 1,000.
    const params = Array.from({ length: 998 }, (_, i) => `p${i}=1`).join('&')
    const signed = await signUrl(`${PUBLIC_URL}/service?${params}`, PROVIDER_SECRET, { now })
    expect((await verifySignedUrl(signed, { secret: PROVIDER_SECRET, now })).ok).toBe(true)
    expect(
      await verifySignedUrl(signed.replace('?', '?one=more&'), { secret: PROVIDER_SECRET, now }),
    ).toEqual({ ok: false, reason: 'too_large' })
    const long = await signUrl(
      `${PUBLIC_URL}/service?x=${'y'.repeat(MAX_SIGNED_QUERY_LENGTH - 100)}`,
      PROVIDER_SECRET,
      { now },
    )
    expect((await verifySignedUrl(long, { secret: PROVIDER_SECRET, now })).ok).toBe(true)
    expect(
      await verifySignedUrl(
        long.replace(
          'x=',
          'x=yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy',
        ),
        { secret: PROVIDER_SECRET, now },
      ),
    ).toEqual({ ok: false, reason: 'too_large' })
  })

  it.each([
    ['a 1 MB query', oneMb],
    ['100,000 parameters', manyParams],
  ])('launch route: %s → 403 bad_link page, well under a second', async (_name, url) => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const { app: a } = app()
      const { value: res, ms } = await timed(async () =>
        a.request(url, { headers: { accept: 'text/html', 'sec-fetch-dest': 'iframe' } }),
      )
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('data-reason="bad_link"')
      expect(ms).toBeLessThan(GENEROUS_MS)
    } finally {
      spy.mockRestore()
    }
  })
})

describe('POST /activate reads at most 16 KiB', () => {
  /** A body stream of `total` bytes that counts what was pulled from it. */
  function countingBody(total: number) {
    let pulled = 0
    const chunk = new Uint8Array(64 * 1024).fill(0x61)
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close()
        pulled += chunk.length
        controller.enqueue(chunk)
      },
    })
    return { body, pulled: () => pulled }
  }

  it('100 MB with Content-Length → 413 before a byte is read', async () => {
    const { app: a } = app()
    const { body, pulled } = countingBody(100 * 1024 * 1024)
    const res = await a.request(`${PUBLIC_URL}/onoffice/activate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(100 * 1024 * 1024),
        accept: 'application/json',
      },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: 'body_too_large' })
    expect(pulled()).toBeLessThanOrEqual(64 * 1024)
  })

  it('100 MB streamed without Content-Length → 413 after reading little more than the limit', async () => {
    const { app: a } = app()
    const { body, pulled } = countingBody(100 * 1024 * 1024)
    const res = await a.request(`${PUBLIC_URL}/onoffice/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(ACTIVATE_MAX_BODY_BYTES).toBe(16 * 1024)
    expect(pulled()).toBeLessThanOrEqual(ACTIVATE_MAX_BODY_BYTES + 3 * 64 * 1024)
  })
})

describe('session token size bound', () => {
  it('a launch whose parameters would not fit the session token → bad_link page and a log line naming the limit', async () => {
    const lines: string[] = []
    const spy = vi
      .spyOn(console, 'error')
      .mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')))
    const warn = vi
      .spyOn(console, 'warn')
      .mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')))
    try {
      const { app: a, fake } = app()
      const act = await fake.startActivation({ customerWebId: '1', customerName: 'K', userId: '1' })
      const launch = (params: Record<string, string>) =>
        signLaunchUrl({
          publicUrl: PUBLIC_URL,
          path: '/service',
          secret: PROVIDER_SECRET,
          now,
          params: {
            customerWebId: '1',
            userId: '1',
            customerName: 'K',
            apiClaim: act.apiClaim,
            ...params,
          },
        })
      const long = await a.request(
        await launch({ note: 'x'.repeat(MAX_SESSION_PARAM_CHARS + 1) }),
        { headers: { accept: 'text/html', 'sec-fetch-dest': 'iframe' } },
      )
      expect(long.status).toBe(403)
      expect(await long.text()).toContain('data-reason="bad_link"')
      expect(
        lines.some((l) => l.includes('MAX_SESSION_PARAM_CHARS (2048)') && l.includes('"note"')),
      ).toBe(true)
      // Many parameters, each under the per-parameter bound, together over the token bound.
      const many = Object.fromEntries(
        Array.from({ length: 10 }, (_, i) => [`p${i}`, 'y'.repeat(1000)]),
      )
      const res = await a.request(await launch(many), { headers: { accept: 'application/json' } })
      expect(res.status).toBe(403)
      expect(
        lines.some((l) => l.includes(`MAX_SESSION_TOKEN_CHARS (${MAX_SESSION_TOKEN_CHARS})`)),
      ).toBe(true)
      expect(lines.join('\n')).not.toContain('yyyyyyyyyy')
    } finally {
      spy.mockRestore()
      warn.mockRestore()
    }
  })
})
