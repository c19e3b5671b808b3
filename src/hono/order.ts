import type { Context } from 'hono'
import { buildOrder, OrderValidationError, signOrder } from '../marketplace/index.ts'
import type { Ledger } from '../store/index.ts'
import { publicPathOf } from '../marketplace/signed-url.ts'
import type {
  Order,
  OrderAbo,
  OrderInput,
  OrderIssue,
  OrderProduct,
  SignedOrder,
} from '../marketplace/index.ts'
import { ledgerOf, requestOf } from './bound.ts'
import type { OnOfficeSigningVars } from './env.ts'
import { parameterCacheIdOf, SIGNING_ROUTE } from './parameter-cache-id.ts'
import { withOrderRef } from './purchases.ts'
import type { RequestConfig } from './runtime.ts'

/** Product of an order, as `order()` takes it (`quantity` may be a number). */
export type OrderProductInput = Omit<OrderProduct, 'quantity'> & { quantity: string | number }
/** Subscription of an order, as `order()` takes it (`durationinmonth` may be a number). */
export type OrderAboInput = Omit<OrderAbo, 'durationinmonth'> & { durationinmonth: string | number }

/** What `order(c, …)` takes: products or a subscription, and where onOffice sends the user afterwards. */
export type OnOfficeOrderInput =
  | { products: OrderProductInput[]; callbackUrl: string; totalPrice?: string; abo?: never }
  | { abo: OrderAboInput; callbackUrl: string; products?: never; totalPrice?: never }

/**
 * What `order()` throws for an invalid order: an `OrderValidationError` (a `TypeError`; `issues` names each
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
    return Response.json(
      { error: 'invalid_order', message: this.message, issues: this.issues },
      { status: 422, headers: { 'Cache-Control': 'no-store' } },
    )
  }
}

const INPUT_KEYS = new Set(['products', 'abo', 'callbackUrl', 'totalPrice'])

const CALLBACK_RULE =
  "must be a relative path (resolved under publicUrl) or an absolute URL on publicUrl's origin"
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/

/**
 * The order's callback URL: onOffice sends the paying user there with the signed payment result, so it must
 * stay on the provider's own origin. A path is resolved under publicUrl — a root-relative `/result` keeps
 * publicUrl's mount path like every public path — and an absolute URL must have publicUrl's origin.
 * Protocol-relative (`//host/x`) and other hosts or schemes are refused.
 */
function callbackUrlOf(value: string, publicUrl: string): string {
  const base = new URL(`${publicUrl}/`)
  const fail = (why: string) =>
    new OnOfficeOrderError([{ path: 'callbackUrl', message: `${CALLBACK_RULE}: ${why}` }])
  // The URL parser drops tabs and newlines and reads '\\' as '/': check the text it will actually see.
  const text = value.replace(/[\t\n\r]/g, '')
  let url: URL
  try {
    if (SCHEME.test(text)) url = new URL(text)
    else if (/^[\\/]{2}/.test(text))
      throw fail('a protocol-relative URL (//host/…) would leave publicUrl')
    else if (/^[\\/]/.test(text)) {
      const rooted = new URL(text, base.origin)
      url = new URL(
        `${publicPathOf(rooted.pathname, base.pathname)}${rooted.search}${rooted.hash}`,
        base.origin,
      )
    } else url = new URL(text, base)
  } catch (err) {
    if (err instanceof OnOfficeOrderError) throw err
    throw fail('it is not a URL')
  }
  if (url.origin !== base.origin)
    throw fail('another origin (host, port or scheme) than publicUrl is refused')
  return url.toString()
}

const orderError = (err: OrderValidationError) =>
  new OnOfficeOrderError(
    err.issues.map((i) => ({
      ...i,
      path:
        i.path === 'callbackurl' ? 'callbackUrl' : i.path === 'totalprice' ? 'totalPrice' : i.path,
    })),
  )

/**
 * Signs an order for the current launch (its `parameterCacheId`) with the first provider secret. A valid order
 * is first recorded in the ledger and its callback URL bound to it (`ooref`, inside what onOffice signs).
 */
async function signOrderFor(
  c: OnOfficeSigningVars,
  config: RequestConfig,
  now: () => number,
  input: OnOfficeOrderInput,
  ledger: Ledger,
): Promise<SignedOrder> {
  const parametercacheid = parameterCacheIdOf(c, 'order()')
  if (!input || typeof input !== 'object')
    throw new OnOfficeOrderError([
      { path: '', message: 'order(): pass { products | abo, callbackUrl }' },
    ])
  const unknown = Object.keys(input).filter((k) => !INPUT_KEYS.has(k))
  if (unknown.length > 0)
    throw new OnOfficeOrderError([
      {
        path: '',
        message: `has unknown field(s) ${unknown.join(', ')} (order() takes products | abo, callbackUrl, totalPrice)`,
      },
    ])
  if (typeof input.callbackUrl !== 'string' || input.callbackUrl === '')
    throw new OnOfficeOrderError([
      {
        path: 'callbackUrl',
        message: 'is required (where onOffice sends the user after the payment)',
      },
    ])
  const callbackurl = callbackUrlOf(input.callbackUrl, config.publicUrl)
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
  let built: Order
  try {
    built = buildOrder(order as OrderInput)
  } catch (err) {
    if (err instanceof OrderValidationError) throw orderError(err)
    throw err
  }
  // parameterCacheIdOf checked the kind: a launch or a session, with its verified customer and user.
  const { customerWebId, userId } = c.var.onoffice
  // Recorded before it is signed: a callback can only ever name an order the ledger already has.
  const recorded = await ledger.recordOrder({
    customerWebId,
    userId,
    parameterCacheId: parametercacheid,
    ...('abo' in built
      ? { abo: built.abo }
      : { products: built.products, total: built.totalprice }),
  })
  try {
    return await signOrder(
      {
        ...built,
        callbackurl: withOrderRef(built.callbackurl, customerWebId, recorded.orderId),
      } as OrderInput,
      secret,
      { now },
    )
  } catch (err) {
    if (err instanceof OrderValidationError) throw orderError(err)
    throw err
  }
}

/**
 * Signs an order on the server for the current launch/session (its `parameterCacheId`) with the provider
 * secret; the order is recorded in the purchase ledger and its callback URL bound to it (`ooref`). In the
 * iframe, `onOffice.postOrder(order)` (the browser helper, `/onoffice.js`) posts it to `window.parent`. An
 * invalid order throws `OnOfficeOrderError` (an `OrderValidationError`/`TypeError` whose `issues` name each
 * field and rule); uncaught, Hono answers it with `422 { error: 'invalid_order', issues }`. A route without
 * `parameterCacheId` throws a `TypeError`. `callbackUrl` is a path resolved under `publicUrl` (`'paid'` and
 * `'/paid'` both become `{publicUrl}/paid`, so a mount path a proxy strips is kept) or an absolute URL on
 * `publicUrl`'s origin; protocol-relative (`//host/x`) or foreign URLs throw `OnOfficeOrderError`. Only a context
 * behind `launch()` or `session()` type-checks.
 * @example
 * ```ts
 * app.post('/service/api/buy', oo.session(), async (c) =>
 *   c.json(await order(c, { products: [{ name: 'Premium', price: '19.90', quantity: 1, circleofusers: 'customer' }], callbackUrl: '/paid' })))
 * ```
 */
export async function order<C extends Context>(
  c: C & OnOfficeSigningVars,
  input: OnOfficeOrderInput,
): Promise<SignedOrder> {
  const { rt, config } = requestOf(c, 'order()', SIGNING_ROUTE)
  return signOrderFor(c, config, rt.statics.now, input, ledgerOf(rt, config))
}
