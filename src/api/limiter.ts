/**
 * Per-customer fairness on a shared isolate: at most `maxConcurrent` requests in flight per customer and,
 * optionally, a token bucket per customer. Queued calls start in the order they were queued; an aborted
 * call leaves the queue at once. One customer's burst therefore waits behind itself, never in front of
 * another customer.
 */

/** A token bucket: `perSec` requests per second on average, bursts of up to `burst`. */
export interface RateLimit {
  /** Average requests per second (> 0). */
  perSec: number
  /** Requests that may start at once after a quiet period (integer ≥ 1). Default: `max(1, ceil(perSec))`. */
  burst?: number
}

/** Options of {@link createLimiter}. */
export interface LimiterOptions {
  /** Requests in flight per key. Default 4. */
  maxConcurrent?: number
  /** Optional token bucket per key. */
  rate?: RateLimit
  /** Clock in ms. Default `Date.now`. */
  now?: () => number
}

/** Runs tasks under a per-key concurrency cap and rate. */
export interface Limiter {
  /**
   * Runs `task` once a slot (and a token) for `key` is free. Rejects with the signal's reason when
   * `signal` aborts while the task is still queued; a running task is the task's own business.
   */
  run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T>
  /** Tasks queued (not yet started) for `key`. */
  queued(key: string): number
}

interface Waiter {
  start: () => void
  signal: AbortSignal | undefined
  onAbort: (() => void) | undefined
}

interface Lane {
  running: number
  queue: Waiter[]
  tokens: number
  refilledAt: number
  timer: ReturnType<typeof setTimeout> | undefined
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError')
}

/**
 * A per-key limiter (the key is the customer, `customerWebId`).
 *
 * @param options - `maxConcurrent` (4), `rate` (none), `now` (`Date.now`).
 * @throws TypeError naming the option when an option is invalid.
 * @example
 * ```ts
 * const limiter = createLimiter({ maxConcurrent: 4, rate: { perSec: 10 } })
 * await limiter.run(customerWebId, () => fetch(url))
 * ```
 */
export function createLimiter(options: LimiterOptions = {}): Limiter {
  const maxConcurrent = options.maxConcurrent ?? 4
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new TypeError('createLimiter: options.maxConcurrent must be an integer ≥ 1')
  }
  const rate = options.rate
  if (rate !== undefined) {
    if (typeof rate.perSec !== 'number' || !(rate.perSec > 0) || !Number.isFinite(rate.perSec)) {
      throw new TypeError('createLimiter: options.rate.perSec must be a positive number')
    }
    if (rate.burst !== undefined && (!Number.isInteger(rate.burst) || rate.burst < 1)) {
      throw new TypeError('createLimiter: options.rate.burst must be an integer ≥ 1')
    }
  }
  const burst = rate ? (rate.burst ?? Math.max(1, Math.ceil(rate.perSec))) : 0
  const now = options.now ?? Date.now
  const lanes = new Map<string, Lane>()

  function lane(key: string): Lane {
    let l = lanes.get(key)
    if (!l) {
      l = { running: 0, queue: [], tokens: burst, refilledAt: now(), timer: undefined }
      lanes.set(key, l)
    }
    return l
  }

  function refill(l: Lane): void {
    if (!rate) return
    const t = now()
    l.tokens = Math.min(burst, l.tokens + ((t - l.refilledAt) / 1000) * rate.perSec)
    l.refilledAt = t
  }

  function pump(key: string, l: Lane): void {
    refill(l)
    while (l.queue.length > 0 && l.running < maxConcurrent && (!rate || l.tokens >= 1)) {
      const w = l.queue.shift()!
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort)
      if (rate) l.tokens -= 1
      l.running++
      w.start()
    }
    if (rate && l.queue.length > 0 && l.running < maxConcurrent && l.timer === undefined) {
      const waitMs = Math.ceil(((1 - l.tokens) / rate.perSec) * 1000)
      l.timer = setTimeout(
        () => {
          l.timer = undefined
          pump(key, l)
        },
        Math.max(1, waitMs),
      )
    }
    // Forget idle customers so the map stays as small as the set of busy ones.
    if (
      l.running === 0 &&
      l.queue.length === 0 &&
      l.timer === undefined &&
      (!rate || l.tokens >= burst)
    ) {
      lanes.delete(key)
    }
  }

  return {
    run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) return Promise.reject(abortReason(signal))
      const l = lane(key)
      return new Promise<T>((resolve, reject) => {
        const w: Waiter = {
          signal,
          onAbort: undefined,
          start: () => {
            let p: Promise<T>
            try {
              p = task()
            } catch (error) {
              p = Promise.reject(error)
            }
            p.then(resolve, reject).finally(() => {
              l.running--
              pump(key, l)
            })
          },
        }
        if (signal) {
          w.onAbort = () => {
            const i = l.queue.indexOf(w)
            if (i >= 0) l.queue.splice(i, 1)
            reject(abortReason(signal))
          }
          signal.addEventListener('abort', w.onAbort, { once: true })
        }
        l.queue.push(w)
        pump(key, l)
      })
    },
    queued: (key) => lanes.get(key)?.queue.length ?? 0,
  }
}
