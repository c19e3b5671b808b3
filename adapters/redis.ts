/**
 * `onoffice-kit/redis`: the {@link KeyValue} store on Redis (or Valkey, KeyDB, Dragonfly) — for Node
 * deployments that outgrow one machine.
 * @module
 */
import type { KeyValue, KvPutOptions } from '../src/store/kv.ts'
import { resolveListOptions } from '../src/store/kv-list.ts'
import { assertTtlSec } from '../src/store/ttl.ts'

/**
 * The part of a Redis client this adapter uses: the `redis` npm client (v4 and later) fits as is.
 * For ioredis, see {@link redisKv}'s docs for a four-line wrapper.
 */
export interface RedisClientLike {
  get(key: string): Promise<string | null>
  /** `SET key value [EX seconds] [NX]`; resolves `null` when `NX` refused the write. */
  set(key: string, value: string, options?: { NX?: boolean; EX?: number }): Promise<string | null>
  del(key: string): Promise<number>
  /** `SCAN cursor MATCH pattern COUNT n`; the `redis` package (v5 and later) resolves `{ cursor, keys }`. */
  scan(
    cursor: string,
    options: { MATCH: string; COUNT: number },
  ): Promise<{ cursor: string | number; keys: string[] }>
}

// SCAN rounds one list() call makes at most before it returns a (possibly empty) page with a cursor.
const SCAN_ROUNDS_PER_PAGE = 16
// SCAN's COUNT is a hint of slots to visit, not of matches; visiting more per round means fewer round trips.
const SCAN_COUNT_MIN = 100

/** Options of {@link redisKv}. */
export interface RedisKvOptions {
  /** Prepended to every key, so the kit can share a database. Default `'onoffice-kit:'`. */
  prefix?: string
}

/**
 * A {@link KeyValue} on Redis. `putIfAbsent` is `SET key value NX EX ttl` — atomic on the server, so
 * replay protection is exact across any number of app instances. `list(prefix)` is `SCAN … MATCH prefix*`:
 * unordered, and a key may be listed twice while Redis resizes its table (the contract allows both). TTLs are whole seconds. The client must already be connected (`await client.connect()` for the `redis` package).
 *
 * Defaults: `prefix` `'onoffice-kit:'`.
 *
 * @param client a connected `redis` client (`createClient({ url })`), or any client shaped like {@link RedisClientLike}
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * import { redisKv } from 'onoffice-kit/redis'
 *
 * const client = await createClient({ url: process.env.REDIS_URL }).connect()
 * const kv = redisKv(client)
 * ```
 * @example ioredis
 * ```ts
 * import Redis from 'ioredis'
 * import { redisKv } from 'onoffice-kit/redis'
 *
 * const io = new Redis(process.env.REDIS_URL!)
 * const kv = redisKv({
 *   get: (key) => io.get(key),
 *   set: (key, value, o) => (o?.EX ? (o.NX ? io.set(key, value, 'EX', o.EX, 'NX') : io.set(key, value, 'EX', o.EX)) : o?.NX ? io.set(key, value, 'NX') : io.set(key, value)),
 *   del: (key) => io.del(key),
 *   scan: async (cursor, o) => {
 *     const [next, keys] = await io.scan(cursor, 'MATCH', o.MATCH, 'COUNT', o.COUNT)
 *     return { cursor: next, keys }
 *   },
 * })
 * ```
 */
export function redisKv(client: RedisClientLike, options: RedisKvOptions = {}): KeyValue {
  if (
    !client ||
    typeof client.get !== 'function' ||
    typeof client.set !== 'function' ||
    typeof client.del !== 'function' ||
    typeof client.scan !== 'function'
  ) {
    throw new TypeError(
      'redisKv: client must be a connected Redis client with get, set, del and scan (the `redis` package, or an ioredis wrapper — see the docs)',
    )
  }
  const prefix = options.prefix ?? 'onoffice-kit:'
  if (typeof prefix !== 'string')
    throw new TypeError("redisKv: options.prefix must be a string, e.g. 'onoffice-kit:'")
  const expiry = (options?: KvPutOptions) => {
    assertTtlSec(options?.ttlSec, 'redisKv: options.ttlSec')
    return options?.ttlSec === undefined ? {} : { EX: options.ttlSec }
  }
  return {
    get: async (key) => client.get(prefix + key),
    async put(key, value, options) {
      // A plain SET also clears an earlier TTL, as the KeyValue contract requires.
      await client.set(prefix + key, value, expiry(options))
    },
    async delete(key) {
      await client.del(prefix + key)
    },
    async putIfAbsent(key, value, options) {
      return (await client.set(prefix + key, value, { NX: true, ...expiry(options) })) !== null
    },
    async list(p, options) {
      const { cursor, limit } = resolveListOptions(p, options, 'redisKv.list')
      const match = globEscape(prefix + p) + '*'
      let { scan, after } = decodeCursor(cursor)
      const keys: string[] = []
      // A batch split across two calls can lose keys: if Redis resizes its table in between, the same SCAN cursor
      // visits other buckets, and "after the last key handed out" then skips keys never handed out. So a batch that
      // overflows the page is not split: the page ends before it, or — when it alone is too big — it is asked for
      // again with COUNT 1 (about one bucket). Only a single bucket larger than the page is still split.
      let narrow = after !== null
      for (let round = 0; round < SCAN_ROUNDS_PER_PAGE; round++) {
        const count = narrow ? 1 : Math.max(limit, SCAN_COUNT_MIN)
        const reply = await client.scan(scan, { MATCH: match, COUNT: count })
        // A SCAN batch can hold more than `limit` keys (COUNT is a hint) and can repeat keys: sort and dedupe it.
        let batch = [...new Set(reply.keys)].map((k) => k.slice(prefix.length)).sort()
        if (after !== null) batch = batch.filter((k) => k > (after ?? ''))
        const room = limit - keys.length
        if (batch.length > room) {
          if (keys.length > 0) return { keys, cursor: encodeCursor(scan, after) }
          if (!narrow) {
            narrow = true
            continue
          }
          keys.push(...batch.slice(0, room))
          return { keys, cursor: encodeCursor(scan, keys.at(-1) ?? null) }
        }
        narrow = false
        keys.push(...batch)
        after = null
        scan = String(reply.cursor)
        if (scan === '0') return { keys, cursor: null }
        if (keys.length === limit) break
      }
      return { keys, cursor: encodeCursor(scan, null) }
    },
  }
}

// `*`, `?`, `[`, `]` and `\` are special in SCAN's glob; a backslash makes any of them literal.
function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&')
}

function encodeCursor(scan: string, after: string | null): string {
  return after === null ? `r1:${scan}` : `r1:${scan}:${after}`
}

function decodeCursor(cursor: string | null): { scan: string; after: string | null } {
  if (cursor === null) return { scan: '0', after: null }
  const m = /^r1:(\d+)(?::([\s\S]*))?$/.exec(cursor)
  if (!m?.[1])
    throw new TypeError('redisKv.list: options.cursor is not a cursor this store returned')
  return { scan: m[1], after: m[2] ?? null }
}
