/**
 * The storage contract every backend implements: Cloudflare KV, Deno KV, Redis, the embedded file store
 * on Node and `memoryKv()`. Values are strings (the kit stores JSON); keys are arbitrary Unicode strings.
 * `kvContract()` in `onoffice-kit/testing` is the battery an implementation must pass.
 */
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
}

/** Options of a write. */
export interface KvPutOptions {
  /** Seconds until the value expires; omitted = never. Must be a positive integer. */
  ttlSec?: number
}
