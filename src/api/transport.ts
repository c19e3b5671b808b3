/**
 * One HTTP attempt: POST the body with a timeout, call the hooks, parse the envelope. Never throws;
 * the outcome says what happened so that the retry policy can decide.
 */
import type { TransportErrorKind } from './errors.ts'
import { redact, type PreparedAction } from './envelope.ts'
import type { ResolvedOptions } from './options.ts'
import { parseEnvelope, type ParsedEnvelope } from './response-schema.ts'
import { OnOfficeResponseError, OnOfficeTransportError } from './errors.ts'
import type { OnOfficeResponseEvent } from './types.ts'

export type AttemptOutcome =
  | { type: 'transport'; kind: TransportErrorKind; status?: number; message: string; cause?: unknown }
  | { type: 'response'; message: string; cause?: unknown }
  | { type: 'envelope'; envelope: ParsedEnvelope; date: string | null }

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
      try {
        parsedBody = JSON.parse(text)
      } catch (cause) {
        parsedBody = undefined
        outcome = { type: 'response', message: `onOffice answered HTTP ${res.status} with a body that is not JSON`, cause }
      }
      outcome ??= ((): AttemptOutcome => {
        const envelope = parseEnvelope(parsedBody)
        return envelope
          ? { type: 'envelope', envelope, date: res.headers.get('date') }
          : { type: 'response', message: 'onOffice answered with JSON that is not the onOffice response envelope' }
      })()
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
