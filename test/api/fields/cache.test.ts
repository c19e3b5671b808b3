import { describe, expect, it } from 'vitest'
import { createClient, memoryKv, type OnOfficeClient } from '../../../src/index.ts'
import { createFakeOnOffice, type FakeOnOffice } from '../../../src/testing/index.ts'

function setup(extra: Record<string, unknown> = {}) {
  let t = 1_700_000_000_000
  const clock = { now: () => t, advance: (ms: number) => (t += ms) }
  const fake = createFakeOnOffice({ now: clock.now })
  const creds = fake.addApiUser()
  const client: OnOfficeClient = createClient({
    ...creds,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    now: clock.now,
    ...extra,
  })
  const requests = () => fake.receivedActions({ kind: 'get', resourcetype: 'fields' }).length
  return { fake, creds, client, clock, requests }
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0))

describe('field configuration cache (counted at the fake recorder)', () => {
  it('concurrent identical calls in different ticks make one request; none within the TTL; one after it', async () => {
    const { fake, client, clock, requests } = setup()
    // A slow answer keeps the first call in flight while the others start in later ticks (the batcher's
    // same-tick deduplication cannot merge them).
    fake.faults.next({ type: 'latency', ms: 30 })
    const first = client.fields.get({ modules: ['estate'], labels: true })
    await tick()
    const second = client.fields.get({ modules: ['estate'], labels: true })
    await tick()
    const third = client
      .withClaim('any-claim-of-the-same-customer')
      .fields.get({ labels: true, modules: ['estate'] })
    const [a, b, c] = await Promise.all([first, second, third])
    expect(requests()).toBe(1)
    expect(b).toEqual(a)
    expect(c).toEqual(a)

    clock.advance(3599_000)
    await client.fields.get({ modules: ['estate'], labels: true })
    expect(requests()).toBe(1)
    clock.advance(1_000)
    await client.fields.get({ modules: ['estate'], labels: true })
    expect(requests()).toBe(2)
  })

  it('keyed per language and request; refresh() drops every entry of the customer', async () => {
    const { client, requests } = setup()
    const de = await client.fields.get({ modules: ['estate'], labels: true, language: 'DEU' })
    const en = await client.fields.get({ modules: ['estate'], labels: true, language: 'eng' })
    expect(de.estate?.fields.objektart?.permittedvalues?.wohnung).toBe('Wohnung')
    expect(en.estate?.fields.objektart?.permittedvalues?.wohnung).toBe('Apartment')
    expect(requests()).toBe(2)
    await client.fields.get({ modules: ['estate'], labels: true, language: 'ENG' })
    expect(requests()).toBe(2)
    await client.fields.refresh()
    await client.fields.get({ modules: ['estate'], labels: true, language: 'DEU' })
    await client.fields.get({ modules: ['estate'], labels: true, language: 'ENG' })
    expect(requests()).toBe(4)
  })

  it('a shared KV serves another client of the same customer, never another customer; ttlSec is configurable', async () => {
    const kv = memoryKv()
    const a = setup({ fieldCache: { kv, customer: '12345', ttlSec: 60 } })
    await a.client.fields.get({ modules: ['address'] })
    const again = createClient({
      ...a.creds,
      endpoint: a.fake.endpoint,
      fetch: a.fake.fetch,
      now: a.clock.now,
      fieldCache: { kv, customer: '12345' },
    })
    await again.fields.get({ modules: ['address'] })
    expect(a.requests()).toBe(1)
    const other = createClient({
      ...a.creds,
      endpoint: a.fake.endpoint,
      fetch: a.fake.fetch,
      now: a.clock.now,
      fieldCache: { kv, customer: '99999' },
    })
    await other.fields.get({ modules: ['address'] })
    expect(a.requests()).toBe(2)

    const short = setup({ fieldCache: { ttlSec: 60 } })
    await short.client.fields.get({ modules: ['estate'] })
    short.clock.advance(60_000)
    await short.client.fields.get({ modules: ['estate'] })
    expect(short.requests()).toBe(2)
  })

  it('fieldCache: false asks every time; bad options are named', async () => {
    const { client, requests } = setup({ fieldCache: false })
    await client.fields.get({ modules: ['estate'] })
    await client.fields.get({ modules: ['estate'] })
    expect(requests()).toBe(2)
    const creds = { token: 'a'.repeat(32), secret: 'b'.repeat(64) }
    expect(() => createClient({ ...creds, fieldCache: { ttlSec: 0 } })).toThrow(
      /options\.fieldCache\.ttlSec/,
    )
    expect(() => createClient({ ...creds, fieldCache: { customer: '' } })).toThrow(
      /options\.fieldCache\.customer/,
    )
    // @ts-expect-error: kv must be a KeyValue
    expect(() => createClient({ ...creds, fieldCache: { kv: {} } })).toThrow(
      /options\.fieldCache\.kv/,
    )
  })

  it('a failed load is not cached, and concurrent waiters share its error', async () => {
    const { fake, client, requests } = setup()
    fake.faults.next({ type: 'error', code: 80 })
    const both = await Promise.allSettled([
      client.fields.get({ modules: ['estate'] }),
      client.fields.get({ modules: ['estate'] }),
    ])
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    await client.fields.get({ modules: ['estate'] })
    expect(requests()).toBe(2)
  })
})

describe('the fake’s field configuration, typed', () => {
  it('labels, module label, list-shaped permittedvalues without labels, fieldList, fieldMeasureFormat', async () => {
    const { client } = setup({ fieldCache: false })
    const config = await client.fields.get({
      modules: ['estate', 'address'],
      labels: true,
      showFieldMeasureFormat: true,
    })
    expect(config.estate?.label).toBe('Immobilien')
    expect(config.address?.label).toBe('Adressen')
    expect(
      Object.keys(config.estate!.fields).length + Object.keys(config.address!.fields).length,
    ).toBeGreaterThanOrEqual(60)
    expect(config.estate?.fields.heizungsart).toMatchObject({
      type: 'multiselect',
      label: 'Heizungsart',
      permittedvalues: { zentral: 'Zentralheizung' },
    })
    expect(config.estate?.fields.objekttitel).toMatchObject({
      type: 'varchar',
      length: 250,
      permittedvalues: null,
    })
    expect(config.estate?.fields.kaufpreis?.fieldMeasureFormat).toBe('currency')
    expect(config.address?.fields.Anrede?.permittedvalues).toEqual({
      Herr: 'Herr',
      Frau: 'Frau',
      Firma: 'Firma',
      Eheleute: 'Eheleute',
    })
    const keysOnly = await client.fields.get({ modules: ['estate'], fieldList: ['objektart'] })
    expect(keysOnly.estate).toMatchObject({
      label: null,
      fields: { objektart: { label: null, permittedvalues: { haus: 'haus' } } },
    })
    expect(Object.keys(keysOnly.estate!.fields)).toEqual(['objektart'])
  })
})
