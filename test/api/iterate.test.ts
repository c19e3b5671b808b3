import { describe, expect, it } from 'vitest'
import { createClient, type OnOfficeRecord } from '../../src/index.ts'
import { SEC64, TOK32, envelope, estateList, result, stub } from './stub.ts'

async function all(it: AsyncIterable<OnOfficeRecord>) {
  const out: OnOfficeRecord[] = []
  for await (const r of it) out.push(r)
  return out
}

describe('iterate', () => {
  it('reads 10,000 estates in 2 round trips: first page, then all remaining pages batched', async () => {
    const s = stub(estateList(10_000))
    const client = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch })
    const records = await all(client.iterate('estate', { data: ['Id'] }))
    expect(records).toHaveLength(10_000)
    expect(records.map((r) => r.id)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1))
    expect(s.requests).toHaveLength(2)
    expect(s.requests[1]!.body.request.actions).toHaveLength(19)
    expect(s.actions().every((a) => a.parameters.listlimit === 500)).toBe(true)
  })

  it('clamps pageSize and listlimit to 500 (onOffice would answer 20)', async () => {
    const s = stub(estateList(1200))
    const client = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch })
    expect(await all(client.iterate('estate', {}, { pageSize: 1000 }))).toHaveLength(1200)
    expect(await all(client.iterate('estate', { listlimit: 2000 }))).toHaveLength(1200)
    expect(s.actions().map((a) => a.parameters.listlimit)).toEqual([500, 500, 500, 500, 500, 500])
  })

  it('honours pageSize, listoffset and the maxActionsPerRequest cap', async () => {
    const s = stub(estateList(95))
    const client = createClient({
      token: TOK32,
      secret: SEC64,
      fetch: s.fetch,
      maxActionsPerRequest: 4,
    })
    const records = await all(client.iterate('estate', { listoffset: 5 }, { pageSize: 10 }))
    expect(records.map((r) => r.id)).toEqual(Array.from({ length: 90 }, (_, i) => i + 6))
    expect(s.requests.map((r) => r.body.request.actions.length)).toEqual([1, 4, 4]) // the first page, then two concurrent chunks
  })

  it('without cntabsolute walks page by page until a short page', async () => {
    const s = stub((b) =>
      envelope(
        b.request.actions.map((a) => {
          const offset = Number(a.parameters.listoffset)
          const n = offset < 20 ? 10 : 3
          return result(
            a,
            Array.from({ length: n }, (_, i) => ({ id: offset + i, type: 'x', elements: {} })),
            null,
          )
        }),
      ),
    )
    const client = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch })
    expect(await all(client.iterate('agentslog', {}, { pageSize: 10 }))).toHaveLength(23)
    expect(s.requests).toHaveLength(3)
  })

  it('throws on pageSize < 1 and propagates page errors', async () => {
    const client = createClient({ token: TOK32, secret: SEC64, fetch: stub(estateList(10)).fetch })
    await expect(all(client.iterate('estate', {}, { pageSize: 0 }))).rejects.toThrow(
      /pageSize must be an integer/,
    )
    const failing = stub((b) =>
      envelope(b.request.actions.map((a) => result(a, [], null, 80, 'Unknown record.'))),
    )
    const c2 = createClient({ token: TOK32, secret: SEC64, fetch: failing.fetch })
    await expect(all(c2.iterate('estate'))).rejects.toMatchObject({ errorCode: 80 })
  })
})
