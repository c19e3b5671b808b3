import { describe, expect, it } from 'vitest'
import { PAGING_RULES, createClient, maxPageSize, type OnOfficeRecord } from '../../src/index.ts'
import { SEC64, TOK32, envelope, result, stub } from './stub.ts'

async function all(it: AsyncIterable<OnOfficeRecord>) {
  const out: OnOfficeRecord[] = []
  for await (const r of it) out.push(r)
  return out
}

describe('paging rules (reference §3.1, §3.5, §5)', () => {
  it('one table: 500 for most reads, 100 for files, tasks by id, regions unpaged', () => {
    expect(PAGING_RULES.estate.maxListlimit).toBe(500)
    expect(PAGING_RULES.file.maxListlimit).toBe(100)
    expect(PAGING_RULES.task.mode).toBe('id')
    expect(PAGING_RULES.regions.mode).toBe('unpaged')
    expect(maxPageSize('somethingNew')).toBe(500)
  })

  it('a file listlimit above 100 is sent as 100 on every call, not only in iterate', async () => {
    const s = stub((b) => envelope(b.request.actions.map((a) => result(a, [], 0))))
    const client = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch })
    await client.get('file', { estateid: 1, listlimit: 250 }, { resourceid: 'estate' })
    await client.read('estate', { listlimit: 250 })
    expect(s.actions().map((a) => a.parameters.listlimit)).toEqual([100, 250])
  })

  it('tasks page by id: no listoffset, filter Nr > last id of the previous page', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => 10 + i * 3)
    const s = stub((b) =>
      envelope(
        b.request.actions.map((a) => {
          const cond = (
            a.parameters.filter as { Nr?: Array<{ op: string; val: number }> } | undefined
          )?.Nr?.[0]
          const after = cond ? cond.val : -1
          const limit = Number(a.parameters.listlimit)
          const page = ids.filter((id) => id > after).slice(0, limit)
          return result(
            a,
            page.map((id) => ({ id, type: 'task', elements: {} })),
            null,
          )
        }),
      ),
    )
    const client = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch })
    expect(
      (await all(client.iterate('task', { listoffset: 40 }, { pageSize: 10 }))).map((r) => r.id),
    ).toEqual(ids)
    const sent = s.actions()
    expect(sent).toHaveLength(3)
    expect(
      sent.every((a) => !('listoffset' in a.parameters) && a.parameters.listlimit === 10),
    ).toBe(true)
    expect(sent.map((a) => (a.parameters.filter as { Nr?: unknown }).Nr)).toEqual([
      undefined,
      [{ op: '>', val: 37 }],
      [{ op: '>', val: 67 }],
    ])
  })

  it('a task page out of id order rejects instead of skipping records', async () => {
    const s = stub((b) =>
      envelope(
        b.request.actions.map((a) =>
          result(
            a,
            [3, 1, 2].map((id) => ({ id, type: 'task', elements: {} })),
            null,
          ),
        ),
      ),
    )
    const client = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch })
    await expect(all(client.iterate('task', {}, { pageSize: 3 }))).rejects.toThrow(
      /ascending Nr order/,
    )
  })

  it('regions: one call, no listlimit/listoffset sent', async () => {
    const s = stub((b) =>
      envelope(
        b.request.actions.map((a) => result(a, [{ id: 'R1', type: '', elements: {} }], null)),
      ),
    )
    const client = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch })
    expect(await all(client.iterate('regions', { listlimit: 5, listoffset: 5 }))).toHaveLength(1)
    expect(s.actions()).toHaveLength(1)
    expect(s.actions()[0]!.parameters).not.toHaveProperty('listlimit')
  })
})
