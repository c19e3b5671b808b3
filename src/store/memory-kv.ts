import { clock } from '../core/check.ts'
import type { KeyValue, KvListOptions, KvPutOptions } from './kv.ts'
import { resolveListOptions } from './kv-list.ts'
import { assertTtlSec } from './ttl.ts'

/** Options of {@link memoryKv}. */
export interface MemoryKvOptions {
  /** Clock in milliseconds, like `Date.now` (the default). Inject one in tests to expire values without waiting. */
  now?: () => number
}

interface Entry {
  value: string
  /** Unix ms at which the entry is gone; `null` = never. */
  expiresAt: number | null
}

// Expired entries are dropped when read; a sweep every so many writes bounds the memory of keys
// that are written once and never read again (replay-guard ids).
const SWEEP_EVERY_WRITES = 1000

/**
 * An in-memory {@link KeyValue}: for tests and single-process development only. Values live in this
 * isolate's memory, are lost on restart and are not shared between processes or Workers isolates — use
 * a real backend (`onoffice-kit/cloudflare`, `/deno-kv`, `/redis`, `/node`) in production.
 *
 * Semantics match the contract exactly: TTLs expire by the injected clock (a value is gone once
 * `now() >= writtenAt + ttlSec * 1000`), and `putIfAbsent` is atomic within the isolate (the check and
 * the write happen without an `await` in between).
 *
 * @param options - `now`: clock in ms (default `Date.now`).
 * @returns a fresh, empty store.
 * @throws {TypeError} when `options.now` is given and is not a function; each method throws a TypeError
 *   for a non-string key or value, or a `ttlSec` that is not a positive integer.
 * @example
 * let t = 0
 * const kv = memoryKv({ now: () => t })
 * await kv.put('a', '1', { ttlSec: 60 })
 * t += 60_000
 * await kv.get('a') // null
 * await kv.list('', { limit: 10 }) // { keys: [], cursor: null }
 */
export function memoryKv(options: MemoryKvOptions = {}): KeyValue {
  const now = clock('memoryKv', 'options.now', options.now)
  const entries = new Map<string, Entry>()
  let writes = 0

  const live = (key: string, at: number): Entry | undefined => {
    const entry = entries.get(key)
    if (entry && entry.expiresAt !== null && at >= entry.expiresAt) {
      entries.delete(key)
      return undefined
    }
    return entry
  }

  const write = (key: string, value: string, ttlSec: number | undefined, at: number): void => {
    entries.set(key, { value, expiresAt: ttlSec === undefined ? null : at + ttlSec * 1000 })
    if (++writes % SWEEP_EVERY_WRITES === 0) {
      for (const [k, e] of entries) if (e.expiresAt !== null && at >= e.expiresAt) entries.delete(k)
    }
  }

  return {
    async get(key) {
      assertKey(key, 'get')
      return live(key, now())?.value ?? null
    },
    async put(key, value, opts?: KvPutOptions) {
      assertKey(key, 'put')
      assertValue(value, 'put')
      assertTtlSec(opts?.ttlSec, 'memoryKv.put: options.ttlSec')
      write(key, value, opts?.ttlSec, now())
    },
    async delete(key) {
      assertKey(key, 'delete')
      entries.delete(key)
    },
    async putIfAbsent(key, value, opts: KvPutOptions) {
      assertKey(key, 'putIfAbsent')
      assertValue(value, 'putIfAbsent')
      assertTtlSec(opts?.ttlSec, 'memoryKv.putIfAbsent: options.ttlSec')
      const at = now()
      // No await between the check and the write: atomic within the isolate.
      if (live(key, at)) return false
      write(key, value, opts?.ttlSec, at)
      return true
    },
    async list(prefix, opts?: KvListOptions) {
      const { cursor, limit } = resolveListOptions(prefix, opts, 'memoryKv.list')
      const at = now()
      // The cursor is the last key of the previous page: keys sort by UTF-16 code units, so "after it" is exact.
      const keys: string[] = []
      for (const k of entries.keys()) {
        if (k.startsWith(prefix) && (cursor === null || k > cursor) && live(k, at)) keys.push(k)
      }
      keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      const page = keys.slice(0, limit)
      return { keys: page, cursor: keys.length > limit ? (page.at(-1) ?? null) : null }
    },
  }
}

function assertKey(key: unknown, method: string): asserts key is string {
  if (typeof key !== 'string')
    throw new TypeError(`memoryKv.${method}: key must be a string (got ${typeof key})`)
}

function assertValue(value: unknown, method: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new TypeError(
      `memoryKv.${method}: value must be a string (got ${typeof value}); store JSON.stringify(...) for objects`,
    )
  }
}
