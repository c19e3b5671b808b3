/** Public types of the onOffice client. */
import type { ActionKind } from './actions.ts'
import type { BreakerOptions } from './breaker.ts'
import type { ResponseCache } from './cache.ts'
import type { OnOfficeError } from './errors.ts'
import type { FieldCacheOptions } from './fields/cache.ts'
import type { RateLimit } from './limiter.ts'
import type { TracerLike } from './telemetry.ts'

/** One onOffice action, as `call` and `batch` take it. */
export interface ActionInput {
  kind: ActionKind
  resourcetype: string
  parameters?: Record<string, unknown>
  /** Record id (or a module name for some calls); sent as a string, `""` when absent. */
  resourceid?: string | number
  /** Free label onOffice echoes in the result; `""` when absent. */
  identifier?: string
  /**
   * The response cache for this call (see `ClientOptions.cache`): `'default'` follows the client's
   * `cacheReads`; `'no-store'` neither reads nor stores; `'reload'` skips the cached value and stores the
   * fresh one; `'force-cache'` caches this read even when its resourcetype is not in `cacheReads`.
   */
  cache?: CacheMode
  /**
   * Aborts the call while it still waits for a free slot (see `maxConcurrentPerCustomer`): it then rejects
   * with the signal's reason and is never sent. Once sent, a call runs to its end.
   */
  signal?: AbortSignal
}

/** How one call uses the response cache. */
export type CacheMode = 'default' | 'no-store' | 'reload' | 'force-cache'

/** Extra fields of the action besides `parameters`. */
export interface ActionOptions {
  resourceid?: string | number
  identifier?: string
  cache?: CacheMode
  signal?: AbortSignal
}

/** The `elements` of a record in its usual shape: field name → value. */
export type ElementsObject = Record<string, unknown>

/**
 * The `elements` of a record as onOffice sent them: an object of field → value for most resources (estate,
 * address, user, fields, …), a list of objects for the resources that answer one record holding many items
 * (`get estateCategories`, `estatepictures`, `get file`). A list stays a list, in order. PHP encodes an empty
 * array as `[]`, so "no elements" arrives as `[]` and is given as `{}`; non-object items of a list are dropped.
 */
export type OnOfficeElements = ElementsObject | ElementsObject[]

/**
 * One record of a result. `id` is a number for most resources, a string for some (`fields`: the module name),
 * `''` when onOffice sent none. `elements` is an object or — for list-shaped resources — a list of objects
 * (see {@link OnOfficeElements}); the typed helpers (`estates`, `addresses`, `BoundEstate`) give the object shape.
 * Unknown fields of the record are kept at run time.
 * @example
 * ```ts
 * const { records } = await client.get('estateCategories', {})
 * for (const r of records) if (Array.isArray(r.elements)) console.log(r.elements.length, 'categories')
 * ```
 */
export interface OnOfficeRecord<E extends OnOfficeElements = OnOfficeElements> {
  id: number | string
  type: string | null
  elements: E
}

/** The successful result of one action. */
export interface ActionResult<E extends OnOfficeElements = OnOfficeElements> {
  /**
   * The records, in onOffice's order. Skipped (never an error): items that are not objects (PHP's `[]` for an
   * empty record, `null`, scalars) and records without `elements` (absent, `null` or a scalar).
   */
  records: OnOfficeRecord<E>[]
  /** Total count of a list read (`data.meta.cntabsolute`); `null` for get/do calls. */
  cntabsolute: number | null
  status: { errorcode: number; message: string }
}

/** One settled action of `batch`. */
export type Settled =
  | { ok: true; value: ActionResult; cacheable?: boolean }
  | { ok: false; error: OnOfficeError }

/** The request body as the `onRequest` hook sees it: token, hmac and extendedclaim are `'[redacted]'`. */
export interface OnOfficeRequestEvent {
  endpoint: string
  /** 1 for the first try, 2… for retries. */
  attempt: number
  actions: Array<{ kind: ActionKind; resourcetype: string; resourceid: string; identifier: string }>
  body: Record<string, unknown>
}

/** What the `onResponse` hook sees after each HTTP attempt. */
export interface OnOfficeResponseEvent {
  endpoint: string
  attempt: number
  durationMs: number
  /** HTTP status, absent on a network error or timeout. */
  status?: number
  /** Parsed response body (redacted), absent when it was not JSON. */
  body?: unknown
  /** Set when the attempt failed as a whole (transport or unparseable body). */
  error?: OnOfficeError
}

/** Options shared by {@link createClient} and `createProviderClient`. */
export interface ClientOptions {
  /** API token of the API user: 32 characters. */
  token: string
  /** API secret of the API user (the "API key" pasted at activation): 64 characters. */
  secret: string
  /** Default `'stable'`. */
  apiVersion?: 'stable' | 'latest'
  /** Full URL of api.php; default `https://api.onoffice.de/api/{apiVersion}/api.php`. */
  endpoint?: string
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** Per HTTP attempt; default 30 000 ms. */
  timeoutMs?: number
  /** Extra attempts for read/get (network, timeout, 5xx, error 136); default 2. */
  retries?: number
  /** Base delay before a retry after a transport failure, doubled per attempt; default 200 ms. 136 retries go at once. */
  retryDelayMs?: number
  /** Actions per HTTP request (onOffice documents no limit); default 100. */
  maxActionsPerRequest?: number
  /** Collect calls of the same tick into one request; default `true`. */
  microBatching?: boolean
  /** Clock in milliseconds; default `Date.now`. */
  now?: () => number
  onRequest?: (event: OnOfficeRequestEvent) => void
  onResponse?: (event: OnOfficeResponseEvent) => void
  /** An apiClaim sent as `parameters.extendedclaim` on every action; same as `.withClaim(claim)`. */
  claim?: string
  /**
   * Cache of the field configuration (`fields.get`): default in this client's memory for 3600 s, keyed by a
   * hash of the token. Pass `{ kv, customer: customerWebId, ttlSec }` to share it; `false` turns it off.
   */
  fieldCache?: FieldCacheOptions | false
  /** The user the `claim` belongs to; scopes cached reads to that user (`withClaim(claim, { userId })`). */
  userId?: string
  /**
   * The customer this API user belongs to. Scopes the response cache and the per-customer limits; without
   * it a hash of the API token does (one token belongs to one customer).
   */
  customerWebId?: string
  /**
   * Response cache: `kvCache(kv, { ttlSec })` or `cacheApi(caches.default)`. Only `read`/`get` results that
   * onOffice marked `cacheable` and that carry no error are stored; a write (`create/modify/delete/do`) on a
   * resourcetype invalidates this customer's cached reads of it. Calls with a claim are cached only when the
   * client knows the claim's `userId`, and never shared across customers or users. Default: none.
   */
  cache?: ResponseCache
  /**
   * Which reads the cache serves: `'safe'` (default) — the field configuration (`get fields`) and the basic
   * settings (`read basicsettings`), which change rarely and are the same for every user of a customer with
   * the same rights; `'all'` — every cacheable read/get. Per call, `cache: 'force-cache'` opts one read in.
   */
  cacheReads?: 'safe' | 'all'
  /**
   * HTTP requests in flight per customer (shared by every client of that customer in this isolate), so one
   * customer's burst cannot starve the others. Queued requests start in order. Default 4.
   */
  maxConcurrentPerCustomer?: number
  /** Optional token bucket per customer (shared in this isolate): `{ perSec, burst? }`. Default none. */
  ratePerCustomer?: RateLimit
  /**
   * A circuit breaker per endpoint (shared in this isolate): after `failureThreshold` consecutive transport
   * failures or 5xx it fails fast with an `OnOfficeTransportError` of kind `'circuit_open'` (with `retryAt`)
   * for `openMs`, then lets one trial through. Default off; `{}` = 5 failures, 30 000 ms.
   */
  circuitBreaker?: BreakerOptions | false
  /** The longest `Retry-After` (HTTP 429/503) a read waits for before its retry; longer → fails. Default 10 000 ms. */
  maxRetryAfterMs?: number
  /** An OpenTelemetry tracer (`trace.getTracer('onoffice-kit')` from `@opentelemetry/api`): spans per request and action. */
  tracer?: TracerLike
}
