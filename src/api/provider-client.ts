/** `createProviderClient`: the provider's own API user in its provider client ("Anbietermandant"). */
import { Batcher } from './batcher.ts'
import { clientOver, fieldDepsOf, type OnOfficeClient } from './client.ts'
import { OnOfficeResponseError } from './errors.ts'
import { PAYMENT_LINK_HINTS, REFUND_HINTS, withCommerceHints } from './resources/commerce-hints.ts'
import { firstElements } from './resources/caller.ts'
import { resolveOptions } from './options.ts'
import type { ClientOptions } from './types.ts'

/** A client for the provider's own API user, with the calls only that user may make. */
export interface ProviderClient extends OnOfficeClient {
  /**
   * Refunds a payment (`do`/`transactionRefund`). onOffice refuses (error 210) a SEPA payment still
   * `inprocess`, a SEPA payment younger than 7 days, or one already refunded (the hint says which); 205 a
   * transaction of another provider; 240 when called with a customer's marketplace API user.
   */
  refundTransaction(transactionId: string | number): Promise<void>
  /**
   * Creates a link for a subsequent payment (`do`/`subsequentPaymentLink`). `priceNet` is a string with a
   * dot and two decimals, e.g. `"1100.50"` (checked here, a `TypeError`; onOffice would answer error 214).
   * Returns the payment URL and whether onOffice mailed it to the customer.
   */
  subsequentPaymentLink(p: {
    transactionId: string | number
    priceNet: string
    description: string
    sendMailToCustomer: boolean
  }): Promise<{
    url: string
    mailSent: boolean
  }>
}

const PRICE = /^\d+\.\d{2}$/

/**
 * Creates the client of the provider's own API user (no claim: these calls run in the provider client,
 * not in a customer installation). Same options and defaults as `createClient`.
 * @example
 * ```ts
 * const provider = createProviderClient({ token: env.PROVIDER_TOKEN, secret: env.PROVIDER_SECRET })
 * const { url } = await provider.subsequentPaymentLink({ transactionId: '1100135697', priceNet: '1100.50', description: 'Extra photos', sendMailToCustomer: true })
 * ```
 */
export function createProviderClient(options: Omit<ClientOptions, 'claim'>): ProviderClient {
  const resolved = resolveOptions(options, 'createProviderClient')
  const client = clientOver(
    new Batcher(resolved),
    { claim: undefined, userId: undefined },
    fieldDepsOf(options, resolved.token, resolved.now, 'createProviderClient'),
  )
  return {
    ...client,
    async refundTransaction(transactionId) {
      if (
        !(
          (typeof transactionId === 'string' && transactionId !== '') ||
          (typeof transactionId === 'number' && Number.isFinite(transactionId))
        )
      )
        throw new TypeError('refundTransaction: transactionId is required')
      const result = await withCommerceHints(REFUND_HINTS, () =>
        client.do('transactionRefund', { transactionid: transactionId }),
      )
      const answer = firstElements(result)?.result
      if (answer !== undefined && answer !== 'success')
        throw new OnOfficeResponseError('transactionRefund did not answer success')
    },
    async subsequentPaymentLink(p) {
      if (
        !p ||
        !(
          (typeof p.transactionId === 'string' && p.transactionId !== '') ||
          typeof p.transactionId === 'number'
        )
      )
        throw new TypeError('subsequentPaymentLink: transactionId is required')
      if (typeof p.priceNet !== 'string' || !PRICE.test(p.priceNet))
        throw new TypeError(
          'subsequentPaymentLink: priceNet must be a string with a dot and two decimals, e.g. "1100.50"',
        )
      if (typeof p.description !== 'string')
        throw new TypeError('subsequentPaymentLink: description must be a string')
      const result = await withCommerceHints(PAYMENT_LINK_HINTS, () =>
        client.do('subsequentPaymentLink', {
          transactionid: String(p.transactionId),
          priceNet: p.priceNet,
          description: p.description,
          sendMailToCustomer: Boolean(p.sendMailToCustomer),
        }),
      )
      const answer = firstElements(result)?.result
      const url =
        answer && typeof answer === 'object'
          ? (answer as Record<string, unknown>).subsequentPaymentUrl
          : undefined
      if (typeof url !== 'string' || url === '')
        throw new OnOfficeResponseError(
          'subsequentPaymentLink answered without a subsequentPaymentUrl',
        )
      const sent = (answer as Record<string, unknown>).mailToCustomerSent
      return { url, mailSent: sent === true || sent === 1 || sent === '1' || sent === 'true' }
    },
  }
}
