import { describe, expect, it } from 'vitest'
import { OnOfficeResponseError, createClient } from '../../src/index.ts'
import { DEMO_CUSTOMER, createFakeOnOffice } from '../../src/testing/index.ts'
import {
  ESTATE_CATEGORIES,
  ESTATE_FILES,
  ESTATE_PICTURES_191,
  estateCategoriesBody,
  estateFilesBody,
  estatePicturesBody,
  fieldsWithEmptyRecordsBody,
} from './fixtures/real-shapes.ts'
import { SEC64, TOK32, stub } from './stub.ts'

const answering = (body: () => unknown) => {
  const s = stub(
    () =>
      new Response(JSON.stringify(body()), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
  )
  return createClient({ token: TOK32, secret: SEC64, fetch: s.fetch, retries: 0 })
}

describe('records shaped like onOffice really sends them', () => {
  it('get estateCategories: elements is a list and stays a list — all 11 categories, in order', async () => {
    const { records } = await answering(estateCategoriesBody).get('estateCategories', {})
    expect(records).toHaveLength(1)
    expect(records[0]!.elements).toEqual(ESTATE_CATEGORIES)
    expect(Array.isArray(records[0]!.elements) && records[0]!.elements.map((c) => c.id)).toEqual(
      ESTATE_CATEGORIES.map((c) => c.id),
    )
  })

  it('get estatepictures: each record keeps its list of pictures; PHP [] (no pictures) is {}', async () => {
    const { records, cntabsolute } = await answering(estatePicturesBody).get('estatepictures', {
      estateids: [191, 192],
    })
    expect(cntabsolute).toBe(2)
    expect(records.map((r) => [r.id, r.type])).toEqual([
      [191, 'estatepictures'],
      [192, 'estatepictures'],
    ])
    expect(records[0]!.elements).toEqual(ESTATE_PICTURES_191)
    expect(records[1]!.elements).toEqual({})
  })

  it('get file: the files of an estate stay a list', async () => {
    const { records } = await answering(estateFilesBody).get(
      'file',
      { estateid: 3729 },
      { resourceid: 'estate' },
    )
    expect(records[0]!.elements).toEqual(ESTATE_FILES)
  })

  it('get fields with empty records ([], no elements, null): the envelope is kept, the empty records skipped, unknown fields pass', async () => {
    const client = answering(fieldsWithEmptyRecordsBody)
    const { records } = await client.get('fields', { modules: ['estate', 'address'] })
    // [] and the records without elements are skipped; `elements: []` is PHP's empty object.
    expect(records.map((r) => r.id)).toEqual(['estate', 'task'])
    expect(records[0]).toMatchObject({ newRecordField: { x: 1 } })
    const fields = await client.fields.get({ modules: ['estate', 'address'] })
    expect(fields.estate?.fields.kaufpreis).toMatchObject({
      type: 'float',
      label: 'Kaufpreis',
      fieldMeasureFormat: 'DATA_TYPE_MONETARY',
      attributes: { brandNewKey: 1 },
    })
    expect(fields.task).toEqual({ label: null, fields: {}, extra: {} })
  })

  it('an object-shaped helper that gets a list says so instead of merging it', async () => {
    const asEstate = () => {
      const b = estatePicturesBody()
      for (const r of b.response.results) {
        r.actionid = 'urn:onoffice-de-ns:smart:2.5:smartml:action:read'
        r.resourcetype = 'estate'
      }
      return b
    }
    const client = answering(asEstate)
    await expect(client.estates.read()).rejects.toBeInstanceOf(OnOfficeResponseError)
    await expect(client.estates.get(191)).rejects.toThrow(
      /estates\.get: onOffice answered a list of elements/,
    )
  })

  it('the fake answers get/estatepictures with lists too, and the client keeps them; read is not an action of it (23)', async () => {
    const fake = createFakeOnOffice()
    const act = await fake.startActivation({ customerWebId: DEMO_CUSTOMER, userId: '17' })
    const base = createClient({
      token: act.apiToken,
      secret: act.apiKey,
      endpoint: fake.endpoint,
      fetch: fake.fetch,
    })
    await base
      .withClaim(act.apiClaim)
      .marketplace.unlockProvider({ parameterCacheId: act.parameterCacheId })
    const client = base.withClaim(fake.issueClaim(DEMO_CUSTOMER, '17'))
    for (const [file, Art] of [
      ['front.jpg', 'Titelbild'],
      ['garden.jpg', 'Foto'],
    ] as const)
      await client.files.upload({
        module: 'estate',
        relatedRecordId: 1,
        file,
        Art,
        data: new Uint8Array([1, 2, 3]),
        setDefaultPublicationRights: true,
      })
    const { records } = await client.get('estatepictures', {
      estateids: [1, 2],
      categories: ['Titelbild', 'Foto'],
    })
    // One record per file, its elements a list (one entry per estate that shows the file).
    expect(records).toHaveLength(2)
    const pictures = records.map((r) => r.elements)
    expect(pictures.every(Array.isArray)).toBe(true)
    expect(pictures.flat().map((p) => [p.estateid, p.type])).toEqual([
      ['1', 'Titelbild'],
      ['1', 'Foto'],
    ])
    await expect(client.get('estatepictures', {})).rejects.toMatchObject({ errorCode: 139 })
    await expect(
      client.read('estatepictures', { estateids: [1], categories: ['Foto'] }),
    ).rejects.toMatchObject({ errorCode: 23 })
  })
})
