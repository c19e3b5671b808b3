import type { Call } from './caller.ts'

/** Configuration of one field as `get`/`fields` returns it; unknown keys pass through. */
export interface FieldInfo {
  type?: string
  length?: number | null
  permittedvalues?: unknown
  default?: unknown
  label?: string
  [key: string]: unknown
}

/** Parameters of `fields.get` (reference §3.4). */
export interface FieldsParams {
  /** e.g. `['estate', 'address']`. */
  modules: string[]
  labels?: boolean
  language?: string
  fieldList?: string[]
  [key: string]: unknown
}

/** Field configuration helpers. onOffice: "the call may take several seconds" — cache the result. */
export interface FieldsApi {
  /**
   * Module name → field name → field configuration. Empty records onOffice sends (`[]`, a record without
   * `elements`) are skipped; a module without fields maps to `{}`; unknown keys of a field pass.
   */
  get(params: FieldsParams): Promise<Record<string, Record<string, FieldInfo>>>
}

export function fieldsApi(call: Call): FieldsApi {
  return {
    async get(params) {
      if (!params || !Array.isArray(params.modules) || params.modules.length === 0)
        throw new TypeError("fields.get: modules must be a non-empty array such as ['estate']")
      const result = await call({ kind: 'get', resourcetype: 'fields', parameters: params })
      const out: Record<string, Record<string, FieldInfo>> = {}
      for (const record of result.records) {
        // A module record without fields (PHP's `[]`) gives an empty module; a list is not field configuration.
        if (Array.isArray(record.elements)) continue
        const fields: Record<string, FieldInfo> = {}
        for (const [name, info] of Object.entries(record.elements))
          if (info && typeof info === 'object' && !Array.isArray(info)) fields[name] = info as FieldInfo
        out[String(record.id)] = fields
      }
      return out
    },
  }
}
