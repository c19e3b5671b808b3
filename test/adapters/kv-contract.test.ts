import { describe, expect, it } from 'vitest'
import type { KeyValue } from '../../src/store/kv.ts'
import { memoryKv } from '../../src/store/memory-kv.ts'
import { kvContract } from '../../src/testing/kv-contract.ts'

// The battery must be able to fail: each broken store below violates one rule, and the case for that rule must throw.
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

function failing(
  make: () => KeyValue,
  prefix: string,
  options: Parameters<typeof kvContract>[1] = {},
) {
  const c = kvContract(make, options).find((x) => x.name.startsWith(prefix))
  if (!c) throw new Error(`no case starting with ${prefix}`)
  return c.run()
}

describe('kvContract catches broken stores', () => {
  it('a putIfAbsent that reads and writes with an await in between is not atomic', async () => {
    const inner = memoryKv()
    const racy: KeyValue = {
      ...inner,
      async putIfAbsent(key, value, options) {
        if ((await inner.get(key)) !== null) return false
        await tick()
        await inner.put(key, value, options)
        return true
      },
    }
    await expect(failing(() => racy, 'concurrent putIfAbsent')).rejects.toThrow(/exactly one must/)
    // …and the same store passes the best-effort variant used for Cloudflare KV.
    await failing(() => racy, 'concurrent putIfAbsent', { atomicPutIfAbsent: false })
  })

  it('a store that ignores TTLs', async () => {
    let t = 0
    const inner = memoryKv({ now: () => t })
    const noTtl: KeyValue = {
      ...inner,
      put: (k, v) => inner.put(k, v),
      putIfAbsent: (k, v) => inner.putIfAbsent(k, v, {}),
    }
    await expect(failing(() => noTtl, 'ttl:', { advance: (ms) => void (t += ms) })).rejects.toThrow(
      /value after its ttl/,
    )
  })

  it('a store that tears concurrent writes', async () => {
    const inner = memoryKv()
    const torn: KeyValue = {
      ...inner,
      async put(key, value) {
        const old = (await inner.get(key)) ?? ''
        await tick()
        await inner.put(key, value.slice(0, 10) + old.slice(10))
      },
    }
    await expect(failing(() => torn, 'concurrent writers')).rejects.toThrow(
      /none of the writers wrote/,
    )
  })

  it('a store that truncates large values', async () => {
    const inner = memoryKv()
    const small: KeyValue = { ...inner, put: (k, v, o) => inner.put(k, v.slice(0, 65_536), o) }
    await expect(failing(() => small, 'a large value')).rejects.toThrow(
      /large value: expected a 524288-character string/,
    )
  })

  it('a store that folds Unicode keys', async () => {
    const inner = memoryKv()
    const fold = (k: string) => k.normalize('NFKD').replace(/[^\x20-\x7e]/g, '?')
    const ascii: KeyValue = {
      get: (k) => inner.get(fold(k)),
      put: (k, v, o) => inner.put(fold(k), v, o),
      delete: (k) => inner.delete(fold(k)),
      putIfAbsent: (k, v, o) => inner.putIfAbsent(fold(k), v, o),
      list: (p, o) => inner.list(fold(p), o),
    }
    await expect(failing(() => ascii, 'Unicode keys')).rejects.toThrow(/kvContract:/)
  })

  it('a list that ignores limit', async () => {
    const inner = memoryKv()
    const unbounded: KeyValue = { ...inner, list: (p, o) => inner.list(p, { ...o, limit: 1000 }) }
    await expect(failing(() => unbounded, 'list pages')).rejects.toThrow(
      /keys in one page; limit was 7/,
    )
  })

  it('a list that shows expired keys', async () => {
    let t = 0
    const inner = memoryKv({ now: () => t })
    const written = new Set<string>()
    const stale: KeyValue = {
      ...inner,
      put: (k, v, o) => (written.add(k), inner.put(k, v, o)),
      list: async (p) => ({ keys: [...written].filter((k) => k.startsWith(p)), cursor: null }),
    }
    await expect(failing(() => stale, 'ttl:', { advance: (ms) => void (t += ms) })).rejects.toThrow(
      /after expiry: missing \[\], unexpected \[".*expiring"\]/,
    )
  })

  it('a list that passes the prefix to a glob unescaped', async () => {
    const inner = memoryKv()
    const glob = (p: string) =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}`,
      )
    const globbing: KeyValue = {
      ...inner,
      async list(p, o) {
        const all = await inner.list('', { ...o, limit: 1000 })
        return { keys: all.keys.filter((k) => glob(p).test(k)), cursor: null }
      },
    }
    await expect(failing(() => globbing, 'list pages')).rejects.toThrow(
      /unexpected \[".*gzzXa\/1"\]/,
    )
  })

  it('a list whose cursor never ends', async () => {
    const inner = memoryKv()
    const endless: KeyValue = { ...inner, list: async () => ({ keys: [], cursor: 'again' }) }
    await expect(failing(() => endless, 'list of a prefix nothing')).rejects.toThrow(
      /did not end within 1000 pages/,
    )
  })

  it('validates its options with messages that name the option', () => {
    expect(() => kvContract(memoryKv, { minTtlSec: 0 })).toThrow(/minTtlSec/)
    expect(() => kvContract(memoryKv, { minTtlSec: 2, ttlRealWaitMs: 2000 })).toThrow(
      /ttlRealWaitMs must exceed/,
    )
    expect(() => kvContract(memoryKv, { concurrency: 1 })).toThrow(/concurrency/)
  })
})
