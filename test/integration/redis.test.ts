// `npm run test:integration`: the kvContract battery on redisKv against a real redis-server that this file
// starts on 127.0.0.1 (a free port, no persistence) and stops. Missing redis-server fails the run — it is
// never skipped. Install: apt-get install -y redis-server (.ci/run does).
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisKv } from '../../adapters/redis.ts'
import { kvContract } from '../../src/testing/kv-contract.ts'
import { startRedis, type RunningServer } from './servers.ts'
import {
  concurrentDeliveriesRunOnce,
  failedHandlerIsProcessedOnReload,
} from '../shared/exactly-once.ts'
import { rewrapWhileWriting } from '../shared/rewrap-race.ts'

type Client = ReturnType<typeof createClient>
let server: RunningServer | undefined
let client: Client | undefined

beforeAll(async () => {
  server = await startRedis()
  client = createClient({ url: server.url })
  client.on('error', () => undefined) // connection errors surface as rejected commands
  await client.connect()
  expect(await client.ping()).toBe('PONG')
}, 20_000)

afterAll(async () => {
  await client?.quit().catch(() => undefined)
  await server?.stop()
})

const kv = () => {
  if (!client) throw new Error('redis client not connected (see beforeAll)')
  return redisKv(client)
}

describe('kvContract: redisKv on a real redis-server (real clock)', () => {
  for (const c of kvContract(kv, { ttlRealWaitMs: 1500 })) it(c.name, c.run, 10_000)
})

describe('redisKv', () => {
  it('stores under the onoffice-kit: prefix, with a real TTL on the key', async () => {
    await kv().put('installation:1', '{}', { ttlSec: 120 })
    expect(await client!.get('onoffice-kit:installation:1')).toBe('{}')
    const ttl = await client!.ttl('onoffice-kit:installation:1')
    expect(ttl).toBeGreaterThan(100)
    expect(ttl).toBeLessThanOrEqual(120)
    await kv().put('installation:1', '{}')
    expect(await client!.ttl('onoffice-kit:installation:1')).toBe(-1)
  })

  it('putIfAbsent sets the TTL only when it writes', async () => {
    expect(await kv().putIfAbsent('once', 'a', { ttlSec: 300 })).toBe(true)
    expect(await kv().putIfAbsent('once', 'b', { ttlSec: 5 })).toBe(false)
    expect(await client!.ttl('onoffice-kit:once')).toBeGreaterThan(5)
  })

  it('keeps prefixes apart', async () => {
    await redisKv(client!, { prefix: 'tenant-a:' }).put('k', 'a')
    expect(await redisKv(client!, { prefix: 'tenant-b:' }).get('k')).toBeNull()
  })

  it('list pages through SCAN over a keyspace larger than a page and a SCAN batch: every key once, no outsider', async () => {
    const store = redisKv(client!, { prefix: 'scan-test:' })
    const inside = Array.from({ length: 1500 }, (_, i) => `tenant/${i}`)
    const outside = Array.from({ length: 2500 }, (_, i) => `other/${i}`)
    await Promise.all([...inside, ...outside].map((k) => store.put(k, 'v')))
    for (const limit of [37, 1000]) {
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const page = await store.list('tenant/', { cursor, limit })
        expect(page.keys.length).toBeLessThanOrEqual(limit)
        seen.push(...page.keys)
        cursor = page.cursor
        pages++
      } while (cursor !== null && pages < 1000)
      expect(cursor).toBeNull()
      expect(new Set(seen)).toEqual(new Set(inside))
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(inside.length / limit))
    }
    await expect(store.list('tenant/', { cursor: 'not-a-cursor' })).rejects.toThrow(
      /options\.cursor/,
    )
  })

  it('rejects a TTL that is not a positive integer', async () => {
    await expect(kv().put('k', 'v', { ttlSec: 1.5 })).rejects.toThrow(/positive integer/)
  })
})

describe('exactly-once payment callbacks on a real redis-server', () => {
  it('two servers (two connections) get simultaneous deliveries: one handler run; a handler that fails once is processed on the reload', async () => {
    const second = createClient({ url: server!.url })
    second.on('error', () => undefined)
    await second.connect()
    try {
      await concurrentDeliveriesRunOnce([kv(), redisKv(second)], 2)
      await concurrentDeliveriesRunOnce([kv(), redisKv(second)], 6)
      await failedHandlerIsProcessedOnReload(redisKv(second))
    } finally {
      await second.quit().catch(() => undefined)
    }
  }, 30_000)
})

describe('key rotation on a real redis-server', () => {
  // 2,040 records plus the write leases straddle 2,048, where Redis grows its table: a SCAN listing that split a
  // batch across pages lost keys there (redisKv.list no longer splits one).
  it('rewrap re-seals 2,040 records while two other connections keep writing them; no write is lost', async () => {
    const connect = async () => {
      const c = createClient({ url: server!.url })
      c.on('error', () => undefined)
      await c.connect()
      return c
    }
    const others = [await connect(), await connect()]
    try {
      const report = await rewrapWhileWriting({
        seedKv: kv(),
        jobKv: kv(),
        instanceKvs: others.map((c) => redisKv(c)),
        records: 2040,
        prefix: `rewrap-race-${Date.now()}:`,
      })
      expect(report.writesDuringRewrap).toBeGreaterThan(100)
    } finally {
      for (const c of others) await c.quit().catch(() => undefined)
    }
  }, 120_000)
})
