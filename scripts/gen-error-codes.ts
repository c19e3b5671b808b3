/**
 * Generates src/api/error-codes.ts from the onOffice error-code list
 * (../shared/reference/onoffice-error-codes.tsv, `code<TAB>message`).
 *
 *   npx tsx scripts/gen-error-codes.ts [path/to/onoffice-error-codes.tsv]
 *
 * The output is committed, so the package never reads the TSV at runtime. Categories and hints are
 * assigned here by explicit code lists; every code not listed is `validation` (the request was wrong)
 * unless its message says it is a server-side failure.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const tsvPath = process.argv[2] ?? join(root, '../shared/reference/onoffice-error-codes.tsv')
const outPath = join(root, 'src/api/error-codes.ts')

type Category = 'auth' | 'claim' | 'clock' | 'permission' | 'validation' | 'not_found' | 'transient' | 'unknown'

const CATEGORY_CODES: Record<Exclude<Category, 'validation'>, number[]> = {
  auth: [13, 22, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 102, 103, 104, 105, 106, 107, 108, 134, 135, 137, 150, 153, 243, 286],
  claim: [193, 201, 248],
  clock: [136],
  permission: [131, 149, 156, 158, 170, 174, 183, 191, 240, 245, 246, 253, 261, 262, 263],
  not_found: [62, 80, 83, 95, 127, 130, 169, 177, 178, 180, 184, 188, 189, 190, 235, 251, 276, 279, 283, 284, 287, 292, 293],
  transient: [28, 29, 30, 31, 32, 34, 35, 36, 37, 56, 61, 70, 112, 115, 159, 175, 176, 211, 303],
  unknown: [0, 1, 3, 8, 26, 27, 97, 155, 199, 999],
}

const CATEGORY_HINTS: Record<Category, string> = {
  auth: 'Check the API token (32 characters) and secret (64 characters) of this installation; a customer who blocked the provider deactivates its API user.',
  claim: 'Send the apiClaim of the latest service launch as extendedclaim (client.withClaim(apiClaim)); if it is outdated, relaunch the service from onOffice.',
  clock: 'The request timestamp is outside onOffice\'s ±120 s window: check the server clock (NTP).',
  permission: 'The API user or the calling user lacks the right for this action; the customer must grant it in onOffice enterprise.',
  validation: 'The request is invalid: check the action\'s parameters against apidoc.onoffice.de.',
  not_found: 'The record does not exist or is not visible to the calling user (rights).',
  transient: 'A temporary failure at onOffice: retry later.',
  unknown: 'An unspecified onOffice error: retry once, otherwise contact onOffice support with the request time.',
}

// Hints that say more than the category hint. Keep them actionable.
const CODE_HINTS: Record<number, string> = {
  13: 'The token element is missing or invalid: pass the installation\'s 32-character API token.',
  22: 'Not authenticated: check token (32 chars) and secret (64 chars), that they are not swapped, and that the customer has not blocked the provider (then mark the installation blocked).',
  42: 'The customer is not active: mark the installation blocked until it is activated again.',
  48: 'The client access was revoked (provider blocked): mark the installation blocked; a re-activation brings a new token.',
  25: 'Unknown resourcetype: check its spelling, case matters (unlockProvider, getMarketplaceInvoiceRecipient, userphoto, basicsettings).',
  49: 'The secret is wrong: use the 64-character API key the admin pasted at activation.',
  80: 'Unknown record, or the calling user has no right to see it: check the id and the user\'s rights.',
  136: 'The timestamp is too old or in the future (±120 s): fix the server clock (NTP); the client corrects itself from the response Date header and retries reads.',
  137: 'The HMAC is invalid: check that the token has 32 and the secret 64 characters and that they are not swapped (the secret is the API key pasted at activation).',
  142: 'Unknown filter operator: use is/=, !=, <>, >, <, >=, <=, between, like, not like, in, not in.',
  153: 'The token data is invalid: the API user was removed or re-created (provider blocked or re-activated); mark the installation blocked until the next activation.',
  158: 'onOffice refuses requests from this IP: check the API user\'s IP restriction in enterprise.',
  167: 'A mandatory parameter is missing: the server message names it.',
  177: 'The parameterCacheId is unknown: use the one from the current activation/service URL.',
  178: 'The parameter cache is incomplete: restart the activation from onOffice.',
  190: 'The invoice recipient can be read without an extendedclaim only within 900 s after the transaction: send the paying user\'s apiClaim (client.withClaim) to read it later.',
  193: 'extendedclaim is missing or invalid: marketplace API users must send the apiClaim of the latest launch on every call (client.withClaim(apiClaim)); the activation claim only works for unlockProvider.',
  201: 'The claim is outdated: relaunch the service from onOffice to get a fresh apiClaim and retry with it.',
  205: 'The transaction belongs to another customer: check the transactionid.',
  210: 'The transaction cannot be refunded: only successful payments are refundable, SEPA payments not while inprocess and only after 7 days, and not twice.',
  214: 'Invalid price format: send priceNet as a string with a dot and two decimals, e.g. "1100.50".',
  232: 'Multiselect fields can only be filtered with =, !=, like, not like, in and not in.',
  240: 'Marketplace API users may not make this call: use the provider\'s own API user (createProviderClient) or another call.',
  243: 'A value must be sent as a string (floats especially): convert it before sending.',
  248: 'The extendedclaim belongs to another customer or user: use the apiClaim of this installation\'s latest launch.',
  256: 'listlimit must be 0 for this call.',
  302: 'At most 500 ids per action: split the id list.',
}

function categoryOf(code: number): Category {
  for (const [cat, codes] of Object.entries(CATEGORY_CODES)) if (codes.includes(code)) return cat as Category
  return 'validation'
}

const tsv = await readFile(tsvPath, 'utf8')
const rows = tsv
  .split(/\r?\n/)
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((line) => {
    const tab = line.indexOf('\t')
    return { code: Number(line.slice(0, tab)), message: line.slice(tab + 1) }
  })
for (const r of rows) if (!Number.isInteger(r.code)) throw new Error(`bad code in ${tsvPath}: ${JSON.stringify(r)}`)
for (const list of Object.values(CATEGORY_CODES))
  for (const c of list) if (!rows.some((r) => r.code === c)) throw new Error(`category list names code ${c} that the TSV does not have`)

const lines = rows.map(({ code, message }) => {
  const category = categoryOf(code)
  const retryable = category === 'transient' || category === 'clock'
  const hint = CODE_HINTS[code] ?? CATEGORY_HINTS[category]
  return `  ${code}: [${JSON.stringify(message)}, '${category}', ${retryable}, ${JSON.stringify(hint)}],`
})

const out = `// GENERATED by scripts/gen-error-codes.ts from onoffice-error-codes.tsv — do not edit; re-run the script.
/**
 * Every onOffice API error code (${rows.length} codes, messages as the server sends them) with a category,
 * whether an automatic retry can help, and a hint what to do.
 */

/** What kind of failure an onOffice error code is. */
export type ErrorCategory = 'auth' | 'claim' | 'clock' | 'permission' | 'validation' | 'not_found' | 'transient' | 'unknown'

/** One entry of {@link ERROR_CODES}. */
export interface ErrorCodeInfo {
  message: string
  category: ErrorCategory
  retryable: boolean
  hint: string
}

/** Codes that mean the \`extendedclaim\` is missing, outdated or foreign. */
export const CLAIM_ERROR_CODES: readonly number[] = [193, 201, 248]
/** Codes that mean the installation is dead (provider blocked, API user deactivated): mark it blocked. */
export const INSTALLATION_DEAD_CODES: readonly number[] = [22, 42, 48, 153]

type Row = readonly [message: string, category: ErrorCategory, retryable: boolean, hint: string]

const TABLE: Readonly<Record<number, Row>> = {
${lines.join('\n')}
}

/** Every known code → message, category, retryable, hint. */
export const ERROR_CODES: ReadonlyMap<number, ErrorCodeInfo> = new Map(
  Object.entries(TABLE).map(([code, [message, category, retryable, hint]]) => [Number(code), { message, category, retryable, hint }]),
)

const UNKNOWN: ErrorCodeInfo = {
  message: 'unknown error',
  category: 'unknown',
  retryable: false,
  hint: ${JSON.stringify(CATEGORY_HINTS.unknown)},
}

/**
 * The table entry of an onOffice error code; an unlisted code maps to category \`unknown\`.
 * @example
 * \`\`\`ts
 * errorCodeInfo(137).category // 'auth'
 * \`\`\`
 */
export function errorCodeInfo(code: number): ErrorCodeInfo {
  return ERROR_CODES.get(code) ?? UNKNOWN
}
`
await writeFile(outPath, out)
console.log(`wrote ${outPath} (${rows.length} codes)`)
