/**
 * The payment callback: onOffice loads the order's `callbackurl` with signed result parameters
 * (reference §4.7). Verified exactly like any signed URL, then parsed.
 */
import * as z from 'zod/mini'
import { callbackParamsSchema } from './params.ts'
import {
  verifySignedUrlAs,
  type SignedUrlFailureReason,
  type VerifySignedUrlOptions,
} from './signed-url.ts'

/** The payment outcome. Empty parameters are left out. */
export interface PaymentResult {
  /** `success`; `inprocess` = SEPA direct debit pending (treat as placed, not yet paid); `error`. */
  status: 'success' | 'inprocess' | 'error'
  transactionId?: string
  aboId?: string
  referenceId?: string
  /** onOffice's (decoded) message, mostly for `error`. */
  message?: string
  errorCodes?: string
}

/** Result of {@link verifyCallback}. `bad_callback`: the URL is authentic but its parameters are not a callback. */
export type VerifyCallbackResult =
  | { ok: true; payment: PaymentResult; params: Record<string, string> }
  | { ok: false; reason: SignedUrlFailureReason | 'bad_callback' }

const nonEmpty = (s: string | undefined): string | undefined =>
  s === undefined || s === '' ? undefined : s

/**
 * Verifies a payment callback URL and returns the payment outcome.
 *
 * @param url - the callback URL as received (string, URL or Request).
 * @param opts - as {@link verifySignedUrl} (callbacks come after the user paid: consider a larger `maxAgeSec`).
 * @example
 * ```ts
 * const r = await verifyCallback(request, { secret, publicUrl })
 * if (r.ok && r.payment.status !== 'error') markPaid(r.payment.transactionId)
 * ```
 */
export async function verifyCallback(
  url: string | URL | Request,
  opts: VerifySignedUrlOptions,
): Promise<VerifyCallbackResult> {
  const r = await verifySignedUrlAs('verifyCallback', url, opts)
  if (!r.ok) return r
  const parsed = z.safeParse(callbackParamsSchema, r.params)
  if (!parsed.success) return { ok: false, reason: 'bad_callback' }
  const p = parsed.data
  const payment: PaymentResult = { status: p.status }
  const set = (k: keyof PaymentResult, v: string | undefined) => {
    const value = nonEmpty(v)
    if (value !== undefined) (payment as unknown as Record<string, string>)[k] = value
  }
  set('transactionId', p.transactionid)
  set('aboId', p.aboid)
  set('referenceId', p.referenceid)
  set('message', p.message)
  set('errorCodes', p.errorCodes)
  return { ok: true, payment, params: r.params }
}
