import { FakeActionError } from '../action-error.ts'
import { nextId, type FakeSearchCriterion } from '../crm.ts'
import { applyFilter, applySort, paginate } from '../filter.ts'
import { datetime, resourceIdOf, type ActionContext, type ActionOutput } from './context.ts'
import { flag, objectParam } from './params.ts'

/** Search criteria fields of the fake (apidoc: the fields active as search criteria in the administration). */
const SEARCH_FIELDS: Record<
  string,
  { name: string; category: string; type: string; range?: true; values?: Record<string, string> }
> = {
  objektart: {
    name: 'Objektart',
    category: 'Objekt',
    type: 'multiselect',
    values: {
      haus: 'Haus',
      wohnung: 'Wohnung',
      grundstueck: 'Grundstück',
      buero_praxen: 'Büro/Praxen',
    },
  },
  vermarktungsart: {
    name: 'Vermarktungsart',
    category: 'Objekt',
    type: 'singleselect',
    values: { kauf: 'Kauf', miete: 'Miete' },
  },
  kaufpreis: {
    name: 'Kaufpreis',
    category: 'Preise',
    type: 'urn:onoffice-de-ns:smart:2.5:dbAccess:dataType:float',
    range: true,
  },
  kaltmiete: {
    name: 'Kaltmiete',
    category: 'Preise',
    type: 'urn:onoffice-de-ns:smart:2.5:dbAccess:dataType:float',
    range: true,
  },
  wohnflaeche: {
    name: 'Wohnfläche',
    category: 'Flächen',
    type: 'urn:onoffice-de-ns:smart:2.5:dbAccess:dataType:float',
    range: true,
  },
  anzahl_zimmer: {
    name: 'Zimmer',
    category: 'Flächen',
    type: 'urn:onoffice-de-ns:smart:2.5:dbAccess:dataType:float',
    range: true,
  },
  regionaler_zusatz: {
    name: 'Regionaler Zusatz',
    category: 'Geografische Angaben',
    type: 'displayAll',
  },
}
const RADIUS = [
  'range_plz',
  'range_ort',
  'range_strasse',
  'range_hausnummer',
  'range',
  'range_land',
  'range_breitengrad',
  'range_laengengrad',
]
const SYSTEM = [
  'advisor',
  'krit_bemerkung',
  'krit_bemerkung_oeffentlich',
  'sys_status',
  'sysExpiryDate',
  'sys_ko',
]
const META_FIELDS = new Set([
  'internaladdressid',
  'externaladdressid',
  'advisor',
  'creator',
  'creationdate',
  'editdate',
  'status',
])

function meta(ctx: ActionContext, c: FakeSearchCriterion): Record<string, string> {
  return {
    internaladdressid: String(c.addressId),
    externaladdressid: ctx.state.addresses.get(c.addressId)?.fields.KdNr ?? '',
    advisor: String(c.advisor),
    creator: String(c.creator),
    creationdate: c.creationdate,
    editdate: c.editdate,
    status: c.status,
  }
}

/** A criterion as `get/searchcriterias` answers it: ranges as `range_<field>: [from, to]`, `_meta` apart. */
function elementsOf(ctx: ActionContext, c: FakeSearchCriterion): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(c.fields)) {
    const range = /^(.+)__(von|bis)$/.exec(key)
    if (range) {
      const [, field, side] = range
      const pair = (out[`range_${field}`] ??= ['', '']) as string[]
      pair[side === 'von' ? 0 : 1] = String(value)
    } else if (!key.startsWith('sys') && !key.startsWith('krit_')) out[key] = value
  }
  const ko = c.fields.sys_ko
  out._meta = {
    ...meta(ctx, c),
    kocriterias: Array.isArray(ko) ? ko : [],
    publicnote: c.fields.krit_bemerkung_oeffentlich ?? '',
    characteristic: 'manual_saved',
  }
  return out
}

/** get/searchcriterias: `mode` (internal | external | searchcriteria | filter), `ids`, `filter`, `sortby`, `listlimit`, `listoffset`. */
export function getSearchCriteria(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  const mode = p.mode
  if (mode !== 'internal' && mode !== 'external' && mode !== 'searchcriteria' && mode !== 'filter')
    throw new FakeActionError(204)
  let rows = [...ctx.state.crm.searchCriteria.values()].sort((a, b) => a.id - b.id)
  if (mode === 'filter') {
    const withMeta = rows.map((c) => ({ c, m: meta(ctx, c) }))
    const filtered = applySort(
      applyFilter(withMeta, p.filter, META_FIELDS, (r, f) => r.m[f]),
      p.sortby,
      p.sortorder,
      META_FIELDS,
      (r, f) => r.m[f],
    )
    rows = filtered.map((r) => r.c)
  } else {
    if (!Array.isArray(p.ids)) throw new FakeActionError(167, 'ids')
    const ids = new Set(p.ids.map(String))
    rows = rows.filter((c) =>
      mode === 'searchcriteria'
        ? ids.has(String(c.id))
        : mode === 'internal'
          ? ids.has(String(c.addressId))
          : ids.has(meta(ctx, c).externaladdressid ?? ''),
    )
  }
  return {
    cntabsolute: rows.length,
    records: paginate(rows, p.listlimit, p.listoffset).map((c) => ({
      id: c.id,
      type: 'searchcriteria',
      elements: elementsOf(ctx, c),
    })),
  }
}

/** Writes `data` into a criterion: known fields, `<field>__von/__bis`, `<range field>: [from, to]`, radius and system keys. */
function write(c: FakeSearchCriterion, data: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(data)) {
    const base = key.replace(/__(von|bis)$/, '')
    const known = SEARCH_FIELDS[base] !== undefined || RADIUS.includes(key) || SYSTEM.includes(key)
    if (!known) throw new FakeActionError(141, key)
    if (key === 'advisor') {
      c.advisor = Number(value)
      continue
    }
    if (key === 'sys_status') {
      c.status = String(value) === '0' ? '0' : '1'
      continue
    }
    if (SEARCH_FIELDS[key]?.range && Array.isArray(value)) {
      c.fields[`${key}__von`] = String(value[0] ?? '')
      c.fields[`${key}__bis`] = String(value[1] ?? '')
      continue
    }
    c.fields[key] = Array.isArray(value) ? value.map(String) : String(value ?? '')
  }
}

/** create/searchcriteria: `addressid` (apidoc's example; its parameter list spells it `adressid`, both accepted) and `data`. */
export function createSearchCriterion(ctx: ActionContext): ActionOutput {
  const raw = ctx.parameters.addressid ?? ctx.parameters.adressid
  if (raw === undefined || raw === null || raw === '') throw new FakeActionError(167, 'addressid')
  const addressId = Number(raw)
  if (!ctx.state.addresses.has(addressId)) throw new FakeActionError(80)
  const data = objectParam(ctx.parameters.data)
  const stamp = datetime(ctx.now)
  const caller = Number(ctx.claim?.userId ?? 17)
  const c: FakeSearchCriterion = {
    id: 0,
    addressId,
    fields: {},
    advisor: caller,
    creator: caller,
    creationdate: stamp.slice(0, 10),
    editdate: stamp,
    status: '1',
  }
  write(c, data)
  c.id = nextId(ctx.state.crm, 'searchcriteria')
  ctx.state.crm.searchCriteria.set(c.id, c)
  return { cntabsolute: null, records: [{ id: c.id, type: 'searchcriteria', elements: {} }] }
}

/** modify/searchcriteria: `resourceid` = criterion id, `data`; only the fields given change. Unknown id: 95. */
export function modifySearchCriterion(ctx: ActionContext): ActionOutput {
  if (!ctx.state.crm.rights.modify) throw new FakeActionError(174)
  const c = ctx.state.crm.searchCriteria.get(Number(resourceIdOf(ctx)))
  if (!c) throw new FakeActionError(95)
  const copy = structuredClone(c)
  write(copy, objectParam(ctx.parameters.data))
  copy.editdate = datetime(ctx.now)
  ctx.state.crm.searchCriteria.set(c.id, copy)
  return {
    cntabsolute: null,
    records: [{ id: 0, type: 'searchcriteria', elements: { success: 'success' } }],
  }
}

/** get/searchCriteriaFields: one record per category `{ name, fields: [{ id, name, position, type, rangefield?, values? }] }`. */
export function getSearchCriteriaFields(): ActionOutput {
  const categories = new Map<string, Array<Record<string, unknown>>>()
  let position = 0
  for (const [id, f] of Object.entries(SEARCH_FIELDS)) {
    const list = categories.get(f.category) ?? []
    const entry: Record<string, unknown> = {
      id,
      name: f.name,
      position: String(++position),
      type: f.type,
    }
    if (f.range) entry.rangefield = 'true'
    if (f.values) entry.values = f.values
    list.push(entry)
    categories.set(f.category, list)
  }
  return {
    cntabsolute: null,
    records: [...categories].map(([name, fields], i) => ({
      id: i + 1,
      type: '',
      elements: { name, fields },
    })),
  }
}

const num = (v: unknown) => Number(String(v).replace(',', '.'))

/** Whether a criterion accepts an estate value `value` of `field`. A criterion without the field accepts anything. */
function accepts(c: FakeSearchCriterion, field: string, value: unknown): boolean {
  const v = String(value)
  if (field === 'range_plz' || field === 'plz')
    return c.fields.range_plz === undefined || c.fields.range_plz === v
  if (field === 'range_ort' || field === 'ort')
    return (
      c.fields.range_ort === undefined ||
      String(c.fields.range_ort).toLowerCase() === v.toLowerCase()
    )
  const from = c.fields[`${field}__von`]
  const to = c.fields[`${field}__bis`]
  if (from !== undefined || to !== undefined) {
    const n = num(v)
    return (
      (from === undefined || from === '' || n >= num(from)) &&
      (to === undefined || to === '' || n <= num(to))
    )
  }
  const own = c.fields[field]
  if (own === undefined || own === '') return true
  return Array.isArray(own) ? own.includes(v) : own === v
}

/**
 * get/search with `resourceid` `searchcriteria`: the active criteria that accept every value of `searchdata`.
 * The fake's radius search is by equal `range_plz` / `range_ort` (no geocoding). `groupbyaddress` (default
 * true) keeps the lowest criterion per address; `outputall` / `outputfields` (default `Id`); `offset`,
 * `limit` (default 10).
 */
export function searchCriteria(ctx: ActionContext): ActionOutput {
  if (resourceIdOf(ctx) !== 'searchcriteria') throw new FakeActionError(279)
  const p = ctx.parameters
  const searchdata = p.searchdata === undefined ? {} : objectParam(p.searchdata)
  let rows = [...ctx.state.crm.searchCriteria.values()]
    .filter((c) => c.status === '1')
    .filter((c) => Object.entries(searchdata).every(([f, v]) => accepts(c, f, v)))
    .sort((a, b) => a.id - b.id)
  if (p.groupbyaddress === undefined || flag(p.groupbyaddress)) {
    const seen = new Set<number>()
    rows = rows.filter((c) => !seen.has(c.addressId) && (seen.add(c.addressId), true))
  }
  const offset = Math.max(0, Number(p.offset ?? 0) || 0)
  const rawLimit = p.limit === undefined ? 10 : Number(p.limit)
  const limit = Number.isInteger(rawLimit) && rawLimit >= 0 && rawLimit <= 500 ? rawLimit : 10
  const outputall = flag(p.outputall)
  const fields = Array.isArray(p.outputfields) ? p.outputfields.map(String) : ['Id']
  return {
    cntabsolute: rows.length,
    records: rows.slice(offset, offset + limit).map((c) => {
      const all: Record<string, unknown> = {
        Id: String(c.id),
        adresse: String(c.addressId),
        ...c.fields,
      }
      const elements = outputall ? all : Object.fromEntries(fields.map((f) => [f, all[f] ?? '']))
      return { id: c.id, type: 'searchcriteria', elements }
    }),
  }
}
