import type { FieldConfig } from '../fields/config.ts'
import { normalizeRecord, serializeRecord } from '../fields/values.ts'
import type { ActionResult, ElementsObject, OnOfficeRecord } from '../types.ts'
import { firstRecord, isoLanguage, objectResult, recordId, type Call } from './caller.ts'
import type { FieldsApi } from './fields.ts'
import { createdId, fieldsObject, objectRecord, type ListParams, type TypedResult } from './list.ts'
import { pages } from './paging.ts'
import { picturesOf, type EstatePicture, type PictureOptions } from './pictures.ts'
import type { SearchCriteriaApi, SearchMatch, SearchOptions } from './search-criteria.ts'

/**
 * Estate fields `estates.search` sends as `searchdata`; `plz`/`ort` as the radius-search keys `range_plz`/`range_ort`
 * (apidoc's examples). Assumed: the search treats the other estate fields by the same names.
 */
export const ESTATE_MATCH_FIELDS = [
  'objektart',
  'vermarktungsart',
  'kaufpreis',
  'kaltmiete',
  'wohnflaeche',
  'anzahl_zimmer',
  'plz',
  'ort',
] as const
const SEARCH_KEY: Record<string, string> = { plz: 'range_plz', ort: 'range_ort' }

/**
 * A field interface's values as onOffice sends them, before normalisation: numbers and booleans as strings,
 * multiselects as arrays of keys (or `|a||b|` strings), select keys as they are, `""` for no value.
 */
export type WireValue<V> = V extends null | undefined
  ? never
  : V extends readonly (infer E)[]
    ? E[] | string
    : V extends number | boolean
      ? string
      : V extends string
        ? V | ''
        : unknown

/** The elements of a record typed from a field interface (e.g. the generated `EstateFields`), as onOffice sends them. */
export type WireFields<F> = { [K in keyof F]?: WireValue<F[K]> }

/** A record whose `elements` are typed. */
export interface FieldRecord<T> {
  id: number | string
  type: string | null
  elements: T
}

/** A normalised record of a typed view: values, labels of its select fields, and the elements as sent. */
export interface TypedRecord<T> extends FieldRecord<T> {
  /** Select fields: the label of the key (multiselect: of each key) in the configuration's language. */
  labels: { [K in keyof T]?: string | string[] }
  /** `elements` exactly as onOffice sent them. */
  raw: Record<string, unknown>
}

/** Options of a write that is checked against the field configuration first. */
export interface ValidateOption {
  /**
   * Check `elements` (normalised values: numbers, booleans, arrays of keys, ISO dates, `null`) against the field
   * configuration and serialise them (see `serializeRecord`); an invalid write throws `FieldValidationError`
   * and sends nothing. `true` uses `client.fields.get` (cached); or pass a `FieldConfig`.
   */
  validate?: true | FieldConfig
}

/** Estate helpers (`read` / `modify` on `estate`). */
export interface EstatesApi {
  /** One estate by its main-language id; `language` reads that language version. `null` when onOffice returns no record. */
  get(
    id: number | string,
    opts?: { language?: string; data?: readonly string[] },
  ): Promise<OnOfficeRecord<ElementsObject> | null>
  /**
   * Typed by a field interface (e.g. the generated `EstateFields`): a misspelt name in `data` is a compile
   * error and `elements` are typed — as onOffice sends them ({@link WireFields}). For normalised values typed
   * exactly as the picked names, use {@link EstatesApi.typed}.
   * @example
   * ```ts
   * const e = await client.estates.get<EstateFields>(4711, { data: ['objekttitel', 'kaufpreis'] })
   * e?.elements.kaufpreis // string | undefined ("250000.00")
   * ```
   */
  get<F extends object>(
    id: number | string,
    opts: { language?: string; data: readonly (keyof F & string)[] },
  ): Promise<FieldRecord<WireFields<F>> | null>
  /** A list read (`filter`, `data`, `listlimit` ≤ 500, `listoffset`, `sortby`, …). */
  read(
    params?: Record<string, unknown>,
    opts?: { language?: string },
  ): Promise<ActionResult<ElementsObject>>
  /**
   * Writes `elements` to an estate. With `language`, always sends `resourceid` + `estatelanguage`, so the free
   * texts of that language version are written, never those of the main language. With `validate`, the write is
   * checked against the field configuration first (nothing is sent when it is invalid).
   */
  modify(
    id: number | string,
    elements: Record<string, unknown>,
    opts?: { language?: string } & ValidateOption,
  ): Promise<ActionResult>
  /**
   * A view typed by a field interface `F` (e.g. the generated `EstateFields`): `get` infers the picked names and
   * returns normalised values typed `Pick<F, …>` with their labels; `create` / `modify` take normalised values,
   * are validated against the field configuration and send nothing when invalid.
   *
   * @param options.config - the field configuration to use (e.g. the generated `fieldConfig`); default
   *   `client.fields.get({ modules: ['estate'], labels: true, language: labelLanguage })`, cached.
   * @param options.labelLanguage - ISO-3 language of the labels when the configuration is fetched; default onOffice's (DEU).
   * @example
   * ```ts
   * const estates = client.estates.typed<EstateFields>()
   * const e = await estates.get(4711, { data: ['objekttitel', 'kaufpreis'] })
   * e?.elements.kaufpreis // number | null
   * await estates.modify(4711, { kaufpreis: 260000, objektart: 'haus' })
   * ```
   */
  typed<F extends object>(options?: {
    config?: FieldConfig
    labelLanguage?: string
  }): TypedEstatesApi<F>
  /**
   * Pictures published for the own homepage / API (`estatepictures`), grouped by estate id (every requested id is a
   * key). `categories` default: every picture type; `size` e.g. `'500x500'` or `'original'`; `language` (ISO-3)
   * for titles and texts of multilingual estates.
   * @example
   * ```ts
   * const pictures = await client.estates.pictures([4711], { categories: ['Titelbild', 'Foto'], size: '800x600' })
   * for (const p of pictures.get(4711) ?? []) console.log(p.title, p.url)
   * ```
   */
  pictures(
    estateIds: readonly (number | string)[],
    opts?: PictureOptions,
  ): Promise<Map<number, EstatePicture[]>>
  /**
   * Creates an estate (`create`/`estate`, fields in `data`, as onOffice takes them); returns its id. Estates are
   * created in the main language only (apidoc: not in a secondary language). With `validate`, `fields` are
   * normalised values checked against the field configuration first (nothing is sent when invalid); or use
   * `typed().create`.
   * @example
   * ```ts
   * const id = await client.estates.create({ objektart: 'haus', vermarktungsart: 'kauf', plz: '52068', ort: 'Aachen', kaufpreis: 350000 })
   * ```
   */
  create(fields: Record<string, unknown>, opts?: ValidateOption): Promise<number>
  /**
   * Every estate matching `params` (`filter`, `data`, `sortby` …), in pages of up to 500; `language` reads that
   * language version (`estatelanguage` on every page).
   * @example
   * ```ts
   * for await (const e of client.estates.iterate({ data: ['Id', 'kaufpreis'], filter: { status: [{ op: '=', val: 1 }] } })) console.log(e.id)
   * ```
   */
  iterate(
    params?: ListParams,
    opts?: { language?: string; pageSize?: number },
  ): AsyncIterable<OnOfficeRecord<ElementsObject>>
  /**
   * The search criteria matching an estate: its {@link ESTATE_MATCH_FIELDS} (read first when an id is given)
   * sent as `searchdata` to `searchCriteria.search`. Empty fields and unset prices (`0.00`) are left out.
   * @example
   * ```ts
   * const { records } = await client.estates.search(4711, { outputall: true })
   * const prospects = records.map((m) => m.addressId)
   * ```
   */
  search(
    estate: number | string | Record<string, unknown>,
    opts?: SearchOptions,
  ): Promise<TypedResult<SearchMatch>>
}

/** The typed view of {@link EstatesApi.typed}. */
export interface TypedEstatesApi<F extends object> {
  /** One estate, normalised; `null` when onOffice returns no record. */
  get<const K extends keyof F & string>(
    id: number | string,
    opts: { data: readonly K[]; language?: string },
  ): Promise<TypedRecord<Pick<F, K>> | null>
  /** A list read of the picked fields (`filter`, `sortby`, `listlimit` ≤ 500, `listoffset`, …), normalised. */
  read<const K extends keyof F & string>(
    params: { data: readonly K[]; [parameter: string]: unknown },
    opts?: { language?: string },
  ): Promise<Array<TypedRecord<Pick<F, K>>>>
  /** Creates an estate from normalised values (validated first); returns its id. */
  create(values: Partial<F>): Promise<number>
  /** Writes normalised values (validated first); free texts land in `language`'s version. */
  modify(
    id: number | string,
    values: Partial<F>,
    opts?: { language?: string },
  ): Promise<ActionResult>
  /** The field configuration the view uses. */
  config(): Promise<FieldConfig>
}

const MODULE = 'estate'

export function estatesApi(
  call: Call,
  fields: FieldsApi,
  searchCriteria: Pick<SearchCriteriaApi, 'search'>,
): EstatesApi {
  async function get(
    id: number | string,
    opts: { language?: string; data?: readonly string[] } = {},
  ): Promise<OnOfficeRecord<ElementsObject> | null> {
    const parameters: Record<string, unknown> = {}
    if (opts.data) parameters.data = [...opts.data]
    if (opts.language !== undefined)
      parameters.estatelanguage = isoLanguage(opts.language, 'estates.get')
    return firstRecord(
      await call({
        kind: 'read',
        resourcetype: 'estate',
        resourceid: recordId(id, 'estates.get'),
        parameters,
      }),
      'estates.get',
    )
  }
  async function read(
    params: Record<string, unknown> = {},
    opts: { language?: string } = {},
  ): Promise<ActionResult<ElementsObject>> {
    const parameters = { ...params }
    if (opts.language !== undefined)
      parameters.estatelanguage = isoLanguage(opts.language, 'estates.read')
    return objectResult(
      await call({ kind: 'read', resourcetype: 'estate', parameters }),
      'estates.read',
    )
  }
  const configOf = (validate: true | FieldConfig, language?: string): Promise<FieldConfig> =>
    validate === true
      ? fields.get({ modules: [MODULE], labels: true, ...(language ? { language } : {}) })
      : Promise.resolve(validate)
  async function modify(
    id: number | string,
    elements: object,
    opts: { language?: string } & ValidateOption = {},
  ): Promise<ActionResult> {
    if (typeof elements !== 'object' || elements === null || Array.isArray(elements))
      throw new TypeError('estates.modify: elements must be an object of field → value')
    const resourceid = recordId(id, 'estates.modify')
    const parameters: Record<string, unknown> = { data: elements }
    if (opts.language !== undefined)
      parameters.estatelanguage = isoLanguage(opts.language, 'estates.modify')
    if (opts.validate !== undefined)
      parameters.data = serializeRecord(await configOf(opts.validate), MODULE, elements)
    return call({ kind: 'modify', resourcetype: 'estate', resourceid, parameters })
  }

  const api: EstatesApi = {
    // One implementation serves both signatures: the type argument only changes what the compiler checks.
    get: get as EstatesApi['get'],
    read,
    modify,
    pictures: (estateIds, opts) => picturesOf(call, estateIds, opts),
    async create(values, opts = {}) {
      let data = fieldsObject(values, 'estates.create')
      if (opts.validate !== undefined)
        data = serializeRecord(await configOf(opts.validate), MODULE, data)
      return createdId(
        await call({ kind: 'create', resourcetype: 'estate', parameters: { data } }),
        'estates.create',
      )
    },
    async *iterate(params = {}, opts = {}) {
      const parameters: Record<string, unknown> = { ...params }
      if (opts.language !== undefined)
        parameters.estatelanguage = isoLanguage(opts.language, 'estates.iterate')
      const pageOpts = opts.pageSize === undefined ? {} : { pageSize: opts.pageSize }
      for await (const r of pages(
        call,
        { kind: 'read', resourcetype: 'estate', parameters },
        pageOpts,
      ))
        yield objectRecord(r, 'estates.iterate')
    },
    async search(estate, opts = {}) {
      let values: Record<string, unknown>
      if (typeof estate === 'object' && estate !== null) values = estate
      else values = (await get(estate, { data: ESTATE_MATCH_FIELDS }))?.elements ?? {}
      const searchdata: Record<string, unknown> = {}
      for (const name of ESTATE_MATCH_FIELDS) {
        const value = values[name]
        // onOffice sends "0.00" for an unset price: not a criterion to match on.
        if (
          value === undefined ||
          value === null ||
          value === '' ||
          value === '0.00' ||
          value === '0'
        )
          continue
        searchdata[SEARCH_KEY[name] ?? name] = String(value)
      }
      return searchCriteria.search(searchdata, opts)
    },
    typed<F extends object>(
      options: { config?: FieldConfig; labelLanguage?: string } = {},
    ): TypedEstatesApi<F> {
      const labelLanguage =
        options.labelLanguage === undefined
          ? undefined
          : isoLanguage(options.labelLanguage, 'estates.typed')
      const config = () => configOf(options.config ?? true, labelLanguage)
      const typedRecord = <T>(
        cfg: FieldConfig,
        record: OnOfficeRecord<ElementsObject>,
      ): TypedRecord<T> => {
        const { values, labels } = normalizeRecord<T>(cfg, MODULE, record.elements)
        return {
          id: record.id,
          type: record.type,
          elements: values,
          labels: labels as TypedRecord<T>['labels'],
          raw: record.elements,
        }
      }
      return {
        async get(id, opts) {
          const [cfg, record] = await Promise.all([config(), get(id, opts)])
          return record ? typedRecord(cfg, record) : null
        },
        async read(params, opts = {}) {
          const [cfg, result] = await Promise.all([config(), read(params, opts)])
          return result.records.map((r) => typedRecord(cfg, r))
        },
        async create(values) {
          return api.create(serializeRecord(await config(), MODULE, values))
        },
        async modify(id, values, opts = {}) {
          return modify(id, values, { ...opts, validate: await config() })
        },
        config,
      }
    },
  }
  return api
}
