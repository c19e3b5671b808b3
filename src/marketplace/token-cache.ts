/**
 * Tokens that decrypted and verified before. The iframe sends the same session token on every request; a hit
 * skips the AES-GCM decryption (a WebCrypto job, tens of µs in Node) but not the claim checks: the verified
 * claims are kept as an unsecured JWT and every hit re-runs jose's own claim validation on them
 * (`UnsecuredJWT.decode`), so expiry and the other time rules stay jose's.
 *
 * Fast path, kept for `sessionOverheadUs ≤ 0.25 × honoJwtOverheadUs` (bench/in-process.bench.ts): without it
 * each session request pays the decryption (measured: 229 µs = 1.22 × honoJwt instead of 0.11 ×).
 *
 * A hit needs the identical token string, secret and audience. Bounded (LRU), so a flood of distinct tokens
 * cannot grow it.
 */
import { UnsecuredJWT, type JWTPayload } from 'jose'
import { boundedCache } from '../core/crypto.ts'

const MAX_VERIFIED = 1000

interface Verified {
  secret: string
  audience: string
  /** The decrypted claims as `{"alg":"none"}` JWT, re-validated by jose on every hit. */
  unsecured: string
}

const verified = boundedCache<Verified>(MAX_VERIFIED)

/** Remembers the claims of a token that just decrypted and verified under `secret` and `audience`. */
export function rememberVerified(
  token: string,
  secret: string,
  audience: string,
  claims: JWTPayload,
): void {
  verified.set(token, { secret, audience, unsecured: new UnsecuredJWT(claims).encode() })
}

/**
 * The unsecured JWT of a token verified before under the same secret and audience, for `UnsecuredJWT.decode`
 * with the same claim options as the decryption; `undefined` on a miss.
 */
export function verifiedBefore(
  token: string,
  secret: string,
  audience: string,
): string | undefined {
  const hit = verified.get(token)
  return hit && hit.secret === secret && hit.audience === audience ? hit.unsecured : undefined
}
