import { toHex } from '../core/crypto.ts'
import { checkKeyValue, type KeyValue } from './kv.ts'
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
  checkKeyValue('replayGuard', 'kv', kv)
  if (!options || typeof options.prefix !== 'string' || options.prefix === '') {
    throw new TypeError(
      'replayGuard: options.prefix must be a non-empty string, so ids of different guards never collide',
    )
  }
  if (options.ttlSec === undefined)
    throw new TypeError('replayGuard: options.ttlSec is required (seconds to remember an id)')
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

/** Options of {@link exactlyOnce}. */
export interface ExactlyOnceOptions {
  /** Key prefix that namespaces this guard's ids in the KV. Required, non-empty. */
  prefix: string
  /** How long a finished id is remembered, in seconds (positive integer). */
  ttlSec: number
  /** How long a started run holds its `processing` mark before another may take over (a crashed run). Default 60. */
  leaseSec?: number
}

/** What {@link ExactlyOnce.begin} found. */
export type ExactlyOnceClaim =
  /** This caller holds the `processing` lease: run the work, then `done()` on success or `release()` on failure. */
  | { state: 'claimed'; done(): Promise<void>; release(): Promise<void> }
  /** Another run holds the lease right now: try again in a few seconds. */
  | { state: 'processing' }
  /** The work finished successfully before. */
  | { state: 'done' }

/** Runs work for an id to success exactly once, across concurrent deliveries and failures. */
export interface ExactlyOnce {
  /** Claims `id` (a non-empty string); a failing KV rejects (answer 5xx so the sender retries). */
  begin(id: string): Promise<ExactlyOnceClaim>
}

const PROCESSING = 'processing:'
const DONE = 'done'

/**
 * Exactly-once processing on a {@link KeyValue}: `begin(id)` writes a `processing` mark with a lease
 * (`putIfAbsent`, so one of several concurrent deliveries wins), the winner runs the work and marks it `done`
 * after success or releases the mark after a failure, so the next delivery processes it. A run that crashes
 * loses its lease after `leaseSec`. Atomic where `putIfAbsent` is (Deno KV, Redis, the memory store; best
 * effort on Cloudflare KV — use the Durable Object store for payments there, `onceKv`). A value written by
 * {@link replayGuard} under the same key counts as done.
 *
 * @param kv - the store.
 * @param options - `prefix` (required), `ttlSec` (required: how long `done` is remembered), `leaseSec` (default 60).
 * @throws {TypeError} at construction for a missing KV, an empty prefix or a TTL that is not a positive integer.
 * @example
 * const once = exactlyOnce(kv, { prefix: 'payment:', ttlSec: 90 * 24 * 3600 })
 * const claim = await once.begin(`${transactionId}:${status}`)
 * if (claim.state === 'claimed') {
 *   try { await fulfil(transactionId); await claim.done() } catch (err) { await claim.release(); throw err }
 * }
 */
export function exactlyOnce(kv: KeyValue, options: ExactlyOnceOptions): ExactlyOnce {
  checkKeyValue('exactlyOnce', 'kv', kv)
  if (!options || typeof options.prefix !== 'string' || options.prefix === '') {
    throw new TypeError(
      'exactlyOnce: options.prefix must be a non-empty string, so ids of different guards never collide',
    )
  }
  if (options.ttlSec === undefined)
    throw new TypeError(
      'exactlyOnce: options.ttlSec is required (seconds to remember a finished id)',
    )
  assertTtlSec(options.ttlSec, 'exactlyOnce: options.ttlSec')
  assertTtlSec(options.leaseSec, 'exactlyOnce: options.leaseSec')
  const { prefix, ttlSec } = options
  const leaseSec = options.leaseSec ?? 60
  return {
    async begin(id) {
      if (typeof id !== 'string' || id === '')
        throw new TypeError('exactlyOnce.begin: id must be a non-empty string')
      const key = prefix + id
      const mark = PROCESSING + toHex(crypto.getRandomValues(new Uint8Array(12)))
      // Twice: a mark released (or expired) between putIfAbsent and get leaves the id free again.
      for (let attempt = 0; attempt < 2; attempt++) {
        if (await kv.putIfAbsent(key, mark, { ttlSec: leaseSec })) {
          return {
            state: 'claimed',
            done: () => kv.put(key, DONE, { ttlSec }),
            async release() {
              // Only our own mark: after a lost lease another run may hold the id.
              if ((await kv.get(key)) === mark) await kv.delete(key)
            },
          }
        }
        const found = await kv.get(key)
        if (found === null) continue
        return found.startsWith(PROCESSING) ? { state: 'processing' } : { state: 'done' }
      }
      return { state: 'processing' }
    },
  }
}
