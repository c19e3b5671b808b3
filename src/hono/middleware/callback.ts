import type { MiddlewareHandler } from 'hono'
import { verifyCallback } from '../../marketplace/index.ts'
import { replayGuard } from '../../store/index.ts'
import type { OnOfficeCallbackEnv } from '../env.ts'
import { log } from '../log.ts'
import type { Runtime } from '../runtime.ts'

/** How long a processed `transactionid` is remembered (a reload after that would be processed again). */
const REMEMBER_SEC = 90 * 24 * 3600
const CALLBACK_PREFIX = 'onoffice:callback:'

/**
 * `callback()`: verifies the signed payment callback onOffice loads after checkout and sets
 * `c.var.onoffice.payment`. Idempotent per `transactionid` (or `aboid`) through the KV: a reloaded callback
 * page has `payment.repeated === true` and must not be processed again.
 */
export function callbackMiddleware(rt: Runtime): MiddlewareHandler<OnOfficeCallbackEnv> {
  return async function onOfficeCallback(c, next) {
    const config = await rt.config(c)
    const result = await verifyCallback(c.req.url, {
      secret: config.providerSecrets,
      publicUrl: config.publicUrl,
      now: rt.statics.now,
      maxAgeSec: rt.statics.callbackMaxAgeSec,
    })
    if (!result.ok) {
      throw await rt.fail(c, result.reason === 'bad_callback' ? 'bad_callback' : result.reason === 'stale' || result.reason === 'future' ? 'expired_link' : 'bad_link')
    }
    const id = result.payment.transactionId ?? result.payment.aboId
    let repeated = false
    if (id !== undefined) {
      try {
        repeated = !(await replayGuard(config.kv, { prefix: CALLBACK_PREFIX, ttlSec: REMEMBER_SEC }).firstSeen(id))
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
