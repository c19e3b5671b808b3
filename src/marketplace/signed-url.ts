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
import { clock, configError, httpUrl, nonEmptyString, nowSec, secretList } from '../core/check.ts'
import { hmacSha256, toHex } from '../core/crypto.ts'
import {
  checkFreshness,
  freshnessWindow,
  parseTimestamp,
  signatureBytes,
  verifyHmacSha256,
} from '../core/signature.ts'
import { binaryToUtf8 } from './php/binary.ts'
import {
  flatCanonicalQuery,
  flatDecodeBinary,
  flatParams,
  flatRawValue,
  parseFlatQuery,
  type FlatQuery,
} from './php/flat-query.ts'
import { httpBuildQueryBinary } from './php/http-build-query.ts'
import { ksortBinaryEntries } from './php/ksort.ts'
import type { PhpArray } from './php/php-array.ts'
import { parseStrBinary, parseStrChecked } from './php/parse-str.ts'

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
  | 'too_large'

/**
 * The most bytes of query a signed URL may have: {@link verifySignedUrl} refuses a longer one (`too_large`)
 * before any other work. onOffice's launch, activation and callback URLs are well under 2 KiB.
 */
export const MAX_SIGNED_QUERY_LENGTH = 16 * 1024
/**
 * The most parameters a signed URL may have — PHP's `max_input_vars` default: `parse_str` keeps at most 1,000
 * variables, so onOffice never signs more. {@link verifySignedUrl} refuses more (`too_large`) before any other work.
 */
export const MAX_SIGNED_QUERY_PARAMS = 1000

/** True when `query` is longer than the limit or has more non-empty `&`-separated pieces; stops counting early. */
function tooLarge(query: string): boolean {
  if (query.length > MAX_SIGNED_QUERY_LENGTH) return true
  let pieces = 0
  for (let start = 0; start <= query.length; ) {
    let end = query.indexOf('&', start)
    if (end < 0) end = query.length
    if (end > start && ++pieces > MAX_SIGNED_QUERY_PARAMS) return true
    start = end + 1
  }
  return false
}

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

/** The parameters onOffice's own security depends on. Any scalar parameter twice in a query is rejected, these included. */
export const SECURITY_PARAMS: readonly string[] = [
  'signature',
  'timestamp',
  'customerWebId',
  'userId',
  'apiClaim',
  'apiToken',
  'parameterCacheId',
]

function toUrl(fn: string, url: string | URL | Request): URL {
  if (url instanceof URL) return url
  const text = typeof url === 'string' ? url : url.url
  try {
    return new URL(text)
  } catch {
    return configError(fn, 'url', 'must be an absolute URL (the URL onOffice opened)')
  }
}

function parsePublicUrl(fn: string, publicUrl: unknown): URL | undefined {
  if (publicUrl === undefined) return undefined
  return httpUrl(
    fn,
    'opts.publicUrl',
    publicUrl,
    "the provider's public base such as 'https://provider.example/onoffice'",
  )
}

/**
 * The public path of a request path under `publicUrl`'s mount path (see the module notes): the path itself when
 * it is the mount or lies below it, else the mount + the path (a proxy stripped the mount). Internal: the one
 * rule for the signed base, the activation form's action and root-relative order callback URLs.
 */
export function publicPathOf(path: string, mountPath: string): string {
  const mount = mountPath.replace(/\/+$/, '')
  return mount === '' || path === mount || path.startsWith(mount + '/') ? path : mount + path
}

/** `scheme://host[:port]path` that onOffice signed; see the module notes. */
function baseUrl(url: URL, publicUrl: URL | undefined): string {
  if (!publicUrl) return `${url.protocol}//${url.host}${url.pathname}`
  return `${publicUrl.protocol}//${publicUrl.host}${publicPathOf(url.pathname, publicUrl.pathname)}`
}

/** Top-level params as UTF-8 strings; nested arrays flattened to their `a[b][0]` names. */
function flatten(
  arr: PhpArray,
  prefix: string | null,
  out: Record<string, string>,
): Record<string, string> {
  for (const [k, v] of arr) {
    const name = prefix === null ? binaryToUtf8(k) : `${prefix}[${binaryToUtf8(k)}]`
    if (typeof v === 'string')
      Object.defineProperty(out, name, {
        value: binaryToUtf8(v),
        enumerable: true,
        writable: true,
        configurable: true,
      })
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
export function signedUrlStringToSign(
  url: string | URL | Request,
  opts: { publicUrl?: string } = {},
): string {
  const u = toUrl('signedUrlStringToSign', url)
  const base = baseUrl(u, parsePublicUrl('signedUrlStringToSign', opts.publicUrl))
  return canonicalQuery(u.search.slice(1)).toSign(base)
}

/**
 * A signed query as verification reads it: the duplicate check, the values PHP keeps, the string onOffice signs
 * and the verified parameters. Two implementations behind one seam ({@link canonicalQuery}): the flat fast path
 * (php/flat-query.ts) for the plain names onOffice sends, and the exact PHP emulation for everything else.
 */
export interface SignedQuery {
  /** A scalar parameter occurs twice (PHP name folding applied; `a[]` arrays may repeat). */
  readonly duplicate: boolean
  /** The binary (urldecoded) value PHP keeps for a top-level name; `null` for a nested array; `undefined` if absent. */
  value(name: string): string | null | undefined
  /** `base?canonical-query`, the string onOffice signs (`signature` left out). */
  toSign(base: string): string
  /** The top-level parameters as UTF-8 strings, nested arrays flattened to `a[b][0]` names, `signature` left out. */
  params(): Record<string, string>
}

function flatQuery(flat: FlatQuery): SignedQuery {
  return {
    // Flat names have no brackets: every name is a scalar.
    duplicate: flat.hasDuplicates,
    value(name) {
      const raw = flatRawValue(flat, name)
      return raw === undefined ? undefined : flatDecodeBinary(raw)
    },
    toSign: (base) => `${base}?${flatCanonicalQuery(flat, 'signature')}`,
    params: () => flatParams(flat, 'signature'),
  }
}

/**
 * The exact PHP emulation of a signed query (parse_str, ksort, http_build_query): the oracle of the fast path in
 * the differential tests, and the path for every query the fast path refuses.
 */
export function exactCanonicalQuery(query: string): SignedQuery {
  const { array: php, duplicate } = parseStrChecked(query)
  return {
    duplicate,
    value(name) {
      const v = php.get(name)
      return v === undefined || typeof v === 'string' ? v : null
    },
    toSign: (base) => canonical(base, php),
    params() {
      const rest: PhpArray = new Map([...php].filter(([k]) => k !== 'signature'))
      return flatten(rest, null, {})
    },
  }
}

/**
 * The one seam of signed-query canonicalisation: the flat fast path where it applies (byte for byte the same as
 * {@link exactCanonicalQuery}, proved by the differential test in test/marketplace/flat-query.test.ts), else the
 * exact path. The fast path stays for launchOverheadUs ≤ 1.5 × honoJwtOverheadUs (bench/in-process.bench.ts:
 * 1.70 × with the exact path only, in one run).
 */
export function canonicalQuery(query: string): SignedQuery {
  const flat = parseFlatQuery(query)
  return flat ? flatQuery(flat) : exactCanonicalQuery(query)
}

/** Verification shared by verifySignedUrl and verifyCallback. Internal. */
export async function verifySignedUrlAs(
  fn: string,
  url: string | URL | Request,
  opts: VerifySignedUrlOptions,
): Promise<VerifySignedUrlResult> {
  if (typeof opts !== 'object' || opts === null)
    configError(fn, 'opts', 'with at least { secret } is required')
  const secrets = secretList(fn, 'opts.secret', opts.secret)
  const publicUrl = parsePublicUrl(fn, opts.publicUrl)
  const now = clock(fn, 'opts.now', opts.now)
  const window = freshnessWindow(fn, opts)
  const u = toUrl(fn, url)
  const query = u.search.slice(1)
  // Bounded before anything else: every later step is then cheap whatever an attacker sends.
  if (tooLarge(query)) return { ok: false, reason: 'too_large' }

  const parsed = canonicalQuery(query)
  if (parsed.duplicate) return { ok: false, reason: 'duplicate_param' }
  const signature = parsed.value('signature')
  if (signature === undefined) return { ok: false, reason: 'missing_signature' }
  const given = signatureBytes(signature)
  if (!given) return { ok: false, reason: 'malformed_signature' }
  const ts = parsed.value('timestamp')
  if (ts === undefined) return { ok: false, reason: 'missing_timestamp' }
  const timestamp = ts === null ? null : parseTimestamp(ts)
  if (timestamp === null) return { ok: false, reason: 'bad_timestamp' }

  if (!(await verifyHmacSha256(secrets, parsed.toSign(baseUrl(u, publicUrl)), given)))
    return { ok: false, reason: 'bad_signature' }
  const late = checkFreshness(timestamp, nowSec(now), window)
  if (late) return { ok: false, reason: late }
  return { ok: true, params: parsed.params(), timestamp }
}

/**
 * Verifies a URL onOffice signed (activation, service launch, webhook, payment callback) exactly as
 * onOffice's PHP verifier does, plus what it leaves out: a query over {@link MAX_SIGNED_QUERY_LENGTH} bytes or
 * {@link MAX_SIGNED_QUERY_PARAMS} parameters is `too_large` before any other work; a two-sided freshness window, rejection of any
 * duplicated scalar parameter (`duplicate_param`; arrays `a[]=` may repeat), lower-case hex signatures only
 * (what PHP's `hash_hmac()` writes), constant-time comparison and several secrets (rotation).
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
export function verifySignedUrl(
  url: string | URL | Request,
  opts: VerifySignedUrlOptions,
): Promise<VerifySignedUrlResult> {
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
export async function signUrl(
  url: string | URL,
  secret: string,
  opts: { now?: () => number } = {},
): Promise<string> {
  nonEmptyString('signUrl', 'secret', secret, 'the provider secret')
  const now = clock('signUrl', 'opts.now', opts.now)
  const u = toUrl('signUrl', url)
  const params = parseStrBinary(u.search.slice(1))
  params.delete('signature')
  if (!params.has('timestamp')) params.set('timestamp', String(nowSec(now)))
  const toSign = canonical(baseUrl(u, undefined), params)
  return `${toSign}&signature=${toHex(await hmacSha256(secret, toSign))}`
}

/** Options of {@link signWebhookRequest}. */
export interface SignWebhookRequestOptions {
  /** Clock in milliseconds for `timestamp` (unless `params.timestamp` is given). Default `Date.now`. */
  now?: () => number
}

/**
 * Builds the `Request` onOffice sends to a webhook URL: `GET <url>?<params>&timestamp=…&signature=…`, signed with
 * {@link signUrl} (the one signer), so the service's `webhook()` / {@link verifySignedUrl} accept it. Parameters
 * already in `url` (your registered ones) are kept; `params` are added or replace them; `undefined` values are
 * skipped. For tests, the simulator's "Webhook auslösen" and `onoffice-kit webhook`.
 *
 * onOffice's webhook wire format is not officially documented: this follows what production providers receive
 * (GET with the signed service parameters — reference §4.9).
 *
 * @param url - the webhook URL as registered, e.g. `https://provider.example/webhooks/estate`.
 * @param params - the parameters onOffice sends: `customerWebId`, `userId`, `apiClaim`, the record (`estateId`, …) and yours.
 * @param secret - the provider secret.
 * @param opts - `now` (ms, default `Date.now`).
 * @example
 * ```ts
 * const req = await signWebhookRequest('https://provider.example/webhooks/estate',
 *   { customerWebId: '21', userId: '17', apiClaim: claim, estateId: 1 }, secret)
 * const res = await app.fetch(req)
 * ```
 */
export async function signWebhookRequest(
  url: string | URL,
  params: Readonly<Record<string, string | number | undefined>>,
  secret: string,
  opts: SignWebhookRequestOptions = {},
): Promise<Request> {
  if (typeof params !== 'object' || params === null)
    configError('signWebhookRequest', 'params', 'must be an object of parameter names to values')
  const u = new URL(toUrl('signWebhookRequest', url))
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    if (typeof value !== 'string' && typeof value !== 'number')
      configError('signWebhookRequest', `params.${key}`, 'must be a string or a number')
    u.searchParams.set(key, String(value))
  }
  const signed = await signUrl(u, secret, opts.now ? { now: opts.now } : {})
  return new Request(signed, { method: 'GET' })
}
