import type { Env, MiddlewareHandler } from 'hono'
import type { OnOfficeClient } from '../../api/client.ts'
import { buildCall, settleAfterHandler } from '../context.ts'
import type { OnOfficeSessionEnv } from '../env.ts'
import { bindRequest } from '../bound.ts'
import type { Runtime } from '../runtime.ts'
import { verifySession } from '../session-token.ts'

// RFC 6750 §2.1: the `Bearer` scheme (any case) and one b64token.
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i
/** RFC 6750 §3: no credentials → a bare challenge; a bad one → `invalid_token`; a malformed request → `invalid_request`. */
const CHALLENGE = 'Bearer'
const INVALID_TOKEN = 'Bearer error="invalid_token"'
const INVALID_REQUEST = 'Bearer error="invalid_request"'

/**
 * `session()`: verifies `Authorization: Bearer <sessionToken>` and sets the same `c.var.onoffice` as the launch.
 * The installation is looked up by the token's verified `customerWebId` only — nothing from the request chooses it.
 * Answers speak RFC 6750, like Hono's `bearerAuth`: no header → 401 `session_missing` (`WWW-Authenticate: Bearer`);
 * a header that is not one bearer token → 400 `session_malformed` (`error="invalid_request"`); a forged or expired
 * token, or an onOffice claim error in the handler → 401 with `error="invalid_token"`.
 */
export function sessionMiddleware<E extends Env>(
  rt: Runtime,
): MiddlewareHandler<OnOfficeSessionEnv<E, OnOfficeClient>> {
  return async function onOfficeSession(c, next) {
    const config = await rt.config(c)
    bindRequest(c, rt, config)
    const header = c.req.header('authorization')
    if (header === undefined || header.trim() === '')
      throw await rt.fail(c, 'session_missing', { challenge: CHALLENGE })
    const token = BEARER.exec(header)?.[1]
    if (!token) throw await rt.fail(c, 'session_malformed', { challenge: INVALID_REQUEST })
    const verified = await verifySession(rt, config, token)
    if (!verified.ok)
      throw await rt.fail(
        c,
        verified.reason === 'expired' ? 'session_expired' : 'session_invalid',
        {
          challenge: INVALID_TOKEN,
        },
      )
    const { facts } = verified
    const { value, observer } = await buildCall(rt, c, config, facts, {
      kind: 'session' as const,
      sessionToken: token,
      sessionExpiresAt: verified.expiresAt,
    })
    c.set('onoffice', value)
    await next()
    // Nothing to settle on the common path (no error, no dead installation seen): skip the extra await.
    if (c.error || observer.deadCode !== undefined)
      await settleAfterHandler(rt, c, config, facts, observer, INVALID_TOKEN)
  }
}
