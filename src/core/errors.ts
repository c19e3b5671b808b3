/**
 * The stable codes of the kit's errors. Every error class of onoffice-kit carries one of them as `code`, so
 * `switch (err.code)` narrows to the class, the way jose's `JOSEErrorCode` does. The Hono layer adds its
 * codes here too (this file is types and one class, nothing framework-specific).
 */

/**
 * Every `code` an error of the kit can have:
 * - `ERR_ONOFFICE_CONFIG` — {@link OnOfficeConfigError}: an option is invalid (thrown at construction).
 * - `ERR_ONOFFICE_API` — `OnOfficeApiError`: onOffice answered with an error code (`errorCode`).
 * - `ERR_ONOFFICE_TRANSPORT` — `OnOfficeTransportError`: no usable HTTP answer.
 * - `ERR_ONOFFICE_RESPONSE` — `OnOfficeResponseError`: an answer that is not the onOffice envelope.
 * - `ERR_ONOFFICE_UPLOAD` — `OnOfficeUploadError`: a file upload failed and nothing was linked (`reason`).
 * - `ERR_ONOFFICE_ORDER_INVALID` — `OrderValidationError`: an order or payment input breaks a rule.
 * - `ERR_ONOFFICE_INSTALLATION_OPEN` — `InstallationOpenError`: a stored installation cannot be opened.
 * - `ERR_ONOFFICE_INVALID_WRITE` — `FieldValidationError`: a write the field configuration refuses (nothing sent).
 * - `ERR_ONOFFICE_TEST_ACTIVATION` — `OnOfficeActivationTestError` (`onoffice-kit/testing`): `activate()` found the
 *   app refusing the activation (`step`).
 * - `ERR_ONOFFICE_FAILURE` — `OnOfficeFailureException` (`onoffice-kit/hono`): the kit refused a request
 *   (`failure.reason`); an `HTTPException` with a ready response.
 */
export type OnOfficeErrorCode =
  | 'ERR_ONOFFICE_CONFIG'
  | 'ERR_ONOFFICE_API'
  | 'ERR_ONOFFICE_TRANSPORT'
  | 'ERR_ONOFFICE_RESPONSE'
  | 'ERR_ONOFFICE_UPLOAD'
  | 'ERR_ONOFFICE_ORDER_INVALID'
  | 'ERR_ONOFFICE_INSTALLATION_OPEN'
  | 'ERR_ONOFFICE_INVALID_WRITE'
  | 'ERR_ONOFFICE_TEST_ACTIVATION'
  | 'ERR_ONOFFICE_FAILURE'

/**
 * An option of the kit is missing or invalid. Thrown at construction (or at the first call that receives the
 * option), never for bad input from a request. The message names the option and the rule, never its value
 * (a value might be a secret). A `TypeError`, so `instanceof TypeError` keeps working.
 *
 * @example
 * ```ts
 * try {
 *   createClient({ token, secret })
 * } catch (e) {
 *   if (e instanceof OnOfficeConfigError) console.error(`fix ${e.option}: ${e.message}`)
 * }
 * ```
 */
export class OnOfficeConfigError extends TypeError {
  override readonly name: string = 'OnOfficeConfigError'
  readonly code = 'ERR_ONOFFICE_CONFIG' as const
  /** The option as written in the message, e.g. `opts.secret` or `options.keys["k1"]`. */
  readonly option: string
  /** The rule the option breaks, as the message ends (`must be at least 32 bytes`): for layers that name it their way. */
  readonly rule: string

  constructor(option: string, message: string, rule: string = message) {
    super(message)
    this.option = option
    this.rule = rule
  }
}
