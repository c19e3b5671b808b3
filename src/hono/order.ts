import type { Context } from 'hono'
import { OrderValidationError, signOrder } from '../marketplace/index.ts'
import type { OrderAbo, OrderInput, OrderIssue, OrderProduct, SignedOrder } from '../marketplace/index.ts'
import { parameterCacheIdOf } from './parameter-cache-id.ts'
import type { RequestConfig } from './runtime.ts'

/** Product of an order, as `order()` takes it (`quantity` may be a number). */
export type OrderProductInput = Omit<OrderProduct, 'quantity'> & { quantity: string | number }
/** Subscription of an order, as `order()` takes it (`durationinmonth` may be a number). */
export type OrderAboInput = Omit<OrderAbo, 'durationinmonth'> & { durationinmonth: string | number }

/** What `oo.order(c, …)` takes: products or a subscription, and where onOffice sends the user afterwards. */
export type OnOfficeOrderInput =
  | { products: OrderProductInput[]; callbackUrl: string; totalPrice?: string; abo?: never }
  | { abo: OrderAboInput; callbackUrl: string; products?: never; totalPrice?: never }

/**
 * What `oo.order()` throws for an invalid order: an `OrderValidationError` (a `TypeError`; `issues` names each
 * field — `products[0].price` — and the rule it breaks, never a value) that Hono answers with
 * `422 { error: 'invalid_order', message, issues }` when your route does not catch it.
 */
export class OnOfficeOrderError extends OrderValidationError {
  readonly status = 422
  constructor(issues: OrderIssue[]) {
    super(issues)
    this.name = 'OnOfficeOrderError'
  }
  /** The 422 response (used by Hono's error handling through `getResponse`, like an `HTTPException`). */
  getResponse(): Response {
    return Response.json({ error: 'invalid_order', message: this.message, issues: this.issues }, { status: 422, headers: { 'Cache-Control': 'no-store' } })
  }
}

const INPUT_KEYS = new Set(['products', 'abo', 'callbackUrl', 'totalPrice'])

/** Signs an order for the current launch (its `parameterCacheId`) with the first provider secret. */
export async function signOrderFor(c: Context, config: RequestConfig, now: () => number, input: OnOfficeOrderInput): Promise<SignedOrder> {
  const parametercacheid = parameterCacheIdOf(c, 'order()')
  if (!input || typeof input !== 'object') throw new OnOfficeOrderError([{ path: '', message: 'order(): pass { products | abo, callbackUrl }' }])
  const unknown = Object.keys(input).filter((k) => !INPUT_KEYS.has(k))
  if (unknown.length > 0) throw new OnOfficeOrderError([{ path: '', message: `has unknown field(s) ${unknown.join(', ')} (order() takes products | abo, callbackUrl, totalPrice)` }])
  if (typeof input.callbackUrl !== 'string' || input.callbackUrl === '') throw new OnOfficeOrderError([{ path: 'callbackUrl', message: 'is required (where onOffice sends the user after the payment)' }])
  // A relative callback URL is resolved against publicUrl, never against the request's Host.
  let callbackurl: string
  try {
    callbackurl = new URL(input.callbackUrl, `${config.publicUrl}/`).toString()
  } catch {
    throw new OnOfficeOrderError([{ path: 'callbackUrl', message: 'must be a URL (absolute, or a path resolved against publicUrl)' }])
  }
  // Both are passed on when both are given, so the schema's "exactly one of products or abo" rejects it.
  const order = {
    parametercacheid,
    callbackurl,
    ...(input.products !== undefined ? { products: input.products } : {}),
    ...(input.abo !== undefined ? { abo: input.abo } : {}),
    ...(input.totalPrice !== undefined ? { totalprice: input.totalPrice } : {}),
  }
  const secret = config.providerSecrets[0]
  if (secret === undefined) throw new TypeError('order(): no provider secret configured')
  try {
    return await signOrder(order as OrderInput, secret, { now })
  } catch (err) {
    if (err instanceof OrderValidationError) throw new OnOfficeOrderError(err.issues.map((i) => ({ ...i, path: i.path === 'callbackurl' ? 'callbackUrl' : i.path === 'totalprice' ? 'totalPrice' : i.path })))
    throw err
  }
}
