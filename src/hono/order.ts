import type { Context } from 'hono'
import { signOrder } from '../marketplace/index.ts'
import type { OrderAbo, OrderProduct, SignedOrder } from '../marketplace/index.ts'
import type { RequestConfig } from './runtime.ts'

/** Product of an order, as `order()` takes it (`quantity` may be a number). */
export type OrderProductInput = Omit<OrderProduct, 'quantity'> & { quantity: string | number }
/** Subscription of an order, as `order()` takes it (`durationinmonth` may be a number). */
export type OrderAboInput = Omit<OrderAbo, 'durationinmonth'> & { durationinmonth: string | number }

/** What `oo.order(c, …)` takes: products or a subscription, and where onOffice sends the user afterwards. */
export type OnOfficeOrderInput =
  | { products: OrderProductInput[]; callbackUrl: string; totalPrice?: string; abo?: never }
  | { abo: OrderAboInput; callbackUrl: string; products?: never; totalPrice?: never }

/** Signs an order for the current launch (its `parameterCacheId`) with the first provider secret. */
export async function signOrderFor(c: Context, config: RequestConfig, now: () => number, input: OnOfficeOrderInput): Promise<SignedOrder> {
  const ctx = (c.var as { onoffice?: { parameterCacheId?: string | null } }).onoffice
  const parametercacheid = ctx?.parameterCacheId
  if (!parametercacheid) {
    throw new TypeError('order(): needs a route behind launch() or session() whose service URL carried parameterCacheId')
  }
  // A relative callback URL is resolved against publicUrl, never against the request's Host.
  const callbackurl = new URL(input.callbackUrl, `${config.publicUrl}/`).toString()
  const order = input.abo
    ? { parametercacheid, callbackurl, abo: input.abo }
    : { parametercacheid, callbackurl, products: input.products, ...(input.totalPrice !== undefined ? { totalprice: input.totalPrice } : {}) }
  const secret = config.providerSecrets[0]
  if (secret === undefined) throw new TypeError('order(): no provider secret configured')
  return signOrder(order, secret, { now })
}
