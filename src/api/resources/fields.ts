import { type FieldConfig, fieldConfigFromRecords } from '../fields/config.ts'
import type { FieldConfigCache } from '../fields/cache.ts'
import { type Call, isoLanguage } from './caller.ts'

/** Parameters of `fields.get` (reference §3.4). Further onOffice parameters (`showfieldfilters`, `realDataTypes`, …) pass through. */
export interface FieldsParams {
  /** e.g. `['estate', 'address']`. */
  modules: readonly string[]
  /** Labels of fields, of select values and of the module. */
  labels?: boolean
  /** ISO-3 language of the labels, e.g. `DEU`, `ENG`. */
  language?: string
  /** Only these fields. */
  fieldList?: readonly string[]
  [key: string]: unknown
}

/**
 * The customer's field configuration. onOffice: "the call may take several seconds" — so it is cached per
 * customer and request (language included) for `fieldCache.ttlSec` (default 1 h), and concurrent identical
 * calls make one request. See `createClient({ fieldCache })`.
 */
export interface FieldsApi {
  /**
   * Module → label and fields (type, length, permittedvalues key → label, default, label, filters, dependencies,
   * compoundFields, fieldMeasureFormat, and every attribute as sent). Served from the cache when it holds this
   * request; otherwise one `get` / `fields` action.
   * @example
   * ```ts
   * const config = await client.fields.get({ modules: ['estate'], labels: true, language: 'ENG' })
   * config.estate?.fields.objektart?.permittedvalues // { haus: 'House', wohnung: 'Apartment', … }
   * ```
   */
  get(params: FieldsParams): Promise<FieldConfig>
  /**
   * Drops every cached configuration of this customer (all languages and requests): the next `get` asks
   * onOffice again. Use it after the customer changed fields in enterprise administration.
   */
  refresh(): Promise<void>
}

/** @internal What `fields` needs besides `call`: the shared cache and this client's scope in it. */
export interface FieldsDeps {
  cache: FieldConfigCache | null
  scope: () => Promise<string>
}

const sorted = (list: readonly unknown[] | undefined) =>
  list ? [...list].map(String).sort() : undefined

/** The request part of the cache key: parameters in canonical order, lists sorted, language upper-cased. */
function requestKey(params: FieldsParams, language: string | undefined): string {
  const canonical: Record<string, unknown> = { ...params, modules: sorted(params.modules) }
  if (params.fieldList) canonical.fieldList = sorted(params.fieldList)
  if (language !== undefined) canonical.language = language
  delete canonical.extendedclaim
  return JSON.stringify(
    Object.keys(canonical)
      .sort()
      .map((k) => [k, canonical[k]]),
  )
}

export function fieldsApi(
  call: Call,
  deps: FieldsDeps = { cache: null, scope: async () => '' },
): FieldsApi {
  return {
    async get(params) {
      if (
        !params ||
        !Array.isArray(params.modules) ||
        params.modules.length === 0 ||
        params.modules.some((m) => typeof m !== 'string' || m === '')
      )
        throw new TypeError(
          "fields.get: modules must be a non-empty array of module names such as ['estate']",
        )
      if (params.fieldList !== undefined && !Array.isArray(params.fieldList))
        throw new TypeError('fields.get: fieldList must be an array of field names')
      const language =
        params.language === undefined ? undefined : isoLanguage(params.language, 'fields.get')
      const parameters: Record<string, unknown> = { ...params, modules: [...params.modules] }
      if (params.fieldList) parameters.fieldList = [...params.fieldList]
      if (language !== undefined) parameters.language = language
      const load = async () =>
        fieldConfigFromRecords(
          (await call({ kind: 'get', resourcetype: 'fields', parameters })).records,
        )
      if (!deps.cache) return load()
      return deps.cache.get(await deps.scope(), requestKey(params, language), load)
    },
    async refresh() {
      if (deps.cache) await deps.cache.invalidate(await deps.scope())
    },
  }
}
