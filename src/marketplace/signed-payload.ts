/**
 * onOffice's JSON-message signature (orders and service messages; reference §4.7, MPEX `sign()`):
 * add `timestamp` (int), sort keys recursively (PHP `ksort` at every level), drop `signature`, then
 * `hex(HMAC-SHA256(providerSecret, http_build_query(o, '', '&', PHP_QUERY_RFC3986)))`. No base URL.
 */
import { clock, nowSec, secretList } from '../core/check.ts'
import { hmacSha256, toHex } from '../core/crypto.ts'
import {
  checkFreshness,
  freshnessWindow,
  parseTimestamp,
  signatureBytes,
  verifyHmacSha256,
} from '../core/signature.ts'
import { httpBuildQuery } from './php/http-build-query.ts'
import { ksort, ksortRecursive } from './php/ksort.ts'
import type { QueryContainer, QueryInput } from './php/php-array.ts'

/** Why a signed message was rejected. */
export type SignedPayloadFailureReason =
  | 'missing_signature'
  | 'malformed_signature'
  | 'bad_signature'
  | 'missing_timestamp'
  | 'bad_timestamp'
  | 'stale'
  | 'future'

/** Options shared by the message verifiers. */
export interface VerifyPayloadOptions {
  now?: () => number
  /** default 300; must be > 0 */
  maxAgeSec?: number
  /** default 60; must be > 0 */
  maxFutureSec?: number
}

/** The RFC 3986 query that is signed (without base URL). */
export function payloadStringToSign(payload: { readonly [key: string]: QueryInput }): string {
  const rest: Record<string, QueryInput> = {}
  for (const [k, v] of Object.entries(payload)) if (k !== 'signature') rest[k] = v
  return httpBuildQuery(ksortRecursive(rest) as QueryContainer, { encoding: 'RFC3986' })
}

/** Plain-JSON copy with object keys inserted in PHP ksort order (lists stay lists). */
function sortedCopy(value: QueryInput): unknown {
  if (Array.isArray(value)) return value.map((v: QueryInput) => sortedCopy(v))
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of ksort(value as ReadonlyMap<string, QueryInput>)) out[k] = sortedCopy(v)
    return out
  }
  return value
}

/** Adds timestamp and signature; returns the object to `JSON.stringify` and post. Internal. */
export async function signPayload<T extends { readonly [key: string]: QueryInput }>(
  payload: T,
  secret: string,
  now: () => number,
): Promise<T & { timestamp: number; signature: string }> {
  const body: Record<string, QueryInput> = { ...payload, timestamp: nowSec(now) }
  delete body.signature
  const signature = toHex(await hmacSha256(secret, payloadStringToSign(body)))
  return { ...(sortedCopy(body) as T & { timestamp: number }), signature }
}

/** Verifies a signed message object. Internal. */
export async function verifyPayload(
  fn: string,
  message: unknown,
  secret: string | readonly string[],
  opts: VerifyPayloadOptions,
): Promise<{ ok: true; timestamp: number } | { ok: false; reason: SignedPayloadFailureReason }> {
  const secrets = secretList(fn, 'secret', secret)
  const now = clock(fn, 'opts.now', opts.now)
  const window = freshnessWindow(fn, opts)
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return { ok: false, reason: 'missing_signature' }
  const m = message as Record<string, QueryInput>
  if (m.signature === undefined) return { ok: false, reason: 'missing_signature' }
  const given = signatureBytes(m.signature)
  if (!given) return { ok: false, reason: 'malformed_signature' }
  const ts = m.timestamp
  if (ts === undefined || ts === null) return { ok: false, reason: 'missing_timestamp' }
  const timestamp =
    typeof ts === 'number' ? ts : typeof ts === 'string' ? (parseTimestamp(ts) ?? NaN) : NaN
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    return { ok: false, reason: 'bad_timestamp' }
  let toSign: string
  try {
    toSign = payloadStringToSign(m)
  } catch {
    return { ok: false, reason: 'bad_signature' }
  }
  if (!(await verifyHmacSha256(secrets, toSign, given)))
    return { ok: false, reason: 'bad_signature' }
  const late = checkFreshness(timestamp, nowSec(now), window)
  if (late) return { ok: false, reason: late }
  return { ok: true, timestamp }
}
