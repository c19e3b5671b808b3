/**
 * The generator behind `onoffice-kit codegen`: a field configuration (one per language) → one TypeScript module
 * with per-module interfaces, zod/mini write validators, readers that normalise reads, the embedded configuration
 * and a `fieldLabels` table per language. Pure and deterministic: the same configuration gives the same bytes
 * (fields sorted by name, select keys in onOffice's order), formatted in the repository's style.
 */
import type { FieldConfig, FieldDefinition, ModuleFieldConfig } from '../api/fields/config.ts'
import { isCountryField, isReadOnlyField, valueKind } from '../api/fields/values.ts'

/** What {@link emitFieldModule} takes. */
export interface EmitInput {
  /** Language (ISO-3) → the configuration fetched with `labels: true` in that language; the first is the primary. */
  configs: ReadonlyArray<readonly [language: string, config: FieldConfig]>
  /** Modules to emit, in this order. */
  modules: readonly string[]
  /** Where the configuration came from, for the header (`the fake onOffice`, `fields.json`, `https://…`). */
  source: string
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
// Case-insensitive first, so `Id` sits among the i's; byte order breaks ties: a total, locale-free order.
const nameOrder = (a: string, b: string) =>
  byteOrder(a.toLowerCase(), b.toLowerCase()) || byteOrder(a, b)

/** A single-quoted TypeScript string literal. */
function str(s: string): string {
  return `'${s.replace(/[\\'\u0000-\u001f\u2028\u2029]/g, (c) => (c === '\\' ? '\\\\' : c === "'" ? "\\'" : c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}'`
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const prop = (name: string) => (IDENT.test(name) ? name : str(name))
/** Text safe inside a JSDoc comment. */
const doc = (s: string) => s.replace(/\*\//g, '*\\/').replace(/[\r\n]+/g, ' ')

/** `estate` → `Estate`, `agentsLog` → `AgentsLog`, `search-criteria` → `SearchCriteria`. */
export function pascal(module: string): string {
  const parts = module.split(/[^A-Za-z0-9]+/).filter(Boolean)
  const name = parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('')
  return /^[0-9]/.test(name) ? `M${name}` : name || 'Module'
}
const camel = (module: string) => {
  const p = pascal(module)
  return p[0]!.toLowerCase() + p.slice(1)
}

const keysOf = (f: FieldDefinition) => Object.keys(f.permittedvalues ?? {})
const union = (keys: readonly string[]) => keys.map(str).join(' | ')

/** The TypeScript type of a normalised value. */
function tsType(f: FieldDefinition): string {
  const keys = keysOf(f)
  switch (valueKind(f.type)) {
    case 'string':
    case 'date':
    case 'datetime':
      return 'string | null'
    case 'integer':
    case 'float':
      return 'number | null'
    case 'boolean':
      return 'boolean | null'
    case 'select':
      return keys.length ? `${union(keys)} | null` : 'string | null'
    case 'multiselect':
      return keys.length ? `Array<${union(keys)}>` : 'string[]'
    default:
      return 'unknown'
  }
}

/** The zod/mini schema of a writable value, or `null` for a field that cannot be written. */
function zodType(f: FieldDefinition): string {
  const keys = keysOf(f)
  const nullable = (s: string) => `z.nullable(${s})`
  switch (valueKind(f.type)) {
    case 'string':
      if (isCountryField(f))
        return nullable(
          "z.string().check(z.refine(isCountryCode, { message: 'an ISO 3166-1 alpha-3 country code such as DEU' }))",
        )
      return nullable(f.length ? `z.string().check(z.maxLength(${f.length}))` : 'z.string()')
    case 'integer': {
      if (f.length && f.length < 16) {
        const max = 10 ** f.length - 1
        return nullable(`z.int().check(z.gte(${-max}), z.lte(${max}))`)
      }
      return nullable('z.int()')
    }
    case 'float':
      return nullable('z.number()')
    case 'boolean':
      return nullable('z.boolean()')
    case 'date':
      return nullable('z.iso.date()')
    case 'datetime':
      return nullable('z.iso.datetime({ local: true })')
    case 'select':
      return nullable(keys.length ? `z.enum([${keys.map(str).join(', ')}])` : 'z.string()')
    case 'multiselect':
      return keys.length ? `z.array(z.enum([${keys.map(str).join(', ')}]))` : 'z.array(z.string())'
    default:
      return 'z.unknown()'
  }
}

/** The JSDoc of one field: label, type and length, select values with labels (at most 12 listed). */
function fieldDoc(f: FieldDefinition, labels: readonly string[], indent: string): string[] {
  const facts = [f.type || 'no type']
  if (f.length !== null && ['string'].includes(valueKind(f.type)))
    facts.push(`max. ${f.length} characters`)
  if (f.length !== null && valueKind(f.type) === 'integer') facts.push(`max. ${f.length} digits`)
  const kind = valueKind(f.type)
  if (kind === 'date') facts.push('ISO date YYYY-MM-DD')
  if (kind === 'datetime') facts.push('ISO local date-time YYYY-MM-DDTHH:MM:SS')
  if (isCountryField(f)) facts.push('ISO 3166-1 alpha-3')
  if (isReadOnlyField(f.name)) facts.push('read-only')
  if (kind === 'unknown') facts.push('type unknown to the kit: kept as sent')
  const head = `${labels.length ? `${labels.map(doc).join(' / ')} ` : ''}(${facts.join(', ')}).`
  const pv = Object.entries(f.permittedvalues ?? {})
  if (pv.length === 0) return [`${indent}/** ${head} */`]
  const listed = pv
    .slice(0, 12)
    .map(([k, l]) => (k === l ? `\`${doc(k)}\`` : `\`${doc(k)}\` ${doc(l)}`))
  const more = pv.length > 12 ? `, … ${pv.length - 12} more` : ''
  return [
    `${indent}/**`,
    `${indent} * ${head}`,
    `${indent} * ${listed.join(', ')}${more}`,
    `${indent} */`,
  ]
}

function sortedFields(m: ModuleFieldConfig): FieldDefinition[] {
  return Object.values(m.fields).sort((a, b) => nameOrder(a.name, b.name))
}

function value(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'string') return str(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`
  if (typeof v === 'object') {
    const entries = Object.entries(v)
    return entries.length
      ? `{ ${entries.map(([k, x]) => `${prop(k)}: ${value(x)}`).join(', ')} }`
      : '{}'
  }
  return 'null'
}

/** The embedded definition of one field (attributes onOffice adds are not embedded). */
function definition(f: FieldDefinition): string {
  const pv = f.permittedvalues ? value(f.permittedvalues) : 'null'
  return (
    `{ name: ${str(f.name)}, type: ${str(f.type)}, length: ${f.length ?? 'null'}, permittedvalues: ${pv}, default: ${value(f.default)}, ` +
    `label: ${f.label === null ? 'null' : str(f.label)}, filters: null, dependencies: null, compoundFields: ${value(f.compoundFields)}, ` +
    `fieldMeasureFormat: ${value(typeof f.fieldMeasureFormat === 'string' ? f.fieldMeasureFormat : null)}, attributes: {} }`
  )
}

/**
 * Generates the module. Throws a `TypeError` naming the module when one of `modules` is missing from the
 * primary configuration.
 * @example
 * ```ts
 * const source = emitFieldModule({ configs: [['DEU', config]], modules: ['estate'], source: 'fields.json' })
 * ```
 */
export function emitFieldModule(input: EmitInput): string {
  const [primary] = input.configs
  if (!primary) throw new TypeError('codegen: no field configuration given')
  const [, config] = primary
  for (const m of input.modules)
    if (!config[m])
      throw new TypeError(
        `codegen: module '${m}' is not in the field configuration (it has ${Object.keys(config).join(', ') || 'none'})`,
      )
  const languages = input.configs.map(([l]) => l)
  const out: string[] = []
  out.push(
    '/**',
    ' * The customer’s onOffice field configuration as types, validators, readers and labels.',
    ` * Source: ${doc(input.source)}.`,
    ' * Generated by `onoffice-kit codegen`. Do not edit: run codegen again after the customer changed fields in',
    ' * enterprise administration.',
    ` * Modules: ${input.modules.join(', ')}. Languages: ${languages.join(', ')}.`,
    ' */',
    "import * as z from 'zod/mini'",
    "import { isCountryCode, normalizeRecord, serializeRecord, type FieldConfig, type NormalizedRecord } from 'onoffice-kit'",
    '',
    `/** Languages of {@link fieldLabels}. */`,
    `export type FieldLanguage = ${union(languages)}`,
    '',
  )
  for (const m of input.modules) {
    const mod = config[m]!
    const P = pascal(m)
    const c = camel(m)
    const fields = sortedFields(mod)
    out.push(
      `/** ${mod.label ? `${doc(mod.label)}: the` : 'The'} fields of \`${doc(m)}\`, with values as \`read${P}\` normalises them. */`,
    )
    out.push(`export interface ${P}Fields {`)
    for (const f of fields) {
      // The label in every language, primary first, each once.
      const labels = [
        ...new Set(
          input.configs
            .map(([, cfg]) => cfg[m]?.fields[f.name]?.label)
            .filter((l): l is string => typeof l === 'string' && l !== ''),
        ),
      ]
      out.push(...fieldDoc(f, labels, '  '), `  ${prop(f.name)}: ${tsType(f)}`)
    }
    out.push('}', '')
    out.push(
      `/** Checks a write to \`${doc(m)}\` (every field optional; values as in {@link ${P}Fields}; read-only fields refused). */`,
    )
    out.push(`export const ${c}Write = z.partial(`, '  z.strictObject({')
    for (const f of fields)
      if (!isReadOnlyField(f.name)) out.push(`    ${prop(f.name)}: ${zodType(f)},`)
    out.push('  }),', ')', '')
    out.push(
      `/** A write to \`${doc(m)}\` that {@link ${c}Write} accepts. */`,
      `export type ${P}Write = z.infer<typeof ${c}Write>`,
      '',
    )
    out.push(
      `/** Normalises the \`elements\` of a \`${doc(m)}\` record (numbers, booleans, ISO dates, arrays of keys, \`null\`) and gives the labels of its select values. */`,
      `export function read${P}(elements: Record<string, unknown>): NormalizedRecord<Partial<${P}Fields>> {`,
      `  return normalizeRecord<Partial<${P}Fields>>(fieldConfig, ${str(m)}, elements)`,
      '}',
      '',
      `/** Validates a write with {@link ${c}Write} and serialises it to onOffice’s formats (throws on an invalid write). */`,
      `export function write${P}(values: ${P}Write): Record<string, unknown> {`,
      `  return serializeRecord(fieldConfig, ${str(m)}, ${c}Write.parse(values))`,
      '}',
      '',
    )
  }
  out.push(
    `/** The field configuration these types were generated from (${languages[0]} labels), for \`normalizeRecord\` and \`serializeRecord\`. */`,
  )
  out.push('export const fieldConfig: FieldConfig = {')
  for (const m of input.modules) {
    const mod = config[m]!
    out.push(
      `  ${prop(m)}: {`,
      `    label: ${mod.label === null ? 'null' : str(mod.label)},`,
      '    extra: {},',
      '    fields: {',
    )
    for (const f of sortedFields(mod)) out.push(`      ${prop(f.name)}: ${definition(f)},`)
    out.push('    },', '  },')
  }
  out.push('}', '')
  out.push('/** Labels of the modules, their fields and select values, per language. */')
  out.push('export const fieldLabels = {')
  for (const [language, cfg] of input.configs) {
    out.push(`  ${prop(language)}: {`)
    for (const m of input.modules) {
      const mod = cfg[m]
      if (!mod) continue
      out.push(
        `    ${prop(m)}: {`,
        `      label: ${mod.label === null ? 'null' : str(mod.label)},`,
        '      fields: {',
      )
      for (const f of sortedFields(mod)) {
        const values =
          f.permittedvalues &&
          (valueKind(f.type) === 'select' || valueKind(f.type) === 'multiselect')
            ? `, values: ${value(f.permittedvalues)}`
            : ''
        out.push(
          `        ${prop(f.name)}: { label: ${f.label === null ? 'null' : str(f.label)}${values} },`,
        )
      }
      out.push('      },', '    },')
    }
    out.push('  },')
  }
  out.push('} as const', '')
  return out.join('\n')
}
