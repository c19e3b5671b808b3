import { FakeActionError } from '../action-error.ts'
import { nextId, type FakeAppointment } from '../crm.ts'
import { applyFilter } from '../filter.ts'
import { datetime, resourceIdOf, type ActionContext, type ActionOutput } from './context.ts'
import { flag, idList, objectParam } from './params.ts'

/** apidoc Create appointments: the `data` fields. */
const CALENDAR_FIELDS = new Set([
  'description',
  'start_dt',
  'end_dt',
  'art',
  'ganztags',
  'allowTransitTime',
  'transitTime',
  'transitTimePre',
  'transitTimePost',
  'note',
  'abgesagt',
  'status',
  'private',
  'erinnerung',
  'origin',
  'ressources',
  'von',
  'rp_flag',
  'rp_type',
  'rp_tage',
  'rp_beginn_datum',
  'rp_ende_datum',
  'rp_ende_status',
  'rp_exception',
  'ort',
])
/** apidoc Read appointments: "The filter works for the fields …". */
const FILTERABLE = new Set([
  'start_dt',
  'end_dt',
  'rp_flag',
  'description',
  'von',
  'erledigt',
  'note',
  'art',
])
/** "The maximum number of appointments that can be queried at one time is 500." */
const MAX = 500
const DATE = /^\d{4}-\d{2}-\d{2}/

function elementsOf(a: FakeAppointment): Record<string, unknown> {
  return {
    ...a.fields,
    user_ids: [...a.userIds],
    relatedAddressIds: a.relatedAddressIds.map(String),
    relatedEstateId: a.relatedEstateId === null ? '' : String(a.relatedEstateId),
  }
}

const readField = (a: FakeAppointment, f: string) => {
  const v = a.fields[f]
  return v === undefined || v === null
    ? undefined
    : typeof v === 'boolean'
      ? v
        ? '1'
        : '0'
      : String(v)
}

/**
 * read/calendar: one appointment by `resourceid` (else 169), or the appointments overlapping the days
 * `datestart`…`dateend` (time part ignored; missing 91/92, start after end 93), at most 500, ordered by start;
 * `filter` only together with a period (241); cancelled ones only with `showcancelled`.
 */
export function readCalendar(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  const id = resourceIdOf(ctx)
  if (id !== '') {
    const a = ctx.state.crm.appointments.get(Number(id))
    if (!a) throw new FakeActionError(169)
    return { cntabsolute: 1, records: [{ id: a.id, type: 'calendar', elements: elementsOf(a) }] }
  }
  const hasStart = typeof p.datestart === 'string' && DATE.test(p.datestart)
  const hasEnd = typeof p.dateend === 'string' && DATE.test(p.dateend)
  if (!hasStart && !hasEnd && p.filter !== undefined) throw new FakeActionError(241)
  if (!hasStart) throw new FakeActionError(91)
  if (!hasEnd) throw new FakeActionError(92)
  const from = `${(p.datestart as string).slice(0, 10)} 00:00:00`
  const to = `${(p.dateend as string).slice(0, 10)} 23:59:59`
  if (from > to) throw new FakeActionError(93)
  let rows = [...ctx.state.crm.appointments.values()].filter(
    (a) => String(a.fields.start_dt) <= to && String(a.fields.end_dt) >= from,
  )
  if (!flag(p.showcancelled))
    rows = rows.filter((a) => a.fields.status !== 'canceled' && !flag(a.fields.abgesagt))
  const users = idList(p.users)
  if (users.length > 0 && !flag(p.allusers))
    rows = rows.filter((a) => a.userIds.some((u) => users.includes(u)))
  rows = applyFilter(rows, p.filter, FILTERABLE, readField)
  rows.sort((a, b) =>
    String(a.fields.start_dt) < String(b.fields.start_dt)
      ? -1
      : String(a.fields.start_dt) > String(b.fields.start_dt)
        ? 1
        : a.id - b.id,
  )
  return {
    cntabsolute: rows.length,
    records: rows
      .slice(0, MAX)
      .map((a) => ({ id: a.id, type: 'calendar', elements: elementsOf(a) })),
  }
}

function write(ctx: ActionContext, a: FakeAppointment): void {
  const data = objectParam(ctx.parameters.data)
  for (const [field, value] of Object.entries(data)) {
    if (!CALENDAR_FIELDS.has(field)) throw new FakeActionError(154)
    a.fields[field] = value
  }
  if (a.fields.start_dt === undefined || a.fields.start_dt === '') throw new FakeActionError(91)
  if (a.fields.end_dt === undefined || a.fields.end_dt === '') throw new FakeActionError(92)
  if (String(a.fields.start_dt) > String(a.fields.end_dt)) throw new FakeActionError(93)
  const addresses = idList(ctx.parameters.relatedAddressIds)
  for (const id of addresses) if (!ctx.state.addresses.has(id)) throw new FakeActionError(292)
  if (addresses.length > 0) a.relatedAddressIds = addresses
  const [estate] = idList(ctx.parameters.relatedEstateId)
  if (estate !== undefined) {
    if (!ctx.state.estates.has(estate)) throw new FakeActionError(293)
    a.relatedEstateId = estate
  }
  const subscribers = ctx.parameters.subscribers
  if (subscribers && typeof subscribers === 'object' && !Array.isArray(subscribers)) {
    const users = idList((subscribers as { users?: unknown }).users)
    if (users.length > 0) a.userIds = users
  }
  a.fields.modified = datetime(ctx.now)
}

/** create/calendar: `data` (`start_dt`, `end_dt` mandatory), `relatedAddressIds`, `relatedEstateId`, `subscribers`. */
export function createCalendar(ctx: ActionContext): ActionOutput {
  const creator = Number(ctx.claim?.userId ?? 17)
  const a: FakeAppointment = {
    id: 0,
    fields: { status: 'active', private: false, ganztags: false },
    relatedAddressIds: [],
    relatedEstateId: null,
    userIds: [creator],
  }
  write(ctx, a)
  a.id = nextId(ctx.state.crm, 'calendar')
  ctx.state.crm.appointments.set(a.id, a)
  return { cntabsolute: null, records: [{ id: a.id, type: 'calendar', elements: {} }] }
}

/** modify/calendar: `resourceid` = appointment id (else 169); answers `{ success: 'success' }`. */
export function modifyCalendar(ctx: ActionContext): ActionOutput {
  if (!ctx.state.crm.rights.modify) throw new FakeActionError(174)
  const a = ctx.state.crm.appointments.get(Number(resourceIdOf(ctx)))
  if (!a) throw new FakeActionError(169)
  const copy = structuredClone(a)
  write(ctx, copy)
  ctx.state.crm.appointments.set(a.id, copy)
  return {
    cntabsolute: null,
    records: [{ id: 0, type: 'calendar', elements: { success: 'success' } }],
  }
}
