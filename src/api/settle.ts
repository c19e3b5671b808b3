/**
 * The retry policy of the client as pure functions: given what one attempt produced, which actions are settled
 * (and how) and which are sent again. No I/O, no clock; `sendActions` (retry.ts) only signs, posts, merges and
 * sleeps.
 *
 * - only `read`/`get` actions are retried, only after a network error, a timeout, HTTP 5xx, HTTP 429 or error
 *   136 — after 429/503 when `Retry-After` asks for no more than `maxRetryAfterMs`;
 * - writes (`create/modify/delete/do`) are never retried; when they may have reached onOffice they fail with
 *   `outcomeUnknown`;
 * - results are matched to actions by index; a short response fails the missing actions, a result whose
 *   `actionid`/`resourcetype`/`identifier` does not match fails that action and all after it.
 */
import { ACTION_IDS, isReadKind } from './actions.ts'
import { retryAfterMs } from './breaker.ts'
import type { PreparedAction } from './envelope.ts'
import {
  OnOfficeApiError,
  OnOfficeResponseError,
  OnOfficeTransportError,
  type OnOfficeError,
  type TransportErrorKind,
} from './errors.ts'
import type { ParsedEnvelope, ParsedResult } from './response-schema.ts'
import type { Settled } from './types.ts'

/** What one HTTP attempt produced (transport.ts). */
export type AttemptOutcome =
  | {
      type: 'transport'
      kind: TransportErrorKind
      status?: number
      message: string
      cause?: unknown
      /** The `Retry-After` header of a non-2xx answer. */
      retryAfter?: string | null
      /** With `kind: 'circuit_open'`: when the breaker lets the next trial through. */
      retryAt?: number
    }
  | { type: 'response'; message: string; cause?: unknown }
  | { type: 'envelope'; envelope: ParsedEnvelope; date: string | null }

/** The actions of one attempt: `index` is the action's position in the whole request. */
export type AttemptActions = readonly { readonly index: number; readonly action: PreparedAction }[]

/** What an attempt decided: the settled actions by index, and the indices to send again. */
export interface Settlement {
  settled: Map<number, Settled>
  retry: number[]
}

/** onOffice's "timestamp too old or in the future" error. */
export const CLOCK_ERROR = 136

const fail = (error: OnOfficeError): Settled => ({ ok: false, error })
const isWrite = (a: PreparedAction): boolean => !isReadKind(a.kind)

/**
 * Transport failure: reads retry after a timeout, a network error, a 5xx or a 429 (`canRetry` false when the
 * wait `transportDelay` asks for is too long); a 4xx — 429 included — was refused before any action ran, and
 * an open circuit sent nothing, so no write was applied.
 */
export function settleTransport(
  batch: AttemptActions,
  outcome: Extract<AttemptOutcome, { type: 'transport' }>,
  canRetry: boolean,
): Settlement {
  const status = outcome.status ?? 0
  const mayHaveRun = outcome.kind === 'network' || outcome.kind === 'timeout' || status >= 500
  const retryable = mayHaveRun || status === 429
  const extra: { status?: number; cause?: unknown; retryAt?: number } = { cause: outcome.cause }
  if (outcome.status !== undefined) extra.status = outcome.status
  if (outcome.retryAt !== undefined) extra.retryAt = outcome.retryAt
  const readError = new OnOfficeTransportError(outcome.kind, outcome.message, extra)
  const writeError = new OnOfficeTransportError(outcome.kind, outcome.message, {
    ...extra,
    outcomeUnknown: mayHaveRun,
  })
  const out: Settlement = { settled: new Map(), retry: [] }
  for (const { index, action } of batch) {
    if (isWrite(action)) out.settled.set(index, fail(writeError))
    else if (retryable && canRetry) out.retry.push(index)
    else out.settled.set(index, fail(readError))
  }
  return out
}

/**
 * The wait before retrying after a transport outcome, in ms: `Retry-After` for 429/503 (`null` when it asks
 * for longer than `maxRetryAfterMs`: the read fails instead), else `retryDelayMs` doubled per attempt.
 */
export function transportDelay(
  outcome: Extract<AttemptOutcome, { type: 'transport' }>,
  attempt: number,
  o: { retryDelayMs: number; maxRetryAfterMs: number; nowMs: number },
): number | null {
  if (outcome.status === 429 || outcome.status === 503) {
    const asked = retryAfterMs(outcome.retryAfter ?? null, o.nowMs, Number.POSITIVE_INFINITY)
    if (asked !== null) return asked > o.maxRetryAfterMs ? null : asked
  }
  return o.retryDelayMs * 2 ** (attempt - 1)
}

/** An answer that is not the envelope: nothing is retried, writes may have run. */
export function settleResponse(
  batch: AttemptActions,
  outcome: Extract<AttemptOutcome, { type: 'response' }>,
): Settlement {
  const readError = new OnOfficeResponseError(outcome.message, { cause: outcome.cause })
  const writeError = new OnOfficeResponseError(outcome.message, {
    cause: outcome.cause,
    outcomeUnknown: true,
  })
  return {
    settled: new Map(
      batch.map(({ index, action }) => [index, fail(isWrite(action) ? writeError : readError)]),
    ),
    retry: [],
  }
}

function mismatch(result: ParsedResult, action: PreparedAction): boolean {
  if (result.actionid && result.actionid !== ACTION_IDS[action.kind]) return true
  if (
    result.resourcetype &&
    result.resourcetype.toLowerCase() !== action.resourcetype.toLowerCase()
  )
    return true
  if (
    typeof result.identifier === 'string' &&
    result.identifier !== '' &&
    action.identifier !== '' &&
    result.identifier !== action.identifier
  )
    return true
  return false
}

/** The envelope: a request-level error applies to every action; otherwise each result settles its action. */
export function settleEnvelope(
  batch: AttemptActions,
  envelope: ParsedEnvelope,
  canRetry: boolean,
  sent?: readonly string[],
): Settlement {
  const out: Settlement = { settled: new Map(), retry: [] }
  const results = envelope.results ?? []
  const retryable = (action: PreparedAction, errorcode: number) =>
    errorcode === CLOCK_ERROR && !isWrite(action) && canRetry
  if (results.length === 0 && envelope.errorcode !== 0) {
    // A request-level error (bad token, JSON, …).
    for (const { index, action } of batch) {
      if (retryable(action, envelope.errorcode)) out.retry.push(index)
      else
        out.settled.set(
          index,
          fail(
            new OnOfficeApiError({
              errorCode: envelope.errorcode,
              serverMessage: envelope.message,
              ...(sent ? { sent } : {}),
            }),
          ),
        )
    }
    return out
  }
  if (results.length > batch.length) {
    const message = `onOffice answered ${results.length} results for ${batch.length} actions; cannot match them`
    const error = new OnOfficeResponseError(message)
    const writeError = new OnOfficeResponseError(message, { outcomeUnknown: true })
    for (const { index, action } of batch)
      out.settled.set(index, fail(isWrite(action) ? writeError : error))
    return out
  }
  let aligned = true
  batch.forEach(({ index, action }, j) => {
    const result = results[j]
    if (!result) {
      const message = `onOffice answered ${results.length} results for ${batch.length} actions; no result for action ${j} (${action.resourcetype})`
      out.settled.set(
        index,
        fail(
          new OnOfficeResponseError(message, { actionIndex: j, outcomeUnknown: isWrite(action) }),
        ),
      )
    } else if (!aligned || mismatch(result, action)) {
      aligned = false
      const message = `onOffice result ${j} does not belong to action ${j} (${action.kind} ${action.resourcetype}); results are out of order`
      out.settled.set(
        index,
        fail(
          new OnOfficeResponseError(message, { actionIndex: j, outcomeUnknown: isWrite(action) }),
        ),
      )
    } else if (result.errorcode === 0) {
      out.settled.set(
        index,
        result.cacheable
          ? { ok: true, value: result.value, cacheable: true }
          : { ok: true, value: result.value },
      )
    } else if (retryable(action, result.errorcode)) {
      out.retry.push(index)
    } else {
      const error = new OnOfficeApiError({
        errorCode: result.errorcode,
        serverMessage: result.message,
        actionIndex: j,
        resourcetype: action.resourcetype,
        ...(sent ? { sent } : {}),
      })
      out.settled.set(index, fail(error))
    }
  })
  return out
}

/** Settles one attempt by its outcome; `sent` are the credentials of the request, scrubbed from onOffice's messages. */
export function settleAttempt(
  batch: AttemptActions,
  outcome: AttemptOutcome,
  canRetry: boolean,
  sent?: readonly string[],
): Settlement {
  if (outcome.type === 'transport') return settleTransport(batch, outcome, canRetry)
  if (outcome.type === 'response') return settleResponse(batch, outcome)
  return settleEnvelope(batch, outcome.envelope, canRetry, sent)
}

/**
 * The clock offset (server − local, ms) to use after an envelope that reports error 136, from the response `Date`
 * header; `undefined` when there is no 136 or no usable date (keep the current offset). The local clock is read
 * only when it is needed.
 */
export function clockOffsetAfter(
  outcome: AttemptOutcome,
  localNow: () => number,
): number | undefined {
  if (outcome.type !== 'envelope') return undefined
  const { envelope, date } = outcome
  if (
    envelope.errorcode !== CLOCK_ERROR &&
    !(envelope.results ?? []).some((r) => r.errorcode === CLOCK_ERROR)
  )
    return undefined
  const server = date ? Date.parse(date) : Number.NaN
  return Number.isNaN(server) ? undefined : server - localNow()
}
