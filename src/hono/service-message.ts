import { signServiceMessage, SERVICE_MESSAGE_TYPES } from '../marketplace/index.ts'
import type { ServiceMessageType, SignedServiceMessage } from '../marketplace/index.ts'
import type { Context } from 'hono'
import { requestOf } from './bound.ts'
import type { OnOfficeSigningVars } from './env.ts'
import { parameterCacheIdOf, SIGNING_ROUTE } from './parameter-cache-id.ts'
import type { RequestConfig } from './runtime.ts'

/** Signs a service message for the current launch/session (its `parameterCacheId`) with the first provider secret. */
async function signServiceMessageFor(
  c: OnOfficeSigningVars,
  config: RequestConfig,
  now: () => number,
  type: ServiceMessageType,
): Promise<SignedServiceMessage> {
  // Checked before anything else: `type` often comes from the browser (`?close=1` → a type).
  if (!(SERVICE_MESSAGE_TYPES as readonly unknown[]).includes(type)) {
    throw new TypeError(`serviceMessage(): type must be one of ${SERVICE_MESSAGE_TYPES.join(', ')}`)
  }
  const parameterCacheId = parameterCacheIdOf(c, 'serviceMessage()')
  const secret = config.providerSecrets[0]
  if (secret === undefined) throw new TypeError('serviceMessage(): no provider secret configured')
  return signServiceMessage(type, parameterCacheId, secret, { now })
}

/**
 * Signs a service message (`onOffice.service.refreshParent`, `…refreshParentAndClose`, `…closeProviderWindow`)
 * for the current launch/session with the provider secret (which never reaches the browser). In the iframe,
 * `onOffice.postServiceMessage(message)` posts it to `window.parent`. Throws a `TypeError` for an unknown type or
 * a route without `parameterCacheId`; only a context behind `launch()` or `session()` type-checks.
 * @example
 * ```ts
 * app.post('/service/api/done', oo.session(), async (c) => c.json(await serviceMessage(c, 'onOffice.service.refreshParentAndClose')))
 * ```
 */
export async function serviceMessage<C extends Context>(
  c: C & OnOfficeSigningVars,
  type: ServiceMessageType,
): Promise<SignedServiceMessage> {
  const { rt, config } = requestOf(c, 'serviceMessage()', SIGNING_ROUTE)
  return signServiceMessageFor(c, config, rt.statics.now, type)
}
