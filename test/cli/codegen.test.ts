import { execFile } from 'node:child_process'
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { codegenCommand } from '../../src/cli/index.ts'
import { createFakeOnOffice } from '../../src/testing/index.ts'
import { run } from './helpers.ts'

const FIXTURES = join(import.meta.dirname, '../fixtures/fields')
const REFERENCE = join(FIXTURES, 'reference-fields.json')
// UPDATE_GOLDEN=1 rewrites the golden files; review the diff like any code change.
const golden = async (name: string, actual: string) => {
  const file = join(FIXTURES, name)
  if (process.env.UPDATE_GOLDEN) await writeFile(file, actual)
  expect(actual).toBe(await readFile(file, 'utf8'))
}

describe('onoffice-kit codegen', () => {
  it('a saved answer shaped like the reference (§3.4: label entry, [] records and value lists, new types and attributes) → the golden file', async () => {
    const r = await run(['codegen', '--modules', 'estate,address', '--from', REFERENCE])
    expect(r.code).toBe(0)
    await golden('reference-fields.golden.ts', r.out)
    expect(r.out).toContain("objektart: 'haus' | 'wohnung' | 'grundstueck' | null")
    expect(r.out).toContain("heizungsart: Array<'ofen' | 'zentral' | 'fussboden'>")
    expect(r.out).toContain('geo_position: unknown')
    expect(r.out).toContain("'Notiz intern': string | null")
    expect(r.out).toContain('Notiz *\\/ ')
  })

  it('the fake in DEU and ENG → the golden file; the same configuration always gives the same bytes', async () => {
    const a = await run([
      'codegen',
      '--modules',
      'estate,address',
      '--languages',
      'DEU,ENG',
      '--fake',
    ])
    expect(a.code).toBe(0)
    await golden('fake.golden.ts', a.out)
    const b = await run([
      'codegen',
      '--modules',
      'estate,address',
      '--languages',
      'DEU,ENG',
      '--fake',
    ])
    expect(b.out).toBe(a.out)
  })

  it('the example service’s generated module is current (--fields keeps it small)', async () => {
    const fields =
      'objekttitel,objektbeschreibung,ort,objektart,vermarktungsart,heizungsart,kaufpreis,kaltmiete,wohnflaeche,anzahl_zimmer'
    const r = await run([
      'codegen',
      '--modules',
      'estate',
      '--languages',
      'DEU,ENG',
      '--fake',
      '--fields',
      fields,
    ])
    expect(r.code).toBe(0)
    const file = join(import.meta.dirname, '../../examples/workers/src/onoffice-fields.ts')
    if (process.env.UPDATE_GOLDEN) await writeFile(file, r.out)
    expect(r.out).toBe(await readFile(file, 'utf8'))
    const gen = await import('../../examples/workers/src/onoffice-fields.ts')
    expect(Object.keys(gen.fieldConfig.estate!.fields)).toHaveLength(10)
  })

  it('is stable under reordered input: onOffice listing fields in another order changes nothing', async () => {
    const json = JSON.parse(await readFile(REFERENCE, 'utf8'))
    for (const record of json.response.results[0].data.records) {
      if (record && record.elements)
        record.elements = Object.fromEntries(Object.entries(record.elements).reverse())
    }
    const dir = await mkdtemp(join(tmpdir(), 'codegen-'))
    try {
      await writeFile(join(dir, 'reordered.json'), JSON.stringify(json))
      const reordered = await run([
        'codegen',
        '--modules',
        'estate,address',
        '--from',
        join(dir, 'reordered.json'),
      ])
      const original = await run(['codegen', '--modules', 'estate,address', '--from', REFERENCE])
      expect(reordered.out.replace('reordered.json', 'reference-fields.json')).toBe(original.out)
      const out = join(dir, 'src', 'onoffice-fields.ts')
      const written = await run([
        'codegen',
        '--modules',
        'estate',
        '--from',
        REFERENCE,
        '--out',
        out,
      ])
      expect(written.code).toBe(0)
      expect(written.err).toMatch(/wrote .*onoffice-fields\.ts: estate 15 fields; labels in DEU/)
      expect(await readFile(out, 'utf8')).toContain('export interface EstateFields')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('the golden files compile under a strict tsconfig (exactOptionalPropertyTypes, noUnused…) with a usage file', async () => {
    const tsc = join(import.meta.dirname, '../../node_modules/typescript/bin/tsc')
    const result = await promisify(execFile)(process.execPath, [
      tsc,
      '--noEmit',
      '-p',
      join(FIXTURES, 'tsconfig.json'),
    ]).then(
      () => ({ ok: true, out: '' }),
      (err: { stdout?: string }) => ({ ok: false, out: String(err.stdout ?? err) }),
    )
    expect(result.out).toBe('')
    expect(result.ok).toBe(true)
  }, 120_000)

  it('the generated validators and readers work at run time', async () => {
    const gen = await import('../fixtures/fields/fake.golden.ts')
    expect(gen.estateWrite.safeParse({ objektart: 'villa' }).success).toBe(false)
    expect(gen.estateWrite.safeParse({ objekttitel: 'x'.repeat(251) }).success).toBe(false)
    expect(gen.estateWrite.safeParse({ land: 'DE' }).success).toBe(false)
    expect(gen.estateWrite.safeParse({ Id: 3 }).success).toBe(false)
    expect(
      gen.estateWrite.safeParse({
        objektart: 'haus',
        heizungsart: ['zentral'],
        kaufpreis: 1.5,
        abdatum: '2026-01-31',
        land: 'AUT',
      }).success,
    ).toBe(true)
    expect(gen.writeEstate({ verkauft: true, abdatum: null, heizungsart: ['fern'] })).toEqual({
      verkauft: '1',
      abdatum: '',
      heizungsart: ['fern'],
    })
    expect(
      gen.readEstate({ kaufpreis: '250.000,00', befeuerung: '|gas||solar|', objektart: 'haus' }),
    ).toEqual({
      values: { kaufpreis: 250000, befeuerung: ['gas', 'solar'], objektart: 'haus' },
      labels: { befeuerung: ['Gas', 'Solar'], objektart: 'Haus' },
    })
    expect(gen.fieldLabels.ENG.estate.fields.objektart.values.haus).toBe('House')
    expect(gen.fieldLabels.DEU.address.label).toBe('Adressen')
  })

  it('against a customer: --token/--secret from the environment, --endpoint; one request for both languages', async () => {
    const fake = createFakeOnOffice()
    const creds = fake.addApiUser()
    const out: string[] = []
    const err: string[] = []
    const code = await codegenCommand(
      ['--modules', 'address', '--languages', 'DEU,ENG', '--endpoint', fake.endpoint],
      {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: { ONOFFICE_API_TOKEN: creds.token, ONOFFICE_API_SECRET: creds.secret },
      },
      fake.fetch,
    )
    expect(err).toEqual([])
    expect(code).toBe(0)
    expect(out.join('\n')).toContain("Anrede: 'Herr' | 'Frau' | 'Firma' | 'Eheleute' | null")
    expect(out.join('\n')).toContain(`Source: the onOffice API at ${new URL(fake.endpoint).host}.`)
    expect(out.join('\n')).not.toContain(creds.token)
    expect(fake.received).toHaveLength(1)
    expect(
      fake.receivedActions({ resourcetype: 'fields' }).map((a) => a.parameters.language),
    ).toEqual(['DEU', 'ENG'])
  })

  it('usage errors: no source or two, bad lists; an unknown module fails with the modules there are', async () => {
    expect((await run(['codegen', '--modules', 'estate'])).code).toBe(2)
    expect(
      (await run(['codegen', '--modules', 'estate', '--fake', '--from', REFERENCE])).err,
    ).toMatch(/exactly one source/)
    expect((await run(['codegen', '--fake'])).err).toMatch(
      /--modules must be a comma-separated list/,
    )
    expect(
      (await run(['codegen', '--modules', 'estate', '--languages', 'german', '--fake'])).code,
    ).toBe(2)
    const unknown = await run(['codegen', '--modules', 'task', '--from', REFERENCE])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(
      /module 'task' is not in the field configuration \(it has estate, address\)/,
    )
    expect((await run(['codegen', '--help'])).out).toMatch(/--fake/)
  })
})
