import fc from 'fast-check'
import { errors, jwtDecrypt, type JWTPayload } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  mintToken,
  verifyToken,
  type TokenType,
  type VerifyTokenResult,
} from '../../src/marketplace/index.ts'

// verifyToken remembers tokens it decrypted. The oracle: a verifier written here from the documented rules with
// jose and an independently derived key, which never caches. Whatever the kit answers on a first sight (miss) or
// on a repeat (hit), it must be what the oracle answers for the same token, options and clock.
const SECRET = 'verified-cache-secret-0123456789abcdef'
const OTHER = 'verified-cache-other-0123456789abcdefgh'
const AUD = 'https://provider.example'
const T = 1_800_000_000_000

async function independentKey(secret: string): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    'HKDF',
    false,
    ['deriveKey'],
  )
  const info = new TextEncoder().encode('onoffice-kit token v1')
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt'],
  )
}

const REGISTERED = ['typ', 'iat', 'exp', 'nbf', 'iss', 'aud', 'jti']

async function oracle(
  typ: TokenType,
  token: string,
  secret: string,
  audience: string,
  nowMs: number,
): Promise<VerifyTokenResult<unknown>> {
  let claims: JWTPayload
  try {
    ;({ payload: claims } = await jwtDecrypt(token, await independentKey(secret), {
      issuer: 'onoffice-kit',
      audience,
      currentDate: new Date(nowMs),
      clockTolerance: 5,
      requiredClaims: ['typ', 'iat', 'exp'],
    }))
  } catch (e) {
    return { ok: false, reason: e instanceof errors.JWTExpired ? 'expired' : 'invalid' }
  }
  if (claims.typ !== 'activation' && claims.typ !== 'session')
    return { ok: false, reason: 'invalid' }
  if (claims.typ !== typ) return { ok: false, reason: 'wrong_type' }
  if (claims.iat! > nowMs / 1000 + 5) return { ok: false, reason: 'invalid' }
  return {
    ok: true,
    payload: Object.fromEntries(Object.entries(claims).filter(([k]) => !REGISTERED.includes(k))),
    expiresAt: claims.exp!,
  }
}

describe('verifyToken: the cache of verified tokens gives the same answer as a miss', () => {
  it('for any sequence of verifications (typ, secret, audience, clock) of a few tokens', async () => {
    const minted = await Promise.all(
      (['session', 'activation'] as const).flatMap((typ) =>
        [0, 60_000].map((offset) =>
          mintToken(
            typ,
            { customerWebId: '1', nested: { k: ['v'] }, offset },
            { secret: SECRET, audience: AUD, ttlSec: 60, now: () => T + offset },
          ),
        ),
      ),
    )
    const check = fc.record({
      token: fc.constantFrom(...minted),
      typ: fc.constantFrom<TokenType>('session', 'activation'),
      secret: fc.constantFrom(SECRET, SECRET, OTHER),
      audience: fc.constantFrom(AUD, AUD, 'https://other.example'),
      // From far before iat to past exp + leeway, whole and fractional seconds.
      nowMs: fc.integer({ min: T - 10_000, max: T + 130_000 }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(check, { minLength: 1, maxLength: 12 }), async (checks) => {
        for (const c of checks) {
          const kit = await verifyToken(c.typ, c.token, {
            secret: c.secret,
            audience: c.audience,
            now: () => c.nowMs,
          })
          expect(kit).toEqual(await oracle(c.typ, c.token, c.secret, c.audience, c.nowMs))
        }
      }),
      { numRuns: 60 },
    )
  })

  it('callers own their payload: changing one answer does not change the next', async () => {
    const token = await mintToken(
      'session',
      { params: { a: 'b' } },
      { secret: SECRET, audience: AUD, ttlSec: 900, now: () => T },
    )
    const opts = { secret: SECRET, audience: AUD, now: () => T }
    const a = await verifyToken<{ params: Record<string, string> }>('session', token, opts)
    if (!a.ok) throw new Error('should verify')
    a.payload.params.a = 'changed'
    const b = await verifyToken<{ params: Record<string, string> }>('session', token, opts)
    expect(b).toMatchObject({ ok: true, payload: { params: { a: 'b' } } })
  })
})
