/**
 * Field values between onOffice's wire formats and plain values (issue "Typed fields"): multiselects as arrays
 * of keys, numbers as numbers, dates as ISO strings, booleans, `null` for "no value". One set of rules for reads
 * ({@link normalizeRecord}) and writes ({@link serializeRecord}); codegen's readers and validators use them too.
 */
import type { FieldConfig, FieldDefinition, ModuleFieldConfig } from './config.ts'
import { isCountryCode } from './countries.ts'

/** A normalised value: what {@link normalizeRecord} produces and {@link serializeRecord} takes. */
export type FieldValue = string | number | boolean | string[] | null

/** The result of {@link normalizeRecord}. */
export interface NormalizedRecord<T = Record<string, FieldValue | unknown>> {
  /** Field name → normalised value; fields the configuration does not know are kept as they came. */
  values: T
  /** For select fields: field name → the label of the key (multiselect: of each key), from the configuration. */
  labels: Record<string, string | string[]>
}

/** Why a value was refused by {@link serializeRecord} / {@link validateRecord}. */
export type FieldIssueCode =
  | 'unknown_field'
  | 'read_only'
  | 'not_permitted'
  | 'too_long'
  | 'not_a_string'
  | 'not_a_number'
  | 'not_an_integer'
  | 'out_of_range'
  | 'not_a_boolean'
  | 'not_a_date'
  | 'not_a_list'
  | 'not_a_country'

/** One refused value. */
export interface FieldIssue {
  field: string
  code: FieldIssueCode
  /** Says what is wrong and what is allowed; for an unknown field the nearest name ("did you mean `objekttitel`?"). */
  message: string
  /** For `unknown_field`: the nearest known name (case-insensitive), when one is close. */
  suggestion?: string
}

/**
 * A write the field configuration refuses. Thrown before anything is sent: no request goes out for an invalid
 * write. `issues` lists every refused field.
 * @example
 * ```ts
 * try {
 *   await client.estates.typed<EstateFields>().modify(4711, values)
 * } catch (e) {
 *   if (e instanceof FieldValidationError) return c.json({ errors: e.issues }, 400)
 *   throw e
 * }
 * ```
 */
export class FieldValidationError extends Error {
  override name = 'FieldValidationError'
  readonly code = 'ERR_ONOFFICE_INVALID_WRITE' as const
  readonly module: string
  readonly issues: readonly FieldIssue[]
  constructor(module: string, issues: readonly FieldIssue[]) {
    super(`invalid ${module} write: ${issues.map((i) => i.message).join('; ')}`)
    this.module = module
    this.issues = issues
  }
}

/** Fields onOffice names as country fields; they hold ISO 3166-1 alpha-3 codes. */
const COUNTRY_FIELDS: ReadonlySet<string> = new Set(['land', 'nationalitaet'])
/** Fields onOffice fills itself; a write to them is refused. */
const READ_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'Id',
  'erstellt_am',
  'geaendert_am',
  'Aenderung',
  'KdNr',
])

/** Whether onOffice sets `name` itself (`Id`, `erstellt_am`, `geaendert_am`, `Aenderung`, `KdNr`): writes to it are refused. */
export const isReadOnlyField = (name: string): boolean => READ_ONLY_FIELDS.has(name)

/** Whether `field` is a country field (`land`, `Land`, `Nationalitaet`): values are ISO 3166-1 alpha-3 codes. */
export const isCountryField = (field: FieldDefinition): boolean =>
  COUNTRY_FIELDS.has(field.name.toLowerCase()) && !field.permittedvalues

/** How a type is treated; `unknown` keeps values as they come. */
export type ValueKind =
  | 'string'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'select'
  | 'multiselect'
  | 'unknown'

/** The value kind of a field type (`varchar`, `int`, `float`, `singleselect`, …); new types are `unknown`. */
export function valueKind(type: string): ValueKind {
  switch (type.toLowerCase()) {
    case 'varchar':
    case 'text':
    case 'blob':
    case 'string':
      return 'string'
    case 'integer':
    case 'int':
    case 'bigint':
    case 'smallint':
    case 'tinyint':
      return 'integer'
    case 'float':
    case 'double':
    case 'decimal':
      return 'float'
    case 'boolean':
    case 'bool':
      return 'boolean'
    case 'date':
      return 'date'
    case 'datetime':
    case 'timestamp':
      return 'datetime'
    case 'singleselect':
    case 'select':
      return 'select'
    case 'multiselect':
      return 'multiselect'
    default:
      return 'unknown'
  }
}

const ZERO_DATE = /^0000-00-00(?:[ T]00:00(?::00)?)?$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/
const GERMAN_DATE =
  /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*Uhr)?)?$/
// A number as onOffice writes it: plain (`1234.56`, `-3`) or German (`1.234,56`), optionally followed by a unit.
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/
const GERMAN_NUMBER = /^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$/
const UNIT_SUFFIX = /\s*(?:€|EUR|CHF|USD|\$|£|m²|m2|qm|m³|%|ha|Zimmer)$/i

function validDate(y: string, m: string, d: string): boolean {
  const month = Number(m)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(Number(y), month, 0)).getUTCDate()
}

const pad = (s: string | undefined) => (s ?? '0').padStart(2, '0')

/** A number from onOffice's text (plain or German decimals, a unit after it); `undefined` when it is none. */
export function parseNumber(raw: string): number | undefined {
  const s = raw.trim().replace(UNIT_SUFFIX, '').trim()
  let n: number
  if (PLAIN_NUMBER.test(s)) n = Number(s)
  else if (GERMAN_NUMBER.test(s)) n = Number(s.replace(/\./g, '').replace(',', '.'))
  else return undefined
  return Number.isFinite(n) ? n : undefined
}

/** An ISO date (`YYYY-MM-DD`) or local datetime (`YYYY-MM-DDTHH:MM:SS`) from onOffice's text; `undefined` when none. */
function parseDate(raw: string, withTime: boolean): string | undefined {
  const s = raw.trim()
  let parts: Array<string | undefined>
  const iso = ISO_DATETIME.exec(s) ?? ISO_DATE.exec(s)
  const german = iso ? null : GERMAN_DATE.exec(s)
  if (iso) parts = [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]]
  else if (german) parts = [german[3], german[2], german[1], german[4], german[5], german[6]]
  else return undefined
  const [y = '', m, d, hh, mm, ss] = parts
  if (!validDate(y, pad(m), pad(d))) return undefined
  const date = `${y}-${pad(m)}-${pad(d)}`
  if (!withTime) return date
  if (Number(hh ?? 0) > 23 || Number(mm ?? 0) > 59 || Number(ss ?? 0) > 59) return undefined
  return `${date}T${pad(hh)}:${pad(mm)}:${pad(ss)}`
}

/** Keys of a multiselect as onOffice sends them: an array, a `|a||b|` string, one key, or `""`. */
function multiselectKeys(raw: unknown): string[] {
  if (Array.isArray(raw))
    return raw.filter((x) => x !== null && x !== undefined && x !== '').map(String)
  if (typeof raw === 'number') return [String(raw)]
  if (typeof raw !== 'string' || raw === '') return []
  return raw.split('|').filter((k) => k !== '')
}

/** A select key from a value that may be a label (with `formatoutput`); the key when it is one. */
function selectKey(field: FieldDefinition, raw: string): string {
  const pv = field.permittedvalues
  if (!pv || Object.hasOwn(pv, raw)) return raw
  for (const [key, label] of Object.entries(pv)) if (label === raw) return key
  return raw
}

/** One value from the wire to its normalised form; values that do not fit the type are kept as they came. */
export function normalizeValue(field: FieldDefinition, raw: unknown): unknown {
  const kind = valueKind(field.type)
  if (kind === 'multiselect') return multiselectKeys(raw).map((k) => selectKey(field, k))
  if (raw === null || raw === undefined) return null
  if (typeof raw === 'string' && raw.trim() === '') return null
  switch (kind) {
    case 'integer':
    case 'float': {
      if (typeof raw === 'number') return raw
      if (typeof raw !== 'string') return raw
      return parseNumber(raw) ?? raw
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw
      const s = String(raw).trim().toLowerCase()
      if (s === '1' || s === 'true' || s === 'ja' || s === 'yes') return true
      if (s === '0' || s === 'false' || s === 'nein' || s === 'no') return false
      return raw
    }
    case 'date':
    case 'datetime': {
      if (typeof raw !== 'string') return raw
      if (ZERO_DATE.test(raw.trim())) return null
      return parseDate(raw, kind === 'datetime') ?? raw
    }
    case 'select':
      return typeof raw === 'string' || typeof raw === 'number'
        ? selectKey(field, String(raw))
        : raw
    case 'string':
      if (typeof raw === 'string' && isCountryField(field)) return raw.trim().toUpperCase()
      return raw
    default:
      return raw
  }
}

function moduleOf(config: FieldConfig, module: string, where: string): ModuleFieldConfig {
  if (typeof config !== 'object' || config === null)
    throw new TypeError(
      `${where}: config must be a field configuration (client.fields.get or the generated fieldConfig)`,
    )
  const found = Object.hasOwn(config, module) ? config[module] : undefined
  if (!found)
    throw new TypeError(
      `${where}: module '${module}' is not in the field configuration (it has ${Object.keys(config).join(', ') || 'no modules'})`,
    )
  return found
}

/**
 * Normalises the `elements` of a read record with the customer's field configuration:
 * - multiselect: an array of keys (also from onOffice's `|a||b|` strings; `""` → `[]`);
 * - `integer` / `float`: a number, from plain (`"1234.56"`) and German (`"1.234,56"`, `"250.000,00 €"`) decimals;
 * - `boolean`: `"1"`/`"0"` (also `true`/`false`, `Ja`/`Nein`) → `true`/`false`;
 * - `date` → `YYYY-MM-DD`, `datetime` → `YYYY-MM-DDTHH:MM:SS` (local time, as onOffice stores it); `"0000-00-00"`;
 * - `""` and the zero dates → `null`;
 * - select fields keep their key (a label sent with `formatoutput` is turned back into its key); their labels are
 *   in `labels`;
 * - country fields (`land`, `Land`) upper-cased alpha-3.
 * Values that do not fit their type, fields of unknown types and fields the configuration does not know are kept
 * as they came: a read never fails over data.
 *
 * @param config - the field configuration (`await client.fields.get(…)` or the generated `fieldConfig`).
 * @param module - `estate`, `address`, …
 * @param elements - `record.elements` as read.
 * @throws {TypeError} when `module` is not in `config`.
 * @example
 * ```ts
 * const config = await client.fields.get({ modules: ['estate'], labels: true })
 * const record = await client.estates.get(4711, { data: ['kaufpreis', 'objektart', 'heizungsart'] })
 * const { values, labels } = normalizeRecord(config, 'estate', record!.elements)
 * // values: { kaufpreis: 250000, objektart: 'haus', heizungsart: ['zentral'] }, labels: { objektart: 'Haus', heizungsart: ['Zentralheizung'] }
 * ```
 */
export function normalizeRecord<T = Record<string, unknown>>(
  config: FieldConfig,
  module: string,
  elements: Record<string, unknown>,
): NormalizedRecord<T> {
  const mod = moduleOf(config, module, 'normalizeRecord')
  const values: Record<string, unknown> = {}
  const labels: Record<string, string | string[]> = {}
  for (const [name, raw] of Object.entries(elements ?? {})) {
    const field = Object.hasOwn(mod.fields, name) ? mod.fields[name] : undefined
    if (!field) {
      values[name] = raw
      continue
    }
    const value = normalizeValue(field, raw)
    values[name] = value
    const pv = field.permittedvalues
    if (pv) {
      if (Array.isArray(value)) labels[name] = value.map((k) => pv[k] ?? k)
      else if (typeof value === 'string' && Object.hasOwn(pv, value)) labels[name] = pv[value]!
    }
  }
  return { values: values as T, labels }
}

// Case-insensitive edit distance, bounded by the lengths involved (field names are short).
function distance(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i)
  for (let i = 1; i <= x.length; i++) {
    const cur = [i]
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1),
      )
    prev = cur
  }
  return prev[y.length]!
}

/** The known name nearest to `name` (case-insensitive), when it is close enough to be a typo. */
export function nearestField(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  // Field names are at most a few dozen characters; longer input is no typo of one.
  if (name.length > 100) return undefined
  for (const candidate of known) {
    if (candidate.toLowerCase() === name.toLowerCase()) return candidate
    const d = distance(name, candidate)
    if (d < bestDistance) {
      bestDistance = d
      best = candidate
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))
    ? best
    : undefined
}

const MAX_LISTED = 12

function allowedList(pv: Record<string, string>): string {
  const entries = Object.entries(pv)
  const shown = entries
    .slice(0, MAX_LISTED)
    .map(([k, l]) => (l === k ? `\`${k}\`` : `\`${k}\` (${l})`))
  return entries.length > MAX_LISTED
    ? `${shown.join(', ')} and ${entries.length - MAX_LISTED} more`
    : shown.join(', ')
}

const describe = (v: unknown) =>
  typeof v === 'string'
    ? `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`
    : Array.isArray(v)
      ? 'a list'
      : v === null
        ? 'null'
        : typeof v === 'object'
          ? 'an object'
          : String(v)

type Serialized = { ok: true; value: unknown } | { ok: false; issue: Omit<FieldIssue, 'field'> }

const refuse = (code: FieldIssueCode, message: string): Serialized => ({
  ok: false,
  issue: { code, message },
})

function serializeNumber(field: FieldDefinition, value: unknown, integer: boolean): Serialized {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' ? parseNumber(value) : undefined
  if (n === undefined || !Number.isFinite(n))
    return refuse('not_a_number', `\`${field.name}\` wants a number, got ${describe(value)}`)
  if (integer && !Number.isSafeInteger(n))
    return refuse('not_an_integer', `\`${field.name}\` wants a whole number, got ${n}`)
  if (
    integer &&
    field.length !== null &&
    field.length > 0 &&
    field.length < 16 &&
    Math.abs(n) >= 10 ** field.length
  )
    return refuse(
      'out_of_range',
      `\`${field.name}\` takes at most ${field.length} digits, got ${n}`,
    )
  return { ok: true, value: n }
}

function serializeValue(field: FieldDefinition, value: unknown): Serialized {
  const kind = valueKind(field.type)
  const pv = field.permittedvalues
  if (kind === 'multiselect') {
    if (value === null) return { ok: true, value: [] }
    const keys = typeof value === 'string' ? multiselectKeys(value) : value
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string'))
      return refuse('not_a_list', `\`${field.name}\` wants a list of keys, got ${describe(value)}`)
    if (pv) {
      const bad = keys.filter((k) => !Object.hasOwn(pv, k))
      if (bad.length > 0)
        return refuse(
          'not_permitted',
          `\`${field.name}\` does not allow ${bad.map((k) => `"${k}"`).join(', ')}; allowed: ${allowedList(pv)}`,
        )
    }
    return { ok: true, value: [...keys] }
  }
  if (value === null) return { ok: true, value: '' }
  switch (kind) {
    case 'integer':
    case 'float':
      return serializeNumber(field, value, kind === 'integer')
    case 'boolean':
      if (value === true || value === 1 || value === '1') return { ok: true, value: '1' }
      if (value === false || value === 0 || value === '0') return { ok: true, value: '0' }
      return refuse(
        'not_a_boolean',
        `\`${field.name}\` wants true or false, got ${describe(value)}`,
      )
    case 'date':
    case 'datetime': {
      const iso = typeof value === 'string' ? parseDate(value, kind === 'datetime') : undefined
      if (iso === undefined)
        return refuse(
          'not_a_date',
          `\`${field.name}\` wants ${kind === 'date' ? 'a date YYYY-MM-DD' : 'a date and time YYYY-MM-DDTHH:MM:SS'}, got ${describe(value)}`,
        )
      return { ok: true, value: kind === 'date' ? iso : iso.replace('T', ' ') }
    }
    case 'select': {
      const key = typeof value === 'number' ? String(value) : value
      if (typeof key !== 'string')
        return refuse('not_permitted', `\`${field.name}\` wants one key, got ${describe(value)}`)
      if (pv && !Object.hasOwn(pv, key))
        return refuse(
          'not_permitted',
          `\`${field.name}\` does not allow "${key}"; allowed: ${allowedList(pv)}`,
        )
      return { ok: true, value: key }
    }
    case 'string': {
      if (typeof value !== 'string')
        return refuse('not_a_string', `\`${field.name}\` wants text, got ${describe(value)}`)
      if (isCountryField(field) && !isCountryCode(value))
        return refuse(
          'not_a_country',
          `\`${field.name}\` wants an ISO 3166-1 alpha-3 country code such as DEU, AUT or CHE, got ${describe(value)}`,
        )
      if (field.length !== null && field.length > 0 && [...value].length > field.length)
        return refuse(
          'too_long',
          `\`${field.name}\` takes at most ${field.length} characters, got ${[...value].length}`,
        )
      return { ok: true, value }
    }
    default:
      return { ok: true, value }
  }
}

function serializeAll(
  config: FieldConfig,
  module: string,
  values: object,
  where: string,
): { out: Record<string, unknown>; issues: FieldIssue[] } {
  const mod = moduleOf(config, module, where)
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new TypeError(`${where}: values must be an object of field → value`)
  const out: Record<string, unknown> = {}
  const issues: FieldIssue[] = []
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue
    const field = Object.hasOwn(mod.fields, name) ? mod.fields[name] : undefined
    if (!field) {
      const suggestion = nearestField(name, Object.keys(mod.fields))
      issues.push({
        field: name,
        code: 'unknown_field',
        message: `unknown ${module} field \`${name}\`${suggestion ? ` — did you mean \`${suggestion}\`?` : ' (field names are case-sensitive; see client.fields.get)'}`,
        ...(suggestion ? { suggestion } : {}),
      })
      continue
    }
    if (READ_ONLY_FIELDS.has(name)) {
      issues.push({
        field: name,
        code: 'read_only',
        message: `\`${name}\` is set by onOffice and cannot be written`,
      })
      continue
    }
    const s = serializeValue(field, value)
    if (s.ok) out[name] = s.value
    else issues.push({ field: name, ...s.issue })
  }
  return { out, issues }
}

/**
 * Checks a write against the field configuration without throwing; `[]` when it is valid. Same rules as
 * {@link serializeRecord}.
 * @example
 * ```ts
 * validateRecord(config, 'estate', { objektitel: 'x' })
 * // [{ field: 'objektitel', code: 'unknown_field', suggestion: 'objekttitel', message: 'unknown estate field `objektitel` — did you mean `objekttitel`?' }]
 * ```
 */
export function validateRecord(config: FieldConfig, module: string, values: object): FieldIssue[] {
  return serializeAll(config, module, values, 'validateRecord').issues
}

/**
 * Turns normalised values into what onOffice takes, after checking every field against the configuration:
 * unknown names (with the nearest name: "did you mean `objekttitel`?"), fields onOffice sets itself (`Id`,
 * `geaendert_am`, …), keys outside `permittedvalues` (the message lists the allowed keys with their labels),
 * text longer than `length`, numbers that are none or too long, dates that are none, country codes that are not
 * ISO 3166-1 alpha-3. Written as: multiselect → array of keys, `null` → `""` (multiselect `[]`), booleans →
 * `"1"`/`"0"`, dates `YYYY-MM-DD`, datetimes `YYYY-MM-DD HH:MM:SS`, numbers as numbers. `undefined` values are left out.
 *
 * @throws {FieldValidationError} (code `invalid_write`) listing every refused field — nothing is sent.
 * @throws {TypeError} when `module` is not in `config` or `values` is no object.
 * @example
 * ```ts
 * const data = serializeRecord(config, 'estate', { kaufpreis: 250000, heizungsart: ['zentral'], verkauft: false })
 * // { kaufpreis: 250000, heizungsart: ['zentral'], verkauft: '0' }
 * await client.estates.modify(4711, data)
 * ```
 */
export function serializeRecord(
  config: FieldConfig,
  module: string,
  values: object,
): Record<string, unknown> {
  const { out, issues } = serializeAll(config, module, values, 'serializeRecord')
  if (issues.length > 0) throw new FieldValidationError(module, issues)
  return out
}
