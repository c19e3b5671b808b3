/**
 * Signed messages a service iframe posts to onOffice (reference §4.5): refresh the parent window,
 * refresh and close, or close the provider window. Signed exactly like an order (signed-payload.ts).
 */
import { clock, configError, nonEmptyString } from '../core/check.ts'
import {
  signPayload,
  verifyPayload,
  type SignedPayloadFailureReason,
  type VerifyPayloadOptions,
} from './signed-payload.ts'

/** The message types onOffice understands. */
export const SERVICE_MESSAGE_TYPES = [
  'onOffice.service.refreshParent',
  'onOffice.service.refreshParentAndClose',
  'onOffice.service.closeProviderWindow',
] as const
/** One of {@link SERVICE_MESSAGE_TYPES}. */
export type ServiceMessageType = (typeof SERVICE_MESSAGE_TYPES)[number]

/** What {@link signServiceMessage} returns: post `JSON.stringify(message)` to `window.parent`. */
export interface SignedServiceMessage {
  onOfficeType: ServiceMessageType
  parametercacheid: string
  timestamp: number
  signature: string
}

/**
 * Signs a service message (server side — the provider secret never reaches the browser).
 *
 * @param type - `onOffice.service.refreshParent`, `…refreshParentAndClose` or `…closeProviderWindow`.
 * @param parameterCacheId - from the verified service launch.
 * @param secret - the provider secret.
 * @param opts - `now` (ms, default `Date.now`).
 * @example
 * ```ts
 * const msg = await signServiceMessage('onOffice.service.refreshParentAndClose', params.parameterCacheId, secret)
 * // in the iframe: window.parent.postMessage(JSON.stringify(msg), '*')
 * ```
 */
export async function signServiceMessage(
  type: ServiceMessageType,
  parameterCacheId: string,
  secret: string,
  opts: { now?: () => number } = {},
): Promise<SignedServiceMessage> {
  if (!(SERVICE_MESSAGE_TYPES as readonly string[]).includes(type)) {
    configError('signServiceMessage', 'type', `must be one of ${SERVICE_MESSAGE_TYPES.join(', ')}`)
  }
  nonEmptyString(
    'signServiceMessage',
    'parameterCacheId',
    parameterCacheId,
    'from the service launch',
  )
  nonEmptyString('signServiceMessage', 'secret', secret, 'the provider secret')
  const signed = await signPayload(
    { onOfficeType: type, parametercacheid: parameterCacheId },
    secret,
    clock('signServiceMessage', 'opts.now', opts.now),
  )
  return {
    onOfficeType: type,
    parametercacheid: parameterCacheId,
    timestamp: signed.timestamp,
    signature: signed.signature,
  }
}

/**
 * Verifies a signed service message (what onOffice — or the kit's simulator — does on receipt).
 * @example
 * ```ts
 * const r = await verifyServiceMessage(JSON.parse(event.data), secret)
 * ```
 */
export async function verifyServiceMessage(
  message: unknown,
  secret: string | readonly string[],
  opts: VerifyPayloadOptions = {},
): Promise<
  | { ok: true; type: ServiceMessageType; parameterCacheId: string; timestamp: number }
  | { ok: false; reason: SignedPayloadFailureReason | 'bad_message' }
> {
  const r = await verifyPayload('verifyServiceMessage', message, secret, opts)
  if (!r.ok) return r
  const m = message as Record<string, unknown>
  if (
    !(SERVICE_MESSAGE_TYPES as readonly unknown[]).includes(m.onOfficeType) ||
    typeof m.parametercacheid !== 'string'
  )
    return { ok: false, reason: 'bad_message' }
  return {
    ok: true,
    type: m.onOfficeType as ServiceMessageType,
    parameterCacheId: m.parametercacheid,
    timestamp: r.timestamp,
  }
}
