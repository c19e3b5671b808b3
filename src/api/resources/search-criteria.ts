/**
 * Search criteria (Suchkriterien) of addresses: apidoc Get / Create / Modify Search criteria, Get Search
 * criteria fields and Search for suitable search criteria (reference §3.5).
 */
import type { ElementsObject, OnOfficeRecord } from '../types.ts'
import { recordId, type Call } from './caller.ts'
import {
  createdId,
  fieldsObject,
  type Filter,
  idsFrom,
  type NumberedRecord,
  numericId,
  objectCall,
  objectRecord,
  str,
  type TypedResult,
} from './list.ts'
import { pages } from './paging.ts'

/** `_meta` of a search criterion (apidoc Get Search criteria). */
export interface SearchCriterionMeta {
  internaladdressid?: string
  externaladdressid?: string
  kocriterias?: string[]
  advisor?: string
  creator?: string
  creationdate?: string
  editdate?: string
  status?: string
  publicnote?: string
  characteristic?: string
  [key: string]: unknown
}

/** A search criterion: its fields (ranges as `range_<field>: [from, to]`), `_meta` and the linked address. */
export interface SearchCriterion extends NumberedRecord {
  /** The address it belongs to (`_meta.internaladdressid`), `null` when onOffice did not send it. */
  addressId: number | null
  meta: SearchCriterionMeta
}

/** How `get` selects: addresses by record id, by customer number, criteria by id, or a filter on `_meta` fields. */
export type SearchCriteriaQuery =
  | {
      mode: 'internal' | 'external' | 'searchcriteria'
      ids: Array<number | string>
      listlimit?: number
      listoffset?: number
    }
  | {
      mode: 'filter'
      filter: Filter
      sortby: string
      sortorder: 'ASC' | 'DESC'
      listlimit?: number
      listoffset?: number
    }

/** One field of `searchCriteria.fields()` (apidoc Get Search criteria fields); unknown keys pass. */
export interface SearchCriteriaField {
  id: string
  name?: string
  position?: string
  type?: string
  ko?: string
  mandatory?: string
  rangefield?: string
  values?: Record<string, string>
  [key: string]: unknown
}

/** A category of search criteria fields. */
export interface SearchCriteriaCategory {
  name: string
  fields: SearchCriteriaField[]
}

/** Options of `searchCriteria.search` (apidoc: `outputall`, `outputfields`, `groupbyaddress`, `offset`, `limit`, `order`). */
export interface SearchOptions {
  /** All fields of each criterion; default `false` (only `outputfields`). */
  outputall?: boolean
  /** Default `['Id']` (onOffice's default). */
  outputfields?: string[]
  /** One criterion per address; onOffice's default `true`. */
  groupbyaddress?: boolean
  /** onOffice's default 0. */
  offset?: number
  /** onOffice's default 10; 0 to count only. */
  limit?: number
  order?: string[] | Record<string, 'ASC' | 'DESC'>
}

/** One match of `search`: the criterion id, the address (`adresse`) and the fields asked for. */
export interface SearchMatch extends NumberedRecord {
  addressId: number | null
}

/** Search criteria helpers. */
export interface SearchCriteriaApi {
  /**
   * Search criteria (`get`/`searchcriterias`) by mode. `mode: 'external'` uses customer numbers, which
   * need not be unique (apidoc advises against it).
   * @example
   * ```ts
   * const { records } = await client.searchCriteria.get({ mode: 'internal', ids: [101] })
   * ```
   */
  get(query: SearchCriteriaQuery): Promise<TypedResult<SearchCriterion>>
  /** Every criterion of a query, paged by `listlimit`/`listoffset` (≤ 500). */
  iterate(query: SearchCriteriaQuery, opts?: { pageSize?: number }): AsyncIterable<SearchCriterion>
  /**
   * Creates a criterion for an address (`create`/`searchcriteria`). Ranges as `<field>__von` / `<field>__bis`,
   * the radius search as `range_plz`, `range_ort`, `range` (km) — values as strings (apidoc). Sends `addressid`
   * as apidoc's example does (its parameter list spells it `adressid`). Returns the criterion id.
   * @example
   * ```ts
   * const id = await client.searchCriteria.create(101, { objektart: 'haus', vermarktungsart: 'kauf', kaufpreis__bis: '500000', range_plz: '52068', range: '25' })
   * ```
   */
  create(addressId: number | string, data: Record<string, unknown>): Promise<number>
  /**
   * Writes fields of a criterion (`modify`/`searchcriteria`); `sys_status` '0'/'1', `sysExpiryDate`, `sys_ko` …
   * @example
   * ```ts
   * await client.searchCriteria.modify(131, { kaufpreis: ['250000', '500000'] })
   * ```
   */
  modify(id: number | string, data: Record<string, unknown>): Promise<void>
  /**
   * The fields active as search criteria, by category (`get`/`searchCriteriaFields`).
   * @example
   * ```ts
   * const categories = await client.searchCriteria.fields({ language: 'ENG' })
   * ```
   */
  fields(opts?: {
    language?: string
    additionalTranslations?: boolean
  }): Promise<SearchCriteriaCategory[]>
  /**
   * The criteria matching estate-like values (`get`/`search`, `resourceid` `searchcriteria`): e.g.
   * `{ range_plz: '52074' }` or `{ anzahl_zimmer: '4' }`. `total` is `cntabsolute` (assumed to count every
   * match, not only the page).
   * @example
   * ```ts
   * const { records } = await client.searchCriteria.search({ range_plz: '52068', kaufpreis: '350000' }, { outputall: true })
   * ```
   */
  search(
    searchdata: Record<string, unknown>,
    opts?: SearchOptions,
  ): Promise<TypedResult<SearchMatch>>
}

function toCriterion(record: OnOfficeRecord<ElementsObject>): SearchCriterion {
  const raw = record.elements._meta
  const meta = (
    raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}
  ) as SearchCriterionMeta
  const address = idsFrom(meta.internaladdressid)[0]
  return { ...record, id: numericId(record), addressId: address ?? null, meta }
}

function queryParams(query: SearchCriteriaQuery): Record<string, unknown> {
  if (!query || typeof query !== 'object')
    throw new TypeError('searchCriteria.get: query must be an object with a mode')
  const { mode } = query
  if (mode === 'filter') {
    if (!query.filter || typeof query.filter !== 'object')
      throw new TypeError("searchCriteria.get: mode 'filter' needs filter, sortby and sortorder")
    if (
      typeof query.sortby !== 'string' ||
      (query.sortorder !== 'ASC' && query.sortorder !== 'DESC')
    )
      throw new TypeError(
        "searchCriteria.get: mode 'filter' needs sortby (a _meta field) and sortorder 'ASC' | 'DESC' (apidoc: mandatory)",
      )
  } else if (mode === 'internal' || mode === 'external' || mode === 'searchcriteria') {
    if (!Array.isArray(query.ids) || query.ids.length === 0)
      throw new TypeError(`searchCriteria.get: mode '${mode}' needs a non-empty ids array`)
  } else {
    throw new TypeError(
      "searchCriteria.get: mode must be 'internal', 'external', 'searchcriteria' or 'filter'",
    )
  }
  return { ...query }
}

export function searchCriteriaApi(rawCall: Call): SearchCriteriaApi {
  const call = objectCall(rawCall)
  return {
    async get(query) {
      const result = await call({
        kind: 'get',
        resourcetype: 'searchcriterias',
        parameters: queryParams(query),
      })
      return { ...result, records: result.records.map(toCriterion) }
    },
    async *iterate(query, opts = {}) {
      for await (const r of pages(
        call,
        { kind: 'get', resourcetype: 'searchcriterias', parameters: queryParams(query) },
        opts,
      ))
        yield toCriterion(objectRecord(r, 'searchCriteria.iterate'))
    },
    async create(addressId, data) {
      const parameters = {
        addressid: recordId(addressId, 'searchCriteria.create'),
        data: fieldsObject(data, 'searchCriteria.create', 'data'),
      }
      return createdId(
        await call({ kind: 'create', resourcetype: 'searchcriteria', parameters }),
        'searchCriteria.create',
      )
    },
    async modify(id, data) {
      await call({
        kind: 'modify',
        resourcetype: 'searchcriteria',
        resourceid: recordId(id, 'searchCriteria.modify'),
        parameters: { data: fieldsObject(data, 'searchCriteria.modify', 'data') },
      })
    },
    async fields(opts = {}) {
      const result = await call({
        kind: 'get',
        resourcetype: 'searchCriteriaFields',
        parameters: { ...opts },
      })
      return result.records.map((r) => {
        const list = Array.isArray(r.elements.fields) ? r.elements.fields : []
        return {
          name: str(r.elements.name) ?? '',
          fields: list.filter(
            (f): f is SearchCriteriaField =>
              !!f && typeof f === 'object' && typeof (f as { id?: unknown }).id === 'string',
          ),
        }
      })
    },
    async search(searchdata, opts = {}) {
      const parameters: Record<string, unknown> = {
        searchdata: fieldsObject(searchdata, 'searchCriteria.search', 'searchdata'),
        ...opts,
      }
      const result = await call({
        kind: 'get',
        resourcetype: 'search',
        resourceid: 'searchcriteria',
        parameters,
      })
      return {
        ...result,
        records: result.records.map((r) => ({
          ...r,
          id: numericId(r),
          addressId: idsFrom(r.elements.adresse)[0] ?? null,
        })),
      }
    },
  }
}
