import type { Context } from 'hono'
import { configError } from '../core/check.ts'
import { log } from './log.ts'

/** Options of {@link acknowledge}. */
export interface AcknowledgeOptions {
  /** Called with the error when the work fails after the answer was sent. Default: the kit's log line (no values). */
  onError?: (err: unknown) => void
}

/**
 * Answers a webhook at once (`200 {"accepted":true}`) and does `work` after the answer. On Cloudflare Workers (and
 * every runtime whose Hono adapter passes an execution context) the work is handed to `c.executionCtx.waitUntil`,
 * so the runtime keeps it alive after the response; elsewhere (Node, Deno, Bun) it runs detached in the same
 * process. A failure is reported to `onError` (default: logged), never thrown — the answer is already sent.
 *
 * The answer counts as success: with `webhookOnce` (the default) a replay of this URL gets `{ repeated: true }`
 * even if the work failed afterwards, and onOffice does not retry. Work that must not be lost belongs in a durable
 * queue: `await` the hand-off (Cloudflare Queues `send`, Deno KV `enqueue`, a Redis list) in the handler instead.
 *
 * @param c - the Hono context of the webhook route.
 * @param work - the work to do after answering; it may use `c.var.onoffice.client` (the delivery's claim).
 * @param opts - `onError` (default: the kit's log line).
 * @returns the `200` response to return from the handler.
 * @example
 * ```ts
 * app.get('/webhooks/estate', webhook(oo), (c) => {
 *   const { client, params } = c.var.onoffice
 *   return acknowledge(c, async () => {
 *     const estate = await client.estates.get(params.estateId ?? '', { data: ['objekttitel'] })
 *     await mySearchIndex.update(estate)
 *   })
 * })
 * ```
 */
export function acknowledge(
  c: Context,
  work: () => Promise<unknown> | unknown,
  opts: AcknowledgeOptions = {},
): Response {
  if (typeof work !== 'function') configError('acknowledge', 'work', 'must be a function')
  const onError = opts.onError ?? ((err: unknown) => log('webhook work failed', err))
  if (typeof onError !== 'function')
    configError('acknowledge', 'opts.onError', 'must be a function')
  // Started after this tick, so nothing of the work (not even a synchronous throw) delays or breaks the answer.
  const running = Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (err: unknown) => {
        try {
          onError(err)
        } catch (hookErr) {
          log('acknowledge: onError threw', hookErr)
        }
      },
    )
  const ctx = executionContext(c)
  if (typeof ctx?.waitUntil === 'function') ctx.waitUntil(running)
  return c.json({ accepted: true }, 200, { 'Cache-Control': 'no-store' })
}

/** `c.executionCtx` when the adapter passed one (Hono's getter throws when there is none). */
function executionContext(c: Context): { waitUntil?: (p: Promise<unknown>) => void } | undefined {
  try {
    return c.executionCtx
  } catch {
    return undefined
  }
}
