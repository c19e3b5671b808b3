import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { OnOfficeErrorCode } from '../core/errors.ts'
import type { Lang } from './i18n.ts'
import { t } from './i18n.ts'
import { errorPage } from './pages/error.ts'
import { newNonce, pagePolicy } from './pages/layout.ts'

/** Why the kit refused a request. Stable strings: switch on them in `onError`. */
export type OnOfficeFailureReason =
  | 'bad_link' // the signed onOffice URL did not verify
  | 'expired_link' // the signed onOffice URL is too old (or from the future)
  | 'activation_expired' // the activation page's token expired
  | 'activation_invalid' // the activation token is forged, from another deployment, or not an activation token
  | 'bad_request' // the request body could not be read
  | 'body_too_large' // the request body is larger than the route accepts (POST /activate: 16 KiB)
  | 'bad_callback' // an authentic payment callback URL without a valid `status`
  | 'bad_webhook' // an authentic webhook URL whose parameters break the route's declaration (`webhook({ params })`)
  | 'payment_processing' // another delivery of this payment callback is being processed right now: reload shortly
  | 'webhook_processing' // another delivery of this webhook URL is being processed right now
  | 'api_key_missing'
  | 'api_key_length'
  | 'api_key_is_token' // the admin pasted the API token instead of the API key
  | 'api_key_chars' // the pasted key contains spaces or characters an API key never has
  | 'api_token_malformed' // onOffice's activation link carries a token that is not 32 characters
  | 'unlock_refused' // onOffice did not accept the unlock
  | 'upstream_unavailable' // onOffice could not be reached
  | 'not_activated' // no installation for this customer
  | 'blocked' // the installation was blocked in onOffice
  | 'session_missing'
  | 'session_malformed' // an `Authorization` header that is not `Bearer <token>` (400, like Hono's bearerAuth)
  | 'session_expired'
  | 'session_invalid'
  | 'claim_expired' // onOffice answered 193/201/248: the user must open the service again
  | 'store_unavailable' // the KV failed
  | 'misconfigured' // a (dynamic) option is invalid, or a record cannot be opened with the configured keys
  | 'internal'

/** A failure as the kit reports it to `onError`. Contains no secret. */
export interface OnOfficeFailure {
  reason: OnOfficeFailureReason
  status: ContentfulStatusCode
  /** Localised, user-facing text (what failed, what to do). */
  message: string
  /** `true` for 401s: the client must open the service again from onOffice (`X-OnOffice-Relaunch: 1`). */
  relaunch: boolean
  lang: Lang
  /** Whether the kit would answer with HTML (a document request) rather than JSON (a fetch). */
  document: boolean
  /** Seconds after which the same request should be repeated (`payment_processing`: the page reloads itself). */
  retryAfterSec?: number
}

/** Seconds a `payment_processing` / `webhook_processing` answer asks the sender to wait before it repeats. */
export const PAYMENT_RETRY_SEC = 3

const STATUS: Record<OnOfficeFailureReason, ContentfulStatusCode> = {
  bad_link: 403,
  expired_link: 403,
  activation_expired: 410,
  activation_invalid: 403,
  bad_request: 400,
  body_too_large: 413,
  bad_callback: 400,
  bad_webhook: 400,
  payment_processing: 409,
  webhook_processing: 409,
  api_key_missing: 422,
  api_key_length: 422,
  api_key_is_token: 422,
  api_key_chars: 422,
  api_token_malformed: 400,
  unlock_refused: 403,
  upstream_unavailable: 502,
  not_activated: 409,
  blocked: 409,
  session_missing: 401,
  session_malformed: 400,
  session_expired: 401,
  session_invalid: 401,
  claim_expired: 401,
  store_unavailable: 503,
  misconfigured: 500,
  internal: 500,
}

const MESSAGES: Record<Lang, Record<OnOfficeFailureReason, string>> = {
  de: {
    bad_link:
      'Dieser Link ist ungültig (Signatur nicht korrekt). Bitte öffnen Sie den Dienst erneut aus onOffice.',
    expired_link: 'Dieser Link ist abgelaufen. Bitte öffnen Sie den Dienst erneut aus onOffice.',
    activation_expired:
      'Die Freischaltungsseite ist abgelaufen. Bitte starten Sie die Freischaltung in onOffice erneut.',
    activation_invalid:
      'Die Freischaltungsseite ist ungültig. Bitte starten Sie die Freischaltung in onOffice erneut.',
    bad_request: 'Die Anfrage konnte nicht gelesen werden. Bitte laden Sie die Seite neu.',
    body_too_large:
      'Die Anfrage ist zu groß. Bitte laden Sie die Seite neu und fügen Sie nur den API-Key ein.',
    bad_callback:
      'Die Rückmeldung zur Zahlung ist unvollständig. Bitte wenden Sie sich an den Anbieter.',
    bad_webhook:
      'Die Parameter des Webhooks passen nicht zu seiner Registrierung. Bitte wenden Sie sich an den Anbieter.',
    payment_processing:
      'Ihre Zahlung wird gerade verarbeitet. Diese Seite lädt sich in wenigen Sekunden neu.',
    webhook_processing:
      'Diese Benachrichtigung wird gerade verarbeitet. Bitte in wenigen Sekunden erneut senden.',
    api_key_missing: 'Bitte kopieren Sie den API-Key aus onOffice in das Feld.',
    api_key_length:
      'Der API-Key muss genau 64 Zeichen lang sein (zu kurz oder zu lang). Bitte kopieren Sie ihn vollständig aus onOffice.',
    api_key_is_token:
      'Das ist der API-Token (32 Zeichen), nicht der API-Key. Bitte kopieren Sie den 64 Zeichen langen API-Key aus onOffice.',
    api_key_chars:
      'Der API-Key enthält Leerzeichen oder Zeichen, die in einem API-Key nicht vorkommen. Bitte kopieren Sie nur den Key aus onOffice.',
    api_token_malformed:
      'Der Freischaltungslink von onOffice ist unvollständig (API-Token nicht 32 Zeichen). Bitte starten Sie die Freischaltung erneut.',
    unlock_refused:
      'onOffice hat die Freischaltung abgelehnt. Bitte prüfen Sie den API-Key und starten Sie die Freischaltung gegebenenfalls erneut.',
    upstream_unavailable:
      'onOffice ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut.',
    not_activated:
      'Dieser Dienst ist für Ihren Mandanten noch nicht freigeschaltet. Bitte schalten Sie ihn im onOffice Marketplace frei.',
    blocked:
      'Dieser Dienst wurde in onOffice gesperrt. Bitte schalten Sie ihn im onOffice Marketplace erneut frei.',
    session_missing: 'Die Sitzung fehlt. Bitte öffnen Sie den Dienst erneut aus onOffice.',
    session_malformed:
      'Die Anfrage trägt keinen gültigen Authorization-Header (erwartet: Bearer <sessionToken>).',
    session_expired: 'Die Sitzung ist abgelaufen. Bitte öffnen Sie den Dienst erneut aus onOffice.',
    session_invalid: 'Die Sitzung ist ungültig. Bitte öffnen Sie den Dienst erneut aus onOffice.',
    claim_expired:
      'Die Berechtigung von onOffice ist abgelaufen. Bitte öffnen Sie den Dienst erneut aus onOffice.',
    store_unavailable:
      'Der Dienst ist vorübergehend nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.',
    misconfigured: 'Der Dienst ist falsch konfiguriert. Bitte wenden Sie sich an den Anbieter.',
    internal: 'Ein unerwarteter Fehler ist aufgetreten. Bitte versuchen Sie es erneut.',
  },
  en: {
    bad_link:
      'This link is invalid (signature does not match). Please open the service again from onOffice.',
    expired_link: 'This link has expired. Please open the service again from onOffice.',
    activation_expired:
      'The activation page has expired. Please start the activation in onOffice again.',
    activation_invalid:
      'The activation page is invalid. Please start the activation in onOffice again.',
    bad_request: 'The request could not be read. Please reload the page.',
    body_too_large: 'The request is too large. Please reload the page and paste only the API key.',
    bad_callback: 'The payment result is incomplete. Please contact the provider.',
    bad_webhook:
      "The webhook's parameters do not match its registration. Please contact the provider.",
    payment_processing:
      'Your payment is being processed. This page reloads itself in a few seconds.',
    webhook_processing:
      'This notification is being processed. Please send it again in a few seconds.',
    api_key_missing: 'Please copy the API key from onOffice into the field.',
    api_key_length:
      'The API key must be exactly 64 characters long (too short or too long). Please copy all of it from onOffice.',
    api_key_is_token:
      'This is the API token (32 characters), not the API key. Please copy the 64-character API key from onOffice.',
    api_key_chars:
      'The API key contains spaces or characters an API key never has. Please copy only the key from onOffice.',
    api_token_malformed:
      "onOffice's activation link is incomplete (the API token is not 32 characters). Please start the activation again.",
    unlock_refused:
      'onOffice refused the activation. Please check the API key and, if needed, start the activation again.',
    upstream_unavailable:
      'onOffice cannot be reached right now. Please try again in a few minutes.',
    not_activated:
      'This service is not activated for your account yet. Please activate it in the onOffice Marketplace.',
    blocked:
      'This service was blocked in onOffice. Please activate it again in the onOffice Marketplace.',
    session_missing: 'The session is missing. Please open the service again from onOffice.',
    session_malformed:
      'The request carries no valid Authorization header (expected: Bearer <sessionToken>).',
    session_expired: 'The session has expired. Please open the service again from onOffice.',
    session_invalid: 'The session is invalid. Please open the service again from onOffice.',
    claim_expired:
      "onOffice's authorisation has expired. Please open the service again from onOffice.",
    store_unavailable: 'The service is temporarily unavailable. Please try again in a moment.',
    misconfigured: 'The service is misconfigured. Please contact the provider.',
    internal: 'An unexpected error occurred. Please try again.',
  },
}

/** The localised message for a failure reason. */
export function failureMessage(reason: OnOfficeFailureReason, lang: Lang): string {
  return MESSAGES[lang][reason]
}

/**
 * Whether the request is a document navigation (answer HTML) rather than a fetch (answer JSON).
 * `Sec-Fetch-Dest` is authoritative where browsers send it; otherwise `Accept` decides; otherwise JSON.
 */
export function isDocumentRequest(c: Context): boolean {
  const dest = c.req.header('sec-fetch-dest')
  if (dest) return dest === 'document' || dest === 'iframe' || dest === 'frame'
  const accept = c.req.header('accept') ?? ''
  if (/application\/json/i.test(accept)) return false
  return /text\/html/i.test(accept)
}

/** Builds the failure description for a request. */
export function describeFailure(
  c: Context,
  reason: OnOfficeFailureReason,
  lang: Lang,
): OnOfficeFailure {
  const status = STATUS[reason]
  const failure: OnOfficeFailure = {
    reason,
    status,
    message: failureMessage(reason, lang),
    relaunch: status === 401,
    lang,
    document: isDocumentRequest(c),
  }
  if (reason === 'payment_processing' || reason === 'webhook_processing')
    failure.retryAfterSec = PAYMENT_RETRY_SEC
  return failure
}

/**
 * The kit's default response for a failure: an HTML page for documents, JSON for fetches. `challenge` is the
 * RFC 6750 `WWW-Authenticate` value of a bearer route (`session()`).
 */
export function defaultFailureResponse(
  failure: OnOfficeFailure,
  frameAncestors: readonly string[],
  challenge?: string,
): Response {
  const headers = new Headers({ 'Cache-Control': 'no-store' })
  if (failure.relaunch) headers.set('X-OnOffice-Relaunch', '1')
  if (challenge) headers.set('WWW-Authenticate', challenge)
  if (failure.retryAfterSec !== undefined) headers.set('Retry-After', String(failure.retryAfterSec))
  if (failure.document) {
    const nonce = newNonce()
    headers.set('Content-Type', 'text/html; charset=utf-8')
    headers.set('Content-Security-Policy', pagePolicy(nonce, frameAncestors))
    headers.set('Referrer-Policy', 'no-referrer')
    const tx = t(failure.lang)
    const title = failure.relaunch
      ? tx.relaunchTitle
      : failure.reason === 'not_activated'
        ? tx.activateTitle
        : failure.reason === 'blocked'
          ? tx.activateAgainTitle
          : tx.errorTitle
    const page = errorPage({
      lang: failure.lang,
      title,
      message: failure.message,
      reason: failure.reason,
      nonce,
      ...(failure.retryAfterSec !== undefined ? { refreshSec: failure.retryAfterSec } : {}),
    })
    return new Response(page, { status: failure.status, headers })
  }
  headers.set('Content-Type', 'application/json; charset=utf-8')
  const body = {
    error: failure.reason,
    message: failure.message,
    ...(failure.relaunch ? { relaunch: true } : {}),
    ...(failure.retryAfterSec !== undefined ? { retryAfter: failure.retryAfterSec } : {}),
  }
  return new Response(JSON.stringify(body), {
    status: failure.status,
    headers,
  })
}

/**
 * What the kit throws when it refuses a request: an `HTTPException` with the ready response (Hono's error
 * handler returns `err.getResponse()`) and the {@link OnOfficeFailure} — `reason`, `status`, `relaunch`,
 * `lang`, … — so `app.onError` can switch on `err.failure.reason` (or `err.code` among the kit's errors).
 * @example
 * ```ts
 * app.onError((err, c) => {
 *   if (err instanceof OnOfficeFailureException) {
 *     console.warn(`onoffice-kit refused: ${err.failure.reason}`)
 *     return err.getResponse()
 *   }
 *   return c.text('internal error', 500)
 * })
 * ```
 */
export class OnOfficeFailureException extends HTTPException {
  override readonly name = 'OnOfficeFailureException'
  readonly code: Extract<OnOfficeErrorCode, 'ERR_ONOFFICE_FAILURE'> = 'ERR_ONOFFICE_FAILURE'
  /** Why the kit refused the request; contains no secret. */
  readonly failure: OnOfficeFailure

  constructor(failure: OnOfficeFailure, res: Response, cause?: unknown) {
    super(failure.status, { res, message: `onoffice-kit: ${failure.reason}`, cause })
    this.failure = failure
  }
}

/**
 * Whether an error is the kit's refusal of a request: `err instanceof OnOfficeFailureException`, as a type guard.
 * @example
 * ```ts
 * if (isOnOfficeFailureException(err)) return err.getResponse()
 * ```
 */
export function isOnOfficeFailureException(err: unknown): err is OnOfficeFailureException {
  return err instanceof OnOfficeFailureException
}
