import { describe, expect, it } from 'vitest'
import { createClient } from '../../src/index.ts'
import { SEC64, TOK32, echo, stub } from './stub.ts'

const make = (s: ReturnType<typeof stub>, extra = {}) =>
  createClient({ token: TOK32, secret: SEC64, fetch: s.fetch, ...extra })

describe('automatic micro-batching', () => {
  it('sends 100 independent calls of the same tick as one POST, each caller getting its own result', async () => {
    const s = stub()
    const client = make(s)
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.estates.get(i + 1)),
    )
    expect(s.requests).toHaveLength(1)
    expect(s.requests[0]!.body.request.actions).toHaveLength(100)
    expect(results.map((r) => r?.elements.resourceid)).toEqual(
      Array.from({ length: 100 }, (_, i) => String(i + 1)),
    )
  })

  it('splits at maxActionsPerRequest (default 100)', async () => {
    const s = stub()
    const client = make(s, { maxActionsPerRequest: 40 })
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.read('estate', {}, { resourceid: i })),
    )
    // Chunks go out concurrently, so their order on the wire is not fixed.
    expect(s.requests.map((r) => r.body.request.actions.length).sort((a, b) => b - a)).toEqual([
      40, 40, 20,
    ])
    const d = stub()
    const shared = make(d)
    await Promise.all(
      Array.from({ length: 101 }, (_, i) => shared.read('estate', {}, { resourceid: i })),
    )
    expect(d.requests.map((r) => r.body.request.actions.length).sort((a, b) => b - a)).toEqual([
      100, 1,
    ])
  })

  it('calls in different ticks go out separately', async () => {
    const s = stub()
    const client = make(s)
    await client.read('estate')
    await client.read('address')
    expect(s.requests).toHaveLength(2)
  })

  it('sends identical reads once and fans the result out as independent copies', async () => {
    const s = stub()
    const client = make(s)
    const [a, b, c] = await Promise.all([
      client.read('estate', { data: ['Id'], filter: { status: [{ op: '=', val: 1 }] } }),
      client.read('estate', { filter: { status: [{ val: 1, op: '=' }] }, data: ['Id'] }),
      client.get('fields', { modules: ['estate'] }),
    ])
    expect(s.actions()).toHaveLength(2)
    expect(b).toEqual(a)
    ;(a.records[0]!.elements as Record<string, unknown>).mutated = true
    expect(b.records[0]!.elements).not.toHaveProperty('mutated')
    expect(c.records).toHaveLength(1)
  })

  it('does not merge reads that differ in kind, resourceid, parameters or claim, nor any write', async () => {
    const s = stub()
    const client = make(s)
    await Promise.all([
      client.read('estate', { data: ['Id'] }),
      client.get('estate', { data: ['Id'] }),
      client.read('estate', { data: ['Id'] }, { resourceid: 1 }),
      client.read('estate', { data: ['Id', 'x'] }),
      client.withClaim('c1').read('estate', { data: ['Id'] }),
      client.withClaim('c2').read('estate', { data: ['Id'] }),
      client.modify('estate', { data: { a: 1 } }, { resourceid: 1 }),
      client.modify('estate', { data: { a: 1 } }, { resourceid: 1 }),
      client.do('x'),
      client.do('x'),
    ])
    expect(s.actions()).toHaveLength(10)
  })

  it('withClaim clients share the queue of their parent: one POST', async () => {
    const s = stub()
    const client = make(s)
    await Promise.all([
      client.read('estate'),
      client.withClaim('a').read('estate'),
      client.withClaim('b').withClaim('c').read('address'),
    ])
    expect(s.requests).toHaveLength(1)
    expect(s.actions().map((a) => a.parameters.extendedclaim)).toEqual([undefined, 'a', 'c'])
  })

  it('microBatching: false sends every call on its own', async () => {
    const s = stub(echo)
    const client = make(s, { microBatching: false })
    await Promise.all([client.read('estate'), client.read('estate'), client.read('address')])
    expect(s.requests).toHaveLength(3)
  })
})
