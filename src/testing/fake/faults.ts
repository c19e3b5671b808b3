import type { Fault, FaultOptions, ReceivedAction } from './types.ts'

interface Queued {
  fault: Fault
  remaining: number
  match: ((action: ReceivedAction) => boolean) | undefined
}

/** The faults that apply to one request. */
export interface AppliedFaults {
  skewSec: number
  latencyMs: number
  reset: boolean
  hang: boolean
  httpStatus: number | null
  retryAfter: string | null
  malformed: boolean
  keep: number | null
  /** action index → forced error */
  errors: Map<number, { code: number; message?: string }>
}

function validate(fault: Fault, opts: FaultOptions | undefined): void {
  const bad = (what: string) => new TypeError(`faults.next: ${what}`)
  if (!fault || typeof fault !== 'object')
    throw bad('`fault` must be an object like { type: "latency", ms: 20 }')
  switch (fault.type) {
    case 'latency':
      if (!(fault.ms >= 0)) throw bad('`ms` of a latency fault must be a number ≥ 0')
      break
    case 'http':
      if (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 599)
        throw bad('`status` must be an HTTP status 200–599')
      if (
        fault.retryAfter !== undefined &&
        (typeof fault.retryAfter !== 'string' || !/^[\x20-\x7e]{1,64}$/.test(fault.retryAfter))
      )
        throw bad('`retryAfter` must be a short header value (seconds or an HTTP date)')
      break
    case 'drop-results':
      if (!Number.isInteger(fault.keep) || fault.keep < 0)
        throw bad('`keep` must be an integer ≥ 0')
      break
    case 'clock-skew':
      if (!Number.isFinite(fault.sec))
        throw bad('`sec` of a clock-skew fault must be a finite number')
      break
    case 'error':
      if (!Number.isInteger(fault.code) || fault.code <= 0)
        throw bad('`code` of an error fault must be a positive integer')
      break
    case 'malformed-json':
    case 'reset':
    case 'hang':
      break
    default:
      throw bad(`unknown fault type ${JSON.stringify((fault as { type: unknown }).type)}`)
  }
  const times = opts?.times ?? 1
  if (!(times === Infinity || (Number.isInteger(times) && times > 0)))
    throw bad('`times` must be a positive integer or Infinity')
  if (opts?.match !== undefined && typeof opts.match !== 'function')
    throw bad('`match` must be a function')
}

/** Queued faults; each applies to the next `times` requests it matches. */
export class FaultQueue {
  #queue: Queued[] = []
  #hanging = new Set<() => void>()

  next(fault: Fault, opts?: FaultOptions): void {
    validate(fault, opts)
    this.#queue.push({ fault, remaining: opts?.times ?? 1, match: opts?.match })
  }

  /** Drops queued faults and lets hanging requests go (they end like a reset). */
  clear(): void {
    this.#queue = []
    for (const release of this.#hanging) release()
    this.#hanging.clear()
  }

  /** Consumes one use of every queued fault that matches this request. */
  take(actions: readonly ReceivedAction[]): AppliedFaults {
    const applied: AppliedFaults = {
      skewSec: 0,
      latencyMs: 0,
      reset: false,
      hang: false,
      httpStatus: null,
      retryAfter: null,
      malformed: false,
      keep: null,
      errors: new Map(),
    }
    for (const q of this.#queue) {
      const matching = q.match ? actions.filter((a) => q.match!(a)) : actions
      if (q.match && matching.length === 0) continue
      q.remaining--
      const f = q.fault
      if (f.type === 'latency') applied.latencyMs += f.ms
      else if (f.type === 'clock-skew') applied.skewSec += f.sec
      else if (f.type === 'reset') applied.reset = true
      else if (f.type === 'hang') applied.hang = true
      else if (f.type === 'http') {
        applied.httpStatus = f.status
        applied.retryAfter = f.retryAfter ?? null
      } else if (f.type === 'malformed-json') applied.malformed = true
      else if (f.type === 'drop-results') applied.keep = f.keep
      else
        for (const a of matching)
          applied.errors.set(a.index, {
            code: f.code,
            ...(f.message ? { message: f.message } : {}),
          })
    }
    this.#queue = this.#queue.filter((q) => q.remaining > 0)
    return applied
  }

  /** Resolves when `signal` aborts or `clear()` releases it. */
  hang(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        this.#hanging.delete(release)
        resolve()
      }
      if (signal.aborted) return resolve()
      signal.addEventListener('abort', release, { once: true })
      this.#hanging.add(release)
    })
  }
}
