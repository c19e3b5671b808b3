import { toHex } from '../core/crypto.ts'
import type { KeyValue } from './kv.ts'

/**
 * A short per-record lease that stands in for the compare-and-set `KeyValue` lacks: every write of an
 * installation record (put, markBlocked, delete, rewrap) happens while its writer holds the record's lease,
 * so a rewrap never puts back content that a concurrent write replaced.
 *
 * Timing (real time, `Date.now`, independent of the store's injectable clock):
 * - a lease is taken with `putIfAbsent` and released by its holder right after its write (milliseconds);
 * - its holder writes only within {@link LEASE_WRITE_WITHIN_MS} of taking it, else it starts over (store writes)
 *   or gives the record up for this pass (rewrap);
 * - a lease older than {@link LEASE_VALID_MS} is stale (its holder crashed): a store write takes it over, a
 *   rewrap never does. The gap between the two bounds absorbs KV latency and clock skew between hosts.
 */
export const LEASE_VALID_MS = 15_000
/** A holder writes only this soon after taking its lease. */
export const LEASE_WRITE_WITHIN_MS = 5_000
/** KV expiry of a lease value, so a crashed holder's lease disappears (Cloudflare KV rounds it up to 60 s). */
const LEASE_TTL_SEC = Math.ceil(LEASE_VALID_MS / 1000)
/** Longest pause between two attempts of a waiting writer. */
const MAX_BACKOFF_MS = 50

/** A held lease. */
export interface RecordLease {
  /** Whether the holder may still write (it took the lease less than {@link LEASE_WRITE_WITHIN_MS} ago). */
  fresh(): boolean
  /** Removes the lease if it is still this holder's. */
  release(): Promise<void>
}

const LEASE_VALUE = /^lease:[0-9a-f]+:([0-9]{1,16})$/

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function leaseOf(kv: KeyValue, key: string, value: string, takenAt: number): RecordLease {
  return {
    fresh: () => Date.now() - takenAt < LEASE_WRITE_WITHIN_MS,
    async release() {
      // Only our own: after a stale takeover the key holds another writer's lease.
      if ((await kv.get(key)) === value) await kv.delete(key)
    },
  }
}

function newValue(takenAt: number): string {
  return `lease:${toHex(crypto.getRandomValues(new Uint8Array(8)))}:${takenAt + LEASE_VALID_MS}`
}

/**
 * Takes the lease under `key` if nobody holds it (one `putIfAbsent`); `null` when it is held, stale or not.
 * @example
 * const lease = await tryLease(kv, leaseKey)
 * if (lease) try { if (lease.fresh()) await kv.put(key, value) } finally { await lease.release() }
 */
export async function tryLease(kv: KeyValue, key: string): Promise<RecordLease | null> {
  const takenAt = Date.now()
  const value = newValue(takenAt)
  return (await kv.putIfAbsent(key, value, { ttlSec: LEASE_TTL_SEC }))
    ? leaseOf(kv, key, value, takenAt)
    : null
}

/**
 * Takes the lease under `key`, waiting (backoff 2 ms → 50 ms) while another holder has it, and taking over a
 * stale one (or one that is unreadable). Always returns: a crashed holder delays a write by at most
 * {@link LEASE_VALID_MS}.
 * @example
 * const lease = await takeLease(kv, leaseKey)
 * try { await kv.put(key, value) } finally { await lease.release() }
 */
export async function takeLease(kv: KeyValue, key: string): Promise<RecordLease> {
  for (let delay = 2; ; delay = Math.min(delay * 2, MAX_BACKOFF_MS)) {
    const lease = await tryLease(kv, key)
    if (lease) return lease
    const held = await kv.get(key)
    const until = held === null ? null : Number(LEASE_VALUE.exec(held)?.[1] ?? 0)
    const now = Date.now()
    if (until !== null && until <= now) {
      // Stale: its holder no longer writes (it checks `fresh()` first), so overwriting cannot race it.
      const value = newValue(now)
      await kv.put(key, value, { ttlSec: LEASE_TTL_SEC })
      return leaseOf(kv, key, value, now)
    }
    await sleep(delay)
  }
}
