import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cacheApi, cacheKey, kvCache, type CacheLike } from '../../src/api/cache.ts'
import { memoryKv } from '../../src/index.ts'

const action = (parameters: Record<string, unknown>, resourcetype = 'estate') => ({
  kind: 'read',
  resourcetype,
  resourceid: '',
  parameters,
})
const EP = 'https://api.onoffice.de/api/stable/api.php'

describe('cacheKey', () => {
  it('is the same for the same parameters in any key order, with or without the claim', async () => {
    const a = await cacheKey(
      action({ data: ['Id'], listlimit: 10, filter: { a: 1, b: 2 } }),
      { customer: '21', user: '7' },
      EP,
      '',
    )
    const b = await cacheKey(
      action({ filter: { b: 2, a: 1 }, listlimit: 10, data: ['Id'], extendedclaim: 'claim-x' }),
      { customer: '21', user: '7' },
      EP,
      '',
    )
    expect(a).toBe(b)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
  })

  it('differs whenever customer, user, generation, endpoint, resource or parameters differ', async () => {
    const base = {
      p: { data: ['Id'] } as Record<string, unknown>,
      customer: '21',
      user: '7',
      gen: '',
      ep: EP,
      rt: 'estate',
    }
    const variants = [
      { ...base, customer: '22' },
      { ...base, user: '8' },
      { ...base, user: '' },
      { ...base, gen: 'abc' },
      { ...base, ep: 'https://api.onoffice.de/api/latest/api.php' },
      { ...base, rt: 'address' },
      { ...base, p: { data: ['Id', 'ort'] } },
      { ...base, p: { data: ['Id'], estatelanguage: 'ENG' } },
    ]
    const key = (v: typeof base) =>
      cacheKey(action(v.p, v.rt), { customer: v.customer, user: v.user }, v.ep, v.gen)
    const keys = await Promise.all([base, ...variants].map(key))
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('never collides across scopes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.string(),
        fc.string(),
        fc.string(),
        async (c1, u1, c2, u2) => {
          fc.pre(c1 !== c2 || u1 !== u2)
          const p = action({ data: ['Id'] })
          expect(await cacheKey(p, { customer: c1, user: u1 }, EP, '')).not.toBe(
            await cacheKey(p, { customer: c2, user: u2 }, EP, ''),
          )
        },
      ),
      { numRuns: 300 },
    )
  })
})

function mapCache(): CacheLike & { urls: string[] } {
  const m = new Map<string, { body: string; headers: Headers }>()
  return {
    urls: [],
    async match(req) {
      const e = m.get(typeof req === 'string' ? req : req.url)
      return e ? new Response(e.body, { headers: e.headers }) : undefined
    },
    async put(req, res) {
      const url = typeof req === 'string' ? req : req.url
      this.urls.push(url)
      m.set(url, { body: await res.text(), headers: res.headers })
    },
  }
}

describe.each([
  ['kvCache', () => kvCache(memoryKv(), { ttlSec: 60, swrSec: 30 })],
  ['cacheApi', () => cacheApi(mapCache(), { ttlSec: 60, swrSec: 30 })],
])('%s', (_name, make) => {
  it('stores and returns values; a bumped generation is a new token', async () => {
    const c = make()
    expect(c.ttlSec).toBe(60)
    expect(c.swrSec).toBe(30)
    expect(await c.get('k')).toBeNull()
    await c.put('k', { json: '{"records":[]}', storedAt: 5 })
    expect(await c.get('k')).toEqual({ json: '{"records":[]}', storedAt: 5 })
    expect(await c.generation('21:estate')).toBe('')
    await c.bump('21:estate')
    const g1 = await c.generation('21:estate')
    await c.bump('21:estate')
    const g2 = await c.generation('21:estate')
    expect(g1).toMatch(/^[0-9a-f]{16}$/)
    expect(g2).not.toBe(g1)
    expect(await c.generation('22:estate')).toBe('')
  })
})

describe('options', () => {
  it.each([
    [{ ttlSec: 0 }, /ttlSec/],
    [{ ttlSec: 1.5 }, /ttlSec/],
    [{ swrSec: -1 }, /swrSec/],
  ])('kvCache rejects %j', (o, re) => expect(() => kvCache(memoryKv(), o)).toThrow(re))
  it('rejects what is not a store', () => {
    expect(() => kvCache({} as never)).toThrow(/KeyValue/)
    expect(() => cacheApi({} as never)).toThrow(/Cache/)
  })
  it('cacheApi keeps entries under a URL that cannot resolve and sets max-age to ttl + swr', async () => {
    const store = mapCache()
    const c = cacheApi(store, { ttlSec: 10, swrSec: 5 })
    await c.put('abc', { json: '{}', storedAt: 1 })
    expect(store.urls).toEqual(['https://onoffice-kit.cache.invalid/r/abc'])
    const res = await store.match(store.urls[0]!)
    expect(res?.headers.get('cache-control')).toBe('max-age=15')
  })
})
