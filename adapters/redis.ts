/**
 * `onoffice-kit/redis`: the {@link KeyValue} store on Redis (or Valkey, KeyDB, Dragonfly) — for Node
 * deployments that outgrow one machine.
 * @module
 */
import type { KeyValue, KvPutOptions } from '../src/store/kv.ts'
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
}

/** Options of {@link redisKv}. */
export interface RedisKvOptions {
  /** Prepended to every key, so the kit can share a database. Default `'onoffice-kit:'`. */
  prefix?: string
}

/**
 * A {@link KeyValue} on Redis. `putIfAbsent` is `SET key value NX EX ttl` — atomic on the server, so
 * replay protection is exact across any number of app instances. TTLs are whole seconds. The client must already be connected (`await client.connect()` for the `redis` package).
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
 * })
 * ```
 */
export function redisKv(client: RedisClientLike, options: RedisKvOptions = {}): KeyValue {
  if (!client || typeof client.get !== 'function' || typeof client.set !== 'function' || typeof client.del !== 'function') {
    throw new TypeError('redisKv: client must be a connected Redis client with get, set and del (the `redis` package, or an ioredis wrapper — see the docs)')
  }
  const prefix = options.prefix ?? 'onoffice-kit:'
  if (typeof prefix !== 'string') throw new TypeError('redisKv: options.prefix must be a string, e.g. \'onoffice-kit:\'')
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
  }
}

