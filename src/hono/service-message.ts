import { signServiceMessage, SERVICE_MESSAGE_TYPES } from '../marketplace/index.ts'
import type { ServiceMessageType, SignedServiceMessage } from '../marketplace/index.ts'
import type { OnOfficeSigningVars } from './env.ts'
import { parameterCacheIdOf } from './parameter-cache-id.ts'
import type { RequestConfig } from './runtime.ts'

/** Signs a service message for the current launch/session (its `parameterCacheId`) with the first provider secret. */
export async function signServiceMessageFor(
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
