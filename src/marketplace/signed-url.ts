/**
 * onOffice's URL signature (reference §4.4, MPEX `CheckUrlSignature`), PHP-exact:
 * `hex(HMAC-SHA256(providerSecret, base + '?' + http_build_query(ksort(parse_str(query) − signature))))`.
 *
 * **Base URL.** Without `publicUrl` it is the request URL's `scheme://host[:port]/path`. With
 * `publicUrl` (the provider's public base including its mount path, e.g.
 * `https://provider.example/onoffice`) scheme, host and port come from `publicUrl` only — never from the
 * request's Host/X-Forwarded-* — and the path from the request:
 *   - if the request path equals publicUrl's path or lies below it (`/onoffice/activate`), it is used
 *     as it is (the app sees the full public path; only host/port/scheme differ behind a proxy);
 *   - otherwise the request path is appended to publicUrl's path (a proxy stripped the mount:
 *     request `/activate` → `/onoffice/activate`).
 *   publicUrl's query and fragment are ignored; a trailing `/` on it is ignored.
 *
 * **Port (T9).** An explicit non-default port is part of the base (`https://host:8443/path`), as in
 * onOffice's 2026 fork of the verifier; a default port (`:443` for https, `:80` for http) is dropped,
 * as WHATWG URL does, so `https://host:443/x` and `https://host/x` are the same base. Upstream MPEX
 * drops every port; for registered URLs without an explicit port both agree — register URLs without a
 * port to be safe.
 */
import { hmacSha256, hmacSha256Key, hmacSha256Sync, toHex } from '../api/hmac.ts'
import { binaryToUtf8 } from './php/binary.ts'
import { httpBuildQueryBinary } from './php/http-build-query.ts'
import { ksortBinaryEntries } from './php/ksort.ts'
import type { PhpArray } from './php/php-array.ts'
import { parseStrBinary } from './php/parse-str.ts'
import { urldecodeBinary } from './php/urlencode.ts'
import { hex64ToBytes, timingSafeEqual } from './constant-time.ts'
import { clock, nowSec, secretList, windowSec } from './options.ts'

/** Why a signed URL was rejected. */
export type SignedUrlFailureReason =
  | 'missing_signature'
  | 'malformed_signature'
  | 'bad_signature'
  | 'missing_timestamp'
  | 'bad_timestamp'
  | 'stale'
  | 'future'
  | 'duplicate_param'

/** Result of {@link verifySignedUrl}. */
export type VerifySignedUrlResult =
  | { ok: true; params: Record<string, string>; timestamp: number }
  | { ok: false; reason: SignedUrlFailureReason }

/** Options of {@link verifySignedUrl}. */
export interface VerifySignedUrlOptions {
  /** The provider secret; several for rotation (each is tried). */
  secret: string | readonly string[]
  /** The provider's public base URL including the mount path; see the module notes. */
  publicUrl?: string
  /** Clock in milliseconds; default `Date.now`. */
  now?: () => number
  /** Oldest accepted timestamp, seconds before now; default 300. Must be > 0. */
  maxAgeSec?: number
  /** Furthest accepted timestamp, seconds after now (clock skew); default 60. Must be > 0. */
  maxFutureSec?: number
}

/** The parameters onOffice's own security depends on; any of them twice in a query is rejected. */
export const SECURITY_PARAMS: readonly string[] = ['signature', 'timestamp', 'customerWebId', 'userId', 'apiClaim', 'apiToken', 'parameterCacheId']
const SECURITY_SET = new Set(SECURITY_PARAMS)

const encoder = new TextEncoder()
const TIMESTAMP = /^[0-9]{1,15}$/

function toUrl(fn: string, url: string | URL | Request): URL {
  if (url instanceof URL) return url
  const text = typeof url === 'string' ? url : url.url
  try {
    return new URL(text)
  } catch {
    throw new TypeError(`${fn}: url must be an absolute URL (the URL onOffice opened)`)
  }
}

function parsePublicUrl(fn: string, publicUrl: unknown): URL | undefined {
  if (publicUrl === undefined) return undefined
  let u: URL | undefined
  if (typeof publicUrl === 'string') {
    try {
      u = new URL(publicUrl)
    } catch {
      u = undefined
    }
  }
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) {
    throw new TypeError(`${fn}: opts.publicUrl must be an absolute http(s) URL, the provider's public base such as 'https://provider.example/onoffice'`)
  }
  return u
}

/** `scheme://host[:port]path` that onOffice signed; see the module notes. */
function baseUrl(url: URL, publicUrl: URL | undefined): string {
  if (!publicUrl) return `${url.protocol}//${url.host}${url.pathname}`
  const mount = publicUrl.pathname.replace(/\/+$/, '')
  const path = url.pathname
  const full = mount === '' || path === mount || path.startsWith(mount + '/') ? path : mount + path
  return `${publicUrl.protocol}//${publicUrl.host}${full}`
}

/** True when a security parameter's name occurs more than once in the raw query. */
function hasDuplicateSecurityParam(query: string): boolean {
  const seen = new Set<string>()
  for (const piece of query.split('&')) {
    if (piece === '') continue
    const eq = piece.indexOf('=')
    // The name PHP would file the value under: decoded, leading spaces dropped, ' '/'.' → '_', up to '['.
    let name = urldecodeBinary(eq < 0 ? piece : piece.slice(0, eq)).replace(/^ +/, '')
    const cut = name.search(/[[\0]/)
    if (cut >= 0) name = name.slice(0, cut)
    name = name.replace(/[ .]/g, '_')
    if (!SECURITY_SET.has(name)) continue
    if (seen.has(name)) return true
    seen.add(name)
  }
  return false
}

/** Top-level params as UTF-8 strings; nested arrays flattened to their `a[b][0]` names. */
function flatten(arr: PhpArray, prefix: string | null, out: Record<string, string>): Record<string, string> {
  for (const [k, v] of arr) {
    const name = prefix === null ? binaryToUtf8(k) : `${prefix}[${binaryToUtf8(k)}]`
    if (typeof v === 'string') Object.defineProperty(out, name, { value: binaryToUtf8(v), enumerable: true, writable: true, configurable: true })
    else flatten(v, name, out)
  }
  return out
}

function canonical(base: string, params: PhpArray): string {
  const entries = [...params].filter(([k]) => k !== 'signature')
  return `${base}?${httpBuildQueryBinary(ksortBinaryEntries(entries), 'RFC1738')}`
}

/**
 * The exact string onOffice signs for `url` (diagnostics and tests; no secret involved).
 *
 * @example
 * ```ts
 * signedUrlStringToSign('https://p.example/x?b=2&a=1&signature=abc') // 'https://p.example/x?a=1&b=2'
 * ```
 */
export function signedUrlStringToSign(url: string | URL | Request, opts: { publicUrl?: string } = {}): string {
  const u = toUrl('signedUrlStringToSign', url)
  return canonical(baseUrl(u, parsePublicUrl('signedUrlStringToSign', opts.publicUrl)), parseStrBinary(u.search.slice(1)))
}

/** Verification shared by verifySignedUrl and verifyCallback. Internal. */
export async function verifySignedUrlAs(fn: string, url: string | URL | Request, opts: VerifySignedUrlOptions): Promise<VerifySignedUrlResult> {
  if (typeof opts !== 'object' || opts === null) throw new TypeError(`${fn}: opts with at least { secret } is required`)
  const secrets = secretList(fn, opts.secret)
  const publicUrl = parsePublicUrl(fn, opts.publicUrl)
  const now = clock(fn, opts.now)
  const maxAge = windowSec(fn, 'maxAgeSec', opts.maxAgeSec, 300)
  const maxFuture = windowSec(fn, 'maxFutureSec', opts.maxFutureSec, 60)
  const u = toUrl(fn, url)
  const query = u.search.slice(1)

  if (hasDuplicateSecurityParam(query)) return { ok: false, reason: 'duplicate_param' }
  const params = parseStrBinary(query)
  const signature = params.get('signature')
  if (signature === undefined) return { ok: false, reason: 'missing_signature' }
  const given = typeof signature === 'string' ? hex64ToBytes(signature) : null
  if (!given) return { ok: false, reason: 'malformed_signature' }
  const ts = params.get('timestamp')
  if (ts === undefined) return { ok: false, reason: 'missing_timestamp' }
  if (typeof ts !== 'string' || !TIMESTAMP.test(ts)) return { ok: false, reason: 'bad_timestamp' }

  const toSign = canonical(baseUrl(u, publicUrl), params)
  let valid = false
  // Every secret is tried so timing does not reveal which matched; both paths compare in constant time.
  if (hmacSha256Sync) {
    // Node (and runtimes offering node:crypto without an import): a synchronous HMAC, no WebCrypto job per launch.
    for (const secret of secrets) valid = timingSafeEqual(hmacSha256Sync(secret, toSign), given) || valid
  } else {
    const data = encoder.encode(toSign)
    for (const secret of secrets) {
      // subtle.verify compares in constant time.
      const ok = await crypto.subtle.verify('HMAC', await hmacSha256Key(secret), given as Uint8Array<ArrayBuffer>, data)
      valid = valid || ok
    }
  }
  if (!valid) return { ok: false, reason: 'bad_signature' }

  const timestamp = Number(ts)
  const age = nowSec(now) - timestamp
  if (age > maxAge) return { ok: false, reason: 'stale' }
  if (-age > maxFuture) return { ok: false, reason: 'future' }
  params.delete('signature')
  return { ok: true, params: flatten(params, null, {}), timestamp }
}

/**
 * Verifies a URL onOffice signed (activation, service launch, webhook, payment callback) exactly as
 * onOffice's PHP verifier does, plus what it leaves out: a two-sided freshness window, rejection of a
 * duplicated security parameter, constant-time comparison and several secrets (rotation).
 *
 * Never throws for a bad URL — only for invalid options (TypeError naming the option).
 *
 * @param url - the URL as received: a string, a `URL` or the `Request` itself.
 * @param opts - `secret` (string or list), `publicUrl` (see module notes), `now` (ms, default
 *   `Date.now`), `maxAgeSec` (default 300), `maxFutureSec` (default 60).
 * @returns `{ ok: true, params, timestamp }` — params are all query parameters except `signature`,
 *   decoded like PHP `parse_str` — or `{ ok: false, reason }`.
 * @example
 * ```ts
 * const r = await verifySignedUrl(request, { secret: env.ONOFFICE_SECRET, publicUrl: 'https://provider.example/onoffice' })
 * if (!r.ok) return new Response(`launch rejected: ${r.reason}`, { status: 401 })
 * r.params.customerWebId
 * ```
 */
export function verifySignedUrl(url: string | URL | Request, opts: VerifySignedUrlOptions): Promise<VerifySignedUrlResult> {
  return verifySignedUrlAs('verifySignedUrl', url, opts)
}

/**
 * Signs a URL the way onOffice does: adds `timestamp` (unless present), removes any `signature`, and
 * returns the canonical URL (parameters sorted and re-encoded like PHP) with `&signature=<hex>`
 * appended. For tests, simulators and your own tooling; the fragment is dropped.
 *
 * @param url - the URL to sign, with its parameters.
 * @param secret - the provider secret.
 * @param opts - `now` (ms, default `Date.now`).
 * @example
 * ```ts
 * const signed = await signUrl('https://provider.example/onoffice/service?customerWebId=1&userId=2', secret)
 * ```
 */
export async function signUrl(url: string | URL, secret: string, opts: { now?: () => number } = {}): Promise<string> {
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError('signUrl: secret must be a non-empty string (the provider secret)')
  const now = clock('signUrl', opts.now)
  const u = toUrl('signUrl', url)
  const params = parseStrBinary(u.search.slice(1))
  params.delete('signature')
  if (!params.has('timestamp')) params.set('timestamp', String(nowSec(now)))
  const toSign = canonical(baseUrl(u, undefined), params)
  return `${toSign}&signature=${toHex(await hmacSha256(secret, toSign))}`
}
