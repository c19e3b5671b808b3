/**
 * Sends one request's actions and settles each of them, with the retry policy of the client:
 *
 * - only `read`/`get` actions are retried, only after a network error, a timeout, HTTP 5xx or error 136;
 * - every attempt is re-signed with a fresh timestamp; after 136 the clock offset is taken from the
 *   response `Date` header first;
 * - writes (`create/modify/delete/do`) are never retried. When a request that carried reads and writes
 *   fails in transport, its reads are retried on their own and its writes fail with `outcomeUnknown`.
 * - results are matched to actions by index; a short response fails the missing actions, a result whose
 *   `actionid`/`resourcetype`/`identifier` does not match fails that action and all after it.
 */
import { ACTION_IDS, isReadKind } from './actions.ts'
import { buildBody, type PreparedAction } from './envelope.ts'
import { OnOfficeApiError, OnOfficeResponseError, OnOfficeTransportError, type OnOfficeError } from './errors.ts'
import type { ResolvedOptions } from './options.ts'
import { postOnce } from './transport.ts'
import type { Settled } from './types.ts'

/** Clock correction shared by a client and its `withClaim` children. */
export interface ClockState {
  offsetMs: number
}

const CLOCK_ERROR = 136
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const fail = (error: OnOfficeError): Settled => ({ ok: false, error })

function mismatch(result: { actionid?: string; resourcetype?: string; identifier?: unknown }, action: PreparedAction): boolean {
  if (result.actionid && result.actionid !== ACTION_IDS[action.kind]) return true
  if (result.resourcetype && result.resourcetype.toLowerCase() !== action.resourcetype.toLowerCase()) return true
  if (typeof result.identifier === 'string' && result.identifier !== '' && action.identifier !== '' && result.identifier !== action.identifier) return true
  return false
}

/**
 * Sends `actions` as one request (retrying reads as above); resolves with one settled result per action, never
 * rejects. `signal` aborts the HTTP attempt (settled as a network failure).
 */
export async function sendActions(actions: readonly PreparedAction[], opts: ResolvedOptions, clock: ClockState, signal?: AbortSignal): Promise<Settled[]> {
  const settled: Settled[] = new Array(actions.length)
  let pending = actions.map((_, i) => i)
  for (let attempt = 1; pending.length > 0; attempt++) {
    const canRetry = attempt <= opts.retries
    const batch = pending.map((i) => actions[i]!)
    const isWrite = (i: number) => !isReadKind(actions[i]!.kind)
    const retry: number[] = []
    let body: string
    try {
      body = await buildBody(opts.token, opts.secret, batch, () => Math.floor((opts.now() + clock.offsetMs) / 1000))
    } catch (cause) {
      const error = new OnOfficeResponseError('could not build the onOffice request (parameters not serialisable or WebCrypto failed)', { cause })
      for (const i of pending) settled[i] = fail(error)
      break
    }
    const outcome = await postOnce(opts, body, batch, attempt, signal)

    if (outcome.type === 'transport') {
      const retryable = outcome.kind !== 'http' || (outcome.status ?? 0) >= 500
      // A 4xx means the request was refused before any action ran; anything else may have run a write.
      const mayHaveRun = outcome.kind !== 'http' || (outcome.status ?? 0) >= 500
      const extra = outcome.status !== undefined ? { status: outcome.status, cause: outcome.cause } : { cause: outcome.cause }
      const readError = new OnOfficeTransportError(outcome.kind, outcome.message, extra)
      const writeError = new OnOfficeTransportError(outcome.kind, outcome.message, { ...extra, outcomeUnknown: mayHaveRun })
      for (const i of pending) {
        if (isWrite(i)) settled[i] = fail(writeError)
        else if (retryable && canRetry) retry.push(i)
        else settled[i] = fail(readError)
      }
      if (retry.length > 0 && opts.retryDelayMs > 0) await sleep(opts.retryDelayMs * 2 ** (attempt - 1))
    } else if (outcome.type === 'response') {
      const readError = new OnOfficeResponseError(outcome.message, { cause: outcome.cause })
      const writeError = new OnOfficeResponseError(outcome.message, { cause: outcome.cause, outcomeUnknown: true })
      for (const i of pending) settled[i] = fail(isWrite(i) ? writeError : readError)
    } else {
      const { envelope, date } = outcome
      const results = envelope.results ?? []
      if (envelope.errorcode === CLOCK_ERROR || results.some((r) => r.errorcode === CLOCK_ERROR)) {
        const server = date ? Date.parse(date) : Number.NaN
        if (!Number.isNaN(server)) clock.offsetMs = server - opts.now()
      }
      if (results.length === 0 && envelope.errorcode !== 0) {
        // A request-level error (bad token, JSON, …): it applies to every action.
        for (const i of pending) {
          if (envelope.errorcode === CLOCK_ERROR && !isWrite(i) && canRetry) retry.push(i)
          else settled[i] = fail(new OnOfficeApiError({ errorCode: envelope.errorcode, serverMessage: envelope.message }))
        }
      } else if (results.length > batch.length) {
        const error = new OnOfficeResponseError(`onOffice answered ${results.length} results for ${batch.length} actions; cannot match them`)
        const writeError = new OnOfficeResponseError(error.message, { outcomeUnknown: true })
        for (const i of pending) settled[i] = fail(isWrite(i) ? writeError : error)
      } else {
        let aligned = true
        batch.forEach((action, j) => {
          const i = pending[j]!
          const result = results[j]
          if (!result) {
            settled[i] = fail(
              new OnOfficeResponseError(`onOffice answered ${results.length} results for ${batch.length} actions; no result for action ${j} (${action.resourcetype})`, {
                actionIndex: j,
                outcomeUnknown: isWrite(i),
              }),
            )
          } else if (!aligned || mismatch(result, action)) {
            aligned = false
            settled[i] = fail(
              new OnOfficeResponseError(`onOffice result ${j} does not belong to action ${j} (${action.kind} ${action.resourcetype}); results are out of order`, {
                actionIndex: j,
                outcomeUnknown: isWrite(i),
              }),
            )
          } else if (result.errorcode === 0) {
            settled[i] = { ok: true, value: result.value }
          } else if (result.errorcode === CLOCK_ERROR && !isWrite(i) && canRetry) {
            retry.push(i)
          } else {
            settled[i] = fail(new OnOfficeApiError({ errorCode: result.errorcode, serverMessage: result.message, actionIndex: j, resourcetype: action.resourcetype }))
          }
        })
      }
    }
    pending = retry
  }
  return settled
}
