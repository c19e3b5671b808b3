import type { OnOfficeApi } from '../../api/api.ts'
import type { OnOfficeClient } from '../../api/client.ts'
import type { Context, Env, MiddlewareHandler } from 'hono'
import { verifyCallback } from '../../marketplace/index.ts'
import type { PaymentResult } from '../../marketplace/index.ts'
import { exactlyOnce, type ExactlyOnceClaim } from '../../store/index.ts'
import type { OnOfficeCallbackEnv } from '../env.ts'
import type { OnOffice } from '../on-office.ts'
import { traced } from '../scale.ts'
import { log } from '../log.ts'
import { bindRequest, ledgerOf, runtimeOf } from '../bound.ts'
import type { Runtime } from '../runtime.ts'
import { orderRefOf } from '../purchases.ts'
import { linkFailure } from '../verify.ts'
import { kitClient, readInstallation, visibleParams } from '../context.ts'
import { publicInstallationOf } from '../lifecycle.ts'

/** How long a processed callback is remembered (a reload after that would be processed again). */
const REMEMBER_SEC = 90 * 24 * 3600
/** How long a running handler holds a callback before another delivery may take over (a crashed process). */
const LEASE_SEC = 60
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

function rawOf(params: Readonly<Record<string, string>>): Record<string, string> {
  const { apiClaim: _c, ...raw } = params
  return raw
}

/** Whether the handler succeeded: no error and a status below 400 (a redirect after processing counts). */
export const handlerSucceeded = (c: Context): boolean => !c.error && c.res.status < 400

/**
 * Runs `next()` under an exactly-once claim: `done` after a successful handler, released after a failed one
 * (thrown, 4xx or 5xx) so that the next delivery processes it. A KV failure while settling is logged: a lost
 * `done` leaves the lease to expire, a lost release makes the next delivery wait for it.
 */
export async function settleClaim(
  c: Context,
  claim: ExactlyOnceClaim | undefined,
  next: () => Promise<void>,
  what: string,
): Promise<void> {
  await next()
  if (claim?.state !== 'claimed') return
  const ok = handlerSucceeded(c)
  try {
    await (ok ? claim.done() : claim.release())
  } catch (err) {
    log(`${what}: store unavailable while marking it ${ok ? 'done' : 'released'}`, err)
  }
}

/**
 * `callback()`: verifies the signed payment callback onOffice loads after checkout and sets
 * `c.var.onoffice.payment`. Exactly once per transaction + status through the KV: the first delivery takes a
 * `processing` mark (60 s lease) and runs the handler; a successful handler (status < 400) marks it done, a
 * failed one (throw, 4xx, 5xx) releases it so the next delivery processes it again. A delivery that finds
 * the mark answers `409 payment_processing` (a page that reloads itself after 3 s; JSON with `retryAfter`
 * for fetch), one that finds it done runs the handler with `payment.repeated === true`. `inprocess` (SEPA
 * pending) followed by `success` for the same `transactionid` are two events.
 */
export function callbackMiddleware<E extends Env>(
  rt: Runtime,
): MiddlewareHandler<OnOfficeCallbackEnv<E, OnOfficeClient>> {
  return async function onOfficeCallback(c, next) {
    const config = await rt.config(c)
    const result = await verifyCallback(c.req.url, {
      secret: config.providerSecrets,
      publicUrl: config.publicUrl,
      now: rt.statics.now,
      maxAgeSec: config.callbackMaxAgeSec,
    })
    if (!result.ok) {
      throw await rt.fail(
        c,
        result.reason === 'bad_callback' ? 'bad_callback' : linkFailure(result.reason),
      )
    }
    const params = visibleParams(result.params)
    const ref = orderRefOf(params)
    bindRequest(c, rt, config, ref?.customerWebId)
    if (ref !== undefined) {
      // Recorded on every delivery (each status event is written once, a reload changes nothing), before the
      // handler runs, so that `purchases(c)` in the handler already sees it.
      if (result.payment.transactionId !== undefined) {
        try {
          await ledgerOf(rt, config).recordCallback({
            customerWebId: ref.customerWebId,
            transactionId: result.payment.transactionId,
            status: result.payment.status,
            orderId: ref.orderId,
            aboId: result.payment.aboId,
            referenceId: result.payment.referenceId,
            message: result.payment.message,
            // The audit trail: every signed value as received, `timestamp` included (the claim is a credential and the
            // signature proves nothing once stored: both left out).
            raw: rawOf(result.params),
          })
        } catch (err) {
          log('payment callback: ledger unavailable', err)
          throw await rt.fail(c, 'store_unavailable')
        }
      }
    }
    const key = callbackKey(result.payment)
    let claim: ExactlyOnceClaim | undefined
    if (key !== undefined) {
      try {
        claim = await exactlyOnce(config.onceKv, {
          prefix: CALLBACK_PREFIX,
          ttlSec: REMEMBER_SEC,
          leaseSec: LEASE_SEC,
        }).begin(key)
      } catch (err) {
        log('payment callback: store unavailable', err)
        throw await rt.fail(c, 'store_unavailable')
      }
      if (claim.state === 'processing') throw await rt.fail(c, 'payment_processing')
    }
    // A store failure is logged and tolerated: the payment is recorded and the handler still runs.
    const read =
      ref === undefined
        ? null
        : await readInstallation(config, ref.customerWebId, 'payment callback')
    const installation = read?.ok ? read.installation : null
    c.set('onoffice', {
      kind: 'callback',
      payment: { ...result.payment, repeated: claim?.state === 'done' },
      params: Object.freeze(params),
      installation: installation && publicInstallationOf(installation),
      // No claim: a callback carries none (reference §4.7); the installation's own rights.
      // The `client` option's client; `onOffice()`'s overloads type it for the app (OnOfficeCallbackContext<C>).
      client:
        installation?.status === 'active'
          ? (kitClient(
              rt,
              config,
              { token: installation.apiToken, secret: installation.apiSecret },
              { customerWebId: installation.customerWebId, cacheKv: null },
            ) as OnOfficeClient)
          : null,
    })
    await settleClaim(c, claim, next, 'payment callback')
  }
}

/**
 * Middleware for the payment callback URL: verifies it and sets `c.var.onoffice` (`kind: 'callback'`);
 * `c.var.onoffice.payment` is the result. Your handler runs to success exactly once per `transactionid` +
 * `status` through `onceKv`: a `processing` mark (60 s lease) while it runs, `done` after it answered below 400,
 * released when it threw or answered 4xx/5xx (the next delivery processes it). A delivery meanwhile gets
 * `409 payment_processing` (a page that reloads itself); one after success gets `payment.repeated: true`.
 * `inprocess` — SEPA pending — followed by `success` for the same transaction are two events. Throws a
 * `TypeError` for anything but a kit `onOffice()` returned.
 * @example
 * ```ts
 * app.get('/onoffice/paid', callback(oo), (c) =>
 *   c.text(c.var.onoffice.payment.repeated ? 'already processed' : 'thank you'))
 * ```
 */
export function callback<E extends Env, C extends OnOfficeApi>(
  oo: OnOffice<E, C>,
): MiddlewareHandler<OnOfficeCallbackEnv<E, C>> {
  const rt = runtimeOf(oo, 'callback()')
  // The middleware's client is the `client` option's; `OnOffice<E, C>` says which (onOffice()'s overloads).
  return traced(
    rt.statics.scale.tracer,
    'onoffice.callback',
    callbackMiddleware<E>(rt),
  ) as MiddlewareHandler<OnOfficeCallbackEnv<E, C>>
}
