import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createClient,
  FieldValidationError,
  isCountryCode,
  normalizeRecord,
  serializeRecord,
  validateRecord,
  type FieldConfig,
  type FieldDefinition,
} from '../../../src/index.ts'
import { createFakeOnOffice } from '../../../src/testing/index.ts'

async function fakeClient() {
  const fake = createFakeOnOffice()
  const client = createClient({ ...fake.addApiUser(), endpoint: fake.endpoint, fetch: fake.fetch })
  return {
    fake,
    client,
    config: await client.fields.get({ modules: ['estate', 'address'], labels: true }),
  }
}

describe('normalizeRecord: onOffice formats → values', () => {
  it('decimals (plain, German, with unit), multiselect arrays and |a||b| strings, zero dates, booleans, countries, labels', async () => {
    const { config } = await fakeClient()
    const { values, labels } = normalizeRecord(config, 'estate', {
      kaufpreis: '1.234,56',
      kaltmiete: '250.000,00 €',
      wohnflaeche: '123.45',
      anzahl_zimmer: '3',
      heizungsart: ['zentral', 'fussboden'],
      befeuerung: '|gas||solar|',
      boden: '',
      abdatum: '0000-00-00',
      energieausweis_gueltig_bis: '15.03.2032',
      erstellt_am: '2024-01-05 10:00:00',
      geaendert_am: '0000-00-00 00:00:00',
      verkauft: '1',
      reserviert: '0',
      objektart: 'haus',
      Vertriebsweg: 'Off-Market', // a label (formatoutput) goes back to its key
      land: 'deu',
      objekttitel: '',
      brandNewField: 'kept',
    })
    expect(values).toEqual({
      kaufpreis: 1234.56,
      kaltmiete: 250000,
      wohnflaeche: 123.45,
      anzahl_zimmer: 3,
      heizungsart: ['zentral', 'fussboden'],
      befeuerung: ['gas', 'solar'],
      boden: [],
      abdatum: null,
      energieausweis_gueltig_bis: '2032-03-15',
      erstellt_am: '2024-01-05T10:00:00',
      geaendert_am: null,
      verkauft: true,
      reserviert: false,
      objektart: 'haus',
      Vertriebsweg: 'i3',
      land: 'DEU',
      objekttitel: null,
      brandNewField: 'kept',
    })
    expect(labels).toEqual({
      heizungsart: ['Zentralheizung', 'Fußbodenheizung'],
      befeuerung: ['Gas', 'Solar'],
      boden: [],
      objektart: 'Haus',
      Vertriebsweg: 'Off-Market',
    })
  })

  it('keeps what does not fit its type instead of failing a read; unknown module is a TypeError', async () => {
    const { config } = await fakeClient()
    expect(
      normalizeRecord(config, 'estate', {
        kaufpreis: 'auf Anfrage',
        abdatum: '31.02.2024',
        verkauft: 'vielleicht',
      }).values,
    ).toEqual({
      kaufpreis: 'auf Anfrage',
      abdatum: '31.02.2024',
      verkauft: 'vielleicht',
    })
    expect(() => normalizeRecord(config, 'task', {})).toThrow(
      /module 'task' is not in the field configuration/,
    )
  })

  it('the fake’s seeded estates normalise end to end', async () => {
    const { client, config } = await fakeClient()
    const record = await client.estates.get(4, {
      data: [
        'kaufpreis',
        'heizungsart',
        'befeuerung',
        'verkauft',
        'abdatum',
        'energieausweis_gueltig_bis',
        'land',
        'objektart',
      ],
    })
    const { values } = normalizeRecord(config, 'estate', record!.elements)
    expect(values).toEqual({
      kaufpreis: expect.any(Number),
      heizungsart: ['zentral', 'fussboden'],
      befeuerung: ['luftwp', 'solar'],
      verkauft: false,
      abdatum: '2025-06-01',
      energieausweis_gueltig_bis: null,
      land: 'DEU',
      objektart: 'haus',
    })
  })
})

describe('writes are validated before the request', () => {
  it('unknown field → did you mean; value outside permittedvalues names the allowed keys with labels; nothing is sent', async () => {
    const { fake, client } = await fakeClient()
    fake.clearReceived()
    const estates = client.estates.typed<Record<string, unknown>>()
    const err = await estates
      .modify(1, {
        objektitel: 'Neu',
        Objektart: 'haus',
        objektart: 'villa',
        land: 'DE',
        kaufpreis: 'viel',
        Id: 3,
      })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FieldValidationError)
    const e = err as FieldValidationError
    expect(e.code).toBe('ERR_ONOFFICE_INVALID_WRITE')
    expect(e.issues.map((i) => [i.field, i.code, i.suggestion])).toEqual([
      ['objektitel', 'unknown_field', 'objekttitel'],
      ['Objektart', 'unknown_field', 'objektart'],
      ['objektart', 'not_permitted', undefined],
      ['land', 'not_a_country', undefined],
      ['kaufpreis', 'not_a_number', undefined],
      ['Id', 'read_only', undefined],
    ])
    expect(e.message).toContain('did you mean `objekttitel`?')
    expect(e.issues[2]!.message).toContain('`haus` (Haus), `wohnung` (Wohnung)')
    await expect(
      client.estates.modify(1, { objekttitel: 'x'.repeat(251) }, { validate: true }),
    ).rejects.toThrow(/at most 250 characters/)
    await expect(estates.create({ heizungsart: ['zentral', 'kohle'] })).rejects.toThrow(
      /does not allow "kohle"; allowed: `ofen` \(Ofen\)/,
    )
    await expect(
      client.estates.create({ objektart: 'haus', kaufpreiss: 1 }, { validate: true }),
    ).rejects.toThrow(/did you mean `kaufpreis`\?/)
    expect(fake.receivedActions({ kind: 'modify' })).toHaveLength(0)
    expect(fake.receivedActions({ kind: 'create' })).toHaveLength(0)
  })

  it('a valid typed write is serialised to onOffice’s formats and reads back equal', async () => {
    const { fake, client } = await fakeClient()
    const estates = client.estates.typed<Record<string, unknown>>()
    const values = {
      kaufpreis: 345678.9,
      heizungsart: ['fern'],
      befeuerung: ['pellet', 'solar'],
      verkauft: true,
      abdatum: '2026-02-28',
      objektart: 'wohnung',
      land: 'AUT',
      objekttitel: 'Neu',
      Vertriebsweg: null,
    }
    await estates.modify(3, values)
    const [modify] = fake.receivedActions({ kind: 'modify' })
    expect(modify!.parameters.data).toEqual({
      kaufpreis: 345678.9,
      heizungsart: ['fern'],
      befeuerung: ['pellet', 'solar'],
      verkauft: '1',
      abdatum: '2026-02-28',
      objektart: 'wohnung',
      land: 'AUT',
      objekttitel: 'Neu',
      Vertriebsweg: '',
    })
    const back = await estates.get(3, {
      data: [
        'kaufpreis',
        'heizungsart',
        'befeuerung',
        'verkauft',
        'abdatum',
        'objektart',
        'land',
        'objekttitel',
        'Vertriebsweg',
      ],
    })
    expect(back!.elements).toEqual(values)
    expect(back!.labels).toEqual({
      heizungsart: ['Fernwärme'],
      befeuerung: ['Pellet', 'Solar'],
      objektart: 'Wohnung',
    })
    expect(back!.raw.befeuerung).toBe('|pellet||solar|')
    const id = await client.estates.create(
      { objektart: 'haus', kaufpreis: 1.5, heizungsart: ['ofen'] },
      { validate: true },
    )
    expect(fake.receivedActions({ kind: 'create' })[0]!.parameters.data).toEqual({
      objektart: 'haus',
      kaufpreis: 1.5,
      heizungsart: ['ofen'],
    })
    expect((await estates.get(id, { data: ['heizungsart', 'kaufpreis'] }))!.elements).toEqual({
      heizungsart: ['ofen'],
      kaufpreis: 1.5,
    })
  })
})

/** A value valid for `field`, in normalised form. */
function validValueOf(field: FieldDefinition): fc.Arbitrary<unknown> {
  const keys = Object.keys(field.permittedvalues ?? {})
  const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 8 })
  switch (field.type) {
    case 'float':
      return nullable(
        fc
          .double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true })
          .map((n) => (Object.is(n, -0) ? 0 : n)),
      )
    case 'integer':
      return nullable(
        fc.integer({
          min: -(10 ** Math.min(field.length ?? 9, 9)) + 1,
          max: 10 ** Math.min(field.length ?? 9, 9) - 1,
        }),
      )
    case 'multiselect':
      return fc.subarray(keys)
    case 'singleselect':
      return nullable(fc.constantFrom(...keys))
    case 'boolean':
      return nullable(fc.boolean())
    case 'date':
      return nullable(
        fc
          .date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
      )
    case 'datetime':
      return nullable(
        fc
          .date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 19)),
      )
    default:
      if (field.name.toLowerCase() === 'land')
        return nullable(fc.constantFrom('DEU', 'AUT', 'CHE', 'NLD'))
      return nullable(
        fc
          .string({ minLength: 1, maxLength: Math.min(field.length ?? 50, 50) })
          .filter((s) => s.trim() !== ''),
      )
  }
}

describe('round trips over the fake’s configuration (fast-check)', () => {
  it('normalize(serialize(values)) === values for every field of estate and address', async () => {
    const { config } = await fakeClient()
    for (const module of ['estate', 'address']) {
      const writable = Object.values(config[module]!.fields).filter(
        (f) => validateRecord(config, module, { [f.name]: null }).length === 0,
      )
      const record = fc.record(Object.fromEntries(writable.map((f) => [f.name, validValueOf(f)])), {
        requiredKeys: [],
      })
      fc.assert(
        fc.property(record, (values) => {
          const wire = serializeRecord(config, module, values)
          expect(normalizeRecord(config, module, wire).values).toEqual(values)
        }),
        { numRuns: 200 },
      )
    }
  })

  it('numbers: plain and German renderings of the same decimal normalise equal', async () => {
    const { config } = await fakeClient()
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        (whole, cents) => {
          const plain = `${whole}.${String(cents).padStart(2, '0')}`
          const german = `${whole.toLocaleString('de-DE')},${String(cents).padStart(2, '0')}`
          const a = normalizeRecord(config, 'estate', { kaufpreis: plain }).values.kaufpreis
          expect(a).toBe(Number(plain))
          expect(normalizeRecord(config, 'estate', { kaufpreis: german }).values.kaufpreis).toBe(a)
        },
      ),
    )
  })

  it('multiselects: arrays, |a||b| strings and the serialised form agree', async () => {
    const { config } = await fakeClient()
    const keys = Object.keys(config.estate!.fields.heizungsart!.permittedvalues!)
    fc.assert(
      fc.property(fc.subarray(keys), (picked) => {
        const pipes = picked.length ? `|${picked.join('||')}|` : ''
        expect(
          normalizeRecord(config, 'estate', { heizungsart: pipes }).values.heizungsart,
        ).toEqual(picked)
        expect(
          normalizeRecord(config, 'estate', {
            heizungsart: serializeRecord(config, 'estate', { heizungsart: picked }).heizungsart,
          }).values.heizungsart,
        ).toEqual(picked)
      }),
    )
  })
})

it('isCountryCode: ISO 3166-1 alpha-3 only', () => {
  expect(['DEU', 'AUT', 'CHE', 'USA', 'GBR'].every(isCountryCode)).toBe(true)
  expect(['DE', 'deu', 'XKX', 'EUR', ''].some(isCountryCode)).toBe(false)
  const config: FieldConfig = {}
  expect(() => serializeRecord(config, 'estate', {})).toThrow(TypeError)
})
