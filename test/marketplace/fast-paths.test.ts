import { compactDecrypt } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { hmacSha256, hmacSha256Sync, toHex } from '../../src/api/hmac.ts'
import { mintToken, verifySignedUrl, verifyToken } from '../../src/marketplace/index.ts'

// Golden vectors of reference §8 (fixed strings computed by onOffice's PHP code, never by ours).
const PSEC = 'provider-secret-0123456789'
const T6_TO_SIGN =
  'https://provider.example/onoffice/activate?apiClaim=abc-DEF_123.xyz&apiToken=0123456789abcdef0123456789abcdef&customerName=Muster+Immobilien+GmbH+%26+Co.+KG&customerWebId=12345&parameterCacheId=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&timestamp=1700000000&userId=17'
const T6_SIG = '8fc725c61f64983f958f95555a18e55ba2ff3fb1725af035b3bfa8516dccdb67'
const T7_TO_SIGN =
  'https://provider.example/onoffice/service?UserLanguage=ENG&apiClaim=a%2Bb%2Fc%3Dd%7Ee%2Af&customerName=M%C3%BCller+H%C3%A4user&customerWebId=12345&estateId=4711&groupId=3&imageIds=1%2C2%2C3&language=DEU&myParam=x&parameterCacheId=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&timestamp=1700000000&userId=17'
const T7_SIG = 'b25b3d2deeb51864e55d9778ca9fad0a5893f6fbe842fb0e1d1c0adf74e5265d'
const at = (sec: number) => () => sec * 1000

afterEach(() => vi.restoreAllMocks())

type SignedUrlModule = typeof import('../../src/marketplace/signed-url.ts')

/** signed-url.ts (and hmac.ts) evaluated as in a runtime without `process.getBuiltinModule` (workerd without nodejs_compat, browsers). */
async function withoutBuiltinModule(): Promise<SignedUrlModule> {
  const proc = process as { getBuiltinModule?: unknown }
  const original = proc.getBuiltinModule
  proc.getBuiltinModule = undefined
  vi.resetModules()
  try {
    const hmac = await import('../../src/api/hmac.ts')
    expect(hmac.hmacSha256Sync).toBeUndefined()
    return await import('../../src/marketplace/signed-url.ts')
  } finally {
    proc.getBuiltinModule = original
    vi.resetModules()
  }
}

const cases: Array<[string, string, { secret: string | string[]; now: () => number; publicUrl?: string }]> = [
  ['T6 valid', `${T6_TO_SIGN}&signature=${T6_SIG}`, { secret: PSEC, now: at(1700000000) }],
  ['T7 valid, upper-case hex', `${T7_TO_SIGN}&signature=${T7_SIG.toUpperCase()}`, { secret: PSEC, now: at(1700000000) }],
  ['rotation: second secret matches', `${T6_TO_SIGN}&signature=${T6_SIG}`, { secret: ['another-secret-abcdefgh', PSEC], now: at(1700000000) }],
  ['wrong secret', `${T6_TO_SIGN}&signature=${T6_SIG}`, { secret: 'another-secret-abcdefgh', now: at(1700000000) }],
  ['one hex digit flipped', `${T6_TO_SIGN}&signature=${T6_SIG.slice(0, -1)}8`, { secret: PSEC, now: at(1700000000) }],
  ['parameter changed', `${T6_TO_SIGN.replace('userId=17', 'userId=18')}&signature=${T6_SIG}`, { secret: PSEC, now: at(1700000000) }],
  ['stale', `${T6_TO_SIGN}&signature=${T6_SIG}`, { secret: PSEC, now: at(1700000000 + 301) }],
  ['publicUrl base', `http://10.0.0.1:3000/onoffice/activate?${T6_TO_SIGN.split('?')[1]}&signature=${T6_SIG}`, { secret: PSEC, now: at(1700000000), publicUrl: 'https://provider.example/onoffice' }],
]

describe('verifySignedUrl: synchronous HMAC (node:crypto via process.getBuiltinModule) and WebCrypto give the same answers', () => {
  it('Node offers the synchronous path; it is byte-identical to the WebCrypto HMAC', async () => {
    expect(hmacSha256Sync).toBeTypeOf('function')
    for (const [secret, msg] of [
      [PSEC, T6_TO_SIGN],
      ['ünïcödé-secret-€', 'mäßage ✓'],
      ['k', ''],
    ] as const) {
      expect(toHex(hmacSha256Sync!(secret, msg))).toBe(toHex(await hmacSha256(secret, msg)))
    }
    expect(toHex(hmacSha256Sync!(PSEC, T6_TO_SIGN))).toBe(T6_SIG)
  })

  it.each(cases)('%s', async (_name, url, opts) => {
    const subtleVerify = vi.spyOn(crypto.subtle, 'verify')
    const fast = await verifySignedUrl(url, opts)
    expect(subtleVerify).not.toHaveBeenCalled()
    const webcrypto = await withoutBuiltinModule()
    const slow = await webcrypto.verifySignedUrl(url, opts)
    expect(subtleVerify).toHaveBeenCalledTimes(Array.isArray(opts.secret) ? opts.secret.length : 1)
    expect(fast).toEqual(slow)
  })

  it('the expected outcomes (so equal answers are also right answers)', async () => {
    const outcomes = await Promise.all(cases.map(async ([, url, opts]) => {
      const r = await verifySignedUrl(url, opts)
      return r.ok ? 'ok' : r.reason
    }))
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'bad_signature', 'bad_signature', 'bad_signature', 'stale', 'ok'])
  })
})

describe('mintToken: claims serialised once, IVs from a CSPRNG pool', () => {
  const SECRET = 'mint-fast-path-secret-0123456789abcdef'
  const AUD = 'https://provider.example'
  const T = 1_800_000_000_000
  const b64uJson = (s: string): unknown => JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))))

  it('the token is the same JWE as before: header {alg: dir, enc: A256GCM}, claims payload + typ, iss, aud, iat, exp', async () => {
    const token = await mintToken('session', { customerWebId: '1', params: { a: 'b' } }, { secret: SECRET, audience: AUD, ttlSec: 900, now: () => T })
    const [header, key, iv] = token.split('.')
    expect(b64uJson(header!)).toEqual({ alg: 'dir', enc: 'A256GCM' })
    expect(key).toBe('')
    expect(iv).toMatch(/^[A-Za-z0-9_-]{16}$/) // 12 bytes
    // Decrypt with a key derived here, independently of tokens.ts (HKDF-SHA-256, label 'onoffice-kit token v1').
    const ikm = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), 'HKDF', false, ['deriveKey'])
    const aes = await crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode('onoffice-kit token v1') }, ikm, { name: 'AES-GCM', length: 256 }, false, ['decrypt'])
    const { plaintext } = await compactDecrypt(token, aes)
    const claims = JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, unknown>
    expect(claims).toEqual({ customerWebId: '1', params: { a: 'b' }, typ: 'session', iss: 'onoffice-kit', aud: AUD, iat: T / 1000, exp: T / 1000 + 900 })
    expect(Object.keys(claims)).toEqual(['customerWebId', 'params', 'typ', 'iss', 'aud', 'iat', 'exp'])
  })

  it('never reuses an IV — sequentially and concurrently, across pool refills — and every token verifies', async () => {
    const opts = { secret: SECRET, audience: AUD, ttlSec: 900, now: () => T }
    const seq: string[] = []
    for (let i = 0; i < 300; i++) seq.push(await mintToken('session', { i }, opts))
    const par = await Promise.all(Array.from({ length: 600 }, (_, i) => mintToken('session', { i }, opts)))
    const all = [...seq, ...par]
    expect(new Set(all.map((t) => t.split('.')[2])).size).toBe(all.length)
    const results = await Promise.all(par.map((t) => verifyToken<{ i: number }>('session', t, opts)))
    expect(results.map((r) => (r.ok ? r.payload.i : -1))).toEqual(par.map((_, i) => i))
  })

  it('draws IVs from crypto.getRandomValues (one call per 256 tokens)', async () => {
    const spy = vi.spyOn(crypto, 'getRandomValues')
    const opts = { secret: SECRET, audience: AUD, ttlSec: 900, now: () => T }
    for (let i = 0; i < 512; i++) await mintToken('session', { i }, opts)
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(2)
    expect(spy.mock.calls.length).toBeLessThanOrEqual(3)
  })
})
