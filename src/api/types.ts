/** Public types of the onOffice client. */
import type { ActionKind } from './actions.ts'
import type { OnOfficeError } from './errors.ts'
import type { FieldCacheOptions } from './fields/cache.ts'

/** One onOffice action, as `call` and `batch` take it. */
export interface ActionInput {
  kind: ActionKind
  resourcetype: string
  parameters?: Record<string, unknown>
  /** Record id (or a module name for some calls); sent as a string, `""` when absent. */
  resourceid?: string | number
  /** Free label onOffice echoes in the result; `""` when absent. */
  identifier?: string
}

/** Extra fields of the action besides `parameters`. */
export interface ActionOptions {
  resourceid?: string | number
  identifier?: string
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
export type Settled = { ok: true; value: ActionResult } | { ok: false; error: OnOfficeError }

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
}
