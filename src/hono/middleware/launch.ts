import type { Env, MiddlewareHandler } from 'hono'
import type { OnOfficeClient } from '../../api/client.ts'
import { buildCall, factsFromParams, settleAfterHandler } from '../context.ts'
import type { OnOfficeLaunchEnv } from '../env.ts'
import { log } from '../log.ts'
import { bindRequest } from '../bound.ts'
import type { Runtime } from '../runtime.ts'
import { mintSession } from '../session-token.ts'
import { verifyRequest } from '../verify.ts'

/** `launch()`: verifies a signed service URL, loads the installation and sets `c.var.onoffice` with a session token. */
export function launchMiddleware<E extends Env>(
  rt: Runtime,
): MiddlewareHandler<OnOfficeLaunchEnv<E, OnOfficeClient>> {
  return async function onOfficeLaunch(c, next) {
    const config = await rt.config(c)
    bindRequest(c, rt, config)
    const params = await verifyRequest(rt, c, config)
    const facts = factsFromParams(params)
    if (!facts) throw await rt.fail(c, 'bad_link', { lang: rt.lang(c, params.UserLanguage) })
    const session = await mintSession(rt, config, facts)
    if (!session.ok) {
      log(`service launch refused (bad_link): ${session.limit}`)
      throw await rt.fail(c, 'bad_link', { lang: rt.lang(c, params.UserLanguage) })
    }
    const { value, observer } = await buildCall(rt, c, config, facts, {
      kind: 'launch' as const,
      sessionToken: session.token,
      sessionExpiresAt: session.expiresAt,
    })
    c.set('onoffice', value)
    await next()
    // Nothing to settle on the common path (no error, no dead installation seen): skip the extra await.
    if (c.error || observer.deadCode !== undefined)
      await settleAfterHandler(rt, c, config, facts, observer)
    // The launch URL carries the claim: keep it out of Referer headers and caches unless the handler decided otherwise.
    if (!c.res.headers.has('Referrer-Policy')) c.res.headers.set('Referrer-Policy', 'no-referrer')
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store')
  }
}
