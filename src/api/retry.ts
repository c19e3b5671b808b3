/**
 * Sends one request's actions and settles each of them: signs (a fresh timestamp per attempt), posts, lets the
 * pure classifiers of settle.ts decide what is settled and what is retried, and sleeps between retries. After
 * error 136 the clock offset is taken from the response `Date` header before the retry is signed.
 */
import { buildBody, type PreparedAction } from './envelope.ts'
import { OnOfficeResponseError } from './errors.ts'
import type { ResolvedOptions } from './options.ts'
import { clockOffsetAfter, settleAttempt, transportDelay } from './settle.ts'
import { postOnce } from './transport.ts'
import type { Settled } from './types.ts'

/** Clock correction shared by a client and its `withClaim` children. */
export interface ClockState {
  offsetMs: number
}

/** What of the request is a credential: token, secret, every claim and every HMAC sent (read back from the body). */
function credentialsOf(
  opts: ResolvedOptions,
  batch: readonly PreparedAction[],
  body: string,
): string[] {
  const out = [opts.token, opts.secret]
  for (const a of batch)
    if (typeof a.parameters.extendedclaim === 'string') out.push(a.parameters.extendedclaim)
  for (const m of body.matchAll(/"hmac":"([^"]+)"/g)) out.push(m[1]!)
  return out
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Sends `actions` as one request (retrying reads, see settle.ts); resolves with one settled result per action, never
 * rejects. `signal` aborts the HTTP attempt (settled as a network failure).
 */
export async function sendActions(
  actions: readonly PreparedAction[],
  opts: ResolvedOptions,
  clock: ClockState,
  signal?: AbortSignal,
): Promise<Settled[]> {
  const settled: Settled[] = new Array(actions.length)
  let pending = actions.map((action, index) => ({ index, action }))
  for (let attempt = 1; pending.length > 0; attempt++) {
    const batch = pending.map((p) => p.action)
    let body: string
    try {
      body = await buildBody(opts.token, opts.secret, batch, () =>
        Math.floor((opts.now() + clock.offsetMs) / 1000),
      )
    } catch (cause) {
      const error = new OnOfficeResponseError(
        'could not build the onOffice request (parameters not serialisable or WebCrypto failed)',
        { cause },
      )
      for (const { index } of pending) settled[index] = { ok: false, error }
      break
    }
    const outcome = await postOnce(opts, body, batch, attempt, signal)
    const offset = clockOffsetAfter(outcome, opts.now)
    if (offset !== undefined) clock.offsetMs = offset
    const delay =
      outcome.type === 'transport'
        ? transportDelay(outcome, attempt, { ...opts, nowMs: opts.now() })
        : 0
    const { settled: done, retry } = settleAttempt(
      pending,
      outcome,
      attempt <= opts.retries && delay !== null,
      outcome.type === 'envelope' ? credentialsOf(opts, batch, body) : undefined,
    )
    for (const [index, result] of done) settled[index] = result
    if (retry.length > 0 && delay !== null && delay > 0) await sleep(delay)
    pending = retry.map((index) => ({ index, action: actions[index]! }))
  }
  return settled
}
