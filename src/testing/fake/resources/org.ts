/** Users (`get`/`users`), the imprint (`read`/`impressum`), regions (`get`/`regions`) and multiselect values. */
import { FakeActionError } from '../action-error.ts'
import type { FakeRegion } from '../crm.ts'
import type { FakeUser } from '../types.ts'
import { resourceIdOf, type ActionContext, type ActionOutput } from './context.ts'

/** The calling user: the claim's user, or user 17 for a plain API user (the fake's own user). */
export function ownUserId(ctx: ActionContext): number {
  return Number(ctx.claim?.userId ?? 17)
}

const username = (u: FakeUser) =>
  `${(u.fields.Vorname ?? '').slice(0, 1)}${u.fields.Nachname ?? ''}`.toLowerCase()

/**
 * get/users: `userfilter` `onlyOwn` (the calling user, plus `NeuerTerminFuer`), `byGroupId` (+ `groupId`: the
 * fake has one group, 1, with every user), `ownOfficeGroupOrAll` or none (all active users). Without the right
 * to read user data only `onlyOwn` is answered (170 otherwise).
 */
export function getUsers(ctx: ActionContext): ActionOutput {
  const filter = ctx.parameters.userfilter
  if (
    filter !== undefined &&
    filter !== 'onlyOwn' &&
    filter !== 'byGroupId' &&
    filter !== 'ownOfficeGroupOrAll'
  )
    throw new FakeActionError(255, 'userfilter')
  const own = ownUserId(ctx)
  if (filter !== 'onlyOwn' && !ctx.state.crm.rights.readUserData) throw new FakeActionError(170)
  let users = [...ctx.state.people.values()].filter((u) => u.active)
  if (filter === 'onlyOwn') users = users.filter((u) => u.id === own)
  if (filter === 'byGroupId') {
    if (ctx.parameters.groupId === undefined) throw new FakeActionError(167, 'groupId')
    if (Number(ctx.parameters.groupId) !== 1) users = []
  }
  return {
    cntabsolute: null,
    records: users.map((u) => {
      const elements: Record<string, unknown> = {
        id: u.id,
        username: username(u),
        firstname: u.fields.Vorname ?? '',
        lastname: u.fields.Nachname ?? '',
        email: u.fields.email ?? '',
        meetingurl: `https://meet.example.test/${username(u)}`,
      }
      if (filter === 'onlyOwn')
        elements.NeuerTerminFuer = [{ id: u.id, name: `${u.fields.Nachname}, ${u.fields.Vorname}` }]
      return { id: u.id, type: null, elements }
    }),
  }
}

/** read/impressum: `resourceid` = user id or empty (the caller); `data` names fields (all without); record id `impressum`. */
export function readImprint(ctx: ActionContext): ActionOutput {
  const id = resourceIdOf(ctx)
  if (id !== '' && !ctx.state.people.has(Number(id))) throw new FakeActionError(80)
  const all = ctx.state.crm.imprint
  const data = ctx.parameters.data
  let elements: Record<string, string> = { ...all }
  if (Array.isArray(data) && data.length > 0) {
    elements = {}
    for (const f of data) {
      if (typeof f !== 'string' || !(f in all)) throw new FakeActionError(141, String(f))
      elements[f] = all[f]!
    }
  }
  return { cntabsolute: null, records: [{ id: 'impressum', type: null, elements }] }
}

/** A region as apidoc shows it: `children` an object keyed by id, `[]` when there are none. */
function regionJson(r: FakeRegion): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    postalcodes: r.postalcodes,
    state: r.state,
    country: r.country,
    children:
      r.children.length === 0
        ? []
        : Object.fromEntries(r.children.map((c) => [c.id, regionJson(c)])),
  }
}

/** get/regions: every top-level region with its tree, in one answer (no paging). `language` is accepted. */
export function getRegions(ctx: ActionContext): ActionOutput {
  const lang = ctx.parameters.language
  if (lang !== undefined && (typeof lang !== 'string' || !/^[A-Z]{3}$/.test(lang)))
    throw new FakeActionError(160, String(lang))
  return {
    cntabsolute: null,
    records: ctx.state.crm.regions.map((r) => ({ id: r.id, type: '', elements: regionJson(r) })),
  }
}

const MODULES = new Set([
  'estate',
  'address',
  'calendar',
  'task',
  'agentsLog',
  'project',
  'fakturaArticleAdministration',
  'fakturaBookings',
])

/** get/multiselectconfiguration: `module` (else 163), `fields[]` (mandatory, unknown: 141); sorted by position. */
export function getMultiselect(ctx: ActionContext): ActionOutput {
  const { module, fields } = ctx.parameters
  if (typeof module !== 'string' || !MODULES.has(module)) throw new FakeActionError(163)
  if (!Array.isArray(fields) || fields.length === 0) throw new FakeActionError(167, 'fields')
  const config = ctx.state.crm.multiselect[module] ?? {}
  const records = []
  for (const f of fields) {
    const list = typeof f === 'string' ? config[f] : undefined
    if (!list) throw new FakeActionError(141, String(f))
    for (const v of [...list].sort((a, b) => a.position - b.position)) {
      records.push({
        id: v.id,
        type: '',
        elements: {
          field: v.field,
          fieldcontent: v.fieldcontent,
          multiselectfield: f,
          active: v.active ? 1 : 0,
          fieldfilter: 0,
          default: v.default ? 1 : 0,
          position: v.position,
          level: v.level,
          parent: v.parent,
        },
      })
    }
  }
  return { cntabsolute: null, records }
}
