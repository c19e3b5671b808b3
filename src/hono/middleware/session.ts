import type { Env, MiddlewareHandler } from 'hono'
import { buildCall, settleAfterHandler } from '../context.ts'
import type { OnOfficeSessionEnv } from '../env.ts'
import type { Runtime } from '../runtime.ts'
import { verifySession } from '../session-token.ts'

/**
 * `session()`: verifies `Authorization: Bearer <sessionToken>` and sets the same `c.var.onoffice` as the launch.
 * The installation is looked up by the token's verified `customerWebId` only — nothing from the request chooses it.
 */
export function sessionMiddleware<E extends Env>(
  rt: Runtime,
): MiddlewareHandler<OnOfficeSessionEnv<E>> {
  return async function onOfficeSession(c, next) {
    const config = await rt.config(c)
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(c.req.header('authorization') ?? '')
    if (!match?.[1]) throw await rt.fail(c, 'session_missing')
    const verified = await verifySession(rt, config, match[1])
    if (!verified.ok)
      throw await rt.fail(c, verified.reason === 'expired' ? 'session_expired' : 'session_invalid')
    const { facts } = verified
    const { fields, observer } = await buildCall(rt, c, config, facts)
    c.set('onoffice', {
      kind: 'session',
      ...fields,
      sessionToken: match[1],
      sessionExpiresAt: verified.expiresAt,
    })
    await next()
    // Nothing to settle on the common path (no error, no dead installation seen): skip the extra await.
    if (c.error || observer.installationDead)
      await settleAfterHandler(rt, c, config, facts, observer)
  }
}
