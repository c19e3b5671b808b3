import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createClient,
  type ChangeEvent,
  type ChangeResource,
  type OnOfficeClient,
} from '../../src/index.ts'
import { createFakeOnOffice, type FakeOnOffice } from '../../src/testing/index.ts'

const START = Date.UTC(2026, 0, 1, 0, 0, 0)
const START_TEXT = '2026-01-01 00:00:00'
const FIELD = { estate: 'geaendert_am', address: 'Aenderung' } as const

function world() {
  let now = START
  const fake = createFakeOnOffice({ now: () => now, estates: 12 })
  // Every record changed in the same second: more than a page shares one change time.
  for (const e of fake.estates.values()) e.fields.geaendert_am = START_TEXT
  for (const a of fake.addresses.values()) a.fields.Aenderung = START_TEXT
  const { token, secret } = fake.addApiUser()
  const client = createClient({
    token,
    secret,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    now: () => now,
  })
  return { fake, client, tick: (sec: number) => void (now += sec * 1000) }
}

const changeTimes = (fake: FakeOnOffice, resource: ChangeResource) =>
  new Map(
    resource === 'estate'
      ? [...fake.estates.values()].map((e) => [e.id, e.fields.geaendert_am!] as const)
      : [...fake.addresses.values()].map((a) => [a.id, a.fields.Aenderung!] as const),
  )

async function modify(client: OnOfficeClient, resource: ChangeResource, id: number, n: number) {
  if (resource === 'estate') await client.estates.modify(id, { kaufpreis: 100000 + n })
  else await client.addresses.modify(id, { Ort: `Ort ${n}` })
}

type Op = { resource: ChangeResource; index: number; tick: number }
type Step =
  | { kind: 'op'; op: Op }
  | { kind: 'poll'; resource: ChangeResource; pageSize: number; during: Op[] }

const opArb: fc.Arbitrary<Op> = fc.record({
  resource: fc.constantFrom<ChangeResource>('estate', 'address'),
  index: fc.nat(11),
  tick: fc.constantFrom(0, 0, 1, 2),
})
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('op' as const), op: opArb }),
  fc.record({
    kind: fc.constant('poll' as const),
    resource: fc.constantFrom<ChangeResource>('estate', 'address'),
    pageSize: fc.integer({ min: 1, max: 4 }),
    during: fc.array(opArb, { maxLength: 6 }),
  }),
)

describe('client.changes (change feed)', () => {
  it('random interleavings of modifications and polls: every change seen, none twice (in a poll or across polls)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const { fake, client, tick } = world()
        const cursors: Record<ChangeResource, string> = { estate: START_TEXT, address: START_TEXT }
        const yielded: Record<ChangeResource, Map<number, string[]>> = {
          estate: new Map(),
          address: new Map(),
        }
        let n = 0
        const apply = async (op: Op) => {
          const ids = [...changeTimes(fake, op.resource).keys()]
          tick(op.tick)
          await modify(client, op.resource, ids[op.index % ids.length]!, n++)
        }
        for (const step of [
          ...steps,
          { kind: 'poll', resource: 'estate', pageSize: 3, during: [] } as Step,
          { kind: 'poll', resource: 'address', pageSize: 3, during: [] } as Step,
        ]) {
          if (step.kind === 'op') {
            await apply(step.op)
            continue
          }
          const before = changeTimes(fake, step.resource)
          const inPoll = new Set<string>()
          const pending = [...step.during]
          let cursor: string | undefined
          for await (const ev of client.changes(step.resource, {
            since: cursors[step.resource],
            pageSize: step.pageSize,
            fields: [FIELD[step.resource]],
          }) as AsyncIterable<ChangeEvent>) {
            if (ev.kind === 'cursor') {
              cursor = ev.cursor
              continue
            }
            const key = `${ev.id}|${ev.changedAt}`
            expect(inPoll.has(key), `${key} twice in one poll`).toBe(false)
            inPoll.add(key)
            const seen = yielded[step.resource].get(ev.id) ?? []
            expect(seen, `${key} again in a later poll`).not.toContain(ev.changedAt)
            seen.push(ev.changedAt)
            yielded[step.resource].set(ev.id, seen)
            // Records change while the feed pages.
            const op = pending.shift()
            if (op) await apply(op)
          }
          for (const op of pending) await apply(op)
          expect(cursor).toMatch(/^oc1\./)
          cursors[step.resource] = cursor!
          // Every record as it was when the poll started has been seen in that version or a newer one.
          for (const [id, changedAt] of before) {
            if (changedAt < START_TEXT) continue
            const seen = yielded[step.resource].get(id) ?? []
            expect(
              seen.some((t) => t >= changedAt),
              `${step.resource} ${id} changed at ${changedAt} was not seen`,
            ).toBe(true)
          }
        }
      }),
      { numRuns: 60 },
    )
  }, 120_000)

  it('on the wire: change field ASC, keyset pages (no growing listoffset), ties finished by Id', async () => {
    const { fake, client } = world()
    fake.clearReceived()
    const events: ChangeEvent[] = []
    for await (const ev of client.changes('estate', {
      since: START_TEXT,
      pageSize: 5,
      overlapSec: 60,
    }))
      events.push(ev)
    expect(
      events.filter((e) => e.kind === 'change').map((e) => (e.kind === 'change' ? e.id : 0)),
    ).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
    const sent = fake.receivedActions({ resourcetype: 'estate' }).map((a) => a.parameters)
    expect(sent[0]).toEqual({
      data: ['Id', 'geaendert_am'],
      filter: { geaendert_am: [{ op: '>=', val: '2025-12-31 23:59:00' }] },
      sortby: 'geaendert_am',
      sortorder: 'ASC',
      listlimit: 5,
      listoffset: 0,
    })
    expect(sent[1]).toMatchObject({
      filter: { geaendert_am: [{ op: '=', val: START_TEXT }], Id: [{ op: '>', val: 0 }] },
      sortby: 'Id',
    })
    expect(sent.at(-1)).toMatchObject({ filter: { geaendert_am: [{ op: '>', val: START_TEXT }] } })
    expect(sent.every((p) => p.listoffset === 0 && p.listlimit === 5)).toBe(true)

    // A later poll with the cursor yields nothing new; one modification is yielded once.
    const last = events.at(-1)!
    expect(last.kind).toBe('cursor')
    const again: ChangeEvent[] = []
    for await (const ev of client.changes('estate', {
      since: last.kind === 'cursor' ? last.cursor : '',
    }))
      again.push(ev)
    expect(again.map((e) => e.kind)).toEqual(['cursor'])
  })

  it('validates its options with messages naming them', async () => {
    const { client } = world()
    const first = (
      opts: Parameters<OnOfficeClient['changes']>[1],
      resource: ChangeResource = 'estate',
    ) => client.changes(resource, opts)[Symbol.asyncIterator]().next()
    await expect(first({ since: 'yesterday' })).rejects.toThrow(/since must be a cursor/)
    await expect(first({ since: 'oc1.!!!' })).rejects.toThrow(/since must be a cursor/)
    await expect(first({ since: START_TEXT, overlapSec: -1 })).rejects.toThrow(/overlapSec/)
    await expect(first({ since: START_TEXT }, 'task' as ChangeResource)).rejects.toThrow(
      /resource must be/,
    )
    await expect(first({ since: new Date(START) })).resolves.toMatchObject({ done: false })
  })
})
