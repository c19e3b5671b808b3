import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { signUrl, verifySignedUrl, type SignedUrlFailureReason } from '../../src/index.ts'

const SECRET = 'provider-secret-0123456789'
const T = 1700000000
const now = () => T * 1000
const BASE = 'https://provider.example/onoffice/service'

async function signed(query: string, secret = SECRET): Promise<string> {
  return signUrl(`${BASE}?${query}`, secret, { now })
}
const sigOf = (url: string) => new URL(url).searchParams.get('signature')!

describe('verifySignedUrl — every reason', () => {
  const cases: Array<[SignedUrlFailureReason, () => Promise<string>, { now?: () => number }?]> = [
    ['missing_signature', async () => `${BASE}?userId=1&timestamp=${T}`],
    ['malformed_signature', async () => `${BASE}?userId=1&timestamp=${T}&signature=abc`],
    [
      'malformed_signature',
      async () => `${BASE}?userId=1&timestamp=${T}&signature=${'g'.repeat(64)}`,
    ],
    [
      'malformed_signature',
      async () => `${BASE}?userId=1&timestamp=${T}&signature[]=${'a'.repeat(64)}`,
    ],
    ['bad_signature', async () => `${BASE}?userId=1&timestamp=${T}&signature=${'a'.repeat(64)}`],
    ['missing_timestamp', async () => `${BASE}?userId=1&signature=${'a'.repeat(64)}`],
    ['bad_timestamp', async () => `${BASE}?userId=1&timestamp=-5&signature=${'a'.repeat(64)}`],
    ['bad_timestamp', async () => `${BASE}?userId=1&timestamp=1.5&signature=${'a'.repeat(64)}`],
    ['bad_timestamp', async () => `${BASE}?userId=1&timestamp=&signature=${'a'.repeat(64)}`],
    ['bad_timestamp', async () => `${BASE}?userId=1&timestamp[]=1&signature=${'a'.repeat(64)}`],
    ['stale', async () => signUrl(`${BASE}?userId=1`, SECRET, { now: () => (T - 301) * 1000 })],
    ['future', async () => signUrl(`${BASE}?userId=1`, SECRET, { now: () => (T + 61) * 1000 })],
    ['duplicate_param', async () => `${await signed('userId=1')}&userId=2`],
    [
      'duplicate_param',
      async () => `${await signed('userId=1')}&user.Id=2`.replace('user.Id', 'userId'),
    ],
    ['duplicate_param', async () => `${await signed('customerWebId=1')}&customer%57ebId=2`],
    ['duplicate_param', async () => `${await signed('apiClaim=1')}&apiClaim[x]=2`],
    ['duplicate_param', async () => `${await signed('a=1')}&timestamp=${T}`],
    [
      'duplicate_param',
      async () => {
        const u = await signed('a=1')
        return `${u}&signature=${sigOf(u)}`
      },
    ],
  ]
  it.each(cases)('%s', async (reason, make) => {
    expect(await verifySignedUrl(await make(), { secret: SECRET, now })).toEqual({
      ok: false,
      reason,
    })
  })
  it('boundaries of the window are inclusive', async () => {
    expect(
      (
        await verifySignedUrl(
          await signUrl(`${BASE}?a=1`, SECRET, { now: () => (T - 300) * 1000 }),
          { secret: SECRET, now },
        )
      ).ok,
    ).toBe(true)
    expect(
      (
        await verifySignedUrl(
          await signUrl(`${BASE}?a=1`, SECRET, { now: () => (T + 60) * 1000 }),
          { secret: SECRET, now },
        )
      ).ok,
    ).toBe(true)
    expect(
      (
        await verifySignedUrl(
          await signUrl(`${BASE}?a=1`, SECRET, { now: () => (T - 1000) * 1000 }),
          { secret: SECRET, now, maxAgeSec: 1000 },
        )
      ).ok,
    ).toBe(true)
  })
  it('non-security duplicates are fine (later wins, like PHP)', async () => {
    const url = await signed('ref=1&ref=2')
    const r = await verifySignedUrl(url, { secret: SECRET, now })
    expect(r.ok && r.params.ref).toBe('2')
  })
  it('accepts a Request and a URL', async () => {
    const url = await signed('userId=1')
    expect((await verifySignedUrl(new Request(url), { secret: SECRET, now })).ok).toBe(true)
    expect((await verifySignedUrl(new URL(url), { secret: SECRET, now })).ok).toBe(true)
  })
  it('nested params are returned under their bracket names', async () => {
    const r = await verifySignedUrl(await signed('a[b]=1&a[c][]=2&x=y'), { secret: SECRET, now })
    expect(r.ok && r.params).toEqual({ 'a[b]': '1', 'a[c][0]': '2', x: 'y', timestamp: String(T) })
  })
})

describe('options are checked at call time', () => {
  const url = `${BASE}?a=1`
  it.each([
    [{ secret: SECRET, maxAgeSec: 0 }, /maxAgeSec/],
    [{ secret: SECRET, maxAgeSec: -1 }, /maxAgeSec/],
    [{ secret: SECRET, maxAgeSec: Number.POSITIVE_INFINITY }, /maxAgeSec/],
    [{ secret: SECRET, maxAgeSec: Number.NaN }, /maxAgeSec/],
    [{ secret: SECRET, maxFutureSec: 0 }, /maxFutureSec/],
    [{ secret: '' }, /secret/],
    [{ secret: [] as string[] }, /secret/],
    [{ secret: SECRET, publicUrl: 'not a url' }, /publicUrl/],
    [{ secret: SECRET, publicUrl: 'ftp://x/' }, /publicUrl/],
  ])('%o', async (opts, message) => {
    await expect(verifySignedUrl(url, opts)).rejects.toThrow(TypeError)
    await expect(verifySignedUrl(url, opts)).rejects.toThrow(message)
  })
})

describe('rotation', () => {
  it('any configured secret verifies; others do not', async () => {
    const url = await signed('userId=1', 'old-secret')
    expect((await verifySignedUrl(url, { secret: ['new-secret', 'old-secret'], now })).ok).toBe(
      true,
    )
    expect((await verifySignedUrl(url, { secret: ['old-secret', 'new-secret'], now })).ok).toBe(
      true,
    )
    expect(await verifySignedUrl(url, { secret: ['new-secret', 'other'], now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    })
  })
})

describe('publicUrl and the request path', () => {
  const pub = 'https://provider.example/onoffice'
  it('request below the mount, different host/port/scheme (proxy): path used as is', async () => {
    const url = await signUrl('https://provider.example/onoffice/activate?userId=1', SECRET, {
      now,
    })
    const internal = url.replace('https://provider.example', 'http://127.0.0.1:8787')
    expect(await verifySignedUrl(internal, { secret: SECRET, now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    })
    expect((await verifySignedUrl(internal, { secret: SECRET, now, publicUrl: pub })).ok).toBe(true)
    expect(
      (await verifySignedUrl(internal, { secret: SECRET, now, publicUrl: pub + '/' })).ok,
    ).toBe(true)
  })
  it('proxy stripped the mount: publicUrl path is prefixed', async () => {
    const url = await signUrl('https://provider.example/onoffice/activate?userId=1', SECRET, {
      now,
    })
    const stripped = url.replace('https://provider.example/onoffice', 'http://10.0.0.5:3000')
    expect((await verifySignedUrl(stripped, { secret: SECRET, now, publicUrl: pub })).ok).toBe(true)
  })
  it('publicUrl with a port, and a root publicUrl', async () => {
    const url = await signUrl('https://provider.example:8443/onoffice/activate?userId=1', SECRET, {
      now,
    })
    const internal = url.replace('https://provider.example:8443', 'http://localhost')
    expect(
      (
        await verifySignedUrl(internal, {
          secret: SECRET,
          now,
          publicUrl: 'https://provider.example:8443/onoffice',
        })
      ).ok,
    ).toBe(true)
    expect(
      (
        await verifySignedUrl(internal, {
          secret: SECRET,
          now,
          publicUrl: 'https://provider.example:8443',
        })
      ).ok,
    ).toBe(true)
    expect(
      (
        await verifySignedUrl(internal, {
          secret: SECRET,
          now,
          publicUrl: 'https://provider.example',
        })
      ).ok,
    ).toBe(false)
  })
  it('host from the request is never trusted when publicUrl is set', async () => {
    const url = await signUrl('https://evil.example/onoffice/activate?userId=1', SECRET, { now })
    expect((await verifySignedUrl(url, { secret: SECRET, now, publicUrl: pub })).ok).toBe(false)
  })
})

// Property tests. Keys: arbitrary Unicode incl. reserved characters, but not starting with the names
// PHP treats specially (brackets, leading spaces, '.'/' ' mangling) — those are covered by php.test.ts.
const keyArb = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom(...Array.from("&=+%#?/~*!'()ü€😀;:,@$ ")),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
    minLength: 1,
    maxLength: 8,
  })
  .map((k) => 'k' + k.replace(/[[\] .\0]/g, 'x'))
  .filter((k) => !['signature', 'timestamp'].includes(k))
const valueArb = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...Array.from("&=+%#?/~*!'()[] ü€😀\t\n;:,@$")),
    fc.string({ unit: 'binary', maxLength: 1 }),
  ),
  maxLength: 12,
})
const paramsArb = fc.dictionary(keyArb, valueArb, { minKeys: 1, maxKeys: 6 })

function query(
  params: Record<string, string>,
  enc: (s: string) => string = encodeURIComponent,
): string {
  return Object.entries(params)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&')
}

describe('properties (1,000 runs each)', () => {
  it('sign → verify round trip returns the same params', async () => {
    await fc.assert(
      fc.asyncProperty(paramsArb, async (params) => {
        const url = await signUrl(`${BASE}?${query(params)}`, SECRET, { now })
        const r = await verifySignedUrl(url, { secret: SECRET, now })
        expect(r.ok).toBe(true)
        if (r.ok) expect(r.params).toEqual({ ...params, timestamp: String(T) })
      }),
      { numRuns: 1000 },
    )
  })

  it('re-encodings of the same values verify (%20 vs +, lower-case hex, order)', async () => {
    const lowerHex = (s: string) =>
      encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())
    const plus = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')
    const all = (s: string) =>
      Array.from(new TextEncoder().encode(s), (b) => '%' + b.toString(16).padStart(2, '0')).join('')
    await fc.assert(
      fc.asyncProperty(
        paramsArb,
        fc.constantFrom(lowerHex, plus, all, encodeURIComponent),
        fc.boolean(),
        async (params, enc, reverse) => {
          const url = await signUrl(`${BASE}?${query(params)}`, SECRET, { now })
          const sig = new URL(url).searchParams.get('signature')!
          const entries = Object.entries({ ...params, timestamp: String(T) })
          if (reverse) entries.reverse()
          const re = `${BASE}?${entries.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}&signature=${sig}`
          expect((await verifySignedUrl(re, { secret: SECRET, now })).ok).toBe(true)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('any single-character change of base URL, key, value or signature is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        paramsArb,
        fc.nat(),
        fc.nat(),
        fc.constantFrom('base', 'key', 'value', 'signature'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        async (params, i, j, part, ch) => {
          const url = await signUrl(`${BASE}?${query(params)}`, SECRET, { now })
          const sig = new URL(url).searchParams.get('signature')!
          const entries = Object.entries({ ...params, timestamp: String(T) })
          let base = BASE
          let finalSig = sig
          const replaceAt = (s: string, at: number, c: string) => {
            const chars = Array.from(s)
            const k = at % Math.max(chars.length, 1)
            const next = chars.length
              ? chars.with(k, chars[k] === c ? (c === 'a' ? 'b' : 'a') : c)
              : [c]
            return next.join('')
          }
          if (part === 'base') {
            // change one character of the path (host changes are covered in T15 tests)
            const path = new URL(BASE).pathname
            const k = 1 + (i % (path.length - 1))
            const c = /[a-z]/.test(ch) && ch !== path[k] ? ch : path[k] === 'q' ? 'r' : 'q'
            base = BASE.replace(path, path.slice(0, k) + c + path.slice(k + 1))
          } else if (part === 'signature') {
            const k = i % 64
            finalSig = sig.slice(0, k) + (sig[k] === '0' ? '1' : '0') + sig.slice(k + 1)
          } else {
            const idx = j % entries.length
            const [k, v] = entries[idx]!
            if (part === 'key') {
              let nk = replaceAt(k, i, ch)
              if (/^[[\] .]/.test(nk) || /[[.\0 ]/.test(nk) || nk === 'signature') nk = k + 'z'
              if (k === 'timestamp' || Object.hasOwn(params, nk)) return
              entries[idx] = [nk, v]
            } else {
              const nv = v.length === 0 ? ch : replaceAt(v, i, ch)
              if (nv === v) return
              if (k === 'timestamp') return
              entries[idx] = [k, nv]
            }
          }
          const tampered = `${base}?${query(Object.fromEntries(entries))}&signature=${finalSig}`
          expect(await verifySignedUrl(tampered, { secret: SECRET, now })).toEqual({
            ok: false,
            reason: 'bad_signature',
          })
        },
      ),
      { numRuns: 1000 },
    )
  })
})
