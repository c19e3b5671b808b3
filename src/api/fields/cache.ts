/**
 * The field configuration cache: a small, self-contained piece (one KV read for the generation, one for the
 * entry) that a general response cache can absorb. onOffice: the `fields` call "may take several seconds" —
 * keep it cached (reference §3.4).
 */
import { configError } from '../../core/check.ts'
import { checkKeyValue, type KeyValue } from '../../store/kv.ts'
import { memoryKv } from '../../store/memory-kv.ts'
import { tokenScope } from '../cache.ts'

/** Options of the field configuration cache (`createClient({ fieldCache })`). */
export interface FieldCacheOptions {
  /**
   * Where configurations are kept. Default: an in-memory store of this client (and of the clients `withClaim`
   * derives from it). Pass your installation KV (Cloudflare KV, Deno KV, Redis, …) to share it across isolates.
   */
  kv?: KeyValue
  /** Seconds a configuration is served from the cache. Default 3600 (1 h). */
  ttlSec?: number
  /**
   * Whose configuration this is: the `customerWebId`. Default: derived from the API token (SHA-256, never the
   * token itself) — an API user belongs to exactly one customer.
   */
  customer?: string
}

/** Default seconds a field configuration is cached. */
export const DEFAULT_FIELD_CACHE_TTL_SEC = 3600

const PREFIX = 'onoffice-kit:fields:v1'

/**
 * A KV-backed cache with single-flight loads. Keys:
 * - entry `onoffice-kit:fields:v1:<scope>:<generation>:<request>` — `scope` is `customer:<customerWebId>` or
 *   `t:<first 32 hex of SHA-256(token)>`; `generation` the customer's current generation; `request` the
 *   canonical JSON of the `get` / `fields` parameters (modules and fieldList sorted, language upper-cased; the
 *   claim is never part of it: the configuration belongs to the customer, not to a user's claim);
 * - generation `onoffice-kit:fields:v1:<scope>:gen` — a random id written by `invalidate`, with the same TTL,
 *   so every entry of an older generation is unreachable at once and can never come back.
 * Concurrent `get`s of the same key share one `load`.
 */
export interface FieldConfigCache {
  get<T>(scope: string, request: string, load: () => Promise<T>): Promise<T>
  invalidate(scope: string): Promise<void>
}

/** @internal Builds the cache; `options` validated here (messages name the option). */
export function fieldConfigCache(
  options: FieldCacheOptions | undefined,
  now: () => number,
  where = 'createClient',
): FieldConfigCache {
  const opts = options ?? {}
  if (typeof opts !== 'object' || opts === null)
    configError(
      where,
      'options.fieldCache',
      'must be an object { kv?, ttlSec?, customer? } or false',
    )
  const kv =
    opts.kv === undefined
      ? memoryKv({ now })
      : checkKeyValue(where, 'options.fieldCache.kv', opts.kv)
  const ttlSec = opts.ttlSec ?? DEFAULT_FIELD_CACHE_TTL_SEC
  if (typeof ttlSec !== 'number' || !Number.isInteger(ttlSec) || ttlSec <= 0)
    configError(where, 'options.fieldCache.ttlSec', 'must be a positive integer number of seconds')
  if (opts.customer !== undefined && (typeof opts.customer !== 'string' || opts.customer === ''))
    configError(
      where,
      'options.fieldCache.customer',
      'must be a non-empty string (the customerWebId)',
    )
  const inflight = new Map<string, Promise<unknown>>()
  // A KV outage must not stop the configuration from loading: the cache is then skipped.
  const read = (key: string) => kv.get(key).catch(() => null)

  return {
    get<T>(scope: string, request: string, load: () => Promise<T>): Promise<T> {
      const flightKey = `${scope}\u0000${request}`
      const running = inflight.get(flightKey)
      if (running) return running as Promise<T>
      const run = (async () => {
        const generation = (await read(`${PREFIX}:${scope}:gen`)) ?? '0'
        const key = `${PREFIX}:${scope}:${generation}:${request}`
        const hit = await read(key)
        if (hit !== null) {
          try {
            return JSON.parse(hit) as T
          } catch {
            // A damaged entry is a miss.
          }
        }
        const value = await load()
        await kv.put(key, JSON.stringify(value), { ttlSec }).catch(() => {})
        return value
      })()
      inflight.set(flightKey, run)
      const done = () => {
        if (inflight.get(flightKey) === run) inflight.delete(flightKey)
      }
      run.then(done, done)
      return run
    },
    async invalidate(scope) {
      for (const key of [...inflight.keys()])
        if (key.startsWith(`${scope}\u0000`)) inflight.delete(key)
      await kv.put(`${PREFIX}:${scope}:gen`, crypto.randomUUID(), { ttlSec })
    },
  }
}

/** @internal The cache scope of a client: `customer:<id>` or a SHA-256 prefix of the token. */
export function cacheScope(customer: string | undefined, token: string): Promise<string> {
  return customer !== undefined ? Promise.resolve(`customer:${customer}`) : tokenScope(token)
}
