/**
 * The response cache: stores successful `read`/`get` results onOffice marked `cacheable` (reference §2.1),
 * partitioned so that no customer or user ever sees another's data.
 *
 * A key is the SHA-256 of the **unsigned** action (kind, resourcetype, resourceid, parameters in canonical
 * order, without `extendedclaim`), the scope (the customer: `customerWebId` or, without it, a hash of the API
 * token; the user the claim belongs to: `userId`), the API endpoint (which names the version) and the
 * generation of that customer's resourcetype. A write on a resourcetype bumps its generation, so every read
 * of it cached before the write is never served again (and expires by TTL).
 */
import { checkKeyValue, type KeyValue } from '../store/kv.ts'
import { canonical } from '../core/json.ts'
import { toHex } from '../core/crypto.ts'

/** What the cache keeps of a result. */
export interface CachedValue {
  /** The result as JSON (records, cntabsolute, status). */
  json: string
  /** When it was stored (ms). */
  storedAt: number
}

/** A backend for {@link ResponseCache}: `kvCache(kv)` or `cacheApi(caches.default)`. */
export interface ResponseCache {
  /** Fresh for this long (seconds). */
  readonly ttlSec: number
  /** Served stale for this long after `ttlSec` while one refresh runs (seconds, 0 = off). */
  readonly swrSec: number
  get(key: string): Promise<CachedValue | null>
  put(key: string, value: CachedValue): Promise<void>
  /** The current generation token of a scope (`''` when none was written). */
  generation(scope: string): Promise<string>
  /** Starts a new generation for a scope: everything cached under the old one is never served again. */
  bump(scope: string): Promise<void>
}

/** Options of {@link kvCache} and {@link cacheApi}. */
export interface ResponseCacheOptions {
  /** Seconds a result is fresh. Default 300. */
  ttlSec?: number
  /** Seconds a stale result may still be served while it is refreshed in the background. Default 0 (off). */
  swrSec?: number
}

/** How long a generation token outlives the results it guards (they cannot outlive ttl + swr). */
const GENERATION_TTL_SEC = 7 * 24 * 3600

function checkTimes(what: string, o: ResponseCacheOptions): { ttlSec: number; swrSec: number } {
  const ttlSec = o.ttlSec ?? 300
  const swrSec = o.swrSec ?? 0
  if (!Number.isInteger(ttlSec) || ttlSec < 1)
    throw new TypeError(`${what}: options.ttlSec must be an integer ≥ 1 (seconds)`)
  if (!Number.isInteger(swrSec) || swrSec < 0)
    throw new TypeError(`${what}: options.swrSec must be an integer ≥ 0 (seconds)`)
  return { ttlSec, swrSec }
}

function newGeneration(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(8)))
}

function parseValue(raw: string | null): CachedValue | null {
  if (raw === null) return null
  try {
    const v = JSON.parse(raw) as Partial<CachedValue>
    return typeof v.json === 'string' && typeof v.storedAt === 'number'
      ? { json: v.json, storedAt: v.storedAt }
      : null
  } catch {
    return null
  }
}

/**
 * A response cache in any {@link KeyValue} (Cloudflare KV, Deno KV, Redis, memory, …).
 *
 * @param kv - where results are kept (under `oo:cache:`).
 * @param options - `ttlSec` (300), `swrSec` (0).
 * @example
 * ```ts
 * const client = createClient({ token, secret, customerWebId, cache: kvCache(memoryKv(), { ttlSec: 600 }) })
 * ```
 */
export function kvCache(kv: KeyValue, options: ResponseCacheOptions = {}): ResponseCache {
  checkKeyValue('kvCache', 'kv', kv)
  const { ttlSec, swrSec } = checkTimes('kvCache', options)
  return {
    ttlSec,
    swrSec,
    get: async (key) => parseValue(await kv.get(`oo:cache:r:${key}`)),
    put: (key, value) =>
      kv.put(`oo:cache:r:${key}`, JSON.stringify(value), { ttlSec: ttlSec + swrSec }),
    generation: async (scope) => (await kv.get(`oo:cache:g:${scope}`)) ?? '',
    bump: (scope) => kv.put(`oo:cache:g:${scope}`, newGeneration(), { ttlSec: GENERATION_TTL_SEC }),
  }
}

/** The part of the Workers Cache API (`caches.default`) that {@link cacheApi} uses. */
export interface CacheLike {
  match(request: Request | string): Promise<Response | undefined>
  put(request: Request | string, response: Response): Promise<void>
}

/**
 * A response cache in the Workers Cache API (`caches.default`): per data centre, free, not shared across
 * the world like KV. Entries are stored under a synthetic URL that never leaves the Worker.
 *
 * @param cache - `caches.default` or `await caches.open('onoffice')`.
 * @param options - `ttlSec` (300), `swrSec` (0).
 * @example
 * ```ts
 * onOffice({ …, cache: cacheApi(caches.default, { ttlSec: 300 }) })
 * ```
 */
export function cacheApi(cache: CacheLike, options: ResponseCacheOptions = {}): ResponseCache {
  if (!cache || typeof cache.match !== 'function' || typeof cache.put !== 'function') {
    throw new TypeError('cacheApi: cache must be a Cache (caches.default)')
  }
  const { ttlSec, swrSec } = checkTimes('cacheApi', options)
  const url = (kind: string, key: string) =>
    `https://onoffice-kit.cache.invalid/${kind}/${encodeURIComponent(key)}`
  const store = (u: string, body: string, seconds: number) =>
    cache.put(
      u,
      new Response(body, {
        headers: { 'cache-control': `max-age=${seconds}`, 'content-type': 'application/json' },
      }),
    )
  const read = async (u: string) => {
    const res = await cache.match(u)
    return res ? res.text() : null
  }
  return {
    ttlSec,
    swrSec,
    get: async (key) => parseValue(await read(url('r', key))),
    put: (key, value) => store(url('r', key), JSON.stringify(value), ttlSec + swrSec),
    generation: async (scope) => (await read(url('g', scope))) ?? '',
    bump: (scope) => store(url('g', scope), newGeneration(), GENERATION_TTL_SEC),
  }
}

/**
 * Whose cache entries a client without a known `customerWebId` reads and writes: a SHA-256 prefix of its API
 * token (never the token itself) — an API user belongs to exactly one customer.
 */
export async function tokenScope(token: string): Promise<string> {
  return `t:${(await sha256Hex(token)).slice(0, 32)}`
}

/** Lower-case hex SHA-256 of a text (UTF-8). */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))),
  )
}

/** Who a cached result belongs to. */
export interface CacheScope {
  /** The customer: `customerWebId`, or `t:` + a hash of the API token when the client was not told it. */
  customer: string
  /** The user whose claim the call carries; `''` for calls without a claim (the API user's own rights). */
  user: string
}

/** The generation scope of a customer's resourcetype (case-folded: onOffice's resourcetypes are case-insensitive). */
export function generationScope(customer: string, resourcetype: string): string {
  return `${customer.length}:${customer}:${resourcetype.toLowerCase()}`
}

/** The cache key of an unsigned action in a scope and generation. */
export function cacheKey(
  action: {
    kind: string
    resourcetype: string
    resourceid: string
    parameters: Record<string, unknown>
  },
  scope: CacheScope,
  endpoint: string,
  generation: string,
): Promise<string> {
  const { extendedclaim: _claim, ...parameters } = action.parameters
  return sha256Hex(
    canonical([
      endpoint,
      scope.customer,
      scope.user,
      generation,
      action.kind,
      action.resourcetype.toLowerCase(),
      action.resourceid,
      parameters,
    ]),
  )
}
