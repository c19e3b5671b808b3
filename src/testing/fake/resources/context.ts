import type { OnOfficeRecord } from '../../../api/types.ts'
import type { ActionKind } from '../../../api/actions.ts'
import type { ApiUser, ClaimRecord, FakeState } from '../state.ts'

/** What a resource handler gets: one authenticated, claim-checked action. */
export interface ActionContext {
  kind: ActionKind
  resourcetype: string
  resourceid: string | number | null
  parameters: Record<string, unknown>
  user: ApiUser
  /** The valid claim the action carried, if any. */
  claim: ClaimRecord | null
  state: FakeState
  /** Server time, ms (includes an injected clock skew). */
  now: number
}

/** A record as onOffice encodes it: the client's own record type (`elements` an object, or a list of objects). */
export type OutRecord = OnOfficeRecord

export interface ActionOutput {
  records: OutRecord[]
  cntabsolute: number | null
}

export type Handler = (ctx: ActionContext) => ActionOutput

/** `resourceid` as a trimmed string; `''` for empty. */
export function resourceIdOf(ctx: ActionContext): string {
  return ctx.resourceid === null ? '' : String(ctx.resourceid).trim()
}

/** Server datetime as onOffice writes it (`YYYY-MM-DD HH:MM:SS`, UTC here). */
export function datetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}
