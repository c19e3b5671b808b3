import { OnOfficeResponseError } from '../errors.ts'
import { firstElements, type Call } from './caller.ts'
import {
  CANCEL_SUBSCRIPTION_HINTS,
  INVOICE_RECIPIENT_HINTS,
  withCommerceHints,
} from './commerce-hints.ts'

/** The invoice recipient of a marketplace transaction (`getMarketplaceInvoiceRecipient`). */
export interface InvoiceRecipient {
  salutation?: string
  firstname?: string
  lastname?: string
  companyname?: string
  address?: string
  zipcode?: string
  city?: string
  country?: string
  email?: string
  companyUstId?: string
  [key: string]: unknown
}

/** Marketplace calls made with the customer's API user. */
export interface MarketplaceApi {
  /** Activates the provider (`do`/`unlockProvider`) with the activation claim; throws unless onOffice answers success. */
  unlockProvider(p: { parameterCacheId: string; isRegularCustomer?: boolean }): Promise<void>
  /**
   * The paying user's invoice data (`get`/`getMarketplaceInvoiceRecipient`) — onOffice issues no invoice, the
   * provider must. Without a claim onOffice answers only within 900 s after the transaction (error 190 later):
   * read it in the payment callback, or call it on a client `withClaim(apiClaim)`. Errors (`OnOfficeApiError`,
   * with a hint naming the wrong argument): 184 unknown/inactive user, 188 not the paying user, 189 unknown
   * transaction, 190 the 900 s are over.
   * @example
   * ```ts
   * const to = await client.marketplace.invoiceRecipient({ transactionId: payment.transactionId, userId: 17 })
   * ```
   */
  invoiceRecipient(p: {
    transactionId: string | number
    userId: string | number
  }): Promise<InvoiceRecipient>
  /**
   * Cancels a subscription (`do`/`marketplaceCancelAbo`): no debits from `cancelationDate` (YYYY-MM-DD, checked
   * here: a `TypeError`) on. Customers cannot cancel inside onOffice — the provider must. Error 80: unknown `aboId`.
   * @example
   * ```ts
   * await client.marketplace.cancelSubscription({ aboId: payment.aboId, cancelationDate: '2026-06-30' })
   * ```
   */
  cancelSubscription(p: { aboId: string; cancelationDate: string }): Promise<void>
}

/** `true` for a real calendar date `YYYY-MM-DD`. */
function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

const nonEmpty = (v: unknown): v is string | number =>
  (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v))

/** @internal `do`/`unlockProvider` over a bare `call` (what `client.marketplace.unlockProvider` runs). */
export async function unlockProvider(
  call: Call,
  p: { parameterCacheId: string; isRegularCustomer?: boolean },
): Promise<void> {
  if (!p || typeof p.parameterCacheId !== 'string' || p.parameterCacheId === '')
    throw new TypeError(
      'marketplace.unlockProvider: parameterCacheId (from the activation URL) is required',
    )
  const parameters: Record<string, unknown> = { parameterCacheId: p.parameterCacheId }
  if (p.isRegularCustomer !== undefined) parameters.isRegularCustomer = p.isRegularCustomer ? 1 : 0
  const result = await call({ kind: 'do', resourcetype: 'unlockProvider', parameters })
  if (firstElements(result)?.success !== 'success')
    throw new OnOfficeResponseError(
      'unlockProvider did not answer success: the provider is not activated',
    )
}

export function marketplaceApi(call: Call): MarketplaceApi {
  return {
    unlockProvider: (p) => unlockProvider(call, p),
    async invoiceRecipient(p) {
      if (!p || !nonEmpty(p.transactionId) || !nonEmpty(p.userId))
        throw new TypeError(
          'marketplace.invoiceRecipient: transactionId and userId (the paying user) are required',
        )
      const result = await withCommerceHints(INVOICE_RECIPIENT_HINTS, () =>
        call({
          kind: 'get',
          resourcetype: 'getMarketplaceInvoiceRecipient',
          parameters: { transactionid: p.transactionId, userid: p.userId },
        }),
      )
      const elements = firstElements(result)
      if (!elements)
        throw new OnOfficeResponseError('getMarketplaceInvoiceRecipient answered without a record')
      return elements as InvoiceRecipient
    },
    async cancelSubscription(p) {
      if (!p || typeof p.aboId !== 'string' || p.aboId === '')
        throw new TypeError('marketplace.cancelSubscription: aboId is required')
      if (!isIsoDate(p.cancelationDate))
        throw new TypeError(
          'marketplace.cancelSubscription: cancelationDate must be a calendar date YYYY-MM-DD',
        )
      const result = await withCommerceHints(CANCEL_SUBSCRIPTION_HINTS, () =>
        call({
          kind: 'do',
          resourcetype: 'marketplaceCancelAbo',
          parameters: { aboid: p.aboId, cancelationDate: p.cancelationDate },
        }),
      )
      const answer = firstElements(result)?.result
      if (answer !== undefined && answer !== 'success')
        throw new OnOfficeResponseError('marketplaceCancelAbo did not answer success')
    },
  }
}
