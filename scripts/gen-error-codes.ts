/**
 * Generates two files from the onOffice error-code list (../shared/reference/onoffice-error-codes.tsv,
 * `code<TAB>message`):
 * - src/api/error-codes.ts — what the client needs: the known codes and each category as ranges, the category
 *   hints and the few per-code hints. No server messages: onOffice sends the message in every response, and
 *   288 of them would be most of the kit's share of a Worker bundle.
 * - src/testing/fake/messages.ts — the one table of server messages (the fake onOffice answers with them;
 *   `onoffice-kit/testing` exports them joined with the categories as `ERROR_CODES`).
 *
 *   npx tsx scripts/gen-error-codes.ts [path/to/onoffice-error-codes.tsv]
 *
 * The output is committed, so the package never reads the TSV at runtime. Categories and hints are
 * assigned here by explicit code lists; every known code not listed is `validation` (the request was wrong).
 */
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const tsvPath = process.argv[2] ?? join(root, '../shared/reference/onoffice-error-codes.tsv')
const outPath = join(root, 'src/api/error-codes.ts')
const messagesPath = join(root, 'src/testing/fake/messages.ts')

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

// Hints that say more than the category hint and the server's message (which the error carries too). Only
// where the category hint would mislead or the next step is not obvious: every hint ships in every Worker.
const CODE_HINTS: Record<number, string> = {
  13: 'The token element is missing or invalid: pass the installation\'s 32-character API token.',
  22: 'Not authenticated: check token (32 chars) and secret (64 chars), that they are not swapped, and that the customer has not blocked the provider (then mark the installation blocked).',
  42: 'The customer is not active: mark the installation blocked until it is activated again.',
  48: 'The client access was revoked (provider blocked): mark the installation blocked; a re-activation brings a new token.',
  25: 'Unknown resourcetype: check its spelling, case matters (unlockProvider, getMarketplaceInvoiceRecipient, userphoto, basicsettings).',
  80: 'Unknown record, or the calling user has no right to see it: check the id and the user\'s rights.',
  136: 'The timestamp is too old or in the future (±120 s): fix the server clock (NTP); the client corrects itself from the response Date header and retries reads.',
  137: 'The HMAC is invalid: check that the token has 32 and the secret 64 characters and that they are not swapped (the secret is the API key pasted at activation).',
  142: 'Unknown filter operator: use is/=, !=, <>, >, <, >=, <=, between, like, not like, in, not in.',
  153: 'The token data is invalid: the API user was removed or re-created (provider blocked or re-activated); mark the installation blocked until the next activation.',
  158: 'onOffice refuses requests from this IP: check the API user\'s IP restriction in enterprise.',
  177: 'The parameterCacheId is unknown: use the one from the current activation/service URL.',
  178: 'The parameter cache is incomplete: restart the activation from onOffice.',
  190: 'The invoice recipient can be read without an extendedclaim only within 900 s after the transaction: send the paying user\'s apiClaim (client.withClaim) to read it later.',
  193: 'extendedclaim is missing or invalid: marketplace API users must send the apiClaim of the latest launch on every call (client.withClaim(apiClaim)); the activation claim only works for unlockProvider.',
  201: 'The claim is outdated: relaunch the service from onOffice to get a fresh apiClaim and retry with it.',
  210: 'The transaction cannot be refunded: only successful payments are refundable, SEPA payments not while inprocess and only after 7 days, and not twice.',
  214: 'Invalid price format: send priceNet as a string with a dot and two decimals, e.g. "1100.50".',
  240: 'Marketplace API users may not make this call: use the provider\'s own API user (createProviderClient) or another call.',
  243: 'A value must be sent as a string (floats especially): convert it before sending.',
  248: 'The extendedclaim belongs to another customer or user: use the apiClaim of this installation\'s latest launch.',
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
for (const c of Object.keys(CODE_HINTS)) if (!rows.some((r) => r.code === Number(c))) throw new Error(`CODE_HINTS names code ${c} that the TSV does not have`)

/** `[1, 2, 3, 7]` → `[[1, 3], 7]`: runs of consecutive codes as `[from, to]`. */
function ranges(codes: readonly number[]): string {
  const out: (number | [number, number])[] = []
  for (const c of [...codes].sort((a, b) => a - b)) {
    const last = out[out.length - 1]
    if (Array.isArray(last) && last[1] === c - 1) last[1] = c
    else if (typeof last === 'number' && last === c - 1) out[out.length - 1] = [last, c]
    else out.push(c)
  }
  return `[${out.map((r) => (typeof r === 'number' ? String(r) : `[${r[0]}, ${r[1]}]`)).join(', ')}]`
}

/** A string literal: single-quoted unless the text has a single quote and no double quote. */
const q = (s: string) => (s.includes("'") && !s.includes('"') ? JSON.stringify(s) : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)

const out = `// GENERATED by scripts/gen-error-codes.ts from onoffice-error-codes.tsv — do not edit; re-run the script.
/**
 * What the client needs of onOffice's ${rows.length} error codes: a category per code, whether an automatic retry can
 * help, and a hint what to do. The server's messages are deliberately not here — onOffice sends the message with
 * every error (\`OnOfficeApiError.serverMessage\`); the full table with messages is \`ERROR_CODES\` in
 * \`onoffice-kit/testing\`. Codes are stored as ranges so the table costs a Worker bundle a few hundred bytes.
 */

/** What kind of failure an onOffice error code is. */
export type ErrorCategory = 'auth' | 'claim' | 'clock' | 'permission' | 'validation' | 'not_found' | 'transient' | 'unknown'

/** What {@link errorCodeInfo} says about a code. */
export interface ErrorCodeInfo {
  category: ErrorCategory
  /** \`true\` for \`clock\` and \`transient\` codes only. */
  retryable: boolean
  hint: string
}

/** Codes that mean the \`extendedclaim\` is missing, outdated or foreign. */
export const CLAIM_ERROR_CODES: readonly number[] = [193, 201, 248]
/** Codes that mean the installation is dead (provider blocked, API user deactivated): mark it blocked. */
export const INSTALLATION_DEAD_CODES: readonly number[] = [22, 42, 48, 153]

/** Codes and \`[from, to]\` runs of codes. */
type Codes = readonly (number | readonly [number, number])[]

/** Every code of onOffice's list. A known code in none of the categories below is \`validation\`. */
const KNOWN: Codes = ${ranges(rows.map((r) => r.code))}

const CATEGORY_CODES: Readonly<Record<Exclude<ErrorCategory, 'validation'>, Codes>> = {
${Object.entries(CATEGORY_CODES).map(([cat, codes]) => `  ${cat}: ${ranges(codes)},`).join('\n')}
}

const CATEGORY_HINTS: Readonly<Record<ErrorCategory, string>> = {
${Object.entries(CATEGORY_HINTS).map(([cat, hint]) => `  ${cat}: ${q(hint)},`).join('\n')}
}

/** Hints that say more than the category hint. */
const CODE_HINTS: Readonly<Record<number, string>> = {
${Object.entries(CODE_HINTS).map(([code, hint]) => `  ${code}: ${q(hint)},`).join('\n')}
}

const has = (codes: Codes, code: number): boolean => codes.some((c) => (typeof c === 'number' ? c === code : code >= c[0] && code <= c[1]))

/** Whether \`code\` is in onOffice's list of error codes. */
export function isKnownErrorCode(code: number): boolean {
  return has(KNOWN, code)
}

/**
 * Category, retryability and hint of an onOffice error code; a code not in onOffice's list is \`unknown\`.
 * @example
 * \`\`\`ts
 * errorCodeInfo(137) // { category: 'auth', retryable: false, hint: 'The HMAC is invalid: …' }
 * \`\`\`
 */
export function errorCodeInfo(code: number): ErrorCodeInfo {
  let category: ErrorCategory = has(KNOWN, code) ? 'validation' : 'unknown'
  for (const [cat, codes] of Object.entries(CATEGORY_CODES)) if (has(codes, code)) category = cat as ErrorCategory
  return { category, retryable: category === 'clock' || category === 'transient', hint: CODE_HINTS[code] ?? CATEGORY_HINTS[category] }
}
`

const messages = `// GENERATED by scripts/gen-error-codes.ts from onoffice-error-codes.tsv — do not edit; re-run the script.
/**
 * onOffice server messages by error code, verbatim from the reference list
 * (shared/reference/onoffice-error-codes.tsv): the one copy of them in the kit. The fake answers with them;
 * \`onoffice-kit/testing\` exports them joined with the client's categories as \`ERROR_CODES\`.
 * \`%s\` is filled in by \`messageFor\`.
 */
export const SERVER_MESSAGES: Readonly<Record<number, string>> = {
${rows.map(({ code, message }) => `  ${code}: ${q(message)},`).join('\n')}
}

/** The server message for \`code\` with each \`%s\` replaced by the next argument (empty if none). */
export function messageFor(code: number, ...args: string[]): string {
  const template = SERVER_MESSAGES[code] ?? SERVER_MESSAGES[999]!
  let i = 0
  return template.replace(/%s/g, () => args[i++] ?? '')
}
`
await writeFile(outPath, out)
await writeFile(messagesPath, messages)
console.log(`wrote ${outPath} and ${messagesPath} (${rows.length} codes)`)
