/**
 * One HTTP attempt: POST the body with a timeout, call the hooks, parse the envelope. Never throws;
 * the outcome says what happened so that the retry policy can decide.
 */
import { redact, type PreparedAction } from './envelope.ts'
import type { ResolvedOptions } from './options.ts'
import { parseEnvelope } from './response-schema.ts'
import { OnOfficeResponseError, OnOfficeTransportError } from './errors.ts'
import type { AttemptOutcome } from './settle.ts'
import type { OnOfficeResponseEvent } from './types.ts'

/** The outcome of a 2xx answer's body, and the parsed JSON (for the response hook) when it was JSON. */
function parseAnswer(status: number, text: string, date: string | null): { outcome: AttemptOutcome; json?: unknown } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    return { outcome: { type: 'response', message: `onOffice answered HTTP ${status} with a body that is not JSON`, cause } }
  }
  const envelope = parseEnvelope(json)
  return envelope
    ? { outcome: { type: 'envelope', envelope, date }, json }
    : { outcome: { type: 'response', message: 'onOffice answered with JSON that is not the onOffice response envelope' }, json }
}

const TIMEOUT = Symbol('timeout')
const clock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now())

function safeHook<E>(hook: ((e: E) => void) | undefined, event: () => E): void {
  if (!hook) return
  try {
    hook(event())
  } catch {
    // A logging hook must never break the call.
  }
}

/** POSTs one signed body. `signal` (optional) aborts the request like the timeout does, as a network failure. */
export async function postOnce(
  opts: ResolvedOptions,
  body: string,
  actions: readonly PreparedAction[],
  attempt: number,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  safeHook(opts.onRequest, () => ({
    endpoint: opts.endpoint,
    attempt,
    actions: actions.map((a) => ({ kind: a.kind, resourcetype: a.resourcetype, resourceid: a.resourceid, identifier: a.identifier })),
    body: redact(JSON.parse(body)) as Record<string, unknown>,
  }))
  const started = clock()
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(TIMEOUT)
      controller.abort()
    }, opts.timeoutMs)
  })
  timeout.catch(() => {})
  const onAbort = () => controller.abort(signal?.reason)
  if (signal?.aborted) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  let status: number | undefined
  let outcome: AttemptOutcome
  let parsedBody: unknown
  try {
    const res = await Promise.race([
      opts.fetch(opts.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: controller.signal,
      }),
      timeout,
    ])
    status = res.status
    const text = await Promise.race([res.text(), timeout])
    if (!res.ok) {
      outcome = { type: 'transport', kind: 'http', status: res.status, message: `onOffice answered HTTP ${res.status}` }
    } else {
      const answer = parseAnswer(res.status, text, res.headers.get('date'))
      outcome = answer.outcome
      parsedBody = answer.json
    }
  } catch (cause) {
    outcome =
      cause === TIMEOUT
        ? { type: 'transport', kind: 'timeout', message: `onOffice did not answer within ${opts.timeoutMs} ms` }
        : { type: 'transport', kind: 'network', message: 'network error talking to onOffice', cause }
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
  safeHook(opts.onResponse, () => {
    const event: OnOfficeResponseEvent = { endpoint: opts.endpoint, attempt, durationMs: clock() - started }
    if (status !== undefined) event.status = status
    if (parsedBody !== undefined) event.body = redact(parsedBody)
    if (outcome.type === 'transport') event.error = new OnOfficeTransportError(outcome.kind, outcome.message, status !== undefined ? { status } : {})
    if (outcome.type === 'response') event.error = new OnOfficeResponseError(outcome.message)
    return event
  })
  return outcome
}
