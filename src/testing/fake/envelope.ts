import { actionKindOf, type ActionKind } from '../../api/actions.ts'
import { FakeActionError } from './action-error.ts'
import { authenticate, hmacMemo, type ExpectedHmac } from './auth.ts'
import { checkClaim } from './claims.ts'
import { messageFor } from './message-for.ts'
import { handlerFor } from './resources/index.ts'
import { mayReadEstate } from './state.ts'
import type { ActionOutput } from './resources/context.ts'
import type { FakeState } from './state.ts'
import type { ReceivedAction } from './types.ts'

export type Parsed = { ok: true; value: unknown } | { ok: false; code: 5 | 6 | 9 }

/** JSON errors numbered like onOffice (PHP's json_last_error + 2): control character 5, syntax 6; empty body 9. */
export function parseBody(text: string): Parsed {
  if (text.trim() === '') return { ok: false, code: 9 }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (e) {
    return { ok: false, code: /control character/i.test(String((e as Error).message)) ? 5 : 6 }
  }
}

export interface ResultJson {
  actionid: string
  resourceid: unknown
  resourcetype: string
  cacheable: boolean
  identifier: string
  data: { meta: { cntabsolute: number | null }; records: ActionOutput['records'] } | []
  status: { errorcode: number; message: string }
}

export interface ResponseJson {
  status: { code: number; errorcode: number; message: string }
  response: { results: ResultJson[] }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v)

/** A request-level error: no results at all (4–9, 13–15). */
export function requestError(code: number): ResponseJson {
  return {
    status: { code: 400, errorcode: code, message: messageFor(code) },
    response: { results: [] },
  }
}

/** The raw action objects of a structurally valid envelope, or the request-level error code. */
export function actionsOf(
  value: unknown,
): { ok: true; token: string; actions: unknown[] } | { ok: false; code: number } {
  if (!isObject(value)) return { ok: false, code: 4 }
  if (typeof value.token !== 'string' || value.token === '') return { ok: false, code: 13 }
  if (!isObject(value.request)) return { ok: false, code: 14 }
  const actions = value.request.actions
  if (!Array.isArray(actions) || actions.length === 0) return { ok: false, code: 15 }
  return { ok: true, token: value.token, actions }
}

interface Context {
  state: FakeState
  token: string
  serverNowMs: number
  forced: Map<number, { code: number; message?: string }>
}

interface RunContext extends Context {
  expectedHmac: ExpectedHmac
}

type Checked =
  | { ok: true; kind: ActionKind; parameters: Record<string, unknown> }
  | { ok: false; code: number; arg?: string }

/** Field checks of one action (16–20, 247); `parameters: []` is PHP's empty array and accepted. */
function checkShape(raw: unknown): Checked {
  if (!isObject(raw)) return { ok: false, code: 247 }
  if (raw.actionid === '') return { ok: false, code: 17 }
  const kind = typeof raw.actionid === 'string' ? actionKindOf(raw.actionid) : undefined
  if (!kind) return { ok: false, code: 16 }
  const rid = raw.resourceid
  if (rid === undefined || (rid !== null && typeof rid !== 'string' && typeof rid !== 'number'))
    return { ok: false, code: 18 }
  if (typeof raw.resourcetype !== 'string') return { ok: false, code: 19 }
  const p = raw.parameters
  if (Array.isArray(p) && p.length === 0) return { ok: true, kind, parameters: {} }
  if (!isObject(p)) return { ok: false, code: 20 }
  return { ok: true, kind, parameters: p }
}

async function run(
  ctx: RunContext,
  index: number,
  raw: unknown,
): Promise<{ code: number; message?: string; output?: ActionOutput }> {
  const shape = checkShape(raw)
  if (!shape.ok) return { code: shape.code }
  const a = raw as Record<string, unknown> & { actionid: string; resourcetype: string }
  const user = ctx.state.users.get(ctx.token)
  if (!user) return { code: 22 }
  const auth = await authenticate(
    user,
    {
      timestamp: a.timestamp,
      hmac: a.hmac,
      hmac_version: a.hmac_version,
      resourcetype: a.resourcetype,
      actionid: a.actionid,
    },
    Math.floor(ctx.serverNowMs / 1000),
    ctx.expectedHmac,
  )
  if (!auth.ok) return { code: auth.code }
  const forced = ctx.forced.get(index)
  if (forced) return forced
  const claim = checkClaim(
    ctx.state,
    user,
    shape.parameters.extendedclaim,
    a.resourcetype,
    ctx.serverNowMs,
  )
  if (!claim.ok) return { code: claim.code }
  const handler = handlerFor(shape.kind, a.resourcetype, a.actionid)
  if (typeof handler !== 'function')
    return { code: handler.code, message: messageFor(handler.code, handler.arg) }
  if (
    claim.claim &&
    shape.kind === 'read' &&
    a.resourcetype === 'estate' &&
    a.resourceid !== undefined &&
    a.resourceid !== ''
  ) {
    if (!mayReadEstate(ctx.state, claim.claim, Number(a.resourceid))) return { code: 149 }
  }
  try {
    const output = handler({
      kind: shape.kind,
      resourcetype: a.resourcetype,
      resourceid: (a.resourceid as string | number | null) ?? null,
      parameters: shape.parameters,
      user,
      claim: claim.claim,
      state: ctx.state,
      now: ctx.serverNowMs,
    })
    return { code: 0, output }
  } catch (e) {
    if (e instanceof FakeActionError) return { code: e.code, message: e.message }
    throw e
  }
}

/**
 * Processes the actions in order (later actions see earlier writes) and answers one result per
 * action. Top-level status: 200/0 "OK" when every action succeeded, else 200/97 "Error in action"
 * (the documented rule); the failed actions carry their own code with `data: []`.
 */
export async function processActions(
  context: Context,
  actions: unknown[],
  recorded: ReceivedAction[],
): Promise<ResponseJson> {
  const ctx: RunContext = { ...context, expectedHmac: hmacMemo() }
  const results: ResultJson[] = []
  for (let i = 0; i < actions.length; i++) {
    const raw = actions[i]
    const r = await run(ctx, i, raw)
    const a = isObject(raw) ? raw : {}
    const status = { errorcode: r.code, message: r.message ?? messageFor(r.code) }
    const kind = typeof a.actionid === 'string' ? actionKindOf(a.actionid) : undefined
    results.push({
      actionid: typeof a.actionid === 'string' ? a.actionid : '',
      resourceid: a.resourceid ?? '',
      resourcetype: typeof a.resourcetype === 'string' ? a.resourcetype : '',
      cacheable: kind === 'read' || kind === 'get',
      identifier: typeof a.identifier === 'string' ? a.identifier : '',
      data: r.output
        ? { meta: { cntabsolute: r.output.cntabsolute }, records: r.output.records }
        : [],
      status,
    })
    const rec = recorded[i]
    if (rec) rec.status = status
  }
  const failed = results.some((r) => r.status.errorcode !== 0)
  return {
    status: failed
      ? { code: 200, errorcode: 97, message: messageFor(97) }
      : { code: 200, errorcode: 0, message: 'OK' },
    response: { results },
  }
}
