/**
 * The customer's field configuration (`get` / `fields`, reference §3.4) as a typed, JSON-serialisable value.
 * Parsing is tolerant: a module record's `elements` also holds non-field entries (the module's `"label"`),
 * onOffice adds attributes and types without notice, `permittedvalues` comes as an object (key → label) or as
 * a list of keys, and empty records (`[]`) occur. Everything that is there is kept.
 */

/**
 * A field type as onOffice names it. The known ones are listed for completion; any other string onOffice sends
 * (a new type) is kept as it comes and treated as `unknown` by normalisation and codegen.
 */
export type FieldType =
  | 'varchar'
  | 'text'
  | 'blob'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'singleselect'
  | 'multiselect'
  | (string & {})

/** One field of a module. */
export interface FieldDefinition {
  /** The field name, case-sensitive (`objekttitel`, `Anrede`, a custom `indMulti659Select204`). */
  name: string
  /** onOffice's type; `''` when onOffice sent none. */
  type: FieldType
  /** Maximum length for text types, digits for numbers; `null` when onOffice sent none. */
  length: number | null
  /**
   * Select keys → their label in the requested language, in onOffice's order. Without `labels: true`
   * onOffice may send only the keys; then each label is the key. `null` for fields without a value list.
   */
  permittedvalues: Record<string, string> | null
  /** Default value as onOffice sent it (`null` when none). */
  default: unknown
  /** The field's label in the requested language; `null` without `labels: true`. */
  label: string | null
  /** `filters` as sent (with `showfieldfilters`); `null` when absent. */
  filters: unknown
  /** `dependencies` as sent (with `showfielddependencies`); `null` when absent. */
  dependencies: unknown
  /** Names of the fields this compound field consists of (`compoundField`); `[]` when none. */
  compoundFields: string[]
  /** `fieldMeasureFormat` as sent (with `showFieldMeasureFormat`), e.g. a unit; `null` when absent. */
  fieldMeasureFormat: unknown
  /** Every attribute exactly as onOffice sent it, including ones this kit does not know yet. */
  attributes: Record<string, unknown>
}

/** One module (`estate`, `address`, …) of the field configuration. */
export interface ModuleFieldConfig {
  /** The module's label (the `"label"` entry of its `elements`, with `labels: true`); `null` when absent. */
  label: string | null
  /** Field name → definition. */
  fields: Record<string, FieldDefinition>
  /** Entries of `elements` that are not field definitions (besides `label`), kept as sent. */
  extra: Record<string, unknown>
}

/** Module name (the record `id` of the `fields` answer) → its configuration. */
export type FieldConfig = Record<string, ModuleFieldConfig>

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

// A length arrives as a number, a numeric string or null.
function lengthOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v)
  return null
}

function permittedOf(v: unknown): Record<string, string> | null {
  if (Array.isArray(v)) {
    if (v.length === 0) return null
    const out: Record<string, string> = {}
    for (const key of v)
      if (typeof key === 'string' || typeof key === 'number') out[String(key)] = String(key)
    return out
  }
  if (!isObject(v)) return null
  const out: Record<string, string> = {}
  for (const [key, label] of Object.entries(v))
    out[key] =
      typeof label === 'string'
        ? label
        : isObject(label) && typeof label.label === 'string'
          ? label.label
          : String(label ?? key)
  return Object.keys(out).length === 0 ? null : out
}

function compoundOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string')
  if (isObject(v)) return Object.values(v).filter((x): x is string => typeof x === 'string')
  return []
}

/** A field definition from the attributes onOffice sent for `name`. */
export function fieldDefinition(
  name: string,
  attributes: Record<string, unknown>,
): FieldDefinition {
  return {
    name,
    type: typeof attributes.type === 'string' ? attributes.type : '',
    length: lengthOf(attributes.length),
    permittedvalues: permittedOf(attributes.permittedvalues),
    default: attributes.default ?? null,
    label: typeof attributes.label === 'string' ? attributes.label : null,
    filters: attributes.filters ?? null,
    dependencies: attributes.dependencies ?? null,
    compoundFields: compoundOf(attributes.compoundField ?? attributes.compoundFields),
    fieldMeasureFormat: attributes.fieldMeasureFormat ?? null,
    attributes,
  }
}

/** The records of a `get` / `fields` result, tolerant of what onOffice's JSON really looks like. */
export interface RawFieldRecord {
  id: unknown
  elements?: unknown
}

/**
 * Builds a {@link FieldConfig} from the records of a `get` / `fields` answer (one record per module, `id` = the
 * module name). Skipped, because they carry nothing: records without a string or number `id`, and `elements`
 * that are empty or not an object (PHP's `[]`). In `elements`, an object value is a field; `label` (a string) is
 * the module label; any other entry is kept in `extra`.
 *
 * @example
 * ```ts
 * const result = await client.get('fields', { modules: ['estate'], labels: true })
 * const config = fieldConfigFromRecords(result.records)
 * config.estate?.fields.objektart?.permittedvalues // { haus: 'Haus', … }
 * ```
 */
export function fieldConfigFromRecords(records: readonly unknown[]): FieldConfig {
  const config: FieldConfig = {}
  for (const record of records) {
    if (!isObject(record)) continue
    const id = record.id
    if ((typeof id !== 'string' && typeof id !== 'number') || id === '') continue
    const module: ModuleFieldConfig = config[String(id)] ?? { label: null, fields: {}, extra: {} }
    // A list of objects is read entry by entry, like an object.
    const parts = Array.isArray(record.elements) ? record.elements : [record.elements]
    for (const part of parts) {
      if (!isObject(part)) continue
      for (const [name, value] of Object.entries(part)) {
        if (isObject(value)) module.fields[name] = fieldDefinition(name, value)
        else if (name === 'label' && typeof value === 'string') module.label = value
        else module.extra[name] = value
      }
    }
    config[String(id)] = module
  }
  return config
}
