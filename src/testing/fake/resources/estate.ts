import { FakeActionError } from '../action-error.ts'
import {
  ESTATE_TEXT_FIELDS,
  FIELD_CONFIG,
  MULTISELECT_FIELDS,
  readMultiselect,
  storeMultiselect,
} from '../field-config.ts'
import {
  applyFilter,
  applySort,
  pageWindow,
  paginate,
  selectFieldsWith,
  type FieldReader,
  type Row,
} from '../filter.ts'
import type { FakeEstate } from '../types.ts'
import { datetime, resourceIdOf, type ActionContext, type ActionOutput } from './context.ts'

const KNOWN = new Set(Object.keys(FIELD_CONFIG.estate!))
const MULTI = MULTISELECT_FIELDS.estate!
const TEXT_FIELDS = new Set<string>(ESTATE_TEXT_FIELDS)
const LANGUAGE = /^[A-Z]{3}$/

function languageOf(ctx: ActionContext): string | undefined {
  const lang = ctx.parameters.estatelanguage
  if (lang === undefined || lang === null || lang === '') return undefined
  if (typeof lang !== 'string' || !LANGUAGE.test(lang)) throw new FakeActionError(160, String(lang))
  return lang
}

/** An estate in one language, read field by field: no merged copy of every field is made per row. */
interface EstateView {
  e: FakeEstate
  texts: Record<string, string>
}

/** The estate as seen in `lang` (main language when omitted); `undefined` if it has no such version. */
function view(e: FakeEstate, lang: string | undefined): EstateView | undefined {
  const texts = e.texts[lang ?? e.mainLanguage]
  return texts ? { e, texts } : undefined
}

/** A field as the merged `{ ...fields, ...texts }` record would have it. */
const readField: FieldReader<EstateView> = (v, field) =>
  Object.hasOwn(v.texts, field) ? v.texts[field] : v.e.fields[field]

const merged = (v: EstateView): Row => ({ ...v.e.fields, ...v.texts })

/** read/estate: `resourceid`, `estatelanguage`, `data`, `filter`, `sortby`/`sortorder`, `listlimit`, `listoffset`. */
export function readEstate(ctx: ActionContext): ActionOutput {
  const lang = languageOf(ctx)
  const p = ctx.parameters
  const id = resourceIdOf(ctx)
  let rows: EstateView[]
  if (id !== '') {
    const e = ctx.state.estates.get(Number(id))
    const row = e && view(e, lang)
    if (!row) throw new FakeActionError(80)
    rows = [row]
  } else {
    const plain =
      (p.filter === undefined || p.filter === null) &&
      (p.sortby === undefined || p.sortby === null || p.sortby === '')
    if (plain) {
      // One pass that counts and keeps only the page: a 10,000-estate fake must page quickly for benches.
      const { offset, limit } = pageWindow(p.listlimit, p.listoffset)
      const page: EstateView[] = []
      let total = 0
      for (const e of ctx.state.estates.values()) {
        const texts = e.texts[lang ?? e.mainLanguage]
        if (!texts) continue
        if (total >= offset && total < offset + limit) page.push({ e, texts })
        total++
      }
      return output(ctx, page, total, lang)
    }
    const inLanguage: EstateView[] = []
    for (const e of ctx.state.estates.values()) {
      const v = view(e, lang)
      if (v) inLanguage.push(v)
    }
    // onOffice ignores `filter` when `resourceid` is set.
    rows = applyFilter(inLanguage, p.filter, KNOWN, readField)
  }
  rows = applySort(rows, p.sortby, p.sortorder, KNOWN, readField)
  return output(ctx, paginate(rows, p.listlimit, p.listoffset), rows.length, lang)
}

function output(
  ctx: ActionContext,
  page: EstateView[],
  total: number,
  lang: string | undefined,
): ActionOutput {
  const p = ctx.parameters
  const addLanguage =
    p.addestatelanguage === true || p.addestatelanguage === 1 || p.addestatelanguage === '1'
  return {
    cntabsolute: total,
    records: page.map((row) => {
      const elements: Record<string, unknown> = selectFieldsWith(
        row,
        p.data,
        KNOWN,
        readField,
        merged,
      )
      // Multiselects are stored `|a||b|` and read back as arrays (some as the pipe string, like onOffice).
      for (const name of Object.keys(elements))
        if (MULTI.has(name))
          elements[name] = readMultiselect('estate', name, String(elements[name]))
      const rowId = Number(readField(row, 'Id'))
      if (addLanguage) {
        const e = ctx.state.estates.get(rowId)
        elements.language = !lang || lang === e?.mainLanguage ? '' : lang
      }
      return { id: rowId, type: 'estate', elements }
    }),
  }
}

/**
 * modify/estate: `data` fields. With `estatelanguage` the free texts of that language are written
 * (a missing language version is created); all other fields are shared across languages.
 */
export function modifyEstate(ctx: ActionContext): ActionOutput {
  if (!ctx.state.crm.rights.modify) throw new FakeActionError(174)
  const lang = languageOf(ctx)
  const id = resourceIdOf(ctx)
  if (id === '') throw new FakeActionError(79)
  const e = ctx.state.estates.get(Number(id))
  if (!e) throw new FakeActionError(80)
  const data = ctx.parameters.data
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new FakeActionError(74)
  const entries = Object.entries(data)
  for (const [field] of entries) {
    if (field === 'Id') throw new FakeActionError(144, field)
    if (!KNOWN.has(field)) throw new FakeActionError(143, field)
  }
  const target = lang ?? e.mainLanguage
  for (const [field, value] of entries) {
    const text = MULTI.has(field)
      ? storeMultiselect(value)
      : value === null || value === undefined
        ? ''
        : String(value)
    if (TEXT_FIELDS.has(field)) (e.texts[target] ??= {})[field] = text
    else e.fields[field] = text
  }
  e.fields.geaendert_am = datetime(ctx.now)
  return { records: [], cntabsolute: null }
}

/**
 * create/estate: `data` fields (apidoc Create Estates); the new estate gets the next id, `erstellt_am` and
 * `geaendert_am` now, status 1 unless given. Free texts go to the main language (DEU): onOffice cannot create
 * estates in a secondary language. Unknown field: 143; `Id` or a system field: 144.
 */
export function createEstate(ctx: ActionContext): ActionOutput {
  const data = ctx.parameters.data
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new FakeActionError(74)
  const entries = Object.entries(data)
  for (const [field] of entries) {
    if (field === 'Id' || field === 'erstellt_am' || field === 'geaendert_am')
      throw new FakeActionError(144, field)
    if (!KNOWN.has(field)) throw new FakeActionError(143, field)
  }
  const id = ctx.state.crm.nextId.estate++
  const stamp = datetime(ctx.now)
  const e: FakeEstate = {
    id,
    mainLanguage: 'DEU',
    fields: {
      Id: String(id),
      status: '1',
      verkauft: '0',
      reserviert: '0',
      erstellt_am: stamp,
      geaendert_am: stamp,
    },
    texts: { DEU: {} },
  }
  for (const [field, value] of entries) {
    const text =
      value === null || value === undefined
        ? ''
        : Array.isArray(value)
          ? value.map(String).join('|')
          : String(value)
    if (TEXT_FIELDS.has(field)) e.texts.DEU![field] = text
    else e.fields[field] = text
  }
  ctx.state.estates.set(id, e)
  return { cntabsolute: null, records: [{ id, type: 'estate', elements: {} }] }
}
