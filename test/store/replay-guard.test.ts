import { describe, expect, it } from 'vitest'
import { memoryKv, replayGuard } from '../../src/store/index.ts'

describe('replayGuard', () => {
  it('firstSeen is true once per id, then false', async () => {
    const guard = replayGuard(memoryKv(), { prefix: 'cb:tx:', ttlSec: 3600 })
    expect(await guard.firstSeen('T-1')).toBe(true)
    expect(await guard.firstSeen('T-1')).toBe(false)
    expect(await guard.firstSeen('T-2')).toBe(true)
  })

  it('concurrent deliveries of one id: exactly one proceeds', async () => {
    const guard = replayGuard(memoryKv(), { prefix: 'cb:tx:', ttlSec: 3600 })
    const results = await Promise.all(Array.from({ length: 20 }, () => guard.firstSeen('T-9')))
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('stores under prefix + id with the ttl, and forgets after it', async () => {
    let t = 0
    const kv = memoryKv({ now: () => t })
    const guard = replayGuard(kv, { prefix: 'cb:tx:', ttlSec: 60 })
    await guard.firstSeen('T-1')
    expect(await kv.get('cb:tx:T-1')).not.toBeNull()
    t += 60_000
    expect(await guard.firstSeen('T-1')).toBe(true)
  })

  it('guards with different prefixes are independent', async () => {
    const kv = memoryKv()
    const a = replayGuard(kv, { prefix: 'a:', ttlSec: 60 })
    const b = replayGuard(kv, { prefix: 'b:', ttlSec: 60 })
    expect(await a.firstSeen('1')).toBe(true)
    expect(await b.firstSeen('1')).toBe(true)
  })

  it('validates options at construction and the id per call', async () => {
    const kv = memoryKv()
    expect(() => replayGuard(kv, { prefix: '', ttlSec: 60 })).toThrow(
      /options\.prefix must be a non-empty string/,
    )
    expect(() => replayGuard(kv, { prefix: 'p:', ttlSec: 0 })).toThrow(
      /options\.ttlSec must be a positive integer/,
    )
    expect(() => replayGuard(kv, { prefix: 'p:' } as never)).toThrow(/options\.ttlSec is required/)
    expect(() => replayGuard({} as never, { prefix: 'p:', ttlSec: 1 })).toThrow(
      /kv must be a KeyValue/,
    )
    await expect(replayGuard(kv, { prefix: 'p:', ttlSec: 1 }).firstSeen('')).rejects.toThrow(
      TypeError,
    )
  })
})
