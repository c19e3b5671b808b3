import type { KeyValue } from './kv.ts'
import { assertTtlSec } from './ttl.ts'

/** Options of {@link replayGuard}. */
export interface ReplayGuardOptions {
  /** Key prefix that namespaces this guard's ids in the KV, e.g. `'callback:tx:'`. Required, non-empty. */
  prefix: string
  /** How long an id is remembered, in seconds (positive integer). Choose it longer than any retry window. */
  ttlSec: number
}

/** Remembers ids for a while, to make a handler idempotent. */
export interface ReplayGuard {
  /**
   * `true` the first time `id` is seen within `ttlSec`, `false` on every later call. Throws a TypeError
   * for an empty id; a failing KV rejects (the caller should answer 5xx so the sender retries).
   */
  firstSeen(id: string): Promise<boolean>
}

/**
 * A replay guard on top of a {@link KeyValue}: `firstSeen(id)` claims `prefix + id` with `putIfAbsent`,
 * so exactly one of several concurrent deliveries of the same id proceeds (atomic on Deno KV, Redis and
 * the memory store; best effort on Cloudflare KV). Used to process each payment callback once per
 * `transactionid`.
 *
 * @param kv - the store to remember ids in.
 * @param options - `prefix` (required, non-empty) and `ttlSec` (required, positive integer).
 * @throws {TypeError} at construction when `kv` is not a KeyValue, `prefix` is empty or `ttlSec` is not a positive integer.
 * @example
 * const seen = replayGuard(kv, { prefix: 'callback:tx:', ttlSec: 7 * 24 * 3600 })
 * if (!(await seen.firstSeen(transactionId))) return c.text('already processed')
 */
export function replayGuard(kv: KeyValue, options: ReplayGuardOptions): ReplayGuard {
  if (!kv || typeof kv.putIfAbsent !== 'function') {
    throw new TypeError('replayGuard: kv must be a KeyValue (an object with putIfAbsent)')
  }
  if (!options || typeof options.prefix !== 'string' || options.prefix === '') {
    throw new TypeError('replayGuard: options.prefix must be a non-empty string, so ids of different guards never collide')
  }
  if (options.ttlSec === undefined) throw new TypeError('replayGuard: options.ttlSec is required (seconds to remember an id)')
  assertTtlSec(options.ttlSec, 'replayGuard: options.ttlSec')
  const { prefix, ttlSec } = options
  return {
    firstSeen(id) {
      if (typeof id !== 'string' || id === '') {
        return Promise.reject(new TypeError('replayGuard.firstSeen: id must be a non-empty string'))
      }
      return kv.putIfAbsent(prefix + id, '1', { ttlSec })
    },
  }
}
