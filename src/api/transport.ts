/**
 * One HTTP attempt: POST the body with a timeout, call the hooks, parse the envelope. Never throws;
 * the outcome says what happened so that the retry policy can decide.
 */
import { redact, type PreparedAction } from './envelope.ts'
import type { ResolvedOptions } from './options.ts'
import { parseEnvelope } from './response-schema.ts'
import { OnOfficeResponseError, OnOfficeTransportError } from './errors.ts'
import type { AttemptOutcome } from './settle.ts'
import { SPAN_KIND, withSpan, type KitSpan } from './telemetry.ts'
import type { OnOfficeResponseEvent } from './types.ts'

/** The outcome of a 2xx answer's body, and the parsed JSON (for the response hook) when it was JSON. */
function parseAnswer(
  status: number,
  text: string,
  date: string | null,
): { outcome: AttemptOutcome; json?: unknown } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    return {
      outcome: {
        type: 'response',
        message: `onOffice answered HTTP ${status} with a body that is not JSON`,
        cause,
      },
    }
  }
  const envelope = parseEnvelope(json)
  return envelope
    ? { outcome: { type: 'envelope', envelope, date }, json }
    : {
        outcome: {
          type: 'response',
          message: 'onOffice answered with JSON that is not the onOffice response envelope',
        },
        json,
      }
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

/**
 * POSTs one signed body — unless the endpoint's circuit breaker is open — in a CLIENT span that follows
 * OpenTelemetry's HTTP conventions (method, server, status, sizes, resend count; never the body). `signal`
 * (optional) aborts the request like the timeout does, as a network failure.
 */
export function postOnce(
  opts: ResolvedOptions,
  body: string,
  actions: readonly PreparedAction[],
  attempt: number,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  const gate = opts.breaker?.acquire() ?? { ok: true as const }
  if (!gate.ok) {
    const at = new Date(gate.retryAt).toISOString()
    return Promise.resolve({
      type: 'transport',
      kind: 'circuit_open',
      retryAt: gate.retryAt,
      message: `onOffice at this endpoint failed repeatedly; the circuit breaker is open and the next request goes out at ${at}`,
    })
  }
  const url = new URL(opts.endpoint)
  const attributes: Record<string, string | number> = {
    'http.request.method': 'POST',
    'server.address': url.hostname,
    'url.full': `${url.origin}${url.pathname}`,
    'http.request.body.size': body.length,
    'onoffice.batch.size': actions.length,
  }
  if (url.port) attributes['server.port'] = Number(url.port)
  if (attempt > 1) attributes['http.request.resend_count'] = attempt - 1
  return withSpan(opts.tracer, 'POST', SPAN_KIND.CLIENT, attributes, async (span) => {
    const outcome = await attemptOnce(opts, body, actions, attempt, span, signal)
    if (opts.breaker) {
      const failed =
        outcome.type === 'transport' && (outcome.kind !== 'http' || (outcome.status ?? 0) >= 500)
      opts.breaker.report(failed ? 'failure' : 'success')
    }
    if (outcome.type === 'transport')
      span.end(outcome.status !== undefined ? String(outcome.status) : outcome.kind)
    else if (outcome.type === 'response') span.end('invalid_response')
    return outcome
  })
}

async function attemptOnce(
  opts: ResolvedOptions,
  body: string,
  actions: readonly PreparedAction[],
  attempt: number,
  span: KitSpan,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  safeHook(opts.onRequest, () => ({
    endpoint: opts.endpoint,
    attempt,
    actions: actions.map((a) => ({
      kind: a.kind,
      resourcetype: a.resourcetype,
      resourceid: a.resourceid,
      identifier: a.identifier,
    })),
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
    span.set('http.response.status_code', res.status)
    const text = await Promise.race([res.text(), timeout])
    span.set('http.response.body.size', text.length)
    if (!res.ok) {
      outcome = {
        type: 'transport',
        kind: 'http',
        status: res.status,
        message: `onOffice answered HTTP ${res.status}`,
        retryAfter: res.headers.get('retry-after'),
      }
    } else {
      const answer = parseAnswer(res.status, text, res.headers.get('date'))
      outcome = answer.outcome
      parsedBody = answer.json
    }
  } catch (cause) {
    outcome =
      cause === TIMEOUT
        ? {
            type: 'transport',
            kind: 'timeout',
            message: `onOffice did not answer within ${opts.timeoutMs} ms`,
          }
        : {
            type: 'transport',
            kind: 'network',
            message: 'network error talking to onOffice',
            cause,
          }
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
  safeHook(opts.onResponse, () => {
    const event: OnOfficeResponseEvent = {
      endpoint: opts.endpoint,
      attempt,
      durationMs: clock() - started,
    }
    if (status !== undefined) event.status = status
    if (parsedBody !== undefined) event.body = redact(parsedBody)
    if (outcome.type === 'transport')
      event.error = new OnOfficeTransportError(
        outcome.kind,
        outcome.message,
        status !== undefined ? { status } : {},
      )
    if (outcome.type === 'response') event.error = new OnOfficeResponseError(outcome.message)
    return event
  })
  return outcome
}
