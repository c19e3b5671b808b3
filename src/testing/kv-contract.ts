import type { KeyValue } from '../store/kv.ts'
import { KV_LIST_MAX_LIMIT } from '../store/kv-list.ts'

/** One case of the battery: a name for the runner and a function that throws when the backend breaks the contract. */
export interface KvContractCase {
  name: string
  run(): Promise<void>
}

/** Options of {@link kvContract}. */
export interface KvContractOptions {
  /**
   * Moves the backend's clock forward by `ms` (the `now` you passed to it). With it the TTL cases are exact
   * and instant. Without it, see `ttlRealWaitMs`.
   */
  advance?: (ms: number) => void | Promise<void>
  /** The smallest TTL the backend honours, in seconds (Cloudflare KV: 60). Default 1. */
  minTtlSec?: number
  /**
   * Without `advance`: really wait this long (must exceed `minTtlSec` × 1000) and expect the value gone.
   * Without both, the TTL case only checks that a TTL is accepted and the value is readable before it
   * expires — the right choice for Cloudflare KV, whose 60 s minimum is too long for a test.
   */
  ttlRealWaitMs?: number
  /** Size of the large-value case in bytes (ASCII). Default 512 KiB; Deno KV stores at most 64 KiB per value. */
  largeValueBytes?: number
  /**
   * Whether `putIfAbsent` is atomic (exactly one of concurrent callers wins). Default `true`; `false` for
   * Cloudflare KV, where it is best effort and the case only checks that a written value wins.
   */
  atomicPutIfAbsent?: boolean
  /** Number of concurrent writers in the concurrency cases. Default 8. */
  concurrency?: number
}

/**
 * The battery every {@link KeyValue} implementation must pass. Runner-agnostic: each case is a plain
 * async function that throws on a contract violation, so it runs under vitest (also inside workerd),
 * `Deno.test` and `node:test` alike. Every case calls `makeKv()` once and uses keys under a prefix unique
 * to this battery, so a shared backend (one Redis server) needs no cleanup between cases.
 *
 * Defaults: TTL checked only as "accepted" unless `advance` or `ttlRealWaitMs` is given; `minTtlSec` 1;
 * large value 512 KiB; `atomicPutIfAbsent` true; 8 concurrent writers.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest'
 * import { memoryKv } from 'onoffice-kit'
 * import { kvContract } from 'onoffice-kit/testing'
 *
 * let t = 0
 * describe('memoryKv', () => {
 *   for (const c of kvContract(() => memoryKv({ now: () => t }), { advance: (ms) => { t += ms } })) it(c.name, c.run)
 * })
 * ```
 */
export function kvContract(
  makeKv: () => KeyValue | Promise<KeyValue>,
  options: KvContractOptions = {},
): KvContractCase[] {
  const minTtlSec = options.minTtlSec ?? 1
  if (!Number.isInteger(minTtlSec) || minTtlSec < 1) {
    throw new TypeError(
      `kvContract: options.minTtlSec must be a positive integer (seconds), got ${String(options.minTtlSec)}`,
    )
  }
  if (options.ttlRealWaitMs !== undefined && !(options.ttlRealWaitMs > minTtlSec * 1000)) {
    throw new TypeError(
      `kvContract: options.ttlRealWaitMs must exceed minTtlSec × 1000 (${minTtlSec * 1000} ms) so the value has expired when checked`,
    )
  }
  const largeValueBytes = options.largeValueBytes ?? 512 * 1024
  if (!Number.isInteger(largeValueBytes) || largeValueBytes < 1) {
    throw new TypeError(
      `kvContract: options.largeValueBytes must be a positive integer, got ${String(options.largeValueBytes)}`,
    )
  }
  const concurrency = options.concurrency ?? 8
  if (!Number.isInteger(concurrency) || concurrency < 2) {
    throw new TypeError(
      `kvContract: options.concurrency must be an integer ≥ 2, got ${String(options.concurrency)}`,
    )
  }
  const atomic = options.atomicPutIfAbsent ?? true
  // A prefix per battery keeps runs on a shared server (or a persisted namespace) apart.
  const ns = `kv-contract:${Math.random().toString(36).slice(2, 10)}:`
  let seq = 0
  const key = (name: string) => `${ns}${seq++}:${name}`
  // Concurrent values stay well below every backend's value limit; distinct fill characters expose torn writes.
  const concurrentValueBytes = Math.min(largeValueBytes, 16 * 1024)
  const filled = (i: number) =>
    `${i}|` + String.fromCharCode(65 + (i % 26)).repeat(concurrentValueBytes)

  const cases: KvContractCase[] = [
    {
      name: 'get of an absent key is null',
      async run() {
        const kv = await makeKv()
        equal(await kv.get(key('never-written')), null, 'get(absent)')
      },
    },
    {
      name: 'put then get returns the value; delete removes it',
      async run() {
        const kv = await makeKv()
        const k = key('basic')
        await kv.put(k, '{"hello":"world"}')
        equal(await kv.get(k), '{"hello":"world"}', 'get after put')
        await kv.delete(k)
        equal(await kv.get(k), null, 'get after delete')
      },
    },
    {
      name: 'an empty string is a value, not absence',
      async run() {
        const kv = await makeKv()
        const k = key('empty')
        await kv.put(k, '')
        equal(await kv.get(k), '', 'get of empty value')
        equal(await kv.putIfAbsent(k, 'other', {}), false, 'putIfAbsent over an empty value')
      },
    },
    {
      name: 'put overwrites an existing value',
      async run() {
        const kv = await makeKv()
        const k = key('overwrite')
        await kv.put(k, 'first')
        await kv.put(k, 'second')
        equal(await kv.get(k), 'second', 'get after overwrite')
      },
    },
    {
      name: 'delete of an absent key resolves',
      async run() {
        const kv = await makeKv()
        const k = key('absent-delete')
        await kv.delete(k)
        await kv.delete(k)
        equal(await kv.get(k), null, 'get after deleting an absent key')
      },
    },
    {
      name: 'putIfAbsent writes once; after delete it writes again',
      async run() {
        const kv = await makeKv()
        const k = key('pia')
        equal(await kv.putIfAbsent(k, 'a', {}), true, 'first putIfAbsent')
        equal(await kv.get(k), 'a', 'value after first putIfAbsent')
        equal(await kv.putIfAbsent(k, 'b', {}), false, 'second putIfAbsent')
        equal(await kv.get(k), 'a', 'value after refused putIfAbsent')
        await kv.delete(k)
        equal(
          await kv.putIfAbsent(k, 'c', { ttlSec: minTtlSec * 10 }),
          true,
          'putIfAbsent after delete',
        )
        equal(await kv.get(k), 'c', 'value after putIfAbsent with ttl')
        const p = key('pia-over-put')
        await kv.put(p, 'x')
        equal(await kv.putIfAbsent(p, 'y', {}), false, 'putIfAbsent over a put value')
        equal(await kv.get(p), 'x', 'value kept')
      },
    },
    {
      name:
        options.advance || options.ttlRealWaitMs !== undefined
          ? 'ttl: a value expires and is no longer listed; a later put without ttl clears the ttl; putIfAbsent writes again after expiry'
          : `ttl: a ttl of ${minTtlSec} s is accepted and the value is readable and listed before it expires (expiry itself not observable here)`,
      async run() {
        const kv = await makeKv()
        const ttlSec = minTtlSec
        const listed = `${key('ttl-list')}/`
        const expiring = `${listed}expiring`
        const cleared = `${listed}cleared`
        const pia = key('ttl-pia')
        await kv.put(expiring, 'e', { ttlSec })
        await kv.put(cleared, 'c1', { ttlSec })
        await kv.put(cleared, 'c2')
        equal(await kv.putIfAbsent(pia, 'p1', { ttlSec }), true, 'putIfAbsent with ttl')
        equal(await kv.get(expiring), 'e', 'value before expiry')
        equal(await kv.get(pia), 'p1', 'putIfAbsent value before expiry')
        sameKeys(
          await listAll(kv, listed, 10),
          [cleared, expiring],
          `list(${JSON.stringify(listed)}) before expiry`,
        )
        if (options.advance) {
          await options.advance(Math.floor((ttlSec * 1000) / 2))
          equal(await kv.get(expiring), 'e', 'value halfway through its ttl')
          await options.advance(Math.ceil((ttlSec * 1000) / 2) + 1000)
        } else if (options.ttlRealWaitMs !== undefined) {
          await new Promise((resolve) => setTimeout(resolve, options.ttlRealWaitMs))
        } else {
          return
        }
        equal(await kv.get(expiring), null, 'value after its ttl')
        equal(await kv.get(cleared), 'c2', 'value whose ttl a plain put cleared')
        sameKeys(
          await listAll(kv, listed, 10),
          [cleared],
          `list(${JSON.stringify(listed)}) after expiry`,
        )
        equal(
          await kv.putIfAbsent(pia, 'p2', { ttlSec }),
          true,
          'putIfAbsent after the previous value expired',
        )
        equal(await kv.get(pia), 'p2', 'value of putIfAbsent after expiry')
      },
    },
    {
      name: `a large value (${largeValueBytes} bytes) round-trips unchanged`,
      async run() {
        const kv = await makeKv()
        const k = key('large')
        const unit = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ{}":,'
        const value = unit
          .repeat(Math.ceil(largeValueBytes / unit.length))
          .slice(0, largeValueBytes)
        await kv.put(k, value)
        equal(await kv.get(k), value, 'large value')
      },
    },
    {
      name: 'Unicode keys and values (umlauts, emoji, slashes, colons) are distinct and round-trip',
      async run() {
        const kv = await makeKv()
        // Keys differ only where a careless encoding (ASCII folding, URL-encoding, surrogate handling) would merge them.
        const base = key('unicode')
        const names = [
          'Grüße',
          'Gruße',
          'Gr??e',
          'u',
          'ü',
          '🏠',
          '🏡',
          'a/b',
          'a%2Fb',
          'a:b',
          'a_b',
          'a/b:c/ü 🔑',
          'installation:ABC-123',
        ]
        const entries = names.map((n, i) => [`${base}:${n}`, `wert-${i}-€-😀-ü`] as const)
        for (const [k, v] of entries) await kv.put(k, v)
        for (const [k, v] of entries) equal(await kv.get(k), v, `value under ${JSON.stringify(k)}`)
        const [first, ...rest] = entries
        if (!first) throw new Error('kvContract: no Unicode keys')
        await kv.delete(first[0])
        equal(await kv.get(first[0]), null, 'deleted Unicode key')
        for (const [k, v] of rest)
          equal(await kv.get(k), v, `value under ${JSON.stringify(k)} after deleting a sibling`)
      },
    },
    {
      name: 'list pages through the keys under a prefix: each key at least once, at most limit per page, no key outside the prefix',
      async run() {
        const kv = await makeKv()
        const base = key('list')
        // Glob characters in the prefix: a store that forwards it to a pattern matcher unescaped lists the decoys.
        const prefix = `${base}:g*?[ab]/`
        const inside = [
          ...Array.from({ length: 23 }, (_, i) => `${prefix}item-${String(i).padStart(2, '0')}`),
          `${prefix}Grüße`,
          `${prefix}🏠`,
          `${prefix}a/b:c`,
          `${prefix}`,
        ]
        const outside = [
          `${base}:g*?[ab]`,
          `${base}:gzzXa/1`,
          `${base}:g*?[ab]-sibling`,
          `${base}:G*?[ab]/upper`,
          `${base}`,
        ]
        for (const k of [...inside, ...outside]) await kv.put(k, 'v')
        for (const limit of [7, 1, KV_LIST_MAX_LIMIT]) {
          sameKeys(
            await listAll(kv, prefix, limit),
            inside,
            `list(${JSON.stringify(prefix)}, { limit: ${limit} })`,
          )
        }
        sameKeys(
          await listAll(kv, prefix, undefined),
          inside,
          `list(${JSON.stringify(prefix)}) with the default limit`,
        )
        sameKeys(
          await listAll(kv, `${base}:gzzXa/`, 5),
          [`${base}:gzzXa/1`],
          'list of a decoy prefix',
        )
      },
    },
    {
      name: 'list of a prefix nothing is under ends with no keys; deleted keys are not listed',
      async run() {
        const kv = await makeKv()
        const base = key('list-empty')
        sameKeys(await listAll(kv, `${base}/`, 3), [], 'list of an unused prefix')
        const keys = Array.from({ length: 5 }, (_, i) => `${base}/k${i}`)
        for (const k of keys) await kv.put(k, String(k.length))
        await kv.delete(keys[1] ?? '')
        await kv.delete(keys[3] ?? '')
        sameKeys(
          await listAll(kv, `${base}/`, 2),
          [keys[0], keys[2], keys[4]].filter((k) => k !== undefined),
          'list after deletes',
        )
      },
    },
    {
      name: 'list rejects a limit that is not an integer from 1 to 1000',
      async run() {
        const kv = await makeKv()
        for (const limit of [0, -1, 1.5, KV_LIST_MAX_LIMIT + 1, Number.NaN]) {
          let threw = false
          try {
            await kv.list(key('list-limit'), { limit })
          } catch (error) {
            threw = error instanceof RangeError && /options\.limit/.test(error.message)
            if (!threw)
              throw new Error(
                `kvContract: list with limit ${limit} failed, but not with a RangeError naming options.limit: ${String(error)}`,
              )
          }
          if (!threw)
            throw new Error(
              `kvContract: list accepted limit ${limit}; it must be an integer from 1 to ${KV_LIST_MAX_LIMIT}`,
            )
        }
      },
    },
    {
      name: 'concurrent writers to one key end in exactly one of the written values, never a torn one',
      async run() {
        const kv = await makeKv()
        for (let round = 0; round < 3; round++) {
          const k = key(`concurrent-${round}`)
          const values = Array.from({ length: concurrency }, (_, i) => filled(i))
          await Promise.all(values.map((v) => kv.put(k, v)))
          const final = await kv.get(k)
          if (final === null || !values.includes(final)) {
            throw new Error(
              `kvContract: after ${concurrency} concurrent puts the key holds ${describe(final)}, which none of the writers wrote`,
            )
          }
        }
      },
    },
    {
      name: atomic
        ? 'concurrent putIfAbsent on one key: exactly one caller wins and its value stays'
        : 'concurrent putIfAbsent on one key (best effort): at least one caller wins and a written value stays',
      async run() {
        const kv = await makeKv()
        for (let round = 0; round < 3; round++) {
          const k = key(`pia-race-${round}`)
          const values = Array.from({ length: concurrency }, (_, i) => filled(i))
          const won = await Promise.all(
            values.map((v) => kv.putIfAbsent(k, v, { ttlSec: minTtlSec * 10 })),
          )
          const winners = won.flatMap((w, i) => (w ? [i] : []))
          const final = await kv.get(k)
          if (atomic) {
            if (winners.length !== 1)
              throw new Error(
                `kvContract: ${winners.length} of ${concurrency} concurrent putIfAbsent calls returned true; exactly one must`,
              )
            equal(final, values[winners[0] ?? -1] ?? null, 'value of the single winner')
          } else {
            if (winners.length < 1)
              throw new Error(
                `kvContract: none of ${concurrency} concurrent putIfAbsent calls on an absent key returned true`,
              )
            if (final === null || !winners.some((i) => values[i] === final)) {
              throw new Error(
                `kvContract: after concurrent putIfAbsent the key holds ${describe(final)}, not a winner's value`,
              )
            }
          }
        }
      },
    },
  ]
  return cases
}

// Bounded: a store whose cursor never ends fails here instead of looping forever.
const MAX_LIST_PAGES = 1000

async function listAll(kv: KeyValue, prefix: string, limit: number | undefined): Promise<string[]> {
  const keys: string[] = []
  let cursor: string | null = null
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const result = await kv.list(prefix, limit === undefined ? { cursor } : { cursor, limit })
    if (!result || !Array.isArray(result.keys))
      throw new Error('kvContract: list must resolve { keys: string[], cursor }')
    const max = limit ?? 100
    if (result.keys.length > max)
      throw new Error(
        `kvContract: list returned ${result.keys.length} keys in one page; limit was ${max}`,
      )
    keys.push(...result.keys)
    if (result.cursor === null) return keys
    if (typeof result.cursor !== 'string')
      throw new Error(
        `kvContract: list cursor must be a string or null, got ${typeof result.cursor}`,
      )
    cursor = result.cursor
  }
  throw new Error(
    `kvContract: list(${JSON.stringify(prefix)}) did not end within ${MAX_LIST_PAGES} pages`,
  )
}

// Keys may repeat across pages (Redis SCAN), so compare as sets; a missing or foreign key is named.
function sameKeys(actual: string[], expected: string[], what: string): void {
  const got = new Set(actual)
  const want = new Set(expected)
  const missing = [...want].filter((k) => !got.has(k))
  const extra = [...got].filter((k) => !want.has(k))
  if (missing.length === 0 && extra.length === 0) return
  throw new Error(
    `kvContract: ${what}: missing ${JSON.stringify(missing.slice(0, 5))}, unexpected ${JSON.stringify(extra.slice(0, 5))}`,
  )
}

function equal(
  actual: string | boolean | null,
  expected: string | boolean | null,
  what: string,
): void {
  if (actual === expected) return
  throw new Error(`kvContract: ${what}: expected ${describe(expected)}, got ${describe(actual)}`)
}

// Large values would flood the runner's output; show their length and the first differing head only.
function describe(v: string | boolean | null): string {
  if (typeof v !== 'string') return String(v)
  if (v.length <= 80) return JSON.stringify(v)
  return `a ${v.length}-character string starting ${JSON.stringify(v.slice(0, 40))}`
}
