import { env, exports } from 'cloudflare:workers'
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  d1Kv,
  durableObjectKv,
  type DurableObjectNamespaceLike,
} from '../../adapters/cloudflare.ts'
import { kvContract } from '../../src/testing/kv-contract.ts'

// The strongly consistent Cloudflare stores in workerd with real bindings (test/workerd/wrangler.jsonc): a
// SQLite-backed Durable Object and a D1 database, each through the whole battery with atomic putIfAbsent.

describe('kvContract: durableObjectKv on a real Durable Object (real clock)', () => {
  let n = 0
  const make = () => durableObjectKv(env.TEST_STORE, { name: `contract-${n++}` })
  for (const c of kvContract(make, { ttlRealWaitMs: 1500, concurrency: 32 }))
    it(c.name, c.run, 15_000)
})

describe('kvContract: d1Kv on a real D1 database (injected clock)', () => {
  let t = 1_700_000_000_000
  const make = () => d1Kv(env.TEST_DB, { now: () => t })
  for (const c of kvContract(make, { advance: (ms) => void (t += ms), concurrency: 32 }))
    it(c.name, c.run, 15_000)
})

describe('concurrent putIfAbsent from many separate requests: exactly one wins', () => {
  for (const store of ['do', 'd1'] as const) {
    it(`${store}: 48 requests race for one key, three rounds`, async () => {
      for (let round = 0; round < 3; round++) {
        const key = `race:${store}:${crypto.randomUUID()}`
        const answers = await Promise.all(
          Array.from({ length: 48 }, async (_, i) => {
            const res = await exports.default.fetch(
              `http://store.test/${store}?key=${encodeURIComponent(key)}&value=${i}`,
            )
            expect(res.status).toBe(200)
            return ((await res.json()) as { won: boolean }).won
          }),
        )
        expect(answers.filter(Boolean)).toHaveLength(1)
      }
    }, 90_000)
  }
})

describe('durableObjectKv', () => {
  it("the alarm deletes expired values from the object's storage", async () => {
    const name = `alarm-${crypto.randomUUID()}`
    const kv = durableObjectKv(env.TEST_STORE, { name })
    await kv.put('short', 'gone soon', { ttlSec: 1 })
    await kv.put('kept', 'stays')
    await kv.put('replaced', 'first', { ttlSec: 1 })
    await kv.put('replaced', 'second') // the later put clears the TTL: the alarm must not delete it
    const stub = env.TEST_STORE.get(env.TEST_STORE.idFromName(name))
    // The alarm fires by itself at the first expiry; running it here as well only covers a slow scheduler.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await runDurableObjectAlarm(stub)
    const stored = await runInDurableObject(stub, async (_instance, state) =>
      state.storage.list({}),
    )
    expect([...stored.values()].map((v) => JSON.stringify(v)).sort()).toEqual([
      '{"v":"second"}',
      '{"v":"stays"}',
    ])
    expect(await kv.get('short')).toBeNull()
    expect((await kv.list('')).keys).toEqual(['kept', 'replaced'])
  })

  it('objects with different names are separate stores', async () => {
    await durableObjectKv(env.TEST_STORE, { name: 'tenant-a' }).put('k', 'a')
    expect(await durableObjectKv(env.TEST_STORE, { name: 'tenant-b' }).get('k')).toBeNull()
    expect(await durableObjectKv(env.TEST_STORE, { name: 'tenant-a' }).get('k')).toBe('a')
  })

  it('rejects a bad TTL, a missing binding and an empty name', async () => {
    await expect(durableObjectKv(env.TEST_STORE).put('k', 'v', { ttlSec: 0 })).rejects.toThrow(
      /options\.ttlSec must be a positive integer/,
    )
    expect(() => durableObjectKv(undefined as unknown as DurableObjectNamespaceLike)).toThrow(
      /durable_objects\.bindings/,
    )
    expect(() => durableObjectKv(env.TEST_STORE, { name: '' })).toThrow(/options\.name/)
  })

  it('the object answers a malformed operation with 400 and writes nothing', async () => {
    const stub = env.TEST_STORE.get(env.TEST_STORE.idFromName('malformed'))
    const res = await stub.fetch('https://onoffice-kit-store.internal/op', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: 'put', key: 'k', value: 1 }),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'OnOfficeStoreObject: value must be a string' })
    expect(await durableObjectKv(env.TEST_STORE, { name: 'malformed' }).get('k')).toBeNull()
  })
})

describe('d1Kv', () => {
  it('creates its table on first use and deletes expired rows lazily', async () => {
    let t = 1_800_000_000_000
    const kv = d1Kv(env.TEST_DB, { table: 'lazy_clean', now: () => t })
    for (let i = 0; i < 60; i++) await kv.put(`old:${i}`, 'x', { ttlSec: 60 })
    t += 61_000
    for (let i = 0; i < 40; i++) await kv.put(`new:${i}`, 'y') // the 100th write of this instance cleans up
    const row = await env.TEST_DB.prepare('SELECT count(*) AS n FROM lazy_clean').all()
    expect(row.results[0]?.n).toBe(40)
  })

  it('keeps tables apart and validates its options', async () => {
    await d1Kv(env.TEST_DB, { table: 'tenant_a' }).put('k', 'a')
    expect(await d1Kv(env.TEST_DB, { table: 'tenant_b' }).get('k')).toBeNull()
    expect(() => d1Kv(env.TEST_DB, { table: 'x; DROP TABLE y' })).toThrow(
      /options\.table must be a table name/,
    )
    expect(() => d1Kv(undefined as unknown as typeof env.TEST_DB)).toThrow(/d1_databases/)
    await expect(d1Kv(env.TEST_DB).putIfAbsent('k', 'v', { ttlSec: -1 })).rejects.toThrow(
      /options\.ttlSec/,
    )
  })
})
