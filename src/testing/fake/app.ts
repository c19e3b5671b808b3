import { Hono } from 'hono'
import { actionKindOf } from '../../api/actions.ts'
import {
  actionsOf,
  parseBody,
  processActions,
  requestError,
  type ResponseJson,
} from './envelope.ts'
import type { FaultQueue } from './faults.ts'
import { recordAction, redact } from './recorder.ts'
import type { FakeState } from './state.ts'
import type { ReceivedRequest } from './types.ts'

/** Marks a response the in-process `fetch` must turn into a connection reset. Never sent over a socket. */
export const RESET_HEADER = 'x-fake-onoffice-reset'

export interface AppDeps {
  state: FakeState
  now: () => number
  faults: FaultQueue
  received: ReceivedRequest[]
}

type NodeEnv = { incoming?: { socket?: { destroy(): void } } }

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain; charset=utf-8',
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** The fake api.php: envelope → faults → per-action processing → JSON (with a `Date` header of the server clock). */
export function createFakeApp(deps: AppDeps): Hono {
  const app = new Hono()

  app.post('/api/:version/api.php', async (c) => {
    const version = c.req.param('version')
    if (version !== 'stable' && version !== 'latest') return c.notFound()
    const text = await c.req.text()
    const parsed = parseBody(text)
    const envelope = parsed.ok ? actionsOf(parsed.value) : null
    const requestIndex = deps.received.length
    const rawActions = envelope?.ok ? envelope.actions : []
    const body = parsed.ok ? redact(parsed.value) : `[not JSON: ${text.length} characters]`
    // The body was redacted once above; each action's record reuses its part of it.
    const redactedActions = envelope?.ok
      ? (body as { request: { actions: unknown[] } }).request.actions
      : []
    const actions = rawActions.map((raw, i) => {
      const obj =
        raw && typeof raw === 'object' && !Array.isArray(raw)
          ? (raw as Record<string, unknown>)
          : {}
      const kind = typeof obj.actionid === 'string' ? (actionKindOf(obj.actionid) ?? null) : null
      return recordAction(deps.state, requestIndex, i, obj, kind, redactedActions[i])
    })
    const rec: ReceivedRequest = {
      at: deps.now(),
      apiVersion: version,
      body,
      actions,
      status: null,
    }
    deps.received.push(rec)

    const f = deps.faults.take(actions)
    const serverNow = () => deps.now() + f.skewSec * 1000
    if (f.latencyMs > 0) await sleep(f.latencyMs)
    if (f.hang) await deps.faults.hang(c.req.raw.signal)
    if (f.reset || f.hang) {
      // Over a real socket: drop the connection. In-process: the wrapping fetch rejects.
      ;(c.env as NodeEnv | undefined)?.incoming?.socket?.destroy()
      return c.body(null, 500, { [RESET_HEADER]: '1' })
    }
    const date = new Date(serverNow()).toUTCString()
    if (f.httpStatus !== null && (f.httpStatus < 200 || f.httpStatus > 299)) {
      const headers: Record<string, string> = { Date: date }
      if (f.retryAfter !== null) headers['Retry-After'] = f.retryAfter
      return c.text(
        `${f.httpStatus} fake onOffice: injected HTTP error`,
        f.httpStatus as 500,
        headers,
      )
    }

    let json: ResponseJson
    if (!parsed.ok) json = requestError(parsed.code)
    else if (!envelope?.ok) json = requestError(envelope?.code ?? 4)
    else {
      json = await processActions(
        { state: deps.state, token: envelope.token, serverNowMs: serverNow(), forced: f.errors },
        envelope.actions,
        actions,
      )
    }
    if (f.keep !== null) {
      json.response.results = json.response.results.slice(0, f.keep)
      for (const a of actions.slice(f.keep)) a.status = null
    }
    rec.status = json.status
    let out = JSON.stringify(json)
    if (f.malformed) out = out.slice(0, Math.max(1, Math.floor(out.length / 2)))
    return c.body(out, (f.httpStatus ?? 200) as 200, {
      'Content-Type': 'application/json; charset=utf-8',
      Date: new Date(serverNow()).toUTCString(),
    })
  })

  app.all('/api/:version/api.php', (c) => c.text('Method Not Allowed', 405, { Allow: 'POST' }))

  // What `read userphoto` with `photosAsLinks` links to: the user's photo as an image.
  app.get('/userphoto/:file{[0-9]+\\.png}', (c) => {
    const photo = deps.state.people.get(Number.parseInt(c.req.param('file'), 10))?.photo
    if (!photo) return c.notFound()
    const bytes = Uint8Array.from(atob(photo), (ch) => ch.charCodeAt(0))
    return c.body(bytes, 200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' })
  })

  // The file URLs `get file` (includeImageUrl) and `estatepictures` answer with, like onOffice's image host.
  app.get('/files/:record/:id/:name', (c) => {
    const f = deps.state.files.get(Number(c.req.param('id')))
    if (!f || !f.content || String(f.relatedRecordId) !== c.req.param('record')) return c.notFound()
    const ext = (f.originalName.split('.').pop() ?? '').toLowerCase()
    return c.body(f.content.slice().buffer as ArrayBuffer, 200, {
      'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    })
  })
  return app
}
