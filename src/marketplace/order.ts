/**
 * Orders a provider's iframe posts to onOffice's checkout (reference §4.7): one-off `products` or a
 * subscription `abo`, validated, total computed in exact cents, then signed on the server
 * (signed-payload.ts: recursive ksort, RFC 3986, timestamp, hex HMAC).
 */
import * as z from 'zod/mini'
import { centsToPrice, PRICE, priceToCents } from './money.ts'
import { clock, nonEmptyString } from '../core/check.ts'
import {
  signPayload,
  verifyPayload,
  type SignedPayloadFailureReason,
  type VerifyPayloadOptions,
} from './signed-payload.ts'

// Explicit types on every schema: JSR's fast type check (no slow types) needs them, and they document the shape.
type Str = z.ZodMiniString<string>
type PositiveInt = z.ZodMiniUnion<readonly [Str, z.ZodMiniNumber<number>]>
type Circle = z.ZodMiniEnum<{ '': ''; customer: 'customer'; group: 'group'; user: 'user' }>
type ProductShape = { name: Str; price: Str; quantity: PositiveInt; circleofusers: Circle }
type AboShape = {
  durationinmonth: PositiveInt
  noticeperiod: Str
  automaticrenewal: Str
  monthlycosts: Str
  monthlyservicedescription: Str
  circleofusers: Circle
}

const price: Str = z
  .string()
  .check(z.regex(PRICE, 'must be a price string with exactly two decimals, like "25.10"'))
const positiveInt: PositiveInt = z.union(
  [
    z.string().check(z.regex(/^[1-9][0-9]{0,8}$/, 'must be a positive whole number')),
    z
      .number()
      .check(
        z.refine(
          (n) => Number.isSafeInteger(n) && n > 0 && n < 1e9,
          'must be a positive whole number',
        ),
      ),
  ],
  'must be a positive whole number (string or number)',
)
const text: Str = z.string().check(z.minLength(1, 'must not be empty'))
const circleofusers: Circle = z.enum(
  ['customer', 'group', 'user', ''],
  "must be 'customer', 'group', 'user' or '' (who may use the purchase)",
)

/** One product of a one-off order. */
export const orderProductSchema: z.ZodMiniObject<ProductShape, z.core.$strict> = z.strictObject({
  name: text,
  price,
  quantity: positiveInt,
  circleofusers,
})
/** A subscription. */
export const orderAboSchema: z.ZodMiniObject<AboShape, z.core.$strict> = z.strictObject({
  durationinmonth: positiveInt,
  noticeperiod: z.string(),
  automaticrenewal: z.string(),
  monthlycosts: price,
  monthlyservicedescription: text,
  circleofusers,
})

/**
 * The order as the provider describes it (wire field names). Exactly one of `products` (non-empty)
 * or `abo`; `totalprice` only with products and, if given, must equal Σ price × quantity.
 */
export const orderSchema: z.ZodMiniObject<
  {
    parametercacheid: Str
    callbackurl: Str
    totalprice: z.ZodMiniOptional<Str>
    products: z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniObject<ProductShape, z.core.$strict>>>
    abo: z.ZodMiniOptional<z.ZodMiniObject<AboShape, z.core.$strict>>
  },
  z.core.$strict
> = z
  .strictObject({
    parametercacheid: text,
    callbackurl: z.string().check(
      z.refine((s) => {
        try {
          const u = new URL(s)
          return u.protocol === 'https:' || u.protocol === 'http:'
        } catch {
          return false
        }
      }, 'must be an absolute http(s) URL (onOffice loads it after the payment)'),
    ),
    totalprice: z.optional(price),
    products: z.optional(
      z.array(orderProductSchema).check(z.minLength(1, 'must contain at least one product')),
    ),
    abo: z.optional(orderAboSchema),
  })
  .check(
    z.superRefine((o, ctx) => {
      if ((o.products === undefined) === (o.abo === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: 'needs exactly one of products (one-off purchase) or abo (subscription)',
          input: o,
        })
      }
      if (o.abo !== undefined && o.totalprice !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['totalprice'],
          message: 'is only used with products, not with abo',
          input: o,
        })
      }
    }),
  )

/** Input accepted by {@link buildOrder} / {@link signOrder}. */
export type OrderInput = z.input<typeof orderSchema>
/** `customer` (whole client), `group`, `user` or `''`. */
export type CircleOfUsers = 'customer' | 'group' | 'user' | ''
export type OrderProduct = {
  name: string
  price: string
  quantity: string
  circleofusers: CircleOfUsers
}
export type OrderAbo = {
  durationinmonth: string
  noticeperiod: string
  automaticrenewal: string
  monthlycosts: string
  monthlyservicedescription: string
  circleofusers: CircleOfUsers
}
/** A validated, normalised order (quantities as strings, totalprice computed). */
export type Order =
  | { parametercacheid: string; callbackurl: string; products: OrderProduct[]; totalprice: string }
  | { parametercacheid: string; callbackurl: string; abo: OrderAbo }
/** A signed order: post `JSON.stringify(signed)` to `window.parent`. */
export type SignedOrder = Order & { timestamp: number; signature: string }

/** One problem with an order: where (`products[0].price`) and why. */
export interface OrderIssue {
  path: string
  message: string
}

/**
 * Thrown by {@link buildOrder} / {@link signOrder}; `issues` lists every problem. Never contains values.
 * @example
 * ```ts
 * try { buildOrder(input) } catch (e) { if (e instanceof OrderValidationError) e.issues }
 * ```
 */
export class OrderValidationError extends TypeError {
  readonly code = 'ERR_ONOFFICE_ORDER_INVALID' as const
  readonly issues: OrderIssue[]
  constructor(issues: OrderIssue[]) {
    super(
      `invalid order: ${issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ')}`,
    )
    this.name = 'OrderValidationError'
    this.issues = issues
  }
}

function pathText(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out
}

/**
 * Validates and normalises an order: quantities and durations become strings (as onOffice's sample
 * sends them), `totalprice` is computed for products (exact cents) and, if you gave one, checked.
 *
 * @throws OrderValidationError naming each field and the rule it breaks.
 * @example
 * ```ts
 * buildOrder({ parametercacheid, callbackurl: 'https://provider.example/onoffice/result?ref=42',
 *   products: [{ name: '360°-Rundgang', price: '25.10', quantity: 1, circleofusers: 'customer' }] })
 * // → { …, products: [{ …, quantity: '1' }], totalprice: '25.10' }
 * ```
 */
export function buildOrder(input: OrderInput): Order {
  const r = z.safeParse(orderSchema, input)
  if (!r.success) {
    throw new OrderValidationError(
      r.error.issues.map((i) => ({
        path: pathText(i.path),
        message:
          i.code === 'unrecognized_keys'
            ? `has unknown field(s) ${(i as { keys: string[] }).keys.join(', ')}`
            : i.message,
      })),
    )
  }
  const o = r.data
  if (o.abo) {
    return {
      parametercacheid: o.parametercacheid,
      callbackurl: o.callbackurl,
      abo: { ...o.abo, durationinmonth: String(o.abo.durationinmonth) },
    }
  }
  const products = o.products!.map((p) => ({ ...p, quantity: String(p.quantity) }))
  const total = centsToPrice(
    products.reduce((sum, p) => sum + priceToCents(p.price) * BigInt(p.quantity), 0n),
  )
  if (o.totalprice !== undefined && o.totalprice !== total) {
    throw new OrderValidationError([
      { path: 'totalprice', message: `does not match the sum of price × quantity (${total})` },
    ])
  }
  return {
    parametercacheid: o.parametercacheid,
    callbackurl: o.callbackurl,
    products,
    totalprice: total,
  }
}

/**
 * Validates ({@link buildOrder}) and signs an order on the server. The result (keys sorted, `timestamp`
 * and `signature` added) is what the iframe posts: `window.parent.postMessage(JSON.stringify(signed), '*')`.
 *
 * @param order - the order (wire field names).
 * @param secret - the provider secret.
 * @param opts - `now` (ms, default `Date.now`).
 * @example
 * ```ts
 * const signed = await signOrder({ parametercacheid, callbackurl, products: [{ name: 'Report', price: '9.90', quantity: 1, circleofusers: 'customer' }] }, secret)
 * ```
 */
export async function signOrder(
  order: OrderInput,
  secret: string,
  opts: { now?: () => number } = {},
): Promise<SignedOrder> {
  nonEmptyString('signOrder', 'secret', secret, 'the provider secret')
  const now = clock('signOrder', 'opts.now', opts.now)
  return signPayload(buildOrder(order), secret, now)
}

/**
 * Verifies a signed order (what onOffice — or the kit's simulator — does on receipt), then validates it.
 *
 * @param signed - the parsed JSON the iframe posted.
 * @param secret - the provider secret, or several (rotation).
 * @param opts - `now`, `maxAgeSec` (300), `maxFutureSec` (60).
 * @example
 * ```ts
 * const r = await verifyOrder(JSON.parse(event.data), secret)
 * if (r.ok) r.order.totalprice
 * ```
 */
export async function verifyOrder(
  signed: unknown,
  secret: string | readonly string[],
  opts: VerifyPayloadOptions = {},
): Promise<
  | { ok: true; order: Order; timestamp: number }
  | { ok: false; reason: SignedPayloadFailureReason | 'invalid_order' }
> {
  const r = await verifyPayload('verifyOrder', signed, secret, opts)
  if (!r.ok) return r
  const { timestamp: _t, signature: _s, ...rest } = signed as Record<string, unknown>
  try {
    return { ok: true, order: buildOrder(rest as OrderInput), timestamp: r.timestamp }
  } catch {
    return { ok: false, reason: 'invalid_order' }
  }
}
