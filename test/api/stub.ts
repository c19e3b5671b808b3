/** An in-test `fetch` for the client: records every request and answers with canned onOffice envelopes. */

export const TOK32 = '0123456789abcdef0123456789abcdef'
export const SEC64 = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'

export interface WireAction {
  actionid: string
  resourceid: string
  resourcetype: string
  identifier: string
  timestamp: number
  hmac: string
  hmac_version: number
  parameters: Record<string, unknown>
}
export interface WireBody {
  token: string
  request: { actions: WireAction[] }
}
export interface Recorded {
  url: string
  headers: Headers
  raw: string
  body: WireBody
}

export type Responder = (
  body: WireBody,
  n: number,
  signal: AbortSignal | undefined,
) => Response | Promise<Response>

export function result(
  action: WireAction,
  records: Array<Record<string, unknown>> = [],
  cntabsolute: number | null = null,
  errorcode = 0,
  message = 'OK',
) {
  return {
    actionid: action.actionid,
    resourceid: action.resourceid,
    resourcetype: action.resourcetype,
    identifier: action.identifier,
    cacheable: true,
    data: errorcode === 0 ? { meta: { cntabsolute }, records } : [],
    status: { errorcode, message },
  }
}

export function envelope(
  results: unknown[],
  status = { code: 200, errorcode: 0, message: 'OK' },
  headers: Record<string, string> = {},
) {
  return new Response(JSON.stringify({ status, response: { results } }), {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

/** Answers every action with one record `{ id: n, type: resourcetype, elements: { resourceid } }`. */
export const echo: Responder = (body) =>
  envelope(
    body.request.actions.map((a, i) =>
      result(
        a,
        [
          {
            id: i + 1,
            type: a.resourcetype,
            elements: { resourceid: a.resourceid, parameters: a.parameters },
          },
        ],
        1,
      ),
    ),
  )

/** A list of `total` estates answering read/estate with listlimit (default 20, >500 → 20 like onOffice) and listoffset. */
export function estateList(total: number): Responder {
  return (body) =>
    envelope(
      body.request.actions.map((a) => {
        if (a.resourceid !== '')
          return result(
            a,
            [{ id: Number(a.resourceid), type: 'estate', elements: { Id: a.resourceid } }],
            null,
          )
        const raw = Number(a.parameters.listlimit ?? 20)
        const limit = raw > 500 ? 20 : raw
        const offset = Number(a.parameters.listoffset ?? 0)
        const records = []
        for (let id = offset + 1; id <= Math.min(total, offset + limit); id++)
          records.push({ id, type: 'estate', elements: { Id: String(id) } })
        return result(a, records, total)
      }),
    )
}

export function stub(responder: Responder = echo) {
  const requests: Recorded[] = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const raw = String(init?.body)
    const rec: Recorded = {
      url: String(input),
      headers: new Headers(init?.headers),
      raw,
      body: JSON.parse(raw) as WireBody,
    }
    requests.push(rec)
    return responder(rec.body, requests.length, init?.signal ?? undefined)
  }) as typeof globalThis.fetch
  return {
    fetch,
    requests,
    actions: () => requests.flatMap((r) => r.body.request.actions),
  }
}

/** A fetch that never answers (until aborted, then it rejects like fetch does). */
export const hang: Responder = (_b, _n, signal) =>
  new Promise<Response>((_, reject) =>
    signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
  )
