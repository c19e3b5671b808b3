import * as z from 'zod/mini'

/** One customer's installation of the provider's service, as the store returns it. */
export type Installation = {
  /** onOffice customer id (`customerWebId` in every signed URL); the record key. */
  customerWebId: string
  customerName: string
  /** `blocked` once onOffice reports the API user dead (errors 22/42/48/153); re-activation makes it `active`. */
  status: InstallationStatus
  /** The customer's API token (32 chars). Sealed at rest. */
  apiToken: string
  /** The customer's API secret, the "API key" the admin pastes (64 chars). Sealed at rest. */
  apiSecret: string
  /** Unix ms of the (latest) activation. */
  activatedAt: number
  activatedByUserId: string
  parameterCacheId: string
  isRegularCustomer: boolean
  /** Unix ms of the last write, set by the store. */
  updatedAt: number
  /** Write counter, 1 on the first write, incremented by every `put` and `markBlocked` (a `rewrap` keeps it); set by the store. */
  version: number
}

/** Status of an {@link Installation}. */
export type InstallationStatus = 'active' | 'blocked'

/** What {@link InstallationStore.put} takes: an installation without the fields the store sets. */
export type InstallationInput = Omit<Installation, 'updatedAt' | 'version'>

const nonEmpty = z.string().check(z.minLength(1))
const unixMs = z.int().check(z.nonnegative())

const clearFields = {
  customerWebId: nonEmpty,
  customerName: z.string(),
  status: z.enum(['active', 'blocked']),
  activatedAt: unixMs,
  activatedByUserId: z.string(),
  parameterCacheId: z.string(),
  isRegularCustomer: z.boolean(),
}

/** Validates the input of `put` (unknown fields are dropped, never stored). */
export const installationInputSchema = z.object({
  ...clearFields,
  apiToken: nonEmpty,
  apiSecret: nonEmpty,
})

/** Format version of the stored JSON; bump with a migration when the layout changes. */
export const RECORD_FORMAT = 1

/**
 * The JSON stored in the KV: the non-secret fields in clear (readable for operations, validated on read)
 * and `sealed`, the compact JWE holding `apiToken` and `apiSecret`.
 */
export const storedRecordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  ...clearFields,
  updatedAt: unixMs,
  version: z.int().check(z.positive()),
  sealed: nonEmpty,
})

/** The stored JSON, as parsed by {@link storedRecordSchema}. */
export type StoredRecord = z.infer<typeof storedRecordSchema>

/**
 * The JWE plaintext: the secrets, the customer they belong to (checked on open) and — in records written since
 * the clear fields are integrity-protected — `clear`, the canonical JSON of the record's clear fields (checked on
 * open). Records sealed before carry no `clear` and still open.
 */
export const sealedPayloadSchema = z.object({
  sub: nonEmpty,
  apiToken: nonEmpty,
  apiSecret: nonEmpty,
  clear: z.optional(z.string()),
})

/**
 * A short, value-free description of zod issues, e.g. `status: expected one of "active", "blocked"`.
 * Built from paths and issue codes only, so no input value (a token, a secret) can ever appear in it.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.length ? issue.path.map(String).join('.') : '(root)'
      return `${path}: ${describeIssue(issue)}`
    })
    .join('; ')
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`
    case 'too_small':
      return issue.origin === 'string'
        ? 'must not be empty'
        : `must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    default:
      return 'invalid'
  }
}
