/**
 * What the client needs of onOffice's error codes: a category per code, whether an automatic retry can help, and a
 * hint what to do. Hand-written policy over the generated list of known codes (`error-code-table.ts`, from
 * scripts/data/onoffice-error-codes.tsv). The server's messages are deliberately not here — onOffice sends the
 * message with every error (`OnOfficeApiError.serverMessage`); the full table with messages is `ERROR_CODES` in
 * `onoffice-kit/testing`. Codes are stored as ranges so the table costs a Worker bundle a few hundred bytes.
 */
import { KNOWN_ERROR_CODES as KNOWN, type Codes } from './error-code-table.ts'

/** What kind of failure an onOffice error code is. */
export type ErrorCategory =
  | 'auth'
  | 'claim'
  | 'clock'
  | 'permission'
  | 'validation'
  | 'not_found'
  | 'transient'
  | 'unknown'

/** What {@link errorCodeInfo} says about a code. */
export interface ErrorCodeInfo {
  category: ErrorCategory
  /** `true` for `clock` and `transient` codes only. */
  retryable: boolean
  hint: string
}

/** Codes that mean the `extendedclaim` is missing, outdated or foreign. */
export const CLAIM_ERROR_CODES: readonly number[] = [193, 201, 248]
/** Codes that mean the installation is dead (provider blocked, API user deactivated): mark it blocked. */
export const INSTALLATION_DEAD_CODES: readonly number[] = [22, 42, 48, 153]

const CATEGORY_CODES: Readonly<Record<Exclude<ErrorCategory, 'validation'>, Codes>> = {
  auth: [13, 22, [38, 49], [102, 108], [134, 135], 137, 150, 153, 243, 286],
  claim: [193, 201, 248],
  clock: [136],
  permission: [131, 149, 156, 158, 170, 174, 183, 191, 240, [245, 246], 253, [261, 263]],
  not_found: [
    62,
    80,
    83,
    95,
    127,
    130,
    169,
    [177, 178],
    180,
    184,
    [188, 190],
    235,
    251,
    276,
    279,
    [283, 284],
    287,
    [292, 293],
  ],
  transient: [[28, 32], [34, 37], 56, 61, 70, 112, 115, 159, [175, 176], 211, 303],
  unknown: [[0, 1], 3, 8, [26, 27], 97, 155, 199, 999],
}

const CATEGORY_HINTS: Readonly<Record<ErrorCategory, string>> = {
  auth: 'Check the API token (32 characters) and secret (64 characters) of this installation; a customer who blocked the provider deactivates its API user.',
  claim:
    'Send the apiClaim of the latest service launch as extendedclaim (client.withClaim(apiClaim)); if it is outdated, relaunch the service from onOffice.',
  clock: "The request timestamp is outside onOffice's ±120 s window: check the server clock (NTP).",
  permission:
    'The API user or the calling user lacks the right for this action; the customer must grant it in onOffice enterprise.',
  validation: "The request is invalid: check the action's parameters against apidoc.onoffice.de.",
  not_found: 'The record does not exist or is not visible to the calling user (rights).',
  transient: 'A temporary failure at onOffice: retry later.',
  unknown:
    'An unspecified onOffice error: retry once, otherwise contact onOffice support with the request time.',
}

/** Hints that say more than the category hint. */
const CODE_HINTS: Readonly<Record<number, string>> = {
  13: "The token element is missing or invalid: pass the installation's 32-character API token.",
  22: 'Not authenticated: check token (32 chars) and secret (64 chars), that they are not swapped, and that the customer has not blocked the provider (then mark the installation blocked).',
  25: 'Unknown resourcetype: check its spelling, case matters (unlockProvider, getMarketplaceInvoiceRecipient, userphoto, basicsettings).',
  42: 'The customer is not active: mark the installation blocked until it is activated again.',
  48: 'The client access was revoked (provider blocked): mark the installation blocked; a re-activation brings a new token.',
  80: "Unknown record, or the calling user has no right to see it: check the id and the user's rights.",
  136: 'The timestamp is too old or in the future (±120 s): fix the server clock (NTP); the client corrects itself from the response Date header and retries reads.',
  137: 'The HMAC is invalid: check that the token has 32 and the secret 64 characters and that they are not swapped (the secret is the API key pasted at activation).',
  142: 'Unknown filter operator: use is/=, !=, <>, >, <, >=, <=, between, like, not like, in, not in.',
  153: 'The token data is invalid: the API user was removed or re-created (provider blocked or re-activated); mark the installation blocked until the next activation.',
  158: "onOffice refuses requests from this IP: check the API user's IP restriction in enterprise.",
  177: 'The parameterCacheId is unknown: use the one from the current activation/service URL.',
  178: 'The parameter cache is incomplete: restart the activation from onOffice.',
  190: "The invoice recipient can be read without an extendedclaim only within 900 s after the transaction: send the paying user's apiClaim (client.withClaim) to read it later.",
  193: 'extendedclaim is missing or invalid: marketplace API users must send the apiClaim of the latest launch on every call (client.withClaim(apiClaim)); the activation claim only works for unlockProvider.',
  201: 'The claim is outdated: relaunch the service from onOffice to get a fresh apiClaim and retry with it.',
  210: 'The transaction cannot be refunded: only successful payments are refundable, SEPA payments not while inprocess and only after 7 days, and not twice.',
  214: 'Invalid price format: send priceNet as a string with a dot and two decimals, e.g. "1100.50".',
  240: "Marketplace API users may not make this call: use the provider's own API user (createProviderClient) or another call.",
  243: 'A value must be sent as a string (floats especially): convert it before sending.',
  248: "The extendedclaim belongs to another customer or user: use the apiClaim of this installation's latest launch.",
}

const has = (codes: Codes, code: number): boolean =>
  codes.some((c) => (typeof c === 'number' ? c === code : code >= c[0] && code <= c[1]))

/** Whether `code` is in onOffice's list of error codes. */
export function isKnownErrorCode(code: number): boolean {
  return has(KNOWN, code)
}

/**
 * Category, retryability and hint of an onOffice error code; a code not in onOffice's list is `unknown`.
 * @example
 * ```ts
 * errorCodeInfo(137) // { category: 'auth', retryable: false, hint: 'The HMAC is invalid: …' }
 * ```
 */
export function errorCodeInfo(code: number): ErrorCodeInfo {
  let category: ErrorCategory = has(KNOWN, code) ? 'validation' : 'unknown'
  for (const [cat, codes] of Object.entries(CATEGORY_CODES))
    if (has(codes, code)) category = cat as ErrorCategory
  return {
    category,
    retryable: category === 'clock' || category === 'transient',
    hint: CODE_HINTS[code] ?? CATEGORY_HINTS[category],
  }
}
