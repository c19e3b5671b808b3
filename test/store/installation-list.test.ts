import { describe, expect, it } from 'vitest'
import {
  createInstallationStore,
  InstallationOpenError,
  memoryKv,
  type InstallationListEntry,
  type InstallationStore,
} from '../../src/store/index.ts'
import { raceInput as input } from '../shared/rewrap-race.ts'

const K1 = 'list-test-key-one-0123456789abcdef012345'
const K2 = 'list-test-key-two-0123456789abcdef012345'

async function listAll(
  store: InstallationStore,
  limit?: number,
): Promise<{ entries: InstallationListEntry[]; pages: number }> {
  const entries: InstallationListEntry[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page = await store.list({ cursor, ...(limit ? { limit } : {}) })
    if (limit) expect(page.entries.length).toBeLessThanOrEqual(limit)
    entries.push(...page.entries)
    cursor = page.cursor
    pages++
  } while (cursor !== null)
  return { entries, pages }
}

describe('installations.list', () => {
  it('pages through every record exactly once, opened, with its kid', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: K1 })
    const ids = Array.from({ length: 250 }, (_, i) => `c${i}`)
    for (const id of ids) await store.put(input(id))
    // keys of other stores in the same KV are not listed
    await kv.put('installation:other', 'x')
    await kv.put('ledger:v1:c1', '{}')

    const { entries, pages } = await listAll(store, 7)
    expect(pages).toBe(Math.ceil(250 / 7))
    const seen = entries.map((e) => e.customerWebId)
    expect(seen.length).toBe(250)
    expect(new Set(seen)).toEqual(new Set(ids))
    for (const e of entries) {
      if (!e.ok) throw new Error(`unexpected failure ${e.error.reason}`)
      expect(e).toMatchObject({ kid: 'k1', current: true })
      expect(e.installation).toEqual({
        ...input(e.customerWebId),
        updatedAt: expect.any(Number),
        version: 1,
      })
    }
  })

  it('defaults to pages of 100 and refuses a limit outside 1–1000', async () => {
    const store = createInstallationStore(memoryKv(), { encryptionKey: K1 })
    for (let i = 0; i < 150; i++) await store.put(input(`d${i}`))
    const first = await store.list()
    expect(first.entries).toHaveLength(100)
    expect(first.cursor).not.toBeNull()
    const second = await store.list({ cursor: first.cursor })
    expect(second.entries).toHaveLength(50)
    expect(second.cursor).toBeNull()
    await expect(store.list({ limit: 0 })).rejects.toThrow(RangeError)
    await expect(store.list({ limit: 1001 })).rejects.toThrow(/options\.limit/)
    await expect(store.list({ cursor: 5 as unknown as string })).rejects.toThrow(TypeError)
  })

  it('an empty store lists nothing', async () => {
    const store = createInstallationStore(memoryKv(), { encryptionKey: K1 })
    expect(await store.list()).toEqual({ entries: [], cursor: null })
  })

  it('a record that cannot be opened is an entry with its error; the listing goes on', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: K1 })
    for (const id of ['a', 'b', 'c', 'd']) await store.put(input(id))
    // not JSON
    await kv.put('installation:v1:junk', '{not json')
    // a clear field changed outside the kit
    const b = JSON.parse((await kv.get('installation:v1:b'))!) as Record<string, unknown>
    await kv.put('installation:v1:b', JSON.stringify({ ...b, status: 'blocked' }))
    // sealed under a key this store does not have
    const foreign = createInstallationStore(kv, { keys: { k0: K2 }, currentKid: 'k0' })
    await foreign.put(input('e'))

    const { entries } = await listAll(store, 2)
    const byId = new Map(entries.map((e) => [e.customerWebId, e]))
    expect([...byId.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'junk'])
    const reasons = Object.fromEntries(
      entries.filter((e) => !e.ok).map((e) => [e.customerWebId, !e.ok && e.error]),
    )
    expect(Object.keys(reasons).sort()).toEqual(['b', 'e', 'junk'])
    expect(reasons.junk).toBeInstanceOf(InstallationOpenError)
    expect(reasons.junk).toMatchObject({ reason: 'corrupt_record', customerWebId: 'junk' })
    expect(reasons.b).toMatchObject({ reason: 'altered_record', kid: 'k1' })
    expect(reasons.e).toMatchObject({ reason: 'unknown_kid', kid: 'k0' })
    for (const id of ['a', 'c', 'd']) expect(byId.get(id)).toMatchObject({ ok: true, kid: 'k1' })
  })

  it('current is false for records under an older kid of the ring', async () => {
    const kv = memoryKv()
    await createInstallationStore(kv, { encryptionKey: K1 }).put(input('old'))
    const rotated = createInstallationStore(kv, { keys: { k1: K1, k2: K2 }, currentKid: 'k2' })
    await rotated.put(input('new'))
    const { entries } = await listAll(rotated)
    expect(
      Object.fromEntries(entries.map((e) => [e.customerWebId, e.ok && [e.kid, e.current]])),
    ).toEqual({ old: ['k1', false], new: ['k2', true] })
  })
})
