import { FakeActionError } from '../action-error.ts'
import { nextId, type FakeAgentsLogEntry } from '../crm.ts'
import { applyFilter, applySort, paginate } from '../filter.ts'
import { datetime, type ActionContext, type ActionOutput } from './context.ts'
import { idList, stored } from './params.ts'

/** apidoc Read agents log: the fields `data` may name. */
const LOG_FIELDS = new Set([
  'Objekt_nr',
  'Adress_nr',
  'Aktionsart',
  'Aktionstyp',
  'Datum',
  'created',
  'Benutzer',
  'Benutzer_nr',
  'Datum_bearb',
  'Kosten',
  'Bemerkung',
  'merkmal',
  'HerkunftKontakt',
  'dauer',
  'Beratungsebene',
  'Absagegrund',
  'Benutzer_bearb',
  'mailDate',
  'Aktionsmerkmale',
  'Angeboten_fuer',
  'Nr',
])
/** "The following fields cannot be specified in the filter parameter: Benutzer, Adress_nr, Objekt_nr, dauer". */
const FILTERABLE = new Set(
  [...LOG_FIELDS].filter((f) => !['Benutzer', 'Adress_nr', 'Objekt_nr', 'dauer'].includes(f)),
)
const ADVISORY: Record<string, string> = {
  A: 'A Miet-/Kaufvertrag unterzeichnet',
  B: 'B Schriftliche Miet-/Kaufzusage',
  C: 'C Im intensiven Gespräch',
  D: 'D Interessiert, aber noch prüfend',
  E: 'E Dokumentation erhalten',
  F: 'F Dokumentation bestellt',
  G: 'G Absage',
}

function row(e: FakeAgentsLogEntry): Record<string, string> {
  return {
    ...e.fields,
    Nr: String(e.id),
    Adress_nr: e.addressIds.join(','),
    Objekt_nr: e.estateId === null ? '' : String(e.estateId),
  }
}

/**
 * read/agentslog: `estateid[]`, `addressid[]`, `filter` (not on Benutzer/Adress_nr/Objekt_nr/dauer: 141), `data`,
 * `sortby`/`sortorder`, `listlimit` ≤ 500, `listoffset`. "Entries are sorted antichronologically" by default.
 */
export function readAgentsLog(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  const estates = idList(p.estateid)
  const addresses = idList(p.addressid)
  let rows = [...ctx.state.crm.agentsLog.values()]
  if (estates.length > 0)
    rows = rows.filter((e) => e.estateId !== null && estates.includes(e.estateId))
  if (addresses.length > 0)
    rows = rows.filter((e) => e.addressIds.some((a) => addresses.includes(a)))
  let views = rows.map(row)
  views = applyFilter(views, p.filter, FILTERABLE)
  views.sort((a, b) =>
    a.Datum! < b.Datum! ? 1 : a.Datum! > b.Datum! ? -1 : Number(b.Nr) - Number(a.Nr),
  )
  views = applySort(views, p.sortby, p.sortorder, LOG_FIELDS)
  const data = p.data === undefined ? [...LOG_FIELDS] : p.data
  if (!Array.isArray(data)) throw new FakeActionError(74)
  for (const f of data)
    if (typeof f !== 'string' || !LOG_FIELDS.has(f)) throw new FakeActionError(141, String(f))
  return {
    cntabsolute: views.length,
    records: paginate(views, p.listlimit, p.listoffset).map((v) => ({
      id: Number(v.Nr),
      type: 'agentslog',
      elements: Object.fromEntries((data as string[]).map((f) => [f, v[f] ?? ''])),
    })),
  }
}

/**
 * create/agentslog (apidoc Create agents log): `addressids` and/or `estateid` (one of them: else 167); one entry
 * per address, as onOffice does. Answers one record per created entry (apidoc shows one).
 */
export function createAgentsLog(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  const addresses = idList(p.addressids)
  const [estate] = idList(p.estateid)
  if (addresses.length === 0 && estate === undefined) throw new FakeActionError(167, 'addressids')
  for (const a of addresses) if (!ctx.state.addresses.has(a)) throw new FakeActionError(292)
  if (estate !== undefined && !ctx.state.estates.has(estate)) throw new FakeActionError(293)
  if (p.advisorylevel !== undefined && !(String(p.advisorylevel) in ADVISORY))
    throw new FakeActionError(225, String(p.advisorylevel))
  if (p.cost !== undefined && !(Number(p.cost) >= 0)) throw new FakeActionError(222, String(p.cost))
  if (p.duration !== undefined && !(Number(p.duration) >= 0))
    throw new FakeActionError(223, String(p.duration))
  const user = ctx.state.people.get(Number(p.userid ?? ctx.claim?.userId ?? 17))
  const stamp = datetime(ctx.now)
  const fields: Record<string, string> = {
    Aktionsart: stored(p.actionkind),
    Aktionstyp: stored(p.actiontype),
    Bemerkung: stored(p.note),
    Datum: typeof p.datetime === 'string' && p.datetime !== '' ? p.datetime : stamp,
    created: stamp,
    Benutzer: user?.fields.Kuerzel?.toLowerCase() ?? '',
    Benutzer_nr: String(user?.id ?? ''),
    Kosten: stored(p.cost ?? 0),
    dauer: stored(p.duration ?? 0),
    HerkunftKontakt: stored(p.origincontact),
    merkmal: Array.isArray(p.features) ? p.features.map(String).join('|') : stored(p.features),
    Beratungsebene: p.advisorylevel === undefined ? '' : ADVISORY[String(p.advisorylevel)]!,
    Absagegrund: stored(p.reasoncancellation),
  }
  const records = (addresses.length > 0 ? addresses.map((a) => [a]) : [[]]).map((addressIds) => {
    const id = nextId(ctx.state.crm, 'agentslog')
    ctx.state.crm.agentsLog.set(id, {
      id,
      fields: { ...fields },
      addressIds,
      estateId: estate ?? null,
    })
    return { id, type: 'agentsLog', elements: {} }
  })
  return { cntabsolute: null, records }
}
