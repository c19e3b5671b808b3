import type { Env, MiddlewareHandler } from 'hono'
import type { OnOfficeApi } from '../../api/api.ts'
import type { OnOfficeClient } from '../../api/client.ts'
import {
  webhookParamsParser,
  type NoWebhookParams,
  type ParseWebhookParamsOptions,
  type WebhookParamSchema,
} from '../../marketplace/webhook-params.ts'
import { exactlyOnce, type ExactlyOnceClaim } from '../../store/index.ts'
import { buildCall, factsFromParams, settleAfterHandler } from '../context.ts'
import type { OnOfficeWebhookEnv } from '../env.ts'
import type { OnOffice } from '../on-office.ts'
import { traced } from '../scale.ts'
import { log } from '../log.ts'
import { bindRequest, runtimeOf } from '../bound.ts'
import type { Runtime } from '../runtime.ts'
import { verifyRequest } from '../verify.ts'
import { settleClaim } from './callback.ts'

const WEBHOOK_PREFIX = 'onoffice:webhook:'
// verifySignedUrl's default maxFutureSec: a URL verifies at most maxAgeSec + this long.
const MAX_FUTURE_SEC = 60

/**
 * `webhook()`: verifies a signed webhook URL and sets `c.var.onoffice` (no session token: nobody holds one).
 * With `webhookOnce` (default) the handler runs to success once per signed URL (its signature) within the
 * freshness window: a replay gets `200 { repeated: true }`, a delivery while one runs `409 webhook_processing`.
 */
export function webhookMiddleware<E extends Env, S extends WebhookParamSchema>(
  rt: Runtime,
  options: ParseWebhookParamsOptions<S>,
): MiddlewareHandler<OnOfficeWebhookEnv<E, S, OnOfficeClient>> {
  const parse = webhookParamsParser<S>('webhook()', options)
  return async function onOfficeWebhook(c, next) {
    const config = await rt.config(c)
    bindRequest(c, rt, config)
    const params = await verifyRequest(rt, c, config)
    const facts = factsFromParams(params)
    if (!facts) throw await rt.fail(c, 'bad_link')
    const typed = parse(params)
    if (!typed.ok) {
      // Names only: the URL is authentic, so the registered URL and the route's declaration disagree.
      log(
        `webhook: parameters refused (${typed.issues.map((i) => `${i.param} ${i.problem}`).join(', ')})`,
      )
      throw await rt.fail(c, 'bad_webhook')
    }
    const { value, observer } = await buildCall(rt, c, config, facts, {
      kind: 'webhook' as const,
      record: typed.webhook.record,
      custom: typed.webhook.custom,
    })
    let claim: ExactlyOnceClaim | undefined
    if (config.webhookOnce) {
      // Verified: the signature is present exactly once and is 64 lower-case hex characters.
      const signature = new URL(c.req.url).searchParams.get('signature') ?? ''
      try {
        claim = await exactlyOnce(config.onceKv, {
          prefix: WEBHOOK_PREFIX,
          ttlSec: config.maxAgeSec + MAX_FUTURE_SEC,
        }).begin(signature)
      } catch (err) {
        log('webhook: store unavailable', err)
        throw await rt.fail(c, 'store_unavailable')
      }
      if (claim.state === 'processing') throw await rt.fail(c, 'webhook_processing')
      if (claim.state === 'done')
        return c.json({ repeated: true }, 200, { 'Cache-Control': 'no-store' })
    }
    c.set('onoffice', value)
    await settleClaim(c, claim, next, 'webhook')
    // Nothing to settle on the common path (no error, no dead installation seen): skip the extra await.
    if (c.error || observer.deadCode !== undefined)
      await settleAfterHandler(rt, c, config, facts, observer)
  }
}

/**
 * Middleware for webhook URLs: verifies the signed URL and sets `c.var.onoffice` (`kind: 'webhook'`, no session
 * token) with the typed `record` and `custom` parameters. `options.params` declares your own parameters' types
 * (default none), `options.modules` the modules this URL is registered for (default all four, in order),
 * `options.recordParams` renames a module's id parameter (default `estateId`, `addressId`, `taskId`,
 * `calendarId`). A delivery whose declared parameters have wrong values answers `400 bad_webhook`. With
 * `webhookOnce` (default) the handler runs to success once per signed URL. Invalid options throw an
 * `OnOfficeConfigError` here, when the route is built; anything but a kit `onOffice()` returned a `TypeError`.
 * @example
 * ```ts
 * app.get('/webhooks/estate', webhook(oo, { modules: ['estate'], params: { priority: 'integer' } }), (c) =>
 *   acknowledge(c, () => sync(c.var.onoffice.record, c.var.onoffice.custom.priority)))
 * ```
 */
export function webhook<
  E extends Env,
  C extends OnOfficeApi,
  const S extends WebhookParamSchema = NoWebhookParams,
>(
  oo: OnOffice<E, C>,
  options?: ParseWebhookParamsOptions<S>,
): MiddlewareHandler<OnOfficeWebhookEnv<E, S, C>> {
  const rt = runtimeOf(oo, 'webhook()')
  // The middleware's client is the `client` option's; `OnOffice<E, C>` says which (onOffice()'s overloads).
  return traced(
    rt.statics.scale.tracer,
    'onoffice.webhook',
    webhookMiddleware<E, S>(rt, options ?? {}),
  ) as MiddlewareHandler<OnOfficeWebhookEnv<E, S, C>>
}
