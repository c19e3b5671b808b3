/** Why an installation record could not be opened. */
export type InstallationOpenReason =
  /** The record names a key id (`kid`) that is not configured. */
  | 'unknown_kid'
  /** The key configured under the record's `kid` does not decrypt it, or the ciphertext was altered. */
  | 'decrypt_failed'
  /** The record, or its sealed secrets, belong to another customerWebId (copied between records). */
  | 'wrong_customer'
  /** The stored value is not a valid installation record (not JSON, missing or mistyped fields, malformed JWE). */
  | 'corrupt_record'
  /** The clear fields (status, customerWebId, dates, …) differ from the copy sealed with the secrets: altered in the KV. */
  | 'altered_record'

/**
 * An installation record exists but cannot be opened. The message names the customerWebId and the key id
 * (`kid`) and says what to do; it never contains key material, the API token or the API secret.
 * @example
 * ```ts
 * try { await store.get(customerWebId) } catch (e) { if (e instanceof InstallationOpenError && e.reason === 'unknown_kid') … }
 * ```
 */
export class InstallationOpenError extends Error {
  override readonly name = 'InstallationOpenError'
  readonly code = 'ERR_ONOFFICE_INSTALLATION_OPEN' as const
  /** The customer whose record failed to open. */
  readonly customerWebId: string
  /** The key id from the record's JWE header, when one could be read. */
  readonly kid: string | undefined
  /** Machine-readable cause. */
  readonly reason: InstallationOpenReason

  constructor(
    reason: InstallationOpenReason,
    customerWebId: string,
    kid: string | undefined,
    detail: string,
  ) {
    const who = `installation record of customerWebId ${JSON.stringify(customerWebId)}`
    const withKid = kid === undefined ? '' : ` (sealed with key id ${JSON.stringify(kid)})`
    super(`Cannot open the ${who}${withKid}: ${detail}`)
    this.customerWebId = customerWebId
    this.kid = kid
    this.reason = reason
  }
}
