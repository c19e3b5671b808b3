/**
 * onOffice's signatures, the parts every signed thing shares (URLs, orders, callbacks, service messages):
 * a lower-case hex HMAC-SHA256 checked against a list of secrets, a timestamp of whole seconds, and a
 * two-sided freshness window.
 */
import { hmacSha256Key, hmacSha256Sync, lowerHexToBytes, timingSafeEqual, utf8 } from './crypto.ts'
import { positiveSeconds } from './check.ts'

/** A timestamp as onOffice sends it: 1–15 decimal digits (unix seconds). */
const TIMESTAMP = /^[0-9]{1,15}$/

/**
 * Unix seconds of a timestamp parameter, or `null` when it is not 1–15 decimal digits.
 * @example
 * ```ts
 * parseTimestamp('1700000000') // 1700000000
 * parseTimestamp('1e9')        // null
 * ```
 */
export function parseTimestamp(text: string): number | null {
  return TIMESTAMP.test(text) ? Number(text) : null
}

/**
 * The 32 bytes of a signature as onOffice produces it (`hash_hmac('sha256', …)`: 64 lower-case hex digits),
 * or `null` for anything else — upper-case hex included, which onOffice's own `===` check refuses too.
 * @example
 * ```ts
 * signatureBytes('8fc7…db67') // Uint8Array(32)
 * ```
 */
export function signatureBytes(hex: unknown): Uint8Array<ArrayBuffer> | null {
  return typeof hex === 'string' ? lowerHexToBytes(hex, 32) : null
}

/**
 * Whether `given` is the HMAC-SHA256 of `toSign` under any of `secrets`. Every secret is tried, so the time
 * taken does not reveal which one matched; each comparison is constant-time.
 * @example
 * ```ts
 * const given = signatureBytes(params.signature)
 * if (given && (await verifyHmacSha256(['new', 'old'], toSign, given))) { … }
 * ```
 */
export async function verifyHmacSha256(
  secrets: readonly string[],
  toSign: string,
  given: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  let valid = false
  if (hmacSha256Sync) {
    for (const secret of secrets)
      valid = timingSafeEqual(hmacSha256Sync(secret, toSign), given) || valid
    return valid
  }
  const data = utf8(toSign)
  for (const secret of secrets) {
    // subtle.verify compares in constant time.
    const ok = await crypto.subtle.verify('HMAC', await hmacSha256Key(secret), given, data)
    valid = ok || valid
  }
  return valid
}

/** How far a signed timestamp may lie in the past and the future, in seconds. */
export interface FreshnessWindow {
  readonly maxAgeSec: number
  readonly maxFutureSec: number
}

/** Default window: 300 s back (onOffice's own check), 60 s ahead (clock skew). */
export const DEFAULT_FRESHNESS: FreshnessWindow = { maxAgeSec: 300, maxFutureSec: 60 }

/**
 * The window from `opts.maxAgeSec` / `opts.maxFutureSec` (defaults 300 / 60; each must be > 0).
 * @example
 * ```ts
 * const window = freshnessWindow('verifySignedUrl', { maxAgeSec: 120 }) // { maxAgeSec: 120, maxFutureSec: 60 }
 * ```
 */
export function freshnessWindow(
  where: string,
  opts: { maxAgeSec?: unknown; maxFutureSec?: unknown },
): FreshnessWindow {
  return {
    maxAgeSec: positiveSeconds(
      where,
      'opts.maxAgeSec',
      opts.maxAgeSec,
      DEFAULT_FRESHNESS.maxAgeSec,
    ),
    maxFutureSec: positiveSeconds(
      where,
      'opts.maxFutureSec',
      opts.maxFutureSec,
      DEFAULT_FRESHNESS.maxFutureSec,
    ),
  }
}

/**
 * `'stale'` when `timestamp` is older than the window, `'future'` when it is further ahead, else `null`.
 * @example
 * ```ts
 * checkFreshness(1700000000, 1700000400, DEFAULT_FRESHNESS) // 'stale'
 * ```
 */
export function checkFreshness(
  timestamp: number,
  nowSec: number,
  window: FreshnessWindow,
): 'stale' | 'future' | null {
  const age = nowSec - timestamp
  if (age > window.maxAgeSec) return 'stale'
  if (-age > window.maxFutureSec) return 'future'
  return null
}
