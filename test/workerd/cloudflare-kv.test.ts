import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { cloudflareKv, type KVNamespaceLike } from '../../adapters/cloudflare.ts'
import { kvContract } from '../../src/testing/kv-contract.ts'

describe('runtime', () => {
  it('runs inside workerd with a KV binding', () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers')
    expect(typeof env.TEST_KV.get).toBe('function')
  })
})

// KV's TTL minimum is 60 s and miniflare's clock cannot be advanced from a test, so the TTL case checks only
// that a TTL is accepted (expiry itself is KV's job); putIfAbsent is best effort on KV (see cloudflareKv).
describe('kvContract: cloudflareKv on a real KV binding in workerd', () => {
  const cases = kvContract(() => cloudflareKv(env.TEST_KV), {
    minTtlSec: 60,
    atomicPutIfAbsent: false,
  })
  for (const c of cases) it(c.name, c.run)
})

describe('cloudflareKv', () => {
  it("rounds TTLs up to KV's 60 s minimum and keeps longer ones", async () => {
    const seen: (number | undefined)[] = []
    const spy: KVNamespaceLike = {
      get: (key, type) => env.TEST_KV.get(key, type),
      delete: (key) => env.TEST_KV.delete(key),
      list: (options) => env.TEST_KV.list(options) as ReturnType<KVNamespaceLike['list']>,
      put: (key, value, options) => {
        seen.push(options?.expirationTtl)
        return env.TEST_KV.put(key, value, options)
      },
    }
    const kv = cloudflareKv(spy)
    await kv.put('ttl:short', 'a', { ttlSec: 5 })
    await kv.put('ttl:long', 'b', { ttlSec: 3600 })
    await kv.put('ttl:none', 'c')
    expect(await kv.putIfAbsent('ttl:pia', 'd', { ttlSec: 1 })).toBe(true)
    expect(seen).toEqual([60, 3600, undefined, 60])
  })

  it('the binding records the expiration it was given', async () => {
    const kv = cloudflareKv(env.TEST_KV)
    const before = Math.floor(Date.now() / 1000)
    await kv.put('exp:short', 'a', { ttlSec: 1 })
    await kv.put('exp:none', 'b')
    const { keys } = await env.TEST_KV.list({ prefix: 'exp:' })
    const short = keys.find((k) => k.name === 'exp:short')
    expect(short?.expiration).toBeGreaterThanOrEqual(before + 60)
    expect(short?.expiration).toBeLessThanOrEqual(before + 62)
    expect(keys.find((k) => k.name === 'exp:none')?.expiration).toBeUndefined()
  })

  it('rejects a TTL that is not a positive integer and a missing binding', async () => {
    await expect(cloudflareKv(env.TEST_KV).put('k', 'v', { ttlSec: 0 })).rejects.toThrow(
      /positive integer/,
    )
    expect(() => cloudflareKv(undefined as unknown as KVNamespaceLike)).toThrow(/kv_namespaces/)
  })
})
