/**
 * Kit-minted tokens that carry verified launch context between requests: an encrypted JWT (JWE compact,
 * `alg: 'dir'`, `enc: 'A256GCM'`, jose) whose key is derived with HKDF-SHA-256 from the session secret
 * (label `'onoffice-kit token v1'`). One key serves every typ; the `typ` claim says what the token is
 * for, so a token of one typ is reported as `wrong_type` — never accepted — where another is expected.
 * Claims: `typ`, `iat`, `exp`, `iss: 'onoffice-kit'`, `aud: <provider publicUrl>`.
 */
import { CompactEncrypt, errors, jwtDecrypt, type JWTPayload } from 'jose'
import { clock, nowSec } from './options.ts'

/** What a token is for. */
export type TokenType = 'activation' | 'session'

/** Options of {@link mintToken}. */
export interface MintTokenOptions {
  /** Session secret, at least 32 bytes (e.g. `openssl rand -base64 32`). */
  secret: string
  /** The provider's public URL; the token is only valid for it. */
  audience: string
  /** Lifetime in seconds (> 0). */
  ttlSec: number
  /** Clock in milliseconds; default `Date.now`. */
  now?: () => number
}

/** Options of {@link verifyToken}. */
export interface VerifyTokenOptions {
  secret: string
  audience: string
  now?: () => number
  /** Clock tolerance for `exp`/`iat` in seconds; default 5. */
  leewaySec?: number
}

/** Result of {@link verifyToken}. */
export type VerifyTokenResult<P> = { ok: true; payload: P; expiresAt: number } | { ok: false; reason: 'expired' | 'invalid' | 'wrong_type' }

const ISSUER = 'onoffice-kit'
const LABEL = 'onoffice-kit token v1'
const RESERVED = ['typ', 'iat', 'exp', 'nbf', 'iss', 'aud', 'jti']
const TYPES: readonly string[] = ['activation', 'session']
const encoder = new TextEncoder()

const HEADER = { alg: 'dir', enc: 'A256GCM' } as const

// AES-GCM IVs (96 bits, random — what jose draws per token) come from a pool filled by one CSPRNG call per 256
// tokens: `crypto.getRandomValues` costs ~6 µs per call in Node, whatever the size. Each 12-byte slice is handed out
// exactly once, and a refill allocates a new buffer, so a slice is never rewritten while an earlier encryption
// still holds it.
const IV_BYTES = 12
const IV_BATCH = 256
let ivPool = new Uint8Array(0)
let ivNext = 0

function nextIv(): Uint8Array {
  if (ivNext + IV_BYTES > ivPool.length) {
    ivPool = crypto.getRandomValues(new Uint8Array(IV_BYTES * IV_BATCH))
    ivNext = 0
  }
  const iv = ivPool.subarray(ivNext, ivNext + IV_BYTES)
  ivNext += IV_BYTES
  return iv
}

const MAX_CACHED_KEYS = 64
const keyCache = new Map<string, Promise<CryptoKey>>()

function deriveKey(secret: string): Promise<CryptoKey> {
  const cached = keyCache.get(secret)
  if (cached) return cached
  const key = (async () => {
    const ikm = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey'])
    return crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(LABEL) },
      ikm,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    )
  })()
  key.catch(() => keyCache.delete(secret))
  keyCache.set(secret, key)
  if (keyCache.size > MAX_CACHED_KEYS) keyCache.delete(keyCache.keys().next().value!)
  return key
}

// Tokens that decrypted and verified before (the iframe sends the same session token on every request):
// skipping the AES-GCM decryption is safe because a hit needs the identical token string, secret and audience,
// and expiry is re-checked on every hit. Bounded LRU so a flood of distinct tokens cannot grow it.
const MAX_VERIFIED = 1000
interface Verified {
  secret: string
  audience: string
  /** The registered claims the checks below read; the rest is kept as JSON and re-parsed per hit. */
  typ: unknown
  iat: unknown
  exp: unknown
  nbf: unknown
  payloadJson: string
}
const verifiedCache = new Map<string, Verified>()

/** The claims without the registered ones, as a new object. */
function payloadOf(claims: JWTPayload): Record<string, unknown> {
  const payload: Record<string, unknown> = {}
  for (const k of Object.keys(claims)) if (!RESERVED.includes(k)) payload[k] = claims[k]
  return payload
}

function remember(token: string, secret: string, audience: string, claims: JWTPayload): void {
  verifiedCache.delete(token)
  verifiedCache.set(token, { secret, audience, typ: claims.typ, iat: claims.iat, exp: claims.exp, nbf: claims.nbf, payloadJson: JSON.stringify(payloadOf(claims)) })
  if (verifiedCache.size > MAX_VERIFIED) verifiedCache.delete(verifiedCache.keys().next().value!)
}

function checkCommon(fn: string, typ: unknown, secret: unknown, audience: unknown): void {
  if (typeof typ !== 'string' || !TYPES.includes(typ)) throw new TypeError(`${fn}: typ must be 'activation' or 'session'`)
  // A string of ≥ 32 UTF-16 units has ≥ 32 UTF-8 bytes: the encode runs only for short strings (hot path).
  if (typeof secret !== 'string' || (secret.length < 32 && encoder.encode(secret).length < 32)) {
    throw new TypeError(`${fn}: opts.secret must be a string of at least 32 bytes (e.g. \`openssl rand -base64 32\`)`)
  }
  if (typeof audience !== 'string' || audience.length === 0) throw new TypeError(`${fn}: opts.audience must be the provider's publicUrl (non-empty string)`)
}

/**
 * Mints an encrypted, short-lived token of type `typ` holding `payload`.
 *
 * @param typ - `'activation'` or `'session'`.
 * @param payload - JSON-serialisable claims; the names typ, iat, exp, nbf, iss, aud and jti are reserved.
 * @param opts - `secret` (≥ 32 bytes), `audience` (provider publicUrl), `ttlSec`, `now` (ms).
 * @returns the compact JWE.
 * @example
 * ```ts
 * const token = await mintToken('session', { customerWebId: '1', userId: '2' }, { secret, audience: publicUrl, ttlSec: 900 })
 * ```
 */
export async function mintToken(typ: TokenType, payload: Record<string, unknown>, opts: MintTokenOptions): Promise<string> {
  checkCommon('mintToken', typ, opts?.secret, opts?.audience)
  if (typeof opts.ttlSec !== 'number' || !Number.isFinite(opts.ttlSec) || opts.ttlSec <= 0) {
    throw new TypeError('mintToken: opts.ttlSec must be a finite number of seconds greater than 0')
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new TypeError('mintToken: payload must be a plain object')
  for (const k of RESERVED) if (Object.hasOwn(payload, k)) throw new TypeError(`mintToken: payload must not contain the reserved claim name '${k}'`)
  const iat = nowSec(clock('mintToken', opts.now))
  // The claims set EncryptJWT would build (same names, same order), serialised once: jose's JWT builder would
  // structuredClone the payload and re-serialise it. The JWE itself is still jose's (CompactEncrypt).
  const claims = { ...payload, typ, iss: ISSUER, aud: opts.audience, iat, exp: iat + Math.ceil(opts.ttlSec) }
  return new CompactEncrypt(encoder.encode(JSON.stringify(claims)))
    .setProtectedHeader(HEADER)
    .setInitializationVector(nextIv())
    .encrypt(await deriveKey(opts.secret))
}

/**
 * Verifies a token minted by {@link mintToken} for `typ`. Never throws for a bad token: wrong typ →
 * `wrong_type`, past `exp` (+ leeway) → `expired`, anything else (tampered, truncated, other key,
 * other audience, `alg: none`, garbage) → `invalid`. Throws only for invalid options.
 *
 * @param typ - the typ this route expects.
 * @param token - the compact JWE as received.
 * @param opts - `secret`, `audience`, `now` (ms), `leewaySec` (default 5).
 * @returns `{ ok: true, payload, expiresAt }` (payload without the registered claims; expiresAt in unix
 *   seconds) or `{ ok: false, reason }`.
 * @example
 * ```ts
 * const r = await verifyToken<{ customerWebId: string }>('session', bearer, { secret, audience: publicUrl })
 * if (!r.ok) return c.text('relaunch', 401)
 * ```
 */
export async function verifyToken<P = Record<string, unknown>>(typ: TokenType, token: string, opts: VerifyTokenOptions): Promise<VerifyTokenResult<P>> {
  checkCommon('verifyToken', typ, opts?.secret, opts?.audience)
  const leeway = opts.leewaySec ?? 5
  if (typeof leeway !== 'number' || !Number.isFinite(leeway) || leeway < 0) {
    throw new TypeError('verifyToken: opts.leewaySec must be a finite number of seconds ≥ 0')
  }
  const now = clock('verifyToken', opts.now)
  if (typeof token !== 'string' || token.length === 0 || token.length > 16384) return { ok: false, reason: 'invalid' }
  let claims: { typ?: unknown; iat?: unknown; exp?: unknown }
  let payload: Record<string, unknown> | undefined
  const hit = verifiedCache.get(token)
  if (hit && hit.secret === opts.secret && hit.audience === opts.audience) {
    // Decrypted and issuer/audience-checked before under this very secret and audience; the time claims are
    // re-checked below against the current clock, exactly as jose does.
    claims = hit
    const t = Math.floor(now() / 1000) // jose compares whole seconds
    if (typeof hit.exp === 'number' && hit.exp <= t - leeway) return { ok: false, reason: 'expired' }
    if (typeof hit.nbf === 'number' && hit.nbf > t + leeway) return { ok: false, reason: 'invalid' }
  } else {
    let decrypted: JWTPayload
    try {
      const key = await deriveKey(opts.secret)
      const result = await jwtDecrypt(token, key, {
        issuer: ISSUER,
        audience: opts.audience,
        currentDate: new Date(now()),
        clockTolerance: leeway,
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        requiredClaims: ['typ', 'iat', 'exp'],
      })
      decrypted = result.payload
    } catch (e) {
      if (e instanceof errors.JWTExpired) return { ok: false, reason: 'expired' }
      return { ok: false, reason: 'invalid' }
    }
    remember(token, opts.secret, opts.audience, decrypted)
    claims = decrypted
    payload = payloadOf(decrypted)
  }
  if (typeof claims.typ !== 'string' || !TYPES.includes(claims.typ)) return { ok: false, reason: 'invalid' }
  if (claims.typ !== typ) return { ok: false, reason: 'wrong_type' }
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return { ok: false, reason: 'invalid' }
  // jose does not reject an iat in the future; a token from the future was not minted by this clock.
  if (claims.iat > now() / 1000 + leeway) return { ok: false, reason: 'invalid' }
  // A hit hands out a fresh parse: callers own their payload and cannot alter the cache.
  payload ??= JSON.parse(hit!.payloadJson) as Record<string, unknown>
  return { ok: true, payload: payload as P, expiresAt: claims.exp }
}
