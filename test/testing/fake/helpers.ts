import { ACTION_IDS, type ActionKind } from '../../../src/api/actions.ts'
import { hmacV2 } from '../../../src/api/hmac.ts'
import type { FakeCredentials, FakeOnOffice } from '../../../src/testing/index.ts'

export const T0 = 1_700_000_000_000

/** A controllable clock in ms. */
export function clock(start = T0) {
  let t = start
  return {
    now: () => t,
    advance: (ms: number) => void (t += ms),
    set: (ms: number) => void (t = ms),
  }
}

export interface ActionSpec {
  kind: ActionKind
  resourcetype: string
  parameters?: Record<string, unknown> | unknown[]
  resourceid?: string | number | null
  identifier?: string
  /** unix seconds; default: the fake's clock */
  timestamp?: number
  /** overrides the computed HMAC */
  hmac?: string
  /** sign with this secret instead */
  signSecret?: string
}

/** Hand-built, hmacV2-signed envelope (independent of the API client under construction). */
export async function envelope(creds: FakeCredentials, actions: ActionSpec[], nowMs: number) {
  return {
    token: creds.token,
    request: {
      actions: await Promise.all(
        actions.map(async (a) => {
          const timestamp = a.timestamp ?? Math.floor(nowMs / 1000)
          const actionid = ACTION_IDS[a.kind]
          return {
            actionid,
            resourceid: a.resourceid ?? '',
            resourcetype: a.resourcetype,
            identifier: a.identifier ?? '',
            timestamp,
            hmac:
              a.hmac ??
              (await hmacV2(
                creds.token,
                a.signSecret ?? creds.secret,
                timestamp,
                a.resourcetype,
                actionid,
              )),
            hmac_version: 2,
            parameters: a.parameters ?? {},
          }
        }),
      ),
    },
  }
}

export interface Json {
  status: { code: number; errorcode: number; message: string }
  response: {
    results: Array<{
      actionid: string
      resourcetype: string
      resourceid: unknown
      identifier: string
      cacheable: boolean
      data:
        | {
            meta: { cntabsolute: number | null }
            records: Array<{
              id: number | string
              type: string | null
              elements: Record<string, any>
            }>
          }
        | []
      status: { errorcode: number; message: string }
    }>
  }
}

export async function post(
  fake: FakeOnOffice,
  body: unknown,
  init?: RequestInit & { path?: string },
): Promise<Response> {
  return fake.fetch(`https://api.onoffice.test${init?.path ?? '/api/stable/api.php'}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  })
}

/** Signs, posts and parses. */
export async function call(
  fake: FakeOnOffice,
  creds: FakeCredentials,
  actions: ActionSpec[],
  nowMs: number,
  init?: RequestInit,
): Promise<Json> {
  const res = await post(fake, await envelope(creds, actions, nowMs), init)
  return (await res.json()) as Json
}

/** One action; returns its result. */
export async function one(
  fake: FakeOnOffice,
  creds: FakeCredentials,
  action: ActionSpec,
  nowMs: number,
) {
  const json = await call(fake, creds, [action], nowMs)
  const r = json.response.results[0]!
  return {
    ...r,
    records: Array.isArray(r.data) ? [] : r.data.records,
    cntabsolute: Array.isArray(r.data) ? undefined : r.data.meta.cntabsolute,
    top: json.status,
  }
}
