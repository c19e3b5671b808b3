/**
 * What onOffice's commerce errors mean for the call that got them (reference §4.8). The generated table's
 * hints are generic ("the record does not exist"); for these calls the code says which argument is wrong.
 */
import { OnOfficeApiError } from '../errors.ts'

type Hint = string | ((serverMessage: string) => string)
/** Hints per error code for one call. */
export type CommerceHints = Readonly<Record<number, Hint>>

const UNKNOWN_TRANSACTION =
  'No such transaction for this customer/provider: pass the transactionid from the verified payment callback (c.var.onoffice.payment.transactionId).'
const OTHER_PROVIDER =
  "The transaction was not paid to this provider: use your own provider API user (createProviderClient with your provider client's token/secret) and a transactionid from your own payment callback."

export const INVOICE_RECIPIENT_HINTS: CommerceHints = {
  184: 'userId is not an existing, active user of this customer: pass the id of the user who paid (the userId of the launch in which the order was placed).',
  188: 'No invoice data for this user and transaction: userId must be the user who paid for transactionId (the userId of the launch in which the order was placed).',
  189: 'No such transaction for this customer: pass the transactionid from the verified payment callback (c.var.onoffice.payment.transactionId), on the client of the customer who paid.',
  190: "Without a claim the invoice recipient can be read only within 900 s after the transaction: read it right in the payment callback, or call it on client.withClaim(apiClaim) with a current claim of the paying user's launch.",
}

export const CANCEL_SUBSCRIPTION_HINTS: CommerceHints = {
  80: 'Unknown subscription for this customer: pass the aboid from the verified payment callback (c.var.onoffice.payment.aboId), on the client of the customer who subscribed.',
}

export const REFUND_HINTS: CommerceHints = {
  189: UNKNOWN_TRANSACTION,
  205: OTHER_PROVIDER,
  210: (m) =>
    /already refunded/i.test(m)
      ? 'The transaction was already refunded: nothing more to do (treat the refund as done).'
      : 'The transaction cannot be refunded in its current state: only successful payments are refundable; a SEPA payment not while it is inprocess and only 7 days after it was collected — retry later.',
}

export const PAYMENT_LINK_HINTS: CommerceHints = {
  189: UNKNOWN_TRANSACTION,
  205: OTHER_PROVIDER,
}

/** Runs a call; an `OnOfficeApiError` with a code in `hints` is rethrown with the call-specific hint. */
export async function withCommerceHints<T>(
  hints: CommerceHints,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (!(err instanceof OnOfficeApiError)) throw err
    const hint = hints[err.errorCode]
    if (hint === undefined) throw err
    throw new OnOfficeApiError({
      errorCode: err.errorCode,
      serverMessage: err.serverMessage,
      hint: typeof hint === 'string' ? hint : hint(err.serverMessage),
      ...(err.actionIndex !== undefined ? { actionIndex: err.actionIndex } : {}),
      ...(err.resourcetype !== undefined ? { resourcetype: err.resourcetype } : {}),
    })
  }
}
