import type { Env, MiddlewareHandler } from 'hono'
import type { OnOfficeClient } from '../../api/client.ts'
import {
  webhookParamsParser,
  type ParseWebhookParamsOptions,
  type WebhookParamSchema,
} from '../../marketplace/webhook-params.ts'
import { exactlyOnce, type ExactlyOnceClaim } from '../../store/index.ts'
import { buildCall, factsFromParams, settleAfterHandler } from '../context.ts'
import type { OnOfficeWebhookEnv } from '../env.ts'
import { log } from '../log.ts'
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
    if (c.error || observer.installationDead)
      await settleAfterHandler(rt, c, config, facts, observer)
  }
}
