/**
 * Kit-minted tokens that carry verified launch context between requests: an encrypted JWT (jose `EncryptJWT`,
 * JWE compact, `alg: 'dir'`, `enc: 'A256GCM'`, jose's own random IVs) whose key is derived with HKDF-SHA-256
 * from the session secret (label `'onoffice-kit token v1'`). One key serves every typ; the `typ` claim says what
 * the token is for, so a token of one typ is reported as `wrong_type` — never accepted — where another is expected.
 * Claims: the payload, `typ`, `iss: 'onoffice-kit'`, `aud: <provider publicUrl>`, `iat`, `exp`.
 */
import {
  EncryptJWT,
  errors,
  jwtDecrypt,
  UnsecuredJWT,
  type JWTClaimVerificationOptions,
  type JWTPayload,
} from 'jose'
import {
  clock,
  configError,
  longSecret,
  nonEmptyString,
  nonNegativeSeconds,
  nowSec,
  positiveSeconds,
} from '../core/check.ts'
import { hkdfAesGcmKey } from '../core/crypto.ts'
import { rememberVerified, verifiedBefore } from './token-cache.ts'

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
export type VerifyTokenResult<P> =
  | { ok: true; payload: P; expiresAt: number }
  | { ok: false; reason: 'expired' | 'invalid' | 'wrong_type' }

const ISSUER = 'onoffice-kit'
const LABEL = 'onoffice-kit token v1'
const RESERVED = ['typ', 'iat', 'exp', 'nbf', 'iss', 'aud', 'jti']
const TYPES: readonly string[] = ['activation', 'session']
/** The longest token verifyToken reads; anything longer is `invalid` before any work. */
const MAX_TOKEN_CHARS = 16384

function checkCommon(
  fn: string,
  typ: unknown,
  opts: { secret?: unknown; audience?: unknown } | undefined,
): void {
  if (typeof typ !== 'string' || !TYPES.includes(typ))
    configError(fn, 'typ', "must be 'activation' or 'session'")
  if (typeof opts !== 'object' || opts === null)
    configError(fn, 'opts', 'with { secret, audience } is required')
  longSecret(fn, 'opts.secret', opts.secret)
  nonEmptyString(fn, 'opts.audience', opts.audience, "the provider's publicUrl")
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
export async function mintToken(
  typ: TokenType,
  payload: Record<string, unknown>,
  opts: MintTokenOptions,
): Promise<string> {
  checkCommon('mintToken', typ, opts)
  const ttlSec = positiveSeconds('mintToken', 'opts.ttlSec', opts.ttlSec)
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    configError('mintToken', 'payload', 'must be a plain object')
  for (const k of RESERVED)
    if (Object.hasOwn(payload, k))
      configError('mintToken', 'payload', `must not contain the reserved claim name '${k}'`)
  const iat = nowSec(clock('mintToken', 'opts.now', opts.now))
  return new EncryptJWT({ ...payload, typ })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuer(ISSUER)
    .setAudience(opts.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + Math.ceil(ttlSec))
    .encrypt(await hkdfAesGcmKey(opts.secret, LABEL))
}

/** The claims without the registered ones, as a new object. */
function payloadOf(claims: JWTPayload): Record<string, unknown> {
  const payload: Record<string, unknown> = {}
  for (const k of Object.keys(claims)) if (!RESERVED.includes(k)) payload[k] = claims[k]
  return payload
}

/** The verified claims of `token`: from the cache of verified tokens, or decrypted. jose checks the claims either way. */
async function claimsOf(
  token: string,
  opts: VerifyTokenOptions,
  checks: JWTClaimVerificationOptions,
): Promise<JWTPayload> {
  const seen = verifiedBefore(token, opts.secret, opts.audience)
  if (seen !== undefined) return UnsecuredJWT.decode(seen, checks).payload
  const { payload } = await jwtDecrypt(token, await hkdfAesGcmKey(opts.secret, LABEL), {
    ...checks,
    keyManagementAlgorithms: ['dir'],
    contentEncryptionAlgorithms: ['A256GCM'],
  })
  rememberVerified(token, opts.secret, opts.audience, payload)
  return payload
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
export async function verifyToken<P = Record<string, unknown>>(
  typ: TokenType,
  token: string,
  opts: VerifyTokenOptions,
): Promise<VerifyTokenResult<P>> {
  checkCommon('verifyToken', typ, opts)
  const leeway = nonNegativeSeconds('verifyToken', 'opts.leewaySec', opts.leewaySec, 5)
  const now = clock('verifyToken', 'opts.now', opts.now)
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_CHARS)
    return { ok: false, reason: 'invalid' }
  const at = now()
  let claims: JWTPayload
  try {
    claims = await claimsOf(token, opts, {
      issuer: ISSUER,
      audience: opts.audience,
      currentDate: new Date(at),
      clockTolerance: leeway,
      requiredClaims: ['typ', 'iat', 'exp'],
    })
  } catch (e) {
    return { ok: false, reason: e instanceof errors.JWTExpired ? 'expired' : 'invalid' }
  }
  if (typeof claims.typ !== 'string' || !TYPES.includes(claims.typ))
    return { ok: false, reason: 'invalid' }
  if (claims.typ !== typ) return { ok: false, reason: 'wrong_type' }
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number')
    return { ok: false, reason: 'invalid' }
  // jose does not reject an iat in the future; a token from the future was not minted by this clock.
  if (claims.iat > at / 1000 + leeway) return { ok: false, reason: 'invalid' }
  return { ok: true, payload: payloadOf(claims) as P, expiresAt: claims.exp }
}
