/**
 * Automatic micro-batching. Every action enqueued in the same tick (before the microtask queue drains)
 * goes out in one POST, at most `maxActionsPerRequest` actions per POST; identical read/get actions
 * (same kind, resourcetype, resourceid, parameters including the claim) are sent once and their result
 * is fanned out to every caller (each caller gets its own copy).
 */
import { dedupeKey, type PreparedAction } from './envelope.ts'
import type { ResolvedOptions } from './options.ts'
import { sendActions, type ClockState } from './retry.ts'
import type { ActionResult, Settled } from './types.ts'

interface Waiter {
  resolve: (value: ActionResult) => void
  reject: (error: unknown) => void
}

interface Entry {
  action: PreparedAction
  waiters: Waiter[]
}

const copy = (value: ActionResult): ActionResult => structuredClone(value)

/** The queue shared by a client and all clients derived from it with `withClaim`. */
export class Batcher {
  private queue: Entry[] = []
  private byKey = new Map<string, Entry>()
  private scheduled = false
  readonly clock: ClockState = { offsetMs: 0 }

  constructor(private readonly opts: ResolvedOptions) {}

  /** Queues one action; resolves with its result or rejects with an `OnOfficeError`. */
  enqueue(action: PreparedAction): Promise<ActionResult> {
    return new Promise<ActionResult>((resolve, reject) => {
      const waiter = { resolve, reject }
      if (!this.opts.microBatching) {
        this.dispatch([{ action, waiters: [waiter] }])
        return
      }
      const key = dedupeKey(action)
      const same = key === null ? undefined : this.byKey.get(key)
      if (same) {
        same.waiters.push(waiter)
        return
      }
      const entry: Entry = { action, waiters: [waiter] }
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
    const [settled] = await sendActions([action], this.opts, this.clock, signal)
    if (settled!.ok) return settled!.value
    throw settled!.error
  }

  private flush(): void {
    const entries = this.queue
    this.queue = []
    this.byKey = new Map()
    this.scheduled = false
    const max = this.opts.maxActionsPerRequest
    for (let start = 0; start < entries.length; start += max) this.dispatch(entries.slice(start, start + max))
  }

  private dispatch(entries: Entry[]): void {
    void sendActions(
      entries.map((e) => e.action),
      this.opts,
      this.clock,
    ).then(
      (settled) => entries.forEach((entry, i) => deliver(entry, settled[i]!)),
      // sendActions never rejects; this guards against a bug leaving callers hanging.
      (error: unknown) => entries.forEach((entry) => entry.waiters.forEach((w) => w.reject(error))),
    )
  }
}

function deliver(entry: Entry, settled: Settled): void {
  entry.waiters.forEach((w, n) => {
    if (settled.ok) w.resolve(n === 0 ? settled.value : copy(settled.value))
    else w.reject(settled.error)
  })
}
