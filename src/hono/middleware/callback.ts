import type { MiddlewareHandler } from 'hono'
import { verifyCallback } from '../../marketplace/index.ts'
import type { PaymentResult } from '../../marketplace/index.ts'
import { replayGuard } from '../../store/index.ts'
import type { OnOfficeCallbackEnv } from '../env.ts'
import { log } from '../log.ts'
import type { Runtime } from '../runtime.ts'
import { linkFailure } from '../verify.ts'

/** How long a processed callback is remembered (a reload after that would be processed again). */
const REMEMBER_SEC = 90 * 24 * 3600
const CALLBACK_PREFIX = 'onoffice:callback:'

/**
 * The idempotency key of a callback: the transaction (or, without one, the subscription) plus the status.
 * A reload of the same callback is a repeat; a new status for the same transaction — SEPA goes `inprocess`
 * first and may later report `success` or `error` — is a new event. `undefined` when the callback names
 * neither (an `error` before any transaction existed): nothing to deduplicate.
 */
export function callbackKey(payment: PaymentResult): string | undefined {
  if (payment.transactionId !== undefined) return `tx:${payment.transactionId}:${payment.status}`
  if (payment.aboId !== undefined) return `abo:${payment.aboId}:${payment.status}`
  return undefined
}

/**
 * `callback()`: verifies the signed payment callback onOffice loads after checkout and sets
 * `c.var.onoffice.payment`. Idempotent per transaction + status through the KV's `putIfAbsent`: a reloaded
 * callback page has `payment.repeated === true` and must not be processed again, while `inprocess` (SEPA
 * pending) followed by `success` for the same `transactionid` are two events, each `repeated: false` once.
 */
export function callbackMiddleware(rt: Runtime): MiddlewareHandler<OnOfficeCallbackEnv> {
  return async function onOfficeCallback(c, next) {
    const config = rt.fixed ?? (await rt.config(c))
    const result = await verifyCallback(c.req.url, {
      secret: config.providerSecrets,
      publicUrl: config.publicUrl,
      now: rt.statics.now,
      maxAgeSec: rt.statics.callbackMaxAgeSec,
    })
    if (!result.ok) {
      throw await rt.fail(c, result.reason === 'bad_callback' ? 'bad_callback' : linkFailure(result.reason))
    }
    const key = callbackKey(result.payment)
    let repeated = false
    if (key !== undefined) {
      try {
        repeated = !(await replayGuard(config.onceKv, { prefix: CALLBACK_PREFIX, ttlSec: REMEMBER_SEC }).firstSeen(key))
      } catch (err) {
        log('payment callback: store unavailable', err)
        throw await rt.fail(c, 'store_unavailable')
      }
    }
    const { signature: _s, timestamp: _t, apiClaim: _c, ...params } = result.params
    c.set('onoffice', { payment: { ...result.payment, repeated }, params: Object.freeze(params) })
    await next()
  }
}
