/**
 * Automatic micro-batching. Every action enqueued in the same tick (before the microtask queue drains)
 * goes out in one POST, at most `maxActionsPerRequest` actions per POST; identical read/get actions
 * (same kind, resourcetype, resourceid, parameters including the claim) are sent once and their result
 * is fanned out to every caller (each caller gets its own copy).
 *
 * Each POST waits for a slot of its customer's lane (`maxConcurrentPerCustomer`, `ratePerCustomer`); a call
 * whose `signal` aborts while its POST still waits leaves it, and a POST whose every call left is not sent.
 */
import { dedupeKey, type PreparedAction } from './envelope.ts'
import type { ResolvedOptions } from './options.ts'
import { sendActions, type ClockState } from './retry.ts'
import type { ActionResult, Settled } from './types.ts'

/** A successful settlement as the batcher hands it to a caller. */
export type SettledOk = Extract<Settled, { ok: true }>

interface Waiter {
  resolve: (value: SettledOk) => void
  reject: (error: unknown) => void
  detach?: () => void
}

interface Entry {
  action: PreparedAction
  waiters: Waiter[]
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError')
}

const copy = (value: ActionResult): ActionResult => structuredClone(value)

/** The queue shared by a client and all clients derived from it with `withClaim`. */
export class Batcher {
  private queue: Entry[] = []
  private byKey = new Map<string, Entry>()
  private scheduled = false
  /** Entries queued or waiting for a slot: the ones an abort may still take a caller out of. */
  private waiting = new Set<Entry>()
  readonly clock: ClockState = { offsetMs: 0 }

  constructor(readonly opts: ResolvedOptions) {}

  /** Queues one action; resolves with its settlement or rejects with an `OnOfficeError` (or the signal's reason). */
  enqueue(action: PreparedAction, signal?: AbortSignal): Promise<SettledOk> {
    if (signal?.aborted) return Promise.reject(abortReason(signal))
    return new Promise<SettledOk>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject }
      let owner: Entry | undefined
      if (signal) {
        const onAbort = () => {
          if (owner && this.waiting.has(owner)) {
            const i = owner.waiters.indexOf(waiter)
            if (i >= 0) owner.waiters.splice(i, 1)
          }
          reject(abortReason(signal))
        }
        signal.addEventListener('abort', onAbort, { once: true })
        waiter.detach = () => signal.removeEventListener('abort', onAbort)
      }
      if (!this.opts.microBatching) {
        owner = { action, waiters: [waiter] }
        this.dispatch([owner])
        return
      }
      const key = dedupeKey(action)
      const same = key === null ? undefined : this.byKey.get(key)
      if (same) {
        owner = same
        same.waiters.push(waiter)
        return
      }
      const entry: Entry = { action, waiters: [waiter] }
      owner = entry
      this.waiting.add(entry)
      this.queue.push(entry)
      if (key !== null) this.byKey.set(key, entry)
      if (!this.scheduled) {
        this.scheduled = true
        queueMicrotask(() => this.flush())
      }
    })
  }

  /**
   * Sends one action at once in a request of its own, outside the queue (file-upload blocks: one block per
   * request, in order, never merged with other calls). Resolves with its result or rejects with an `OnOfficeError`.
   */
  async sendAlone(action: PreparedAction, signal?: AbortSignal): Promise<ActionResult> {
    const lane = this.opts.customerWebId ?? this.opts.token
    const [settled] = await this.opts.limiter.run(
      lane,
      () => sendActions([action], this.opts, this.clock, signal),
      signal,
    )
    if (settled!.ok) return settled!.value
    throw settled!.error
  }

  private flush(): void {
    const entries = this.queue
    this.queue = []
    this.byKey = new Map()
    this.scheduled = false
    const max = this.opts.maxActionsPerRequest
    for (let start = 0; start < entries.length; start += max)
      this.dispatch(entries.slice(start, start + max))
  }

  private dispatch(entries: Entry[]): void {
    for (const e of entries) this.waiting.add(e)
    const lane = this.opts.customerWebId ?? this.opts.token
    void this.opts.limiter
      .run(lane, () => {
        const live: Entry[] = []
        for (const e of entries) {
          this.waiting.delete(e)
          for (const w of e.waiters) w.detach?.()
          if (e.waiters.length > 0) live.push(e)
        }
        if (live.length === 0) return Promise.resolve()
        return sendActions(
          live.map((e) => e.action),
          this.opts,
          this.clock,
        ).then((settled) => {
          for (const [i, entry] of live.entries()) deliver(entry, settled[i]!)
        })
      })
      // sendActions never rejects; this guards against a bug leaving callers hanging.
      .catch((error: unknown) => {
        for (const entry of entries) for (const w of entry.waiters) w.reject(error)
      })
  }
}

function deliver(entry: Entry, settled: Settled): void {
  entry.waiters.forEach((w, n) => {
    if (settled.ok) w.resolve(n === 0 ? settled : { ...settled, value: copy(settled.value) })
    else w.reject(settled.error)
  })
}
