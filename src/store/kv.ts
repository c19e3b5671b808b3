/**
 * The storage contract every backend implements: Cloudflare KV, Deno KV, Redis, the embedded file store
 * on Node and `memoryKv()`. Values are strings (the kit stores JSON); keys are arbitrary Unicode strings.
 * `kvContract()` in `onoffice-kit/testing` is the battery an implementation must pass.
 */
import { configError } from '../core/check.ts'
export interface KeyValue {
  /** The value under `key`, or `null` when absent or expired. */
  get(key: string): Promise<string | null>
  /** Writes `value` under `key`, replacing any value. `ttlSec` expires it (backends may round up to their minimum). */
  put(key: string, value: string, options?: KvPutOptions): Promise<void>
  /** Removes `key`; removing an absent key is not an error. */
  delete(key: string): Promise<void>
  /**
   * Writes `value` only when `key` holds nothing. Returns `true` when it wrote, `false` when a value was
   * already there. Atomic on Deno KV, Redis and the memory store; best effort on Cloudflare KV (see its docs).
   */
  putIfAbsent(key: string, value: string, options: KvPutOptions): Promise<boolean>
  /**
   * One page of the keys that start with `prefix` (keys only, not values). Pass the returned `cursor` to get
   * the next page; `cursor: null` means the listing is complete. A page holds at most `limit` keys and may
   * hold fewer — even none — before the end. Deleted and expired keys are not listed. Every key that exists
   * for the whole listing is returned at least once (Redis `SCAN` may repeat a key while its table resizes);
   * keys written or deleted during the listing may or may not appear. Order is the backend's.
   */
  list(prefix: string, options?: KvListOptions): Promise<KvListPage>
  /**
   * `'eventual'` for a store whose writes take a while to reach every reader, whose `putIfAbsent` is best effort
   * and which allows about one write per key per second (Cloudflare KV). Omitted = strongly consistent. The
   * installation store takes no per-record write leases on an eventual store (see `InstallationStore.rewrap`).
   */
  readonly consistency?: 'eventual'
}

/** Options of a write. */
export interface KvPutOptions {
  /** Seconds until the value expires; omitted = never. Must be a positive integer. */
  ttlSec?: number
}

/** Options of {@link KeyValue.list}. */
export interface KvListOptions {
  /** The `cursor` of the previous page; omitted or `null` = the first page. Opaque: pass it back unchanged. */
  cursor?: string | null
  /** The most keys one page holds, an integer 1–1000. Default 100. */
  limit?: number
}

/** One page of {@link KeyValue.list}. */
export interface KvListPage {
  /** Keys under the prefix (the full keys, prefix included). */
  keys: string[]
  /** Pass it as `options.cursor` for the next page; `null` when there are no more keys. */
  cursor: string | null
}

/**
 * `value` as a {@link KeyValue}, or an `OnOfficeConfigError` naming `option` (never the value): the one check of
 * every place that takes a store. `list` is required only where `needsList` says so (an older custom store may
 * lack it).
 * @example
 * ```ts
 * const kv = checkKeyValue('createLedger', 'kv', options.kv, { needsList: true })
 * ```
 */
export function checkKeyValue(
  where: string,
  option: string,
  value: unknown,
  opts: { needsList?: boolean } = {},
): KeyValue {
  const kv = value as Partial<KeyValue> | null | undefined
  const methods = opts.needsList ? KV_METHODS_WITH_LIST : KV_METHODS
  if (kv === null || typeof kv !== 'object' || methods.some((m) => typeof kv[m] !== 'function'))
    configError(
      where,
      option,
      `must be a KeyValue store (${methods.join(', ')}), e.g. memoryKv() or cloudflareKv(env.KV)`,
    )
  return kv as KeyValue
}

const KV_METHODS = ['get', 'put', 'delete', 'putIfAbsent'] as const
const KV_METHODS_WITH_LIST = [...KV_METHODS, 'list'] as const
