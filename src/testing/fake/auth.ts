import { hmacV2 } from '../../api/hmac.ts'
import { timingSafeEqualText } from '../../core/crypto.ts'
import type { ApiUser } from './state.ts'

/** ±120 s, reference §1.4. */
export const TIMESTAMP_WINDOW_SEC = 120

export type AuthResult = { ok: true } | { ok: false; code: 22 | 48 | 136 | 137 }

/** Computes the expected HMAC v2 of an action for `user`. */
export type ExpectedHmac = (
  user: ApiUser,
  timestamp: number,
  resourcetype: string,
  actionid: string,
) => Promise<string>

const signFresh: ExpectedHmac = (user, ts, resourcetype, actionid) =>
  hmacV2(user.token, user.secret, ts, resourcetype, actionid)

/**
 * An `ExpectedHmac` that remembers its results: a client signs every action of a request with the
 * same timestamp, so a request of 100 estate reads needs one WebCrypto signature, not 100 (each one a
 * thread-pool round trip in Node). Meant to live for one request only.
 */
export function hmacMemo(): ExpectedHmac {
  const memo = new Map<string, Promise<string>>()
  return (user, ts, resourcetype, actionid) => {
    // NUL cannot occur in a token; it keeps the parts of the key apart.
    const key = `${user.token}\u0000${user.secret}\u0000${ts}\u0000${resourcetype}\u0000${actionid}`
    let hmac = memo.get(key)
    if (!hmac) memo.set(key, (hmac = signFresh(user, ts, resourcetype, actionid)))
    return hmac
  }
}

/**
 * Per-action authentication as onOffice does it: HMAC v2 over timestamp + token + resourcetype +
 * actionid, the timestamp within ±120 s of the server clock, then the user's state (a blocked or
 * replaced marketplace user → 48, one not yet unlocked → 22 except for `unlockProvider`).
 */
export async function authenticate(
  user: ApiUser,
  action: {
    timestamp: unknown
    hmac: unknown
    hmac_version: unknown
    resourcetype: string
    actionid: string
  },
  nowSec: number,
  expectedHmac: ExpectedHmac = signFresh,
): Promise<AuthResult> {
  // Only v2 is implemented; a v1 (md5) or missing HMAC is simply invalid here.
  if (String(action.hmac_version) !== '2' || typeof action.hmac !== 'string')
    return { ok: false, code: 137 }
  const ts =
    typeof action.timestamp === 'string' && /^\d+$/.test(action.timestamp)
      ? Number(action.timestamp)
      : action.timestamp
  if (typeof ts !== 'number' || !Number.isInteger(ts)) return { ok: false, code: 136 }
  if (Math.abs(nowSec - ts) > TIMESTAMP_WINDOW_SEC) return { ok: false, code: 136 }
  const expected = await expectedHmac(user, ts, action.resourcetype, action.actionid)
  if (!timingSafeEqualText(expected, action.hmac)) return { ok: false, code: 137 }
  if (user.state === 'revoked') return { ok: false, code: 48 }
  if (user.state === 'pending' && action.resourcetype !== 'unlockProvider')
    return { ok: false, code: 22 }
  return { ok: true }
}
