/**
 * The errors the onOffice client throws (or settles with in `batch`). All extend {@link OnOfficeError}, so
 * `catch (e) { if (e instanceof OnOfficeError) … }` catches every failure of an onOffice call.
 *
 * No message ever contains a token, secret, HMAC or claim.
 */
import type { ErrorCategory } from './error-codes.ts'
import { CLAIM_ERROR_CODES, INSTALLATION_DEAD_CODES, errorCodeInfo } from './error-codes.ts'

/** Base class of every error of an onOffice call; `code` tells the subclasses apart. */
export abstract class OnOfficeError extends Error {
  override name = 'OnOfficeError'
  abstract readonly code:
    | 'ERR_ONOFFICE_API'
    | 'ERR_ONOFFICE_TRANSPORT'
    | 'ERR_ONOFFICE_RESPONSE'
    | 'ERR_ONOFFICE_UPLOAD'
}

/** What an {@link OnOfficeApiError} is built from. */
export interface OnOfficeApiErrorInit {
  /** onOffice's `errorcode`. */
  errorCode: number
  serverMessage: string
  /** Position of the action in the HTTP request it was sent in (undefined for a request-level error). */
  actionIndex?: number
  resourcetype?: string
  /** A hint for this call's context (e.g. `marketplace.invoiceRecipient`), replacing the table's generic one. */
  hint?: string
  /**
   * Credentials the kit sent with the request (token, secret, claims, HMACs): any of them that onOffice's message
   * echoes is replaced by `[redacted]` in `serverMessage` and `message`, so no log or error page prints them.
   */
  sent?: readonly string[]
}

/** `text` with every credential of `sent` (8+ characters, also percent-encoded) replaced by `[redacted]`. */
export function scrubCredentials(text: string, sent: readonly string[] | undefined): string {
  if (!sent || text === '') return text
  let out = text
  // Longest first: a credential may contain another (a secret that starts with the token).
  for (const value of [...sent].sort((a, b) => b.length - a.length)) {
    if (typeof value !== 'string' || value.length < 8) continue
    for (const form of new Set([value, encodeURIComponent(value)]))
      if (out.includes(form)) out = out.split(form).join('[redacted]')
  }
  return out
}

/**
 * onOffice answered, with a non-zero `errorcode` for the action (or for the whole request): `errorCode`.
 * `category`, `retryable` and `hint` come from {@link errorCodeInfo} (onOffice's list of codes).
 * @example
 * ```ts
 * if (e instanceof OnOfficeApiError && e.claimError) return relaunch()
 * ```
 */
export class OnOfficeApiError extends OnOfficeError {
  override name = 'OnOfficeApiError'
  readonly code = 'ERR_ONOFFICE_API' as const
  /** onOffice's error code (`status.errorcode` of the action or the request), e.g. 137. */
  readonly errorCode: number
  readonly serverMessage: string
  readonly category: ErrorCategory
  readonly retryable: boolean
  readonly hint: string
  readonly actionIndex?: number
  readonly resourcetype?: string
  /** `true` for 22, 42, 48, 153: the customer blocked the provider or the API user is gone; mark the installation blocked. */
  readonly installationBlocked: boolean
  /** `true` for 193, 201, 248: the `extendedclaim` is missing, outdated or for another customer. */
  readonly claimError: boolean

  constructor(init: OnOfficeApiErrorInit) {
    const info = errorCodeInfo(init.errorCode)
    const where = init.resourcetype
      ? ` (${init.resourcetype}${init.actionIndex !== undefined ? `, action ${init.actionIndex}` : ''})`
      : ''
    const hint = init.hint ?? info.hint
    // Scrubbed here, once: Hono's default error handler and every logger print `message` as it is.
    const serverMessage = scrubCredentials(init.serverMessage, init.sent)
    super(`onOffice error ${init.errorCode}${where}: ${serverMessage || '(no message)'}. ${hint}`)
    this.errorCode = init.errorCode
    this.serverMessage = serverMessage
    this.category = info.category
    this.retryable = info.retryable
    this.hint = hint
    if (init.actionIndex !== undefined) this.actionIndex = init.actionIndex
    if (init.resourcetype !== undefined) this.resourcetype = init.resourcetype
    this.installationBlocked = INSTALLATION_DEAD_CODES.includes(init.errorCode)
    this.claimError = CLAIM_ERROR_CODES.includes(init.errorCode)
  }
}

/**
 * The request did not get a usable HTTP answer: a non-2xx status (`http`, `status` says which), a timeout, a
 * network failure, or — with `circuitBreaker` — not sent at all because the endpoint keeps failing
 * (`circuit_open`, `retryAt` says when the next trial goes out).
 */
export type TransportErrorKind = 'http' | 'timeout' | 'network' | 'circuit_open'

/**
 * No onOffice answer: an HTTP status other than 2xx, a timeout, or a network failure.
 * `outcomeUnknown` is `true` for a write (`create/modify/delete/do`) that may have reached onOffice:
 * it may or may not have been applied, and it was not retried.
 */
export class OnOfficeTransportError extends OnOfficeError {
  override name = 'OnOfficeTransportError'
  readonly code = 'ERR_ONOFFICE_TRANSPORT' as const
  readonly kind: TransportErrorKind
  readonly status?: number
  readonly outcomeUnknown: boolean
  /** With `kind: 'circuit_open'`: when (ms since the epoch) the breaker lets the next trial through. */
  readonly retryAt?: number

  constructor(
    kind: TransportErrorKind,
    message: string,
    opts: { status?: number; outcomeUnknown?: boolean; cause?: unknown; retryAt?: number } = {},
  ) {
    const unknown = opts.outcomeUnknown ?? false
    super(
      unknown
        ? `${message}; the outcome of the write is unknown: it may or may not have been applied (not retried)`
        : message,
      {
        cause: opts.cause,
      },
    )
    this.kind = kind
    if (opts.status !== undefined) this.status = opts.status
    if (opts.retryAt !== undefined) this.retryAt = opts.retryAt
    this.outcomeUnknown = unknown
  }
}

/**
 * onOffice (or something in between) answered with a body that is not the onOffice envelope, or with
 * fewer / misaligned results. For a write `outcomeUnknown` is `true`.
 */
export class OnOfficeResponseError extends OnOfficeError {
  override name = 'OnOfficeResponseError'
  readonly code = 'ERR_ONOFFICE_RESPONSE' as const
  readonly actionIndex?: number
  readonly outcomeUnknown: boolean

  constructor(
    message: string,
    opts: { actionIndex?: number; outcomeUnknown?: boolean; cause?: unknown } = {},
  ) {
    const unknown = opts.outcomeUnknown ?? false
    super(unknown ? `${message}; the outcome of the write is unknown` : message, {
      cause: opts.cause,
    })
    if (opts.actionIndex !== undefined) this.actionIndex = opts.actionIndex
    this.outcomeUnknown = unknown
  }
}
