import { beforeEach, describe, expect, it } from 'vitest'
import {
  createFakeOnOffice,
  type FakeCredentials,
  type FakeOnOffice,
} from '../../../src/testing/index.ts'
import { clock, one, type ActionSpec } from './helpers.ts'

let c: ReturnType<typeof clock>
let fake: FakeOnOffice
let user: FakeCredentials
beforeEach(() => {
  c = clock()
  fake = createFakeOnOffice({ now: c.now })
  user = fake.addApiUser()
})

const send = (a: ActionSpec) => one(fake, user, a, c.now())
const OWNER = 'urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:owner'

describe('documented errors of the CRM calls', () => {
  it('an unknown relationtype is 132 "No or unknown relation given" with data []', async () => {
    for (const a of [
      {
        kind: 'get',
        resourcetype: 'idsfromrelation',
        parameters: {
          relationtype: 'urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:nope',
          parentids: [1],
        },
      },
      {
        kind: 'create',
        resourcetype: 'relation',
        parameters: { relationtype: 'buyer', parentid: [1], childid: [101] },
      },
      { kind: 'delete', resourcetype: 'relation', parameters: { parentid: 1, childid: 101 } },
    ] satisfies ActionSpec[]) {
      const r = await send(a)
      expect(r.status).toEqual({ errorcode: 132, message: 'No or unknown relation given' })
      expect(r.data).toEqual([])
      expect(r.top.errorcode).toBe(97)
    }
  })

  it('n:n relations are 219; a relation to a record that does not exist is 80', async () => {
    expect(
      (
        await send({
          kind: 'create',
          resourcetype: 'relation',
          parameters: { relationtype: OWNER, parentid: [1, 2], childid: [101, 102] },
        })
      ).status.errorcode,
    ).toBe(219)
    expect(
      (
        await send({
          kind: 'create',
          resourcetype: 'relation',
          parameters: { relationtype: OWNER, parentid: [1], childid: [999] },
        })
      ).status.errorcode,
    ).toBe(80)
  })

  it('tasks reject listoffset (255 Invalid value for parameter "listoffset"); Nr pages instead', async () => {
    const r = await send({ kind: 'read', resourcetype: 'task', parameters: { listoffset: 2 } })
    expect(r.status).toEqual({
      errorcode: 255,
      message: 'Invalid value for parameter "listoffset"',
    })
    const page = await send({
      kind: 'read',
      resourcetype: 'task',
      parameters: { data: ['Betreff'], filter: { Nr: [{ op: '>', val: 452 }] }, listlimit: 2 },
    })
    expect(page.records.map((t) => t.id)).toEqual([453, 454])
  })

  it('a listlimit above 500 is silently answered with 20 records (address, agents log, tasks)', async () => {
    for (let i = 0; i < 30; i++) {
      const r = await send({
        kind: 'create',
        resourcetype: 'address',
        parameters: { Name: `Test ${i}`, email: `t${i}@example.test` },
      })
      expect(r.status.errorcode).toBe(0)
      await send({
        kind: 'create',
        resourcetype: 'task',
        parameters: { data: { Betreff: `Aufgabe ${i}` } },
      })
      await send({
        kind: 'create',
        resourcetype: 'agentslog',
        parameters: { addressids: [101], note: `Eintrag ${i}` },
      })
    }
    for (const resourcetype of ['address', 'task', 'agentslog']) {
      const big = await send({ kind: 'read', resourcetype, parameters: { listlimit: 501 } })
      expect(big.records).toHaveLength(20)
      const max = await send({ kind: 'read', resourcetype, parameters: { listlimit: 500 } })
      expect(max.records.length).toBeGreaterThan(30)
    }
  })

  it('appointments: period required (91/92), start after end (93), filter without period (241), unknown id (169)', async () => {
    expect(
      (
        await send({
          kind: 'read',
          resourcetype: 'calendar',
          parameters: { dateend: '2025-03-01' },
        })
      ).status.errorcode,
    ).toBe(91)
    expect(
      (
        await send({
          kind: 'read',
          resourcetype: 'calendar',
          parameters: { datestart: '2025-03-01' },
        })
      ).status.errorcode,
    ).toBe(92)
    expect(
      (
        await send({
          kind: 'read',
          resourcetype: 'calendar',
          parameters: { datestart: '2025-03-02', dateend: '2025-03-01' },
        })
      ).status.errorcode,
    ).toBe(93)
    expect(
      (
        await send({
          kind: 'read',
          resourcetype: 'calendar',
          parameters: { filter: { art: [{ op: '=', val: 'Besichtigung' }] } },
        })
      ).status.errorcode,
    ).toBe(241)
    expect(
      (await send({ kind: 'read', resourcetype: 'calendar', resourceid: 1 })).status.errorcode,
    ).toBe(169)
    const ok = await send({
      kind: 'read',
      resourcetype: 'calendar',
      parameters: {
        datestart: '2025-03-01',
        dateend: '2025-03-31',
        filter: { art: [{ op: '=', val: 'Notartermin' }] },
      },
    })
    expect(ok.records.map((r) => r.id)).toEqual([409])
  })

  it('missing rights: address creation 131, modify calls 174, other users 170', async () => {
    fake.rights.createAddresses = false
    expect(
      (await send({ kind: 'create', resourcetype: 'address', parameters: { Name: 'X' } })).status,
    ).toEqual({ errorcode: 131, message: 'Address creation without proper user rights' })
    fake.rights.modify = false
    for (const a of [
      { kind: 'modify', resourcetype: 'address', resourceid: 101, parameters: { Ort: 'Bonn' } },
      {
        kind: 'modify',
        resourcetype: 'estate',
        resourceid: 1,
        parameters: { data: { ort: 'Bonn' } },
      },
      {
        kind: 'modify',
        resourcetype: 'task',
        resourceid: 451,
        parameters: { data: { Status: 3 } },
      },
      {
        kind: 'modify',
        resourcetype: 'calendar',
        resourceid: 407,
        parameters: { data: { note: 'x' } },
      },
      {
        kind: 'modify',
        resourcetype: 'searchcriteria',
        resourceid: 131,
        parameters: { data: { range: '5' } },
      },
    ] satisfies ActionSpec[])
      expect((await send(a)).status.errorcode).toBe(174)
    fake.rights.readUserData = false
    expect(
      (await send({ kind: 'read', resourcetype: 'user', resourceid: 18 })).status.errorcode,
    ).toBe(170)
    expect(
      (await send({ kind: 'read', resourcetype: 'user', resourceid: 17 })).status.errorcode,
    ).toBe(0)
    fake.reset()
    expect(fake.rights).toEqual({ readUserData: true, createAddresses: true, modify: true })
  })

  it('search criteria: unknown mode 204, missing ids 167, unknown criterion 95; create needs an existing address', async () => {
    expect(
      (
        await send({
          kind: 'get',
          resourcetype: 'searchcriterias',
          parameters: { mode: 'x', ids: [1] },
        })
      ).status.errorcode,
    ).toBe(204)
    expect(
      (
        await send({
          kind: 'get',
          resourcetype: 'searchcriterias',
          parameters: { mode: 'internal' },
        })
      ).status,
    ).toEqual({ errorcode: 167, message: 'Missing parameter "ids"' })
    expect(
      (
        await send({
          kind: 'modify',
          resourcetype: 'searchcriteria',
          resourceid: 1,
          parameters: { data: {} },
        })
      ).status.errorcode,
    ).toBe(95)
    expect(
      (
        await send({
          kind: 'create',
          resourcetype: 'searchcriteria',
          parameters: { addressid: 999, data: {} },
        })
      ).status.errorcode,
    ).toBe(80)
    // apidoc's parameter list spells it `adressid`; the fake accepts both.
    expect(
      (
        await send({
          kind: 'create',
          resourcetype: 'searchcriteria',
          parameters: { adressid: 103, data: { objektart: 'haus' } },
        })
      ).status.errorcode,
    ).toBe(0)
  })

  it('address contact actions: unknown old value 83, a duplicate old value 84, a mobile number given as phone becomes mobile', async () => {
    expect(
      (
        await send({
          kind: 'modify',
          resourcetype: 'address',
          resourceid: 101,
          parameters: { phone: { action: 'modify', oldvalue: '000', newvalue: '111' } },
        })
      ).status.errorcode,
    ).toBe(83)
    await send({
      kind: 'modify',
      resourcetype: 'address',
      resourceid: 101,
      parameters: { email: { action: 'add', newvalue: 'max@example.test' } },
    })
    expect(
      (
        await send({
          kind: 'modify',
          resourcetype: 'address',
          resourceid: 101,
          parameters: { email: { action: 'delete', oldvalue: 'max@example.test' } },
        })
      ).status.errorcode,
    ).toBe(84)
    const created = await send({
      kind: 'create',
      resourcetype: 'address',
      parameters: { Name: 'Neu', phone: '0171 1234567' },
    })
    expect(fake.contacts.get(Number(created.records[0]!.id))).toEqual([
      expect.objectContaining({ kind: 'mobile', value: '0171 1234567', isDefault: true }),
    ])
  })
})

describe('seeded CRM data', () => {
  it('looks like a German brokerage and is restored by reset()', async () => {
    expect(fake.searchCriteria.size).toBe(4)
    expect(fake.tasks.get(451)!.fields.Betreff).toBe('Besichtigungstermin Max Mustermann')
    expect([...fake.appointments.values()].map((a) => a.fields.description)).toContain(
      'Notartermin',
    )
    expect(fake.imprint.handelsregister).toBe('Amtsgericht Aachen')
    expect(fake.relations).toContainEqual({ type: OWNER, parent: 1, child: 101 })
    fake.tasks.clear()
    fake.reset()
    expect(fake.tasks.size).toBe(5)
    expect(createFakeOnOffice({ seed: false }).tasks.size).toBe(0)
  })
})
