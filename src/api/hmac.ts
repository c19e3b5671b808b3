/**
 * HMAC v2 of an onOffice API action (reference §1.4):
 * `base64(HMAC-SHA256(secret, timestamp + token + resourcetype + actionid))`.
 */
import { hmacSha256, toBase64 } from '../core/crypto.ts'

/**
 * HMAC v2 of one onOffice API action.
 *
 * @param token - the API user's token (32 characters for real users).
 * @param secret - the API user's secret (64 characters for real users).
 * @param timestamp - unix seconds; must be exactly the `timestamp` sent in the same action.
 * @param resourcetype - e.g. `estate`, `unlockProvider`.
 * @param actionid - the full action URN, e.g. `ACTION_IDS.read`.
 * @returns the base64 HMAC to send as `hmac` with `hmac_version: 2`.
 * @example
 * ```ts
 * const hmac = await hmacV2(token, secret, 1700000000, 'estate', ACTION_IDS.read)
 * ```
 */
export async function hmacV2(
  token: string,
  secret: string,
  timestamp: number,
  resourcetype: string,
  actionid: string,
): Promise<string> {
  return toBase64(await hmacSha256(secret, `${timestamp}${token}${resourcetype}${actionid}`))
}
