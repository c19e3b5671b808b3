/**
 * A circuit breaker per onOffice endpoint: after `failureThreshold` consecutive transport failures or
 * 5xx answers it opens and fails fast for `openMs`; then one trial request is let through (half-open):
 * its success closes the breaker, its failure opens it again.
 */

/** Options of {@link createBreaker}. */
export interface BreakerOptions {
  /** Consecutive failures that open the breaker. Default 5. */
  failureThreshold?: number
  /** How long it stays open before a trial, in ms. Default 30 000. */
  openMs?: number
  /** Clock in ms. Default `Date.now`. */
  now?: () => number
}

/** The breaker's state: `closed` (normal), `open` (failing fast) or `half-open` (one trial in flight). */
export type BreakerState = 'closed' | 'open' | 'half-open'

/** A circuit breaker. */
export interface Breaker {
  /**
   * Asks to send a request: `{ ok: true }` or, while open (or while the half-open trial is in flight),
   * `{ ok: false, retryAt }` with the time (ms) of the next trial.
   */
  acquire(): { ok: true } | { ok: false; retryAt: number }
  /** Reports the outcome of an acquired request. */
  report(outcome: 'success' | 'failure'): void
  readonly state: BreakerState
}

/**
 * @param options - `failureThreshold` (5), `openMs` (30 000), `now` (`Date.now`).
 * @throws TypeError naming the option when an option is invalid.
 * @example
 * ```ts
 * const breaker = createBreaker({ failureThreshold: 5, openMs: 30_000 })
 * const gate = breaker.acquire()
 * if (!gate.ok) throw new Error(`try again at ${new Date(gate.retryAt).toISOString()}`)
 * ```
 */
export function createBreaker(options: BreakerOptions = {}): Breaker {
  const threshold = options.failureThreshold ?? 5
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new TypeError('createBreaker: options.failureThreshold must be an integer ≥ 1')
  }
  const openMs = options.openMs ?? 30_000
  if (typeof openMs !== 'number' || !(openMs > 0) || !Number.isFinite(openMs)) {
    throw new TypeError('createBreaker: options.openMs must be a positive number of milliseconds')
  }
  const now = options.now ?? Date.now
  let failures = 0
  let openedAt = 0
  let state: BreakerState = 'closed'
  let trialInFlight = false

  return {
    get state() {
      if (state === 'open' && now() - openedAt >= openMs) return 'half-open'
      return state
    },
    acquire() {
      if (state === 'closed') return { ok: true }
      if (state === 'open' && now() - openedAt >= openMs) {
        state = 'half-open'
        trialInFlight = false
      }
      if (state === 'half-open' && !trialInFlight) {
        trialInFlight = true
        return { ok: true }
      }
      return { ok: false, retryAt: Math.max(openedAt + openMs, now()) }
    },
    report(outcome) {
      if (outcome === 'success') {
        failures = 0
        state = 'closed'
        trialInFlight = false
        return
      }
      failures++
      if (state === 'half-open' || failures >= threshold) {
        state = 'open'
        openedAt = now()
        trialInFlight = false
      }
    },
  }
}

/**
 * The delay a `Retry-After` header asks for, in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3),
 * capped at `maxMs`. `null` when the header is absent or malformed.
 */
export function retryAfterMs(header: string | null, nowMs: number, maxMs: number): number | null {
  if (header === null) return null
  const v = header.trim()
  if (v === '' || v.length > 64) return null
  let ms: number
  if (/^\d+$/.test(v)) ms = Number(v) * 1000
  else {
    const at = Date.parse(v)
    if (Number.isNaN(at)) return null
    ms = at - nowMs
  }
  return Math.min(Math.max(0, ms), maxMs)
}
