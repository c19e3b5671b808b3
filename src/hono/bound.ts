import type { Context } from 'hono'
import { createLedger, type KeyValue, type Ledger } from '../store/index.ts'
import type { RequestConfig, Runtime } from './runtime.ts'

/**
 * What the kit's functions outside `onOffice()` reach its runtime by: the kit object (`webhook(oo)`,
 * `callback(oo)`) and the request a middleware verified (`order(c, …)`, `serviceMessage(c, …)`, `purchases(c)`,
 * `requirePurchase()`). They are separate modules so that a bundle carries only the features it imports.
 */
const kits = new WeakMap<object, Runtime>()
/** What a middleware of the kit verified about a request; `customerWebId` for a callback bound by `order()`. */
interface BoundRequest {
  rt: Runtime
  config: RequestConfig
  customerWebId: string | undefined
}
const requests = new WeakMap<Context, BoundRequest>()

/** Remembers the runtime of a kit `onOffice()` built. */
export function bindKit(kit: object, rt: Runtime): void {
  kits.set(kit, rt)
}

/** The runtime of a kit; a `TypeError` naming `who` for anything `onOffice()` did not return. */
export function runtimeOf(kit: unknown, who: string): Runtime {
  const rt = typeof kit === 'object' && kit !== null ? kits.get(kit) : undefined
  if (rt === undefined) throw new TypeError(`${who}: pass the object onOffice() returned`)
  return rt
}

/**
 * Remembers which kit and configuration verified this request (every middleware of the kit) and, for a payment
 * callback, the customer `order()` bound it to (the callback's context type has no `customerWebId`).
 */
export function bindRequest(
  c: Context,
  rt: Runtime,
  config: RequestConfig,
  customerWebId?: string,
): void {
  requests.set(c, { rt, config, customerWebId })
}

/** What the kit's middleware bound to this request, or `undefined` for a route without one. */
export const boundRequestOf = (c: Context): BoundRequest | undefined => requests.get(c)

/** The kit and configuration that verified this request; a `TypeError` naming `who` and `behind` otherwise. */
export function requestOf(c: Context, who: string, behind: string): BoundRequest {
  const bound = typeof c === 'object' && c !== null ? requests.get(c) : undefined
  if (bound === undefined) throw new TypeError(`${who}: needs a route behind ${behind}`)
  return bound
}

// Per kit (its clock) and ledger store: the ledger is built on first use, so a KV without `list` fails only then.
const ledgers = new WeakMap<Runtime, WeakMap<KeyValue, Ledger>>()

/** The purchase ledger on the configuration's `ledgerKv`. */
export function ledgerOf(rt: Runtime, config: RequestConfig): Ledger {
  let byKv = ledgers.get(rt)
  if (!byKv) ledgers.set(rt, (byKv = new WeakMap()))
  let ledger = byKv.get(config.ledgerKv)
  if (!ledger)
    byKv.set(config.ledgerKv, (ledger = createLedger(config.ledgerKv, { now: rt.statics.now })))
  return ledger
}
