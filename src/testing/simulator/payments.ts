/**
 * onOffice's side of a purchase (reference §4.7): verify the signed order the service iframe posted,
 * hold it while the payment dialog is open, then "take the payment" in the fake and build the signed
 * callback URL that onOffice loads in the iframe.
 */
import { signUrl, verifyOrder } from '../../marketplace/index.ts'
import type { Order } from '../../marketplace/index.ts'
import type { ResolvedSimulatorOptions } from './options.ts'
import { randomId, type SimulatorState } from './state.ts'

/** What the payment dialog shows. Prices as strings (`"25.10"`). */
export interface PaymentDialog {
  /** Id of the held order; pass it to `POST /sim/pay` or `/sim/cancel`. */
  paymentId: string
  kind: 'products' | 'abo'
  /** One line per product (for an abo: one line, the monthly service). */
  items: Array<{ name: string; price: string; quantity: string; circleofusers: string }>
  /** `totalprice` of products, or the monthly costs of an abo (first month charged now). */
  total: string
  abo?: {
    durationinmonth: string
    noticeperiod: string
    automaticrenewal: string
    monthlycosts: string
  }
  callbackUrl: string
}

/** The outcome the dialog simulates: card payment, SEPA direct debit pending, or a failed payment. */
export type PaymentOutcome = 'success' | 'inprocess' | 'error'

export type PaymentResultBody =
  | {
      ok: true
      status: PaymentOutcome
      callbackUrl: string
      transactionId?: string
      aboId?: string
    }
  | { ok: false; reason: 'unknown_payment' | 'bad_outcome' }

/** Why an order was refused (`verifyOrder`'s reasons, or the order is for a launch this simulator never made). */
export type OrderRejection = string

const ERROR_MESSAGE = 'Die Zahlung wurde abgelehnt (simuliert).'

function dialogOf(paymentId: string, order: Order): PaymentDialog {
  if ('abo' in order) {
    const a = order.abo
    return {
      paymentId,
      kind: 'abo',
      items: [
        {
          name: a.monthlyservicedescription,
          price: a.monthlycosts,
          quantity: '1',
          circleofusers: a.circleofusers,
        },
      ],
      total: a.monthlycosts,
      abo: {
        durationinmonth: a.durationinmonth,
        noticeperiod: a.noticeperiod,
        automaticrenewal: a.automaticrenewal,
        monthlycosts: a.monthlycosts,
      },
      callbackUrl: order.callbackurl,
    }
  }
  return {
    paymentId,
    kind: 'products',
    items: order.products.map((p) => ({
      name: p.name,
      price: p.price,
      quantity: p.quantity,
      circleofusers: p.circleofusers,
    })),
    total: order.totalprice,
    callbackUrl: order.callbackurl,
  }
}

/** Verifies a posted order against the provider secret and holds it for the payment dialog. */
export async function receiveOrder(
  opts: ResolvedSimulatorOptions,
  state: SimulatorState,
  message: unknown,
): Promise<{ ok: true; dialog: PaymentDialog } | { ok: false; reason: OrderRejection }> {
  // Orders come after the user looked at the offer for a while; onOffice's window is not documented, 1 h is lenient.
  const r = await verifyOrder(message, opts.providerSecret, { now: opts.now, maxAgeSec: 3600 })
  if (!r.ok) return { ok: false, reason: r.reason }
  const launch = state.launches.get(r.order.parametercacheid)
  if (!launch) return { ok: false, reason: 'unknown_parametercacheid' }
  const paymentId = randomId()
  state.payments.set(paymentId, { order: r.order, launch })
  return { ok: true, dialog: dialogOf(paymentId, r.order) }
}

/**
 * "Jetzt kaufen": records the transaction in the fake (not for `error`) and returns the callback URL
 * (`status`, `transactionid`, `aboid`, `referenceid`, `message`, `timestamp`, `signature`) signed with the
 * provider secret. A held order is paid once.
 */
export async function pay(
  opts: ResolvedSimulatorOptions,
  state: SimulatorState,
  paymentId: unknown,
  outcome: unknown,
): Promise<PaymentResultBody> {
  if (outcome !== 'success' && outcome !== 'inprocess' && outcome !== 'error')
    return { ok: false, reason: 'bad_outcome' }
  const held = typeof paymentId === 'string' ? state.payments.get(paymentId) : undefined
  if (!held || typeof paymentId !== 'string') return { ok: false, reason: 'unknown_payment' }
  state.payments.delete(paymentId)
  const { order, launch } = held
  const url = new URL(order.callbackurl)
  const referenceId = `SIM-${randomId().slice(0, 12).toUpperCase()}`
  const out: PaymentResultBody & { ok: true } = { ok: true, status: outcome, callbackUrl: '' }
  if (outcome === 'error') {
    url.searchParams.set('status', 'error')
    url.searchParams.set('referenceid', referenceId)
    url.searchParams.set('message', ERROR_MESSAGE)
  } else {
    const isAbo = 'abo' in order
    const tx = opts.fake.createTransaction({
      customerWebId: launch.customerWebId,
      userId: launch.userId,
      amount: isAbo ? order.abo.monthlycosts : order.totalprice,
      kind: isAbo ? 'abo' : outcome === 'inprocess' ? 'sepa' : 'payment',
      status: outcome,
    })
    state.bought.set(tx.transactionId, {
      product: isAbo
        ? order.abo.monthlyservicedescription
        : order.products.map((p) => p.name).join(', '),
      estateId: launch.estateId,
    })
    url.searchParams.set('status', outcome)
    url.searchParams.set('transactionid', tx.transactionId)
    if (tx.aboId !== undefined) url.searchParams.set('aboid', tx.aboId)
    url.searchParams.set('referenceid', referenceId)
    url.searchParams.set('message', '')
    out.transactionId = tx.transactionId
    if (tx.aboId !== undefined) out.aboId = tx.aboId
  }
  url.searchParams.delete('timestamp')
  url.searchParams.delete('signature')
  out.callbackUrl = await signUrl(url, opts.providerSecret, { now: opts.now })
  return out
}
