import { RELATION_TYPES } from '../../../api/resources/relations.ts'
import { FakeActionError } from '../action-error.ts'
import type { ActionContext, ActionOutput } from './context.ts'
import { idList } from './params.ts'

const KNOWN = new Set<string>(Object.values(RELATION_TYPES))
// apidoc: "The relation is read only."
const READ_ONLY = new Set<string>([RELATION_TYPES.userMessengerUser])

function typeOf(ctx: ActionContext): string {
  const t = ctx.parameters.relationtype
  if (typeof t !== 'string' || !KNOWN.has(t)) throw new FakeActionError(132)
  return t
}

/** Both sides must exist for the record types the fake has (estate, address, user). */
function assertExists(ctx: ActionContext, type: string, parent: number, child: number): void {
  const [, , , , , parentType, childType] = type.split(':')
  const exists = (kind: string | undefined, id: number) =>
    kind === 'estate'
      ? ctx.state.estates.has(id)
      : kind === 'address'
        ? ctx.state.addresses.has(id)
        : kind === 'user'
          ? ctx.state.people.has(id)
          : true
  if (!exists(parentType, parent) || !exists(childType, child)) throw new FakeActionError(80)
}

/**
 * get/idsfromrelation: `relationtype` (else 132) and `parentids` **or** `childids`; one record `relatedIds`
 * whose elements map each given id that has relations to the ids on the other side (as strings).
 */
export function getRelations(ctx: ActionContext): ActionOutput {
  const type = typeOf(ctx)
  const parents = idList(ctx.parameters.parentids)
  const children = idList(ctx.parameters.childids)
  if (parents.length > 0 === children.length > 0)
    throw new FakeActionError(167, parents.length > 0 ? 'childids must not be set' : 'parentids')
  const byParent = parents.length > 0
  const elements: Record<string, string[]> = {}
  for (const id of byParent ? parents : children) {
    const related = ctx.state.crm.relations
      .filter((r) => r.type === type && (byParent ? r.parent : r.child) === id)
      .map((r) => String(byParent ? r.child : r.parent))
    if (related.length > 0) elements[String(id)] = related
  }
  return { cntabsolute: null, records: [{ id: 'relatedIds', type: '', elements }] }
}

/** create/relation: `relationtype`, `parentid[]`, `childid[]`; n:n → 219; records must exist (80). */
export function createRelation(ctx: ActionContext): ActionOutput {
  const type = typeOf(ctx)
  if (READ_ONLY.has(type)) throw new FakeActionError(182)
  const parents = idList(ctx.parameters.parentid)
  const children = idList(ctx.parameters.childid)
  if (parents.length === 0) throw new FakeActionError(167, 'parentid')
  if (children.length === 0) throw new FakeActionError(167, 'childid')
  if (parents.length > 1 && children.length > 1) throw new FakeActionError(219)
  for (const parent of parents) {
    for (const child of children) {
      assertExists(ctx, type, parent, child)
      if (
        !ctx.state.crm.relations.some(
          (r) => r.type === type && r.parent === parent && r.child === child,
        )
      )
        ctx.state.crm.relations.push({ type, parent, child })
    }
  }
  return {
    cntabsolute: null,
    records: [{ id: 0, type: 'relation', elements: { success: 'success' } }],
  }
}

/** delete/relation: `relationtype`, one `parentid` and one `childid`; answers success (also when there was none). */
export function deleteRelation(ctx: ActionContext): ActionOutput {
  const type = typeOf(ctx)
  const [parent] = idList(ctx.parameters.parentid)
  const [child] = idList(ctx.parameters.childid)
  if (parent === undefined) throw new FakeActionError(167, 'parentid')
  if (child === undefined) throw new FakeActionError(167, 'childid')
  ctx.state.crm.relations = ctx.state.crm.relations.filter(
    (r) => !(r.type === type && r.parent === parent && r.child === child),
  )
  return {
    cntabsolute: null,
    records: [{ id: 0, type: 'relation', elements: { success: 'success' } }],
  }
}
