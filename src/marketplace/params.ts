/**
 * zod schemas for the parameters onOffice sends (after `verifySignedUrl`, without `signature`). Loose:
 * unknown parameters (your own, future ones) pass through unchanged.
 */
import * as z from 'zod/mini'

// Explicit types on every schema: JSR's fast type check (no slow types) needs them, and they document the shape.
type Str = z.ZodMiniString<string>
type Opt = z.ZodMiniOptional<Str>
const id: Str = z.string().check(z.minLength(1))
const timestamp: Str = z.string().check(z.regex(/^[0-9]+$/))

/** Activation iframe URL (reference §4.3). */
export const activationParamsSchema: z.ZodMiniObject<
  {
    apiClaim: Str
    apiToken: Str
    customerName: Str
    customerWebId: Str
    parameterCacheId: Str
    timestamp: Str
    userId: Str
  },
  z.core.$loose
> = z.looseObject({
  apiClaim: id,
  apiToken: id,
  customerName: z.string(),
  customerWebId: id,
  parameterCacheId: id,
  timestamp,
  userId: id,
})
export type ActivationParams = z.infer<typeof activationParamsSchema>

/**
 * Service launch URL (reference §4.5) with the documented macro parameters: `estateId`, `language`
 * (property language, e.g. `DEU`), `UserLanguage` (the user's language), `imageIds` (comma-separated),
 * `groupId` (if the user is in a group) and `parameterCacheId` — all optional; any other parameter is kept.
 */
export const serviceParamsSchema: z.ZodMiniObject<
  {
    customerWebId: Str
    userId: Str
    apiClaim: Str
    customerName: Opt
    timestamp: Str
    groupId: Opt
    parameterCacheId: Opt
    estateId: Opt
    language: Opt
    UserLanguage: Opt
    imageIds: Opt
  },
  z.core.$loose
> = z.looseObject({
  customerWebId: id,
  userId: id,
  apiClaim: id,
  customerName: z.optional(z.string()),
  timestamp,
  groupId: z.optional(z.string()),
  parameterCacheId: z.optional(z.string()),
  estateId: z.optional(z.string()),
  language: z.optional(z.string()),
  UserLanguage: z.optional(z.string()),
  imageIds: z.optional(z.string()),
})
export type ServiceParams = z.infer<typeof serviceParamsSchema>

/**
 * Payment callback (reference §4.7): `status` success | inprocess (SEPA pending) | error, plus
 * `transactionid`, `aboid`, `referenceid`, `message`, `errorCodes` when onOffice sends them, and your
 * own callbackurl parameters.
 */
export const callbackParamsSchema: z.ZodMiniObject<
  {
    status: z.ZodMiniEnum<{ success: 'success'; inprocess: 'inprocess'; error: 'error' }>
    transactionid: Opt
    aboid: Opt
    referenceid: Opt
    message: Opt
    errorCodes: Opt
    timestamp: Opt
  },
  z.core.$loose
> = z.looseObject({
  status: z.enum(['success', 'inprocess', 'error']),
  transactionid: z.optional(z.string()),
  aboid: z.optional(z.string()),
  referenceid: z.optional(z.string()),
  message: z.optional(z.string()),
  errorCodes: z.optional(z.string()),
  timestamp: z.optional(timestamp),
})
export type CallbackParams = z.infer<typeof callbackParamsSchema>
