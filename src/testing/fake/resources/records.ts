import { FakeActionError } from '../action-error.ts'
import { FIELD_CONFIG } from '../field-config.ts'
import { applyFilter, applySort, paginate, selectFields, type Row } from '../filter.ts'
import { resourceIdOf, type ActionContext, type ActionOutput } from './context.ts'

const USER_FIELDS = new Set(Object.keys(FIELD_CONFIG.user!))

/** The shared list pipeline: one id (`resourceid`) or filter → sort → count → page → field selection. */
function list(
  ctx: ActionContext,
  type: string,
  all: Row[],
  known: ReadonlySet<string>,
  idField: string,
): ActionOutput {
  const p = ctx.parameters
  const id = resourceIdOf(ctx)
  let rows: Row[]
  if (id !== '') {
    rows = all.filter((r) => r[idField] === id)
    if (rows.length === 0) throw new FakeActionError(80)
  } else {
    rows = all
    if (Array.isArray(p.recordids)) {
      const ids = new Set(p.recordids.map(String))
      rows = rows.filter((r) => ids.has(r[idField]!))
    }
    rows = applyFilter(rows, p.filter, known)
  }
  rows = applySort(rows, p.sortby, p.sortorder, known)
  return {
    cntabsolute: rows.length,
    records: paginate(rows, p.listlimit, p.listoffset).map((row) => ({
      id: Number(row[idField]),
      type,
      elements: selectFields(row, p.data, known),
    })),
  }
}

/**
 * read/user: the demo customer's users. Without the right "Benutzerdaten über API auslesen" only the own user
 * (the claim's user) can be read, by `resourceid` (apidoc); anything else is 170.
 */
export function readUser(ctx: ActionContext): ActionOutput {
  if (!ctx.state.crm.rights.readUserData && resourceIdOf(ctx) !== String(ctx.claim?.userId ?? 17))
    throw new FakeActionError(170)
  const rows = [...ctx.state.people.values()].map((u) => ({ ...u.fields }))
  return list(ctx, 'user', rows, USER_FIELDS, 'Nr')
}

/** read/userphoto: `resourceid` = user id or `filter` on `Nr`; `photosAsLinks` → URL instead of base64; `null` without photo. */
export function readUserPhoto(ctx: ActionContext): ActionOutput {
  const asLinks = ctx.parameters.photosAsLinks === true || ctx.parameters.photosAsLinks === 1
  const rows = [...ctx.state.people.values()].map((u) => ({ Nr: String(u.id) }))
  const found = list(
    { ...ctx, parameters: { ...ctx.parameters, data: undefined } },
    'userphoto',
    rows,
    new Set(['Nr']),
    'Nr',
  )
  return {
    cntabsolute: found.cntabsolute,
    records: found.records.map((r) => {
      const user = ctx.state.people.get(Number(r.id))
      const photo = user?.photo ?? null
      const value =
        photo === null ? null : asLinks ? `${ctx.state.origin}/userphoto/${r.id}.png` : photo
      return { id: r.id, type: 'userphoto', elements: { photo: value } }
    }),
  }
}
