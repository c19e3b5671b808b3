import { beforeEach, describe, expect, it } from 'vitest'
import {
  createFakeOnOffice,
  type FakeCredentials,
  type FakeOnOffice,
} from '../../../src/testing/index.ts'
import { clock, one } from './helpers.ts'

let c: ReturnType<typeof clock>
let fake: FakeOnOffice
let user: FakeCredentials
beforeEach(() => {
  c = clock()
  fake = createFakeOnOffice({ now: c.now, estates: 40 })
  user = fake.addApiUser()
})

const read = (parameters: Record<string, unknown>, resourceid?: number) =>
  one(
    fake,
    user,
    { kind: 'read', resourcetype: 'estate', parameters, ...(resourceid ? { resourceid } : {}) },
    c.now(),
  )
const ids = (r: { records: Array<{ id: number | string }> }) => r.records.map((x) => x.id)

describe('multilingual estates', () => {
  it('reads estate 1 in the main language without estatelanguage and in ENG with it', async () => {
    const deu = await read({ data: ['Id', 'objekttitel', 'objektbeschreibung', 'kaufpreis'] }, 1)
    expect(deu.records).toHaveLength(1)
    expect(deu.records[0]).toMatchObject({ id: 1, type: 'estate' })
    expect(deu.records[0]!.elements.objekttitel).toBe('Traumhaus mit Garten in Aachen')
    const eng = await read(
      { data: ['objekttitel', 'objektbeschreibung', 'kaufpreis'], estatelanguage: 'ENG' },
      1,
    )
    expect(eng.records[0]!.elements).toEqual({
      objekttitel: 'Dream house with garden in Aachen',
      objektbeschreibung: 'Detached family house with a large garden.',
      kaufpreis: deu.records[0]!.elements.kaufpreis,
    })
    expect(eng.records[0]!.elements).not.toHaveProperty('Id')
  })

  it('modify with estatelanguage writes only that language; without it only the main language', async () => {
    await one(
      fake,
      user,
      {
        kind: 'modify',
        resourcetype: 'estate',
        resourceid: 1,
        parameters: { estatelanguage: 'ENG', data: { objekttitel: 'New EN' } },
      },
      c.now(),
    )
    expect((await read({ data: ['objekttitel'] }, 1)).records[0]!.elements.objekttitel).toBe(
      'Traumhaus mit Garten in Aachen',
    )
    expect(
      (await read({ data: ['objekttitel'], estatelanguage: 'ENG' }, 1)).records[0]!.elements
        .objekttitel,
    ).toBe('New EN')
    const m = await one(
      fake,
      user,
      {
        kind: 'modify',
        resourcetype: 'estate',
        resourceid: 1,
        parameters: { data: { objekttitel: 'Neu DE', kaufpreis: '1.00' } },
      },
      c.now(),
    )
    expect(m.status.errorcode).toBe(0)
    expect(
      (await read({ data: ['objekttitel', 'kaufpreis'], estatelanguage: 'ENG' }, 1)).records[0]!
        .elements,
    ).toEqual({ objekttitel: 'New EN', kaufpreis: '1.00' })
    expect(fake.estates.get(1)!.texts.DEU!.objekttitel).toBe('Neu DE')
  })

  it('lists only estates that have the language; unknown id → 80, bad language → 160, unknown field → 141/143', async () => {
    expect(ids(await read({ estatelanguage: 'ENG', data: ['Id'] }))).toEqual([1, 2])
    expect((await read({}, 9999)).status.errorcode).toBe(80)
    expect((await read({ estatelanguage: 'english' }, 1)).status).toEqual({
      errorcode: 160,
      message: 'Invalid language: "english"',
    })
    expect((await read({ data: ['nope'] })).status).toEqual({
      errorcode: 141,
      message: 'Unknown field: nope',
    })
    const m = await one(
      fake,
      user,
      { kind: 'modify', resourcetype: 'estate', resourceid: 1, parameters: { data: { nope: 1 } } },
      c.now(),
    )
    expect(m.status).toEqual({ errorcode: 143, message: 'Unknown field in estate data: nope' })
  })
})

describe('lists', () => {
  it('listlimit: default 20, max 500, above 500 answered with 20 (the real quirk); cntabsolute is the total', async () => {
    const big = createFakeOnOffice({ now: c.now, estates: 10_000 })
    const u = big.addApiUser()
    const n = async (listlimit?: number) =>
      await one(
        big,
        u,
        {
          kind: 'read',
          resourcetype: 'estate',
          parameters: { data: ['Id'], ...(listlimit === undefined ? {} : { listlimit }) },
        },
        c.now(),
      )
    expect((await n()).records).toHaveLength(20)
    const r500 = await n(500)
    expect(r500.records).toHaveLength(500)
    expect(r500.cntabsolute).toBe(10_000)
    expect((await n(501)).records).toHaveLength(20)
    expect((await n(10_000)).records).toHaveLength(20)
  })

  it('listoffset pages through in id order', async () => {
    const p = await read({ data: ['Id'], listlimit: 5, listoffset: 10 })
    expect(ids(p)).toEqual([11, 12, 13, 14, 15])
    expect(p.cntabsolute).toBe(40)
    expect(ids(await read({ data: ['Id'], listoffset: 38 }))).toEqual([39, 40])
  })

  it('sortby as object and as string with sortorder; unknown sort field → 212', async () => {
    const desc = await read({ data: ['Id'], sortby: { Id: 'DESC' }, listlimit: 3 })
    expect(ids(desc)).toEqual([40, 39, 38])
    const byPrice = await read({
      data: ['Id', 'kaufpreis'],
      sortby: 'kaufpreis',
      sortorder: 'DESC',
      listlimit: 40,
    })
    const prices = byPrice.records.map((r) => Number(r.elements.kaufpreis))
    expect(prices).toEqual([...prices].sort((a, b) => b - a))
    expect((await read({ sortby: { nope: 'ASC' } })).status).toEqual({
      errorcode: 212,
      message: 'Unknown sort field.',
    })
  })

  const cases: Array<[string, unknown, (id: number) => boolean]> = [
    ['=', 5, (id) => id === 5],
    ['is', 5, (id) => id === 5],
    ['!=', 5, (id) => id !== 5],
    ['<>', 5, (id) => id !== 5],
    ['>', 35, (id) => id > 35],
    ['<', 3, (id) => id < 3],
    ['>=', 38, (id) => id >= 38],
    ['<=', 2, (id) => id <= 2],
    ['IN', [3, '7'], (id) => id === 3 || id === 7],
    ['not in', [1, 2], (id) => id > 2],
    ['between', [10, 12], (id) => id >= 10 && id <= 12],
    ['BETWEEN', ['10', '12'], (id) => id >= 10 && id <= 12],
  ]
  for (const [op, val, expected] of cases) {
    it(`filter operator ${op}`, async () => {
      const r = await read({ data: ['Id'], filter: { Id: [{ op, val }] }, listlimit: 500 })
      expect(r.status.errorcode).toBe(0)
      expect(ids(r)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1).filter(expected))
      expect(r.cntabsolute).toBe(r.records.length)
    })
  }

  it('filter like / not like with % wildcards, AND-ed conditions', async () => {
    const like = await read({
      data: ['Id', 'ort'],
      filter: { ort: [{ op: 'like', val: 'Aach%' }] },
      listlimit: 500,
    })
    expect(like.records.length).toBeGreaterThan(0)
    expect(like.records.every((r) => r.elements.ort === 'Aachen')).toBe(true)
    const notLike = await read({
      data: ['ort'],
      filter: { ort: [{ op: 'NOT LIKE', val: '%chen' }] },
      listlimit: 500,
    })
    expect(notLike.records.every((r) => !String(r.elements.ort).endsWith('chen'))).toBe(true)
    expect(like.records.length + notLike.records.length).toBeLessThan(40) // München also ends with "chen"
    const and = await read({
      data: ['Id'],
      filter: { ort: [{ op: '=', val: 'Aachen' }], Id: [{ op: '<', val: 20 }] },
      listlimit: 500,
    })
    expect(ids(and)).toEqual(like.records.map((r) => r.id).filter((id) => Number(id) < 20))
  })

  it('unknown operator → 142, unknown filter field → 141, filter ignored with resourceid', async () => {
    expect((await read({ filter: { Id: [{ op: '~', val: 1 }] } })).status).toEqual({
      errorcode: 142,
      message: 'Unknown operator: ~',
    })
    expect((await read({ filter: { nope: [{ op: '=', val: 1 }] } })).status.errorcode).toBe(141)
    expect(ids(await read({ filter: { Id: [{ op: '=', val: 2 }] } }, 1))).toEqual([1])
  })
})

describe('other resources', () => {
  it('addresses and users read like estates', async () => {
    const a = await one(
      fake,
      user,
      {
        kind: 'read',
        resourcetype: 'address',
        parameters: { data: ['Name', 'Ort'], filter: { Ort: [{ op: '=', val: 'Köln' }] } },
      },
      c.now(),
    )
    expect(a.records).toEqual([
      { id: 102, type: 'address', elements: { Name: 'Musterfrau', Ort: 'Köln' } },
    ])
    const u = await one(
      fake,
      user,
      {
        kind: 'read',
        resourcetype: 'user',
        resourceid: 17,
        parameters: { data: ['Vorname', 'Nachname'] },
      },
      c.now(),
    )
    expect(u.records[0]).toEqual({
      id: 17,
      type: 'user',
      elements: { Vorname: 'Max', Nachname: 'Makler' },
    })
  })

  it('userphoto: base64 by default, a link with photosAsLinks, null without photo', async () => {
    const b64 = await one(
      fake,
      user,
      { kind: 'read', resourcetype: 'userphoto', resourceid: 17 },
      c.now(),
    )
    expect(b64.records[0]!.elements.photo).toMatch(/^iVBOR/)
    const link = await one(
      fake,
      user,
      {
        kind: 'read',
        resourcetype: 'userphoto',
        resourceid: 17,
        parameters: { photosAsLinks: true },
      },
      c.now(),
    )
    expect(link.records[0]!.elements.photo).toMatch(/^https:\/\/api\.onoffice\.test\/.+\.png$/)
    const none = await one(
      fake,
      user,
      { kind: 'read', resourcetype: 'userphoto', resourceid: 18 },
      c.now(),
    )
    expect(none.records[0]!.elements.photo).toBeNull()
    // the link leads to the image itself, and it is a real picture (64×64 PNG), not a 1×1 placeholder
    const image = await fake.fetch(String(link.records[0]!.elements.photo))
    expect(image.headers.get('content-type')).toBe('image/png')
    const bytes = new Uint8Array(await image.arrayBuffer())
    expect([...bytes.slice(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10])
    const view = new DataView(bytes.buffer)
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([64, 64])
    expect((await fake.fetch('https://api.onoffice.test/userphoto/18.png')).status).toBe(404)
  })

  it('basicsettings: requested CI values, colours without #, logo base64, type null', async () => {
    const r = await one(
      fake,
      user,
      {
        kind: 'read',
        resourcetype: 'basicsettings',
        parameters: { data: { basicData: { characteristicsCi: ['color', 'color2', 'logo'] } } },
      },
      c.now(),
    )
    expect(r.records[0]!.type).toBeNull()
    const ci = r.records[0]!.elements.basicData.characteristicsCi
    expect(Object.keys(ci)).toEqual(['color', 'color2', 'logo'])
    expect(ci.color).toMatch(/^[0-9a-f]{6}$/)
    expect(ci.color2).toMatch(/^[0-9a-f]{6}$/)
    expect(ci.logo).toMatch(/^[A-Za-z0-9+/]+=*$/)
  })

  it('fields: one record per module with the field config; labels on request; unknown module → 163', async () => {
    const r = await one(
      fake,
      user,
      {
        kind: 'get',
        resourcetype: 'fields',
        parameters: { modules: ['estate', 'address'], labels: true },
      },
      c.now(),
    )
    expect(r.records.map((x) => x.id)).toEqual(['estate', 'address'])
    expect(r.records[0]!.elements.kaufpreis).toMatchObject({ type: 'float', label: 'Kaufpreis' })
    expect(r.cntabsolute).toBeNull()
    const bad = await one(
      fake,
      user,
      { kind: 'get', resourcetype: 'fields', parameters: { modules: ['nope'] } },
      c.now(),
    )
    expect(bad.status).toEqual({ errorcode: 163, message: 'Invalid name for module' })
  })

  it('seed: false starts empty; reset() restores the demo data', async () => {
    expect(createFakeOnOffice({ seed: false }).estates.size).toBe(0)
    fake.estates.delete(1)
    fake.reset()
    expect(fake.estates.get(1)!.texts.ENG).toBeDefined()
  })
})
