import { describe, expect, it } from 'vitest'
import { memoryKv } from '../../src/store/index.ts'

function clock(start = 1_700_000_000_000) {
  let t = start
  return { now: () => t, advance: (ms: number) => void (t += ms) }
}

describe('memoryKv', () => {
  it('get of an absent key is null', async () => {
    expect(await memoryKv().get('nope')).toBeNull()
  })

  it('put, get, overwrite, delete', async () => {
    const kv = memoryKv()
    await kv.put('a', '1')
    expect(await kv.get('a')).toBe('1')
    await kv.put('a', '2')
    expect(await kv.get('a')).toBe('2')
    await kv.delete('a')
    expect(await kv.get('a')).toBeNull()
    await expect(kv.delete('a')).resolves.toBeUndefined()
  })

  it('keys are arbitrary Unicode and independent', async () => {
    const kv = memoryKv()
    await kv.put('ü:🏠', 'x')
    await kv.put('ü:🏠 ', 'y')
    expect(await kv.get('ü:🏠')).toBe('x')
    expect(await kv.get('ü:🏠 ')).toBe('y')
  })

  it('expires a value by the injected clock', async () => {
    const c = clock()
    const kv = memoryKv({ now: c.now })
    await kv.put('a', '1', { ttlSec: 60 })
    c.advance(59_999)
    expect(await kv.get('a')).toBe('1')
    c.advance(1)
    expect(await kv.get('a')).toBeNull()
  })

  it('a value without ttl never expires; overwrite without ttl clears the ttl', async () => {
    const c = clock()
    const kv = memoryKv({ now: c.now })
    await kv.put('forever', '1')
    await kv.put('b', '1', { ttlSec: 1 })
    await kv.put('b', '2')
    c.advance(365 * 24 * 3600 * 1000)
    expect(await kv.get('forever')).toBe('1')
    expect(await kv.get('b')).toBe('2')
  })

  it('putIfAbsent writes once, then reports false and keeps the first value', async () => {
    const kv = memoryKv()
    expect(await kv.putIfAbsent('k', 'first', { ttlSec: 60 })).toBe(true)
    expect(await kv.putIfAbsent('k', 'second', { ttlSec: 60 })).toBe(false)
    expect(await kv.get('k')).toBe('first')
  })

  it('putIfAbsent writes again once the previous value expired', async () => {
    const c = clock()
    const kv = memoryKv({ now: c.now })
    expect(await kv.putIfAbsent('k', 'a', { ttlSec: 10 })).toBe(true)
    c.advance(10_000)
    expect(await kv.putIfAbsent('k', 'b', { ttlSec: 10 })).toBe(true)
    expect(await kv.get('k')).toBe('b')
  })

  it('putIfAbsent is atomic: of many concurrent calls exactly one wins', async () => {
    const kv = memoryKv()
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => kv.putIfAbsent('race', String(i), { ttlSec: 60 })),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '60'])(
    'rejects ttlSec %s with a TypeError',
    async (ttlSec) => {
      const kv = memoryKv()
      await expect(kv.put('a', '1', { ttlSec: ttlSec as number })).rejects.toThrow(TypeError)
      await expect(kv.put('a', '1', { ttlSec: ttlSec as number })).rejects.toThrow(
        /ttlSec must be a positive integer/,
      )
      await expect(kv.putIfAbsent('a', '1', { ttlSec: ttlSec as number })).rejects.toThrow(
        TypeError,
      )
      expect(await kv.get('a')).toBeNull()
    },
  )

  it('rejects non-string values and a non-function clock', async () => {
    const kv = memoryKv()
    await expect(kv.put('a', { x: 1 } as unknown as string)).rejects.toThrow(
      /value must be a string/,
    )
    expect(() => memoryKv({ now: 5 as unknown as () => number })).toThrow(
      /options\.now must be a function/,
    )
  })

  it('instances do not share data', async () => {
    const a = memoryKv()
    const b = memoryKv()
    await a.put('k', '1')
    expect(await b.get('k')).toBeNull()
  })
})
