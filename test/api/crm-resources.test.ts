import { describe, expect, it } from 'vitest'
import { ACTION_IDS, RELATION_TYPES, contactsOf, createClient } from '../../src/index.ts'
import {
  DEMO_CUSTOMER,
  createFakeOnOffice,
  type FakeOnOffice,
  type ReceivedAction,
} from '../../src/testing/index.ts'

const NOW = Date.UTC(2026, 0, 15, 9, 30, 0)

/** A marketplace client of the demo customer with a service claim of user 17, like a launch gives. */
async function launched(fake: FakeOnOffice) {
  const act = await fake.startActivation({ customerWebId: DEMO_CUSTOMER, userId: '17' })
  const base = createClient({
    token: act.apiToken,
    secret: act.apiKey,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    retryDelayMs: 0,
    now: () => NOW,
  })
  await base
    .withClaim(act.apiClaim)
    .marketplace.unlockProvider({ parameterCacheId: act.parameterCacheId })
  const claim = fake.issueClaim(DEMO_CUSTOMER, '17')
  fake.clearReceived()
  return { client: base.withClaim(claim), claim }
}

/** The single action the fake received for `resourcetype` (asserts there is exactly one). */
function only(fake: FakeOnOffice, resourcetype: string): ReceivedAction {
  const actions = fake.receivedActions({ resourcetype })
  expect(actions).toHaveLength(1)
  return actions[0]!
}

function expectWire(
  a: ReceivedAction,
  claim: string,
  kind: keyof typeof ACTION_IDS,
  parameters: Record<string, unknown>,
  resourceid: string | number = '',
) {
  expect(a.actionid).toBe(ACTION_IDS[kind])
  expect(String(a.resourceid)).toBe(String(resourceid))
  expect(a.claimIs(claim)).toBe(true)
  expect(a.parameters).toEqual({ ...parameters, extendedclaim: '[redacted]' })
  expect(a.status).toEqual({ errorcode: 0, message: 'OK' })
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

describe('addresses', () => {
  it('get: data with contact pseudo-fields on the wire, contacts parsed into a typed list', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client, claim } = await launched(fake)
    const a = await client.addresses.get(101, {
      data: ['Vorname', 'Name', 'email', 'phone', 'mobile', 'defaultphone'],
    })
    expectWire(
      only(fake, 'address'),
      claim,
      'read',
      { data: ['Vorname', 'Name', 'email', 'phone', 'mobile', 'defaultphone'] },
      101,
    )
    expect(a).toMatchObject({ id: 101, elements: { Vorname: 'Max', Name: 'Mustermann' } })
    expect(a!.contacts).toEqual([
      { id: expect.any(Number), kind: 'email', value: 'max@example.test', isDefault: false },
      {
        id: expect.any(Number),
        kind: 'phone',
        value: '+49 241 1000',
        isDefault: true,
        comment: 'Büro',
      },
      { id: expect.any(Number), kind: 'mobile', value: '+49 170 551010', isDefault: false },
    ])
  })

  it('contactsOf reads the apidoc example keys (incl. __Comment and default…)', () => {
    expect(
      contactsOf({
        id: 10891,
        phone__13021: '024124561',
        phone__13021__Comment: 'Telefonbemerkung',
        fax__13023: '0221156498',
        email__13027: 'max.mustermann1@my-onoffice.de',
        defaultemail__13027: 'max.mustermann1@my-onoffice.de',
        Name: 'x',
      }),
    ).toEqual([
      {
        id: 13021,
        kind: 'phone',
        value: '024124561',
        isDefault: false,
        comment: 'Telefonbemerkung',
      },
      { id: 13023, kind: 'fax', value: '0221156498', isDefault: false },
      { id: 13027, kind: 'email', value: 'max.mustermann1@my-onoffice.de', isDefault: true },
    ])
  })

  it('create: fields at the top level of parameters; checkDuplicate updates the existing address, noOverrideByDuplicate leaves it', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client, claim } = await launched(fake)
    const id = await client.addresses.create({
      Anrede: 'Frau',
      Vorname: 'Lena',
      Name: 'Schulz',
      Ort: 'Bonn',
      email: 'lena@example.test',
      phone: '0228 4711',
    })
    expectWire(only(fake, 'address'), claim, 'create', {
      Anrede: 'Frau',
      Vorname: 'Lena',
      Name: 'Schulz',
      Ort: 'Bonn',
      email: 'lena@example.test',
      phone: '0228 4711',
    })
    expect(id).toBe(106)
    expect(fake.addresses.get(106)!.fields).toMatchObject({
      Name: 'Schulz',
      Email: 'lena@example.test',
      Aenderung: '2026-01-15 09:30:00',
    })

    fake.clearReceived()
    expect(
      await client.addresses.create(
        { Name: 'Mustermann-Neu', email: 'MAX@example.test' },
        { checkDuplicate: true, noOverrideByDuplicate: true },
      ),
    ).toBe(101)
    expectWire(only(fake, 'address'), claim, 'create', {
      Name: 'Mustermann-Neu',
      email: 'MAX@example.test',
      checkDuplicate: true,
      noOverrideByDuplicate: true,
    })
    expect(fake.addresses.get(101)!.fields.Name).toBe('Mustermann')
    expect(
      await client.addresses.create(
        { Name: 'Mustermann-Neu', email: 'max@example.test' },
        { checkDuplicate: true },
      ),
    ).toBe(101)
    expect(fake.addresses.get(101)!.fields.Name).toBe('Mustermann-Neu')
    expect(fake.addresses.size).toBe(6)
    await expect(
      client.addresses.create({ Name: 'x' }, { noOverrideByDuplicate: true }),
    ).rejects.toThrow(/only applies together with checkDuplicate/)
  })

  it('modify: fields and a contact action; the change time moves', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client, claim } = await launched(fake)
    await client.addresses.modify(102, {
      Ort: 'Bonn',
      email: { action: 'add', newvalue: 'erika.neu@example.test', default: true },
    })
    expectWire(
      only(fake, 'address'),
      claim,
      'modify',
      { Ort: 'Bonn', email: { action: 'add', newvalue: 'erika.neu@example.test', default: true } },
      102,
    )
    const a = await client.addresses.get(102, { data: ['Ort', 'Aenderung', 'email'] })
    expect(a!.elements).toMatchObject({ Ort: 'Bonn', Aenderung: '2026-01-15 09:30:00' })
    expect(a!.contacts.map((c) => c.value)).toEqual([
      'erika@example.test',
      'erika.neu@example.test',
    ])
  })

  it('iterate pages with listlimit ≤ 500 and yields typed records', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client } = await launched(fake)
    const got = await all(client.addresses.iterate({ data: ['Name', 'email'] }, { pageSize: 2 }))
    expect(got.map((a) => a.id)).toEqual([101, 102, 103, 104, 105])
    expect(got.every((a) => a.contacts.some((c) => c.kind === 'email'))).toBe(true)
    expect(
      fake
        .receivedActions({ resourcetype: 'address' })
        .map((a) => [a.parameters.listlimit, a.parameters.listoffset]),
    ).toEqual([
      [2, 0],
      [2, 2],
      [2, 4],
    ])
  })
})

describe('estates', () => {
  it('create sends data and answers the new id; iterate filters; search sends the estate as searchdata', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client, claim } = await launched(fake)
    const id = await client.estates.create({
      objektart: 'haus',
      vermarktungsart: 'kauf',
      plz: '52068',
      ort: 'Aachen',
      kaufpreis: 350000,
      objekttitel: 'Neubau in Aachen',
    })
    expectWire(only(fake, 'estate'), claim, 'create', {
      data: {
        objektart: 'haus',
        vermarktungsart: 'kauf',
        plz: '52068',
        ort: 'Aachen',
        kaufpreis: 350000,
        objekttitel: 'Neubau in Aachen',
      },
    })
    expect(id).toBe(13)
    expect(fake.estates.get(13)).toMatchObject({
      fields: { kaufpreis: '350000', erstellt_am: '2026-01-15 09:30:00' },
      texts: { DEU: { objekttitel: 'Neubau in Aachen' } },
    })

    fake.clearReceived()
    const filter = { plz: [{ op: '=', val: '52068' }] }
    const aachen = await all(
      client.estates.iterate({ data: ['Id', 'ort'], filter }, { pageSize: 2 }),
    )
    expect(aachen.map((e) => e.id)).toEqual([1, 6, 11, 13])
    expect(
      fake
        .receivedActions({ resourcetype: 'estate' })
        .every((a) => JSON.stringify(a.parameters.filter) === JSON.stringify(filter)),
    ).toBe(true)

    fake.clearReceived()
    const { records } = await client.estates.search(13, { outputall: true })
    const [read, search] = fake.receivedActions()
    expect(read).toMatchObject({ resourcetype: 'estate', resourceid: '13' })
    expectWire(
      search!,
      claim,
      'get',
      {
        searchdata: {
          objektart: 'haus',
          vermarktungsart: 'kauf',
          kaufpreis: '350000',
          range_plz: '52068',
          range_ort: 'Aachen',
        },
        outputall: true,
      },
      'searchcriteria',
    )
    expect(search!.resourcetype).toBe('search')
    expect(records).toEqual([
      {
        id: 131,
        type: 'searchcriteria',
        addressId: 101,
        elements: expect.objectContaining({ Id: '131', adresse: '101', objektart: 'haus' }),
      },
    ])
  })
})

describe('searchCriteria', () => {
  it('get by mode, create, modify, fields and search on the wire and typed', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client, claim } = await launched(fake)
    const byAddress = await client.searchCriteria.get({ mode: 'internal', ids: [101] })
    expectWire(only(fake, 'searchcriterias'), claim, 'get', { mode: 'internal', ids: [101] })
    expect(byAddress.records.map((c) => [c.id, c.addressId])).toEqual([
      [131, 101],
      [134, 101],
    ])
    expect(byAddress.records[0]!.elements).toMatchObject({
      objektart: 'haus',
      range_kaufpreis: ['200000', '600000'],
      range_plz: '52068',
    })
    expect(byAddress.records[0]!.meta).toMatchObject({
      internaladdressid: '101',
      externaladdressid: '5000',
      status: '1',
    })

    fake.clearReceived()
    const id = await client.searchCriteria.create(105, {
      objektart: 'wohnung',
      vermarktungsart: 'miete',
      kaltmiete__bis: '900',
      range_plz: '80331',
      range: '15',
    })
    expectWire(only(fake, 'searchcriteria'), claim, 'create', {
      addressid: 105,
      data: {
        objektart: 'wohnung',
        vermarktungsart: 'miete',
        kaltmiete__bis: '900',
        range_plz: '80331',
        range: '15',
      },
    })
    expect(fake.searchCriteria.get(id)).toMatchObject({ addressId: 105, advisor: 17 })

    fake.clearReceived()
    await client.searchCriteria.modify(id, { kaltmiete: ['500', '1000'], sys_status: '0' })
    expectWire(
      only(fake, 'searchcriteria'),
      claim,
      'modify',
      { data: { kaltmiete: ['500', '1000'], sys_status: '0' } },
      id,
    )
    expect(fake.searchCriteria.get(id)).toMatchObject({
      status: '0',
      fields: { kaltmiete__von: '500', kaltmiete__bis: '1000' },
    })

    fake.clearReceived()
    const filtered = await client.searchCriteria.get({
      mode: 'filter',
      filter: { status: [{ op: '=', val: '1' }] },
      sortby: 'internaladdressid',
      sortorder: 'DESC',
    })
    expect(filtered.records.map((c) => c.addressId)).toEqual([104, 102, 101, 101])

    const categories = await client.searchCriteria.fields()
    expect(categories.map((c) => c.name)).toEqual([
      'Objekt',
      'Preise',
      'Flächen',
      'Geografische Angaben',
    ])
    expect(categories[1]!.fields[0]).toMatchObject({ id: 'kaufpreis', rangefield: 'true' })

    fake.clearReceived()
    const matches = await client.searchCriteria.search(
      { range_plz: '50667', kaltmiete: '1000' },
      { outputfields: ['Id', 'objektart'] },
    )
    expectWire(
      only(fake, 'search'),
      claim,
      'get',
      { searchdata: { range_plz: '50667', kaltmiete: '1000' }, outputfields: ['Id', 'objektart'] },
      'searchcriteria',
    )
    expect(matches.records).toEqual([
      {
        id: 132,
        type: 'searchcriteria',
        addressId: null,
        elements: { Id: '132', objektart: 'wohnung' },
      },
    ])
    await expect(client.searchCriteria.get({ mode: 'internal', ids: [] })).rejects.toThrow(
      /non-empty ids/,
    )
  })
})

describe('relations', () => {
  it('get by parentIds and childIds, create, delete; an unknown type is onOffice error 132', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client, claim } = await launched(fake)
    const owners = await client.relations.get({
      type: RELATION_TYPES.estateOwner,
      parentIds: [1, 2, 3],
    })
    expectWire(only(fake, 'idsfromrelation'), claim, 'get', {
      relationtype: 'urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:owner',
      parentids: [1, 2, 3],
    })
    expect(owners).toEqual(
      new Map([
        [1, [101]],
        [2, [102]],
      ]),
    )
    fake.clearReceived()
    await client.relations.create({
      type: RELATION_TYPES.estateInterested,
      parentIds: [3],
      childIds: [102, 105],
    })
    expectWire(only(fake, 'relation'), claim, 'create', {
      relationtype: RELATION_TYPES.estateInterested,
      parentid: [3],
      childid: [102, 105],
    })
    expect(
      await client.relations.get({ type: RELATION_TYPES.estateInterested, childIds: [105] }),
    ).toEqual(new Map([[105, [3]]]))
    fake.clearReceived()
    await client.relations.delete({
      type: RELATION_TYPES.estateInterested,
      parentId: 3,
      childId: 105,
    })
    expectWire(only(fake, 'relation'), claim, 'delete', {
      relationtype: RELATION_TYPES.estateInterested,
      parentid: 3,
      childid: 105,
    })
    expect(
      await client.relations.get({ type: RELATION_TYPES.estateInterested, childIds: [105] }),
    ).toEqual(new Map())
    await expect(
      client.relations.get({
        type: 'urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:nope',
        parentIds: [1],
      }),
    ).rejects.toMatchObject({ errorCode: 132 })
    await expect(
      client.relations.create({
        type: RELATION_TYPES.estateInterested,
        parentIds: [1, 2],
        childIds: [101, 102],
      }),
    ).rejects.toThrow(/n:n/)
  })
})

describe('tasks', () => {
  it('read, create, modify on the wire; iterate pages by Nr without listoffset; listoffset is refused', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client, claim } = await launched(fake)
    const { records } = await client.tasks.read({ data: ['Betreff', 'Status'], relatedEstateId: 1 })
    expectWire(only(fake, 'task'), claim, 'read', {
      data: ['Betreff', 'Status'],
      relatedEstateId: 1,
    })
    expect(records.map((t) => [t.id, t.relatedEstateIds])).toEqual([
      [451, [1]],
      [454, [1]],
    ])
    fake.clearReceived()
    const id = await client.tasks.create(
      { Betreff: '360°-Rundgang prüfen', Aufgabe: 'Rundgang für Objekt 2 freigeben', Prio: 2 },
      { relatedEstateId: 2 },
    )
    expectWire(only(fake, 'task'), claim, 'create', {
      data: {
        Betreff: '360°-Rundgang prüfen',
        Aufgabe: 'Rundgang für Objekt 2 freigeben',
        Prio: 2,
      },
      relatedEstateId: 2,
    })
    expect(id).toBe(456)
    fake.clearReceived()
    await client.tasks.modify(id, { Status: 3, erledigt: true })
    expectWire(only(fake, 'task'), claim, 'modify', { data: { Status: 3, erledigt: true } }, 456)
    expect(fake.tasks.get(456)!.fields).toMatchObject({
      Status: '3',
      erledigt: '1',
      modified: '2026-01-15 09:30:00',
    })

    fake.clearReceived()
    const every = await all(client.tasks.iterate({ data: ['Betreff'] }, { pageSize: 2 }))
    expect(every.map((t) => t.id)).toEqual([451, 452, 453, 454, 455, 456])
    const pages = fake.receivedActions({ resourcetype: 'task' })
    expect(pages.map((a) => a.parameters.filter)).toEqual([
      {},
      { Nr: [{ op: '>', val: 452 }] },
      { Nr: [{ op: '>', val: 454 }] },
      { Nr: [{ op: '>', val: 456 }] },
    ])
    expect(pages.every((a) => !('listoffset' in a.parameters))).toBe(true)
    await expect(client.tasks.read({ listoffset: 20 } as never)).rejects.toThrow(/no listoffset/)
  })
})

describe('appointments', () => {
  it('read within a date range, create and modify; iterate splits a range that hits the 500 limit', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client, claim } = await launched(fake)
    const march = await client.appointments.read({ from: '2025-03-01', to: '2025-03-31' })
    expectWire(only(fake, 'calendar'), claim, 'read', {
      datestart: '2025-03-01',
      dateend: '2025-03-31',
    })
    expect(march.truncated).toBe(false)
    expect(march.records.map((a) => [a.id, a.start])).toEqual([
      [407, '2025-03-10 10:00:00'],
      [408, '2025-03-11 15:00:00'],
      [409, '2025-03-20 09:00:00'],
    ])
    fake.clearReceived()
    const id = await client.appointments.create(
      {
        description: 'Besichtigung Neubau',
        start_dt: '2025-03-12 10:00:00',
        end_dt: '2025-03-12 10:30:00',
        art: 'Besichtigung',
      },
      { relatedAddressIds: [104], relatedEstateId: 2 },
    )
    expectWire(only(fake, 'calendar'), claim, 'create', {
      data: {
        description: 'Besichtigung Neubau',
        start_dt: '2025-03-12 10:00:00',
        end_dt: '2025-03-12 10:30:00',
        art: 'Besichtigung',
      },
      relatedAddressIds: [104],
      relatedEstateId: 2,
    })
    fake.clearReceived()
    await client.appointments.modify(id, { status: 'completed' })
    expectWire(only(fake, 'calendar'), claim, 'modify', { data: { status: 'completed' } }, id)
    expect((await client.appointments.get(id))?.elements.status).toBe('completed')

    // 600 appointments in four days: more than one query may answer.
    for (let i = 0; i < 600; i++) {
      const day = 1 + (i % 4)
      fake.appointments.set(10_000 + i, {
        id: 10_000 + i,
        fields: {
          description: `Termin ${i}`,
          start_dt: `2025-06-0${day} 08:00:00`,
          end_dt: `2025-06-0${day} 08:30:00`,
          status: 'active',
        },
        relatedAddressIds: [],
        relatedEstateId: null,
        userIds: [17],
      })
    }
    fake.clearReceived()
    expect(
      (await client.appointments.read({ from: '2025-06-01', to: '2025-06-04' })).truncated,
    ).toBe(true)
    const june = await all(client.appointments.iterate({ from: '2025-06-01', to: '2025-06-04' }))
    expect(new Set(june.map((a) => a.id)).size).toBe(600)
    expect(
      fake
        .receivedActions({ resourcetype: 'calendar' })
        .map((a) => `${a.parameters.datestart}…${a.parameters.dateend}`),
    ).toEqual([
      '2025-06-01…2025-06-04',
      '2025-06-01…2025-06-04',
      '2025-06-01…2025-06-02',
      '2025-06-03…2025-06-04',
    ])
  })
})

describe('agentsLog', () => {
  it('read filtered by estate, create linked to an estate and addresses (one entry per address)', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client, claim } = await launched(fake)
    const { records } = await client.agentsLog.read({
      estateid: [1],
      data: ['Aktionsart', 'Datum', 'Adress_nr', 'Objekt_nr'],
    })
    expectWire(only(fake, 'agentslog'), claim, 'read', {
      estateid: [1],
      data: ['Aktionsart', 'Datum', 'Adress_nr', 'Objekt_nr'],
    })
    expect(records.map((r) => [r.id, r.elements.Aktionsart, r.addressIds, r.estateIds])).toEqual([
      [131747, 'Besichtigung', [101], [1]],
      [131745, 'Email', [104], [1]],
    ])
    fake.clearReceived()
    const ids = await client.agentsLog.create({
      actionkind: 'Email',
      actiontype: 'Ausgang',
      note: '360°-Rundgang versendet',
      estateId: 1,
      addressIds: [101, 104],
    })
    expectWire(only(fake, 'agentslog'), claim, 'create', {
      actionkind: 'Email',
      actiontype: 'Ausgang',
      note: '360°-Rundgang versendet',
      estateid: 1,
      addressids: [101, 104],
    })
    expect(ids).toEqual([131748, 131749])
    expect(fake.agentsLog.get(131748)).toMatchObject({
      addressIds: [101],
      estateId: 1,
      fields: {
        Bemerkung: '360°-Rundgang versendet',
        Datum: '2026-01-15 09:30:00',
        Benutzer: 'mm',
      },
    })
    await expect(client.agentsLog.create({ note: 'x' })).rejects.toThrow(
      /addressIds and\/or an estateId/,
    )
  })
})

describe('users, imprint, regions, multiselect', () => {
  it('users.get / me / list, imprint.get, regions.get (one call, tree), multiselect.get (labels, hierarchy)', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client, claim } = await launched(fake)
    expect((await client.users.get(18, { data: ['Vorname', 'Nachname'] }))?.elements).toEqual({
      Vorname: 'Erika',
      Nachname: 'Admin',
    })
    expectWire(only(fake, 'user'), claim, 'read', { data: ['Vorname', 'Nachname'] }, 18)
    expect(await client.users.me()).toMatchObject({
      id: 17,
      username: 'mmakler',
      firstname: 'Max',
      lastname: 'Makler',
    })
    expectWire(only(fake, 'users'), claim, 'get', { userfilter: 'onlyOwn' })
    fake.clearReceived()
    expect((await client.users.list()).map((u) => u.id)).toEqual([17, 18])

    const imprint = await client.imprint.get(undefined, {
      data: ['firma', 'city', 'handelsregisterNr'],
    })
    expectWire(only(fake, 'impressum'), claim, 'read', {
      data: ['firma', 'city', 'handelsregisterNr'],
    })
    expect(imprint).toEqual({
      firma: 'Muster Immobilien GmbH & Co. KG',
      city: 'Aachen',
      handelsregisterNr: 'HRA 12345',
    })

    const regions = await client.regions.get({ language: 'DEU' })
    expectWire(only(fake, 'regions'), claim, 'get', { language: 'DEU' })
    expect(regions.map((r) => r.name)).toEqual(['Rheinland', 'Norddeutschland'])
    expect(regions[0]!.children.map((c) => [c.name, c.children.map((g) => g.name)])).toEqual([
      ['Aachen', []],
      ['Köln', ['Chorweiler', 'Nippes']],
    ])

    const sources = await client.multiselect.get('address', 'HerkunftKontakt')
    expectWire(only(fake, 'multiselectconfiguration'), claim, 'get', {
      module: 'address',
      fields: ['HerkunftKontakt'],
    })
    expect(
      sources.filter((v) => v.parent === 'portal_system').map((v) => [v.value, v.label, v.level]),
    ).toEqual([
      ['immobilienscout24_system', 'Immobilienscout 24', 2],
      ['immonet_system', 'Immonet', 2],
    ])
  })

  it('without the right to read user data only the own user is readable (170 otherwise)', async () => {
    const fake = createFakeOnOffice({ now: () => NOW })
    const { client } = await launched(fake)
    fake.rights.readUserData = false
    expect((await client.users.get(17, { data: ['Vorname'] }))?.elements).toEqual({
      Vorname: 'Max',
    })
    expect((await client.users.me()).id).toBe(17)
    await expect(client.users.get(18)).rejects.toMatchObject({ errorCode: 170 })
    await expect(client.users.list()).rejects.toMatchObject({ errorCode: 170 })
  })
})
