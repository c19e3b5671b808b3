import type { Context, MiddlewareHandler } from 'hono'
import type { Entitlement, Ledger, Subscription, Transaction } from '../store/index.ts'
import { boundRequestOf, ledgerOf, requestOf } from './bound.ts'
import type { OnOfficeRouteVars } from './env.ts'
import { log } from './log.ts'

/**
 * The query parameter `order()` adds to the callback URL: `{orderId}.{customerWebId}`. onOffice appends its
 * result to that URL and signs the whole of it, so a verified callback names its order and customer authentically
 * (the callback itself carries no `customerWebId`, reference §4.7).
 */
export const ORDER_REF_PARAM = 'ooref'

/** The callback URL with the order reference set (replacing one the provider passed). */
export function withOrderRef(callbackUrl: string, customerWebId: string, orderId: string): string {
  const url = new URL(callbackUrl)
  url.searchParams.set(ORDER_REF_PARAM, `${orderId}.${customerWebId}`)
  return url.toString()
}

/** The `{ orderId, customerWebId }` of a verified callback's `ooref`, or `undefined` when it has none or a malformed one. */
export function orderRefOf(
  params: Readonly<Record<string, string>>,
): { orderId: string; customerWebId: string } | undefined {
  const ref = params[ORDER_REF_PARAM]
  if (typeof ref !== 'string') return undefined
  const dot = ref.indexOf('.')
  // The ledger's order ids are hex: the first dot ends it, the rest is the customer (which may contain dots).
  if (dot <= 0 || dot === ref.length - 1) return undefined
  return { orderId: ref.slice(0, dot), customerWebId: ref.slice(dot + 1) }
}

/** The verified customer of this request — `c.var.onoffice.customerWebId`, or a bound callback's — or `undefined`. */
function customerOf(c: Context): string | undefined {
  const id = (c.var as { onoffice?: { customerWebId?: unknown } }).onoffice?.customerWebId
  if (typeof id === 'string' && id !== '') return id
  return boundRequestOf(c)?.customerWebId
}

/**
 * The ledger scoped to one customer: what `purchases(c)` returns. Every method rejects when the store fails.
 */
export interface CustomerPurchases {
  /** The customer (`customerWebId`) the view is scoped to. */
  readonly customerWebId: string
  /** Every transaction of the customer, oldest first, with each status transition and the bound order. */
  list(): Promise<Transaction[]>
  /** One transaction of this customer, or `null` (also for another customer's). */
  get(transactionId: string): Promise<Transaction | null>
  /** Paid products and running subscriptions; a SEPA `inprocess` payment is pending, not paid. */
  entitlements(): Promise<Entitlement[]>
  /** Whether `product` (a product `name` or a subscription's `monthlyservicedescription`) is paid or running. */
  has(product: string): Promise<boolean>
  /** The running subscriptions (`aboId`s to cancel with `marketplaceCancelAbo` when the customer leaves). */
  subscriptions(): Promise<Subscription[]>
  /**
   * Records a refund of this customer's transaction after `transactionRefund` (the provider client) succeeded:
   * its entitlement ends. `null` when the transaction is not this customer's.
   */
  recordRefund(transactionId: string): Promise<Transaction | null>
  /** Records a cancellation after `marketplaceCancelAbo` succeeded: the subscription ends on `cancelationDate` (`YYYY-MM-DD`). */
  recordCancellation(aboId: string, cancelationDate: string): Promise<void>
}

/** The {@link CustomerPurchases} of the request's verified customer; a `TypeError` on a route without one. */
function purchasesOf(c: Context, openLedger: () => Promise<Ledger>): CustomerPurchases {
  const customerWebId = customerOf(c)
  if (customerWebId === undefined) {
    throw new TypeError(
      'purchases(): needs a route behind launch(), session(), webhook() or a callback() of an order signed by order()',
    )
  }
  return {
    customerWebId,
    list: async () => (await openLedger()).list(customerWebId),
    async get(transactionId) {
      const t = await (await openLedger()).get(transactionId)
      return t !== null && t.customerWebId === customerWebId ? t : null
    },
    entitlements: async () => (await openLedger()).entitlements(customerWebId),
    has: async (product) => (await openLedger()).has(customerWebId, product),
    subscriptions: async () => (await openLedger()).subscriptions(customerWebId),
    recordRefund: async (transactionId) =>
      (await openLedger()).recordRefund(customerWebId, transactionId),
    recordCancellation: async (aboId, cancelationDate) =>
      (await openLedger()).recordCancellation(customerWebId, aboId, cancelationDate),
  }
}

const BEHIND = 'launch(), session(), webhook() or callback()'

/** The ledger of the kit that verified this request. */
const requestLedger = async (c: Context): Promise<Ledger> => {
  const { rt, config } = requestOf(c, 'purchases()', BEHIND)
  return ledgerOf(rt, config)
}

/**
 * The purchase ledger (on `ledgerKv`) scoped to the request's verified customer: `list()`, `get(transactionId)`,
 * `entitlements()`, `has(product)`, `subscriptions()`. `order()` records each order and binds its callback URL
 * to it (`ooref`); `callback()` records every status transition (`inprocess` → `success` | `error`, `aboid`, the
 * raw signed values) before your handler runs. A paid product or a running subscription is an entitlement, a
 * SEPA `inprocess` one is pending. Works behind `launch()`, `session()`, `webhook()` and the `callback()` of an
 * order signed by `order()`; elsewhere throws a `TypeError`.
 * @example
 * ```ts
 * app.get('/service', oo.launch(), async (c) => c.text((await purchases(c).has('Premium')) ? 'Premium' : 'Basis'))
 * ```
 */
export function purchases<C extends Context>(c: C & OnOfficeRouteVars): CustomerPurchases {
  return purchasesOf(c, () => requestLedger(c))
}

/** Options of `requirePurchase()`. */
export interface RequirePurchaseOptions {
  /**
   * The response when the customer has not paid for the product (e.g. a page with the order button). Default:
   * `402 { error: 'purchase_required', product }`.
   */
  onMissing?: (c: Context, product: string) => Response | Promise<Response>
}

/**
 * Middleware behind `launch()` or `session()`: runs the route only when the customer has `product` (paid, or a
 * running subscription of that `monthlyservicedescription`), like Shopify's `billing.require`. Otherwise
 * `onMissing(c, product)` answers — default `402 { error: 'purchase_required', product }`. A failing ledger
 * store answers `503 store_unavailable`. Invalid arguments throw a `TypeError` here.
 * @example
 * ```ts
 * app.get('/premium', oo.launch(), requirePurchase('Premium', { onMissing: (c) => c.redirect('/shop') }), (c) => c.text('…'))
 * ```
 */
export function requirePurchase(
  product: string,
  options: RequirePurchaseOptions = {},
): MiddlewareHandler {
  if (typeof product !== 'string' || product === '')
    throw new TypeError(
      'requirePurchase(): product must be a non-empty string (a product name or subscription description)',
    )
  if (options === null || typeof options !== 'object')
    throw new TypeError('requirePurchase(): options must be an object')
  const onMissing = options.onMissing
  if (onMissing !== undefined && typeof onMissing !== 'function')
    throw new TypeError(
      'requirePurchase(): options.onMissing must be a function (c, product) => Response',
    )
  return async function onOfficeRequirePurchase(c, next) {
    const bought = purchasesOf(c, () => requestLedger(c))
    let has: boolean
    try {
      has = await bought.has(product)
    } catch (err) {
      log('requirePurchase: ledger unavailable', err)
      throw await requestOf(c, 'requirePurchase()', BEHIND).rt.fail(c, 'store_unavailable')
    }
    if (has) return next()
    if (onMissing) return onMissing(c, product)
    return c.json({ error: 'purchase_required', product }, 402, { 'Cache-Control': 'no-store' })
  }
}
