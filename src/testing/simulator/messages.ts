/**
 * What the provider's iframe posts to onOffice (`window.parent.postMessage(…, '*')`): the string `active`
 * after an activation, or a JSON string — a signed order (`products`/`abo`) or a signed service message
 * (`onOfficeType`). The host page forwards each message here; the provider secret stays on the server.
 */
import { verifyServiceMessage } from '../../marketplace/index.ts'
import type { ServiceMessageType } from '../../marketplace/index.ts'
import type { ResolvedSimulatorOptions } from './options.ts'
import { receiveOrder, type PaymentDialog } from './payments.ts'
import type { SimulatorState } from './state.ts'

/** What the host page does with a service message. */
export type ServiceAction = 'refresh' | 'refreshAndClose' | 'close'

/** Answer of `POST /sim/message`. */
export type MessageResult =
  | { kind: 'active'; activated: boolean }
  | { kind: 'order'; ok: true; dialog: PaymentDialog }
  | { kind: 'order'; ok: false; reason: string }
  | { kind: 'service'; ok: true; type: ServiceMessageType; action: ServiceAction }
  | { kind: 'service'; ok: false; reason: string; type?: string }
  | { kind: 'unknown' }

const ACTIONS: Record<ServiceMessageType, ServiceAction> = {
  'onOffice.service.refreshParent': 'refresh',
  'onOffice.service.refreshParentAndClose': 'refreshAndClose',
  'onOffice.service.closeProviderWindow': 'close',
}

function parse(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return undefined
  }
}

/** Classifies and verifies one message posted by the provider's iframe. */
export async function handleMessage(
  opts: ResolvedSimulatorOptions,
  state: SimulatorState,
  data: unknown,
): Promise<MessageResult> {
  // MPEX strips single quotes from the server's answer before posting it; accept both spellings.
  if (typeof data === 'string' && data.trim().replace(/^'(.*)'$/, '$1') === 'active') {
    return { kind: 'active', activated: opts.fake.isActivated(opts.customer.customerWebId) }
  }
  const message = parse(data)
  if (message === null || typeof message !== 'object' || Array.isArray(message))
    return { kind: 'unknown' }
  const m = message as Record<string, unknown>
  if ('onOfficeType' in m) {
    const r = await verifyServiceMessage(m, opts.providerSecret, { now: opts.now, maxAgeSec: 3600 })
    const type = typeof m.onOfficeType === 'string' ? m.onOfficeType : undefined
    if (!r.ok)
      return {
        kind: 'service',
        ok: false,
        reason: r.reason,
        ...(type !== undefined ? { type } : {}),
      }
    if (!state.launches.has(r.parameterCacheId))
      return { kind: 'service', ok: false, reason: 'unknown_parametercacheid', type: r.type }
    return { kind: 'service', ok: true, type: r.type, action: ACTIONS[r.type] }
  }
  if ('products' in m || 'abo' in m) {
    const r = await receiveOrder(opts, state, m)
    return r.ok
      ? { kind: 'order', ok: true, dialog: r.dialog }
      : { kind: 'order', ok: false, reason: r.reason }
  }
  return { kind: 'unknown' }
}
