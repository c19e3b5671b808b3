import { FakeActionError } from '../action-error.ts'
import { nextId, type FakeTask } from '../crm.ts'
import { applyFilter } from '../filter.ts'
import { datetime, resourceIdOf, type ActionContext, type ActionOutput } from './context.ts'
import { idList, limitOf, objectParam, rejectListoffset, stored } from './params.ts'

/** apidoc Read tasks: the fields `data` may name (`Nr` only in `filter`). */
const TASK_FIELDS = new Set([
  'Eintragsdatum',
  'modified',
  'von',
  'Deadline',
  'Prio',
  'Aufgabe',
  'Verantwortung',
  'Art',
  'Status',
  'Betreff',
  'Bearbeiter',
  'Beginnt_am',
  'Aufwand_Soll_NUM',
  'Einheit_Aufwand_Soll',
  'Aufwand_Zusatz_NUM',
  'Einheit_Aufwand_Zusatz',
  'erledigt',
  'publicDescription',
  'Stand',
  'Deadline_strikt',
  'Deadline_Zeit',
  'Beginnt_um',
  'Austragsdatum',
  'Erinnerung',
  'Erinnerungsdatum',
  'Erinnerungsdatum_Zeit',
  'Privat',
  'Verantwortung_Gruppe',
  'Kommentar',
])
const FILTERABLE = new Set([...TASK_FIELDS, 'Nr'])
/** Set by onOffice, not by create/modify. */
const SYSTEM = new Set(['Eintragsdatum', 'modified', 'von', 'Austragsdatum'])

const readTaskField = (t: FakeTask, field: string) =>
  field === 'Nr' ? String(t.id) : t.fields[field]

/**
 * read/task: one task by `resourceid` or a list by `filter` (incl. `Nr`), `relatedAddressId`, `relatedEstateId`,
 * `listlimit` (≤ 500, more answers 20), in ascending id order. onOffice does not page tasks with an offset:
 * `listoffset` is answered with 255.
 */
export function readTask(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  rejectListoffset(p)
  const data = p.data === undefined ? [...TASK_FIELDS] : p.data
  if (!Array.isArray(data)) throw new FakeActionError(74)
  for (const f of data)
    if (typeof f !== 'string' || !TASK_FIELDS.has(f)) throw new FakeActionError(141, String(f))
  const id = resourceIdOf(ctx)
  let rows = [...ctx.state.crm.tasks.values()].sort((a, b) => a.id - b.id)
  if (id !== '') {
    rows = rows.filter((t) => String(t.id) === id)
    if (rows.length === 0) throw new FakeActionError(80)
  } else {
    const addresses = idList(p.relatedAddressId)
    const estates = idList(p.relatedEstateId)
    if (addresses.length > 0)
      rows = rows.filter((t) => t.relatedAddressIds.some((a) => addresses.includes(a)))
    if (estates.length > 0)
      rows = rows.filter((t) => t.relatedEstateIds.some((e) => estates.includes(e)))
    rows = applyFilter(rows, p.filter, FILTERABLE, readTaskField)
  }
  const total = rows.length
  return {
    cntabsolute: total,
    records: rows.slice(0, limitOf(p.listlimit)).map((t) => {
      const elements: Record<string, unknown> = {}
      for (const f of data as string[]) elements[f] = t.fields[f] ?? ''
      elements.relatedAddressId = t.relatedAddressIds.map(String)
      elements.relatedEstateId = t.relatedEstateIds.map(String)
      return { id: t.id, type: 'task', elements }
    }),
  }
}

function write(ctx: ActionContext, t: FakeTask): void {
  const data = objectParam(ctx.parameters.data)
  for (const [field, value] of Object.entries(data)) {
    if (!TASK_FIELDS.has(field) || SYSTEM.has(field)) throw new FakeActionError(138)
    t.fields[field] = stored(value)
  }
  const addresses = idList(ctx.parameters.relatedAddressId)
  const estates = idList(ctx.parameters.relatedEstateId)
  for (const a of addresses) if (!ctx.state.addresses.has(a)) throw new FakeActionError(292)
  for (const e of estates) if (!ctx.state.estates.has(e)) throw new FakeActionError(293)
  if (addresses.length > 0) t.relatedAddressIds = addresses
  if (estates.length > 0) t.relatedEstateIds = estates
  t.fields.modified = datetime(ctx.now)
}

/** create/task: `data` (apidoc Create tasks), `relatedAddressId`, `relatedEstateId`. Unknown field: 138. */
export function createTask(ctx: ActionContext): ActionOutput {
  const stamp = datetime(ctx.now)
  const creator = ctx.state.people.get(Number(ctx.claim?.userId ?? 17))
  const t: FakeTask = {
    id: 0,
    fields: {
      Eintragsdatum: stamp,
      von: creator?.fields.Kuerzel?.toLowerCase() ?? '',
      Status: '1',
      Prio: '3',
      erledigt: '0',
    },
    relatedAddressIds: [],
    relatedEstateIds: [],
  }
  write(ctx, t)
  t.id = nextId(ctx.state.crm, 'task')
  ctx.state.crm.tasks.set(t.id, t)
  return { cntabsolute: null, records: [{ id: t.id, type: 'task', elements: {} }] }
}

/** modify/task: `resourceid` = task id; answers `{ success: 'success' }`. Unknown task: 80. */
export function modifyTask(ctx: ActionContext): ActionOutput {
  if (!ctx.state.crm.rights.modify) throw new FakeActionError(174)
  const t = ctx.state.crm.tasks.get(Number(resourceIdOf(ctx)))
  if (!t) throw new FakeActionError(80)
  const copy = structuredClone(t)
  write(ctx, copy)
  ctx.state.crm.tasks.set(t.id, copy)
  return { cntabsolute: null, records: [{ id: 0, type: 'task', elements: { success: 'success' } }] }
}
