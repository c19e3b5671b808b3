import { FakeActionError } from '../action-error.ts'
import type { FakeTransaction } from '../types.ts'
import type { ActionContext, ActionOutput } from './context.ts'

/** Without a claim the invoice recipient can be read only this long after the transaction. */
export const INVOICE_WINDOW_MS = 900_000
const SEPA_REFUND_DELAY_MS = 7 * 24 * 3600 * 1000
const PRICE = /^\d+(\.\d{1,2})?$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

function required(ctx: ActionContext, name: string): unknown {
  const v = ctx.parameters[name]
  if (v === undefined || v === null || v === '') throw new FakeActionError(167, name)
  return v
}

function success(): ActionOutput {
  return { cntabsolute: null, records: [{ id: 0, type: '', elements: { result: 'success' } }] }
}

/** Refund and payment link are for the provider's own API user only. */
function assertProvider(ctx: ActionContext): void {
  if (ctx.user.kind === 'marketplace') throw new FakeActionError(240)
  if (ctx.user.kind !== 'provider') throw new FakeActionError(156)
}

/** The provider's transaction: unknown 189, another provider's 205. */
function providerTransaction(ctx: ActionContext): FakeTransaction {
  const id = String(required(ctx, 'transactionid'))
  const tx = ctx.state.transactions.get(id)
  if (!tx) throw new FakeActionError(189)
  if (tx.providerId !== ctx.user.providerId) throw new FakeActionError(205, id)
  return tx
}

/**
 * get/getMarketplaceInvoiceRecipient: `transactionid`, `userid` (the paying user). Unknown
 * transaction (or another customer's) 189, unknown/inactive user 184, not the paying user 188;
 * without a claim only within 900 s of the transaction, else 190.
 */
export function invoiceRecipient(ctx: ActionContext): ActionOutput {
  const transactionid = String(required(ctx, 'transactionid'))
  const userid = required(ctx, 'userid')
  if (!/^\d+$/.test(String(userid))) throw new FakeActionError(186)
  const tx = ctx.state.transactions.get(transactionid)
  if (!tx || tx.customerWebId !== ctx.user.customerWebId) throw new FakeActionError(189)
  const person = ctx.state.people.get(Number(userid))
  if (!person || !person.active) throw new FakeActionError(184)
  if (String(Number(userid)) !== tx.userId) throw new FakeActionError(188)
  if (!ctx.claim && ctx.now - tx.createdAt > INVOICE_WINDOW_MS) throw new FakeActionError(190)
  const f = person.fields
  return {
    cntabsolute: 1,
    records: [
      {
        id: Number(transactionid),
        type: '',
        elements: {
          salutation: f.Anrede ?? '',
          firstname: f.Vorname ?? '',
          lastname: f.Nachname ?? '',
          companyname: f.Firma ?? '',
          address: f.Strasse ?? '',
          zipcode: f.Plz ?? '',
          city: f.Ort ?? '',
          country: f.Land ?? '',
          email: f.email ?? '',
          companyUstId: f.UstId ?? '',
        },
      },
    ],
  }
}

/** do/marketplaceCancelAbo: `aboid` of the customer's subscription (else 80), `cancelationDate` `YYYY-MM-DD` (else 122). */
export function cancelAbo(ctx: ActionContext): ActionOutput {
  const aboid = String(required(ctx, 'aboid'))
  const date = String(required(ctx, 'cancelationDate'))
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw new FakeActionError(122)
  const tx = [...ctx.state.transactions.values()].find(
    (t) => t.aboId === aboid && t.customerWebId === ctx.user.customerWebId,
  )
  if (!tx) throw new FakeActionError(80)
  tx.canceledFrom = date
  return success()
}

/**
 * do/transactionRefund (provider user): payments only; SEPA not while `inprocess` and only 7 days
 * after the payment; twice → 210 "already refunded".
 */
export function refund(ctx: ActionContext): ActionOutput {
  assertProvider(ctx)
  const tx = providerTransaction(ctx)
  if (tx.refunded) throw new FakeActionError(210, 'already refunded')
  const sepaTooEarly = tx.kind === 'sepa' && ctx.now - tx.createdAt < SEPA_REFUND_DELAY_MS
  if (tx.kind === 'abo' || tx.status !== 'success' || sepaTooEarly)
    throw new FakeActionError(210, 'state not correct')
  tx.refunded = true
  return success()
}

/** do/subsequentPaymentLink (provider user): `priceNet` like `1100.50` (else 214), `description`, `sendMailToCustomer`. */
export function subsequentPaymentLink(ctx: ActionContext): ActionOutput {
  assertProvider(ctx)
  const priceNet = ctx.parameters.priceNet
  if (typeof priceNet !== 'string' || !PRICE.test(priceNet)) throw new FakeActionError(214)
  const tx = providerTransaction(ctx)
  const description = String(required(ctx, 'description'))
  const mail = ctx.parameters.sendMailToCustomer
  const mailSent = mail === true || mail === 1 || mail === '1' || mail === 'true'
  const url = `${ctx.state.origin.replace('//api.', '//smart.')}/smart/payment/subsequent/${crypto.randomUUID()}`
  tx.subsequentPayments.push({ priceNet, description, url, mailSent })
  return {
    cntabsolute: null,
    records: [
      {
        id: 0,
        type: '',
        elements: { result: { subsequentPaymentUrl: url, mailToCustomerSent: mailSent } },
      },
    ],
  }
}
