import type { MiddlewareHandler } from 'hono'
import { buildContext, factsFromParams, settleAfterHandler } from '../context.ts'
import type { OnOfficeWebhookEnv } from '../env.ts'
import type { Runtime } from '../runtime.ts'
import { verifyRequest } from '../verify.ts'

/** `webhook()`: verifies a signed webhook URL and sets `c.var.onoffice` (no session token: nobody holds one). */
export function webhookMiddleware(rt: Runtime): MiddlewareHandler<OnOfficeWebhookEnv> {
  return async function onOfficeWebhook(c, next) {
    const config = rt.fixed ?? (await rt.config(c))
    const params = await verifyRequest(rt, c, config)
    const facts = factsFromParams(params)
    if (!facts) throw await rt.fail(c, 'bad_link')
    const { value, observer } = await buildContext(rt, c, config, facts)
    c.set('onoffice', value)
    await next()
    // Nothing to settle on the common path (no error, no dead installation seen): skip the extra await.
    if (c.error || observer.installationDead) await settleAfterHandler(rt, c, config, facts, observer)
  }
}
