/**
 * Regression guards for the fake's cost, counted in operations rather than timed (timings live in
 * bench/client.bench.ts): WebCrypto signatures per request and estate field reads per page.
 */
import { MULTISELECT_FIELDS, readMultiselect } from '../../../src/testing/fake/field-config.ts'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFakeOnOffice, type FakeOnOffice } from '../../../src/testing/index.ts'
import { clock, envelope, post, type ActionSpec, type Json } from './helpers.ts'

const send = async (fake: FakeOnOffice, body: unknown) =>
  (await (await post(fake, body)).json()) as Json

afterEach(() => vi.restoreAllMocks())

describe('HMAC verification', () => {
  it('one WebCrypto signature per distinct (timestamp, resourcetype, actionid) in a request, not one per action', async () => {
    const c = clock()
    const fake = createFakeOnOffice({ now: c.now, estates: 100 })
    const user = fake.addApiUser()
    const ts = Math.floor(c.now() / 1000)
    const actions: ActionSpec[] = Array.from({ length: 100 }, (_, i) => ({
      kind: 'read',
      resourcetype: 'estate',
      resourceid: i + 1,
      parameters: { data: ['Id'] },
      timestamp: i < 50 ? ts : ts - 1,
    }))
    const body = await envelope(user, actions, c.now())
    const sign = vi.spyOn(crypto.subtle, 'sign')
    const json = await send(fake, body)
    expect(json.status.errorcode).toBe(0)
    expect(
      json.response.results.map((r) => (Array.isArray(r.data) ? null : r.data.records[0]?.id)),
    ).toEqual(actions.map((a) => a.resourceid))
    expect(sign).toHaveBeenCalledTimes(2)
  })

  it('still checks every action: one bad HMAC among equal timestamps fails alone (137)', async () => {
    const c = clock()
    const fake = createFakeOnOffice({ now: c.now })
    const user = fake.addApiUser()
    const body = await envelope(
      user,
      [
        { kind: 'read', resourcetype: 'estate', resourceid: 1 },
        { kind: 'read', resourcetype: 'estate', resourceid: 2, hmac: 'AAAA' },
        { kind: 'read', resourcetype: 'estate', resourceid: 3 },
      ],
      c.now(),
    )
    const json = await send(fake, body)
    expect(json.response.results.map((r) => r.status.errorcode)).toEqual([0, 137, 0])
  })
})

/** Wraps every estate's field objects in proxies that count reads per field name. */
function countFieldReads(fake: FakeOnOffice): Map<string, number> {
  const reads = new Map<string, number>()
  const counting = (o: Record<string, string>) =>
    new Proxy(o, {
      get(target, key, receiver) {
        if (typeof key === 'string') reads.set(key, (reads.get(key) ?? 0) + 1)
        return Reflect.get(target, key, receiver) as unknown
      },
    })
  for (const e of fake.estates.values()) {
    e.fields = counting(e.fields)
    for (const lang of Object.keys(e.texts)) e.texts[lang] = counting(e.texts[lang]!)
  }
  return reads
}

describe('estate lists read only what they answer', () => {
  const N = 2000
  const setup = () => {
    const c = clock()
    const fake = createFakeOnOffice({ now: c.now, estates: N })
    const user = fake.addApiUser()
    const reads = countFieldReads(fake)
    const read = async (parameters: Record<string, unknown>) => {
      const json = await send(
        fake,
        await envelope(user, [{ kind: 'read', resourcetype: 'estate', parameters }], c.now()),
      )
      expect(json.status.errorcode).toBe(0)
      const data = json.response.results[0]!.data
      return Array.isArray(data) ? { meta: { cntabsolute: null }, records: [] } : data
    }
    return { read, reads }
  }

  it('a plain page touches only the requested fields of the page rows', async () => {
    const { read, reads } = setup()
    const page = await read({ data: ['Id', 'kaufpreis'], listlimit: 500, listoffset: 1000 })
    expect(page.meta.cntabsolute).toBe(N)
    expect(page.records.map((r) => r.id)).toEqual(Array.from({ length: 500 }, (_, i) => 1001 + i))
    expect(reads.get('kaufpreis')).toBe(500)
    expect(reads.get('Id')).toBeLessThanOrEqual(2 * 500)
    expect(reads.get('strasse') ?? 0).toBe(0)
    expect(reads.get('objektbeschreibung') ?? 0).toBe(0)
  })

  it('sorting reads each sort key once per row (not per comparison); filtering reads the filter field once per row', async () => {
    const { read, reads } = setup()
    const sorted = await read({
      data: ['Id'],
      sortby: { kaufpreis: 'DESC', Id: 'ASC' },
      listlimit: 5,
    })
    expect(sorted.records).toHaveLength(5)
    expect(reads.get('kaufpreis')).toBe(N)
    expect(reads.get('strasse') ?? 0).toBe(0)
    reads.clear()
    const filtered = await read({
      data: ['Id'],
      filter: { ort: [{ op: 'like', val: 'Aach%' }] },
      listlimit: 500,
    })
    expect(filtered.meta.cntabsolute).toBe(N / 5)
    expect(reads.get('ort')).toBe(N)
    expect(reads.get('strasse') ?? 0).toBe(0)
  })
})

describe('lazy views answer like merged records', () => {
  it('sort by a text field then a numeric one, and no `data`, equal a reference over { ...fields, ...texts }', async () => {
    const c = clock()
    const fake = createFakeOnOffice({ now: c.now, estates: 60 })
    const user = fake.addApiUser()
    fake.estates.get(7)!.texts.DEU!.objekttitel = 'ärger'
    fake.estates.get(8)!.texts.DEU!.objekttitel = 'Ärger'
    fake.estates.get(9)!.texts.DEU!.objekttitel = '10'
    fake.estates.get(10)!.texts.DEU!.objekttitel = '9'
    const json = await send(
      fake,
      await envelope(
        user,
        [
          {
            kind: 'read',
            resourcetype: 'estate',
            parameters: { sortby: { objekttitel: 'ASC', kaufpreis: 'DESC' }, listlimit: 500 },
          },
        ],
        c.now(),
      ),
    )
    const data = json.response.results[0]!.data
    if (Array.isArray(data)) throw new Error('no data')
    const num = /^-?\d+(\.\d+)?$/
    const cmp = (a = '', b = '') =>
      num.test(a) && num.test(b)
        ? Number(a) - Number(b)
        : a.localeCompare(b, 'de', { sensitivity: 'base' })
    const sorted = [...fake.estates.values()]
      .map((e) => ({ ...e.fields, ...e.texts.DEU! }))
      .sort((a, b) => cmp(a.objekttitel, b.objekttitel) || -cmp(a.kaufpreis, b.kaufpreis))
    // Multiselects are stored `|a||b|` and read back as onOffice sends them (arrays, or the pipe string for some).
    const multi = MULTISELECT_FIELDS.estate!
    const expected = sorted.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, multi.has(k) ? readMultiselect('estate', k, v) : v]),
      ),
    )
    expect(data.records.map((r) => r.elements)).toEqual(expected)
    expect(Object.keys(data.records[0]!.elements)).toEqual(Object.keys(expected[0]!))
  })
})

describe('recorder', () => {
  it('redacts each request once: action records share the redacted body parameters, keys matched case-insensitively', async () => {
    const c = clock()
    const fake = createFakeOnOffice({ now: c.now })
    const user = fake.addApiUser()
    const parameters = {
      data: ['Id'],
      ExtendedClaim: 'raw-claim',
      nested: [{ PassWord: 'p', keep: 'k' }],
    }
    await send(
      fake,
      await envelope(
        user,
        [{ kind: 'read', resourcetype: 'estate', resourceid: 1, parameters }],
        c.now(),
      ),
    )
    const recorded = fake.receivedActions()[0]!.parameters
    const body = fake.received[0]!.body as { request: { actions: Array<{ parameters: unknown }> } }
    expect(recorded).toEqual({
      data: ['Id'],
      ExtendedClaim: '[redacted]',
      nested: [{ PassWord: '[redacted]', keep: 'k' }],
    })
    expect(recorded).toBe(body.request.actions[0]!.parameters)
    expect(JSON.stringify(fake.received)).not.toContain('raw-claim')
  })
})
