/**
 * Typed webhook parameters (reference §4.9). onOffice calls a webhook URL when a record of a module it supports is
 * created or updated (`executeMarketplaceWebhooks`: `estate`, `address`, `task`, `calendar`), with the signed
 * parameters of a service call (`customerWebId`, `userId`, `customerName`, `apiClaim`, `groupId`,
 * `parameterCacheId`, the macro parameters such as `estateId`, `language`, `UserLanguage`, and yours).
 *
 * The wire format is not officially documented: `estateId` is what production providers receive for properties;
 * the names for the other modules are whatever was agreed when the webhook service was registered. The defaults
 * (`addressId`, `taskId`, `calendarId`) follow the same pattern and can be renamed with `recordParams`.
 */
import { configError, nonEmptyString } from '../core/check.ts'
import {
  MAX_SIGNED_QUERY_LENGTH,
  MAX_SIGNED_QUERY_PARAMS,
  verifySignedUrlAs,
  type SignedUrlFailureReason,
  type VerifySignedUrlOptions,
} from './signed-url.ts'

/** The modules onOffice runs webhooks for (apidoc `executeMarketplaceWebhooks`). */
export const WEBHOOK_MODULES: readonly ['estate', 'address', 'task', 'calendar'] = [
  'estate',
  'address',
  'task',
  'calendar',
]

/** A module onOffice runs webhooks for: `estate`, `address`, `task` or `calendar` (appointments). */
export type WebhookModule = (typeof WEBHOOK_MODULES)[number]

/** The record a webhook delivery is about, discriminated by `module`; `id` is the record id as sent (a string). */
export type WebhookRecord = { [M in WebhookModule]: { module: M; id: string } }[WebhookModule]

/** The query parameter that carries each module's record id unless `recordParams` renames it. */
export const DEFAULT_WEBHOOK_RECORD_PARAMS: Readonly<Record<WebhookModule, string>> = {
  estate: 'estateId',
  address: 'addressId',
  task: 'taskId',
  calendar: 'calendarId',
}

/**
 * The type of one provider-defined parameter: `'string'`, `'integer'` (a whole number within ±2^53),
 * `'boolean'` (`1`/`true` or `0`/`false`) or a list of allowed strings.
 */
export type WebhookParamType = 'string' | 'integer' | 'boolean' | readonly string[]

/** Your webhook parameters by name (as registered in the webhook URL) and type. */
export type WebhookParamSchema = Readonly<Record<string, WebhookParamType>>

/** The TypeScript type a {@link WebhookParamType} parses to. */
export type WebhookParamValue<T extends WebhookParamType> = T extends 'integer'
  ? number
  : T extends 'boolean'
    ? boolean
    : T extends readonly (infer L extends string)[]
      ? L
      : string

/** No declared parameters (the default): `custom` is empty. */
export type NoWebhookParams = Readonly<Record<never, WebhookParamType>>

/** Your declared parameters, typed; `null` when a parameter is absent or empty. */
export type WebhookCustomParams<S extends WebhookParamSchema> = {
  readonly [K in keyof S]: WebhookParamValue<S[K]> | null
}

/** Options of {@link parseWebhookParams} (and of {@link verifyWebhook}). */
export interface ParseWebhookParamsOptions<S extends WebhookParamSchema = NoWebhookParams> {
  /** Your own parameters and their types; parsed into `custom`. Default none. */
  params?: S
  /** The modules this webhook URL is registered for, in the order the record is looked for. Default all four. */
  modules?: readonly WebhookModule[]
  /** Renames the record-id parameter of a module, e.g. `{ address: 'adrId' }`. Default {@link DEFAULT_WEBHOOK_RECORD_PARAMS}. */
  recordParams?: Partial<Record<WebhookModule, string>>
}

/** A webhook delivery's parameters, typed. */
export interface WebhookParams<S extends WebhookParamSchema = NoWebhookParams> {
  customerWebId: string
  userId: string
  /** The claim of this delivery: send it as `extendedclaim` for follow-up API calls (`client.withClaim(apiClaim)`). */
  apiClaim: string
  customerName: string | null
  /** `groupId` when the user is in a group, else `null`. */
  groupId: string | null
  parameterCacheId: string | null
  /** `language` macro parameter (property language, e.g. `ENG`), or `null`. */
  language: string | null
  /** `UserLanguage` macro parameter (the user's language, e.g. `DEU`), or `null`. */
  userLanguage: string | null
  /** The record the delivery is about: the first of `modules` whose id parameter is present; `null` when none is. */
  record: WebhookRecord | null
  /** Your declared parameters, typed (`null` when absent). */
  custom: WebhookCustomParams<S>
  /** Every parameter except `signature`, `timestamp` and `apiClaim`, as strings — unknown and new ones included. */
  params: Readonly<Record<string, string>>
}

/** Why a parameter was refused: `missing` (a required identity parameter), a value of the wrong type, or `too_large`. */
export interface WebhookParamIssue {
  /** The parameter's name (never its value: it may be the claim). */
  param: string
  problem: 'missing' | 'not_integer' | 'not_boolean' | 'not_allowed' | 'too_large'
}

/** Result of {@link parseWebhookParams}. */
export type ParseWebhookParamsResult<S extends WebhookParamSchema = NoWebhookParams> =
  | { ok: true; webhook: WebhookParams<S> }
  | { ok: false; reason: 'bad_webhook'; issues: readonly WebhookParamIssue[] }

// Never part of `params`: the claim is a credential, the rest is protocol (as in the Hono context).
const HIDDEN = new Set(['signature', 'timestamp', 'apiClaim'])
const INTEGER = /^-?[0-9]{1,16}$/

const own = (params: Readonly<Record<string, string>>, name: string): string | null => {
  if (!Object.hasOwn(params, name)) return null
  const v = params[name]
  return typeof v === 'string' && v !== '' ? v : null
}

function checkType(where: string, name: string, type: unknown): void {
  const ok =
    type === 'string' ||
    type === 'integer' ||
    type === 'boolean' ||
    (Array.isArray(type) &&
      type.length > 0 &&
      type.length <= MAX_SIGNED_QUERY_PARAMS &&
      type.every((v) => typeof v === 'string'))
  if (!ok)
    configError(
      where,
      `opts.params.${name}`,
      "must be 'string', 'integer', 'boolean' or a non-empty list of allowed strings",
    )
}

/** The module → parameter pairs to look for, in order; options checked (messages name the option). */
function recordLookup(
  where: string,
  opts: ParseWebhookParamsOptions<WebhookParamSchema>,
): [WebhookModule, string][] {
  const modules: readonly WebhookModule[] = opts.modules ?? WEBHOOK_MODULES
  const given: unknown = modules
  if (
    !Array.isArray(given) ||
    modules.length === 0 ||
    !modules.every((m) => (WEBHOOK_MODULES as readonly unknown[]).includes(m))
  )
    configError(where, 'opts.modules', `must be a non-empty list of ${WEBHOOK_MODULES.join(', ')}`)
  const renamed = opts.recordParams ?? {}
  if (typeof renamed !== 'object' || renamed === null)
    configError(where, 'opts.recordParams', 'must be an object of module → parameter name')
  for (const [m, p] of Object.entries(renamed)) {
    if (!(WEBHOOK_MODULES as readonly string[]).includes(m))
      configError(where, `opts.recordParams.${m}`, 'is not a webhook module')
    nonEmptyString(where, `opts.recordParams.${m}`, p, 'a parameter name')
  }
  return modules.map((m) => [m, renamed[m] ?? DEFAULT_WEBHOOK_RECORD_PARAMS[m]])
}

function parseValue(
  type: WebhookParamType,
  value: string,
): { value: string | number | boolean } | { problem: WebhookParamIssue['problem'] } {
  if (type === 'string') return { value }
  if (type === 'integer') {
    const n = INTEGER.test(value) ? Number(value) : Number.NaN
    return Number.isSafeInteger(n) ? { value: n } : { problem: 'not_integer' }
  }
  if (type === 'boolean') {
    if (value === '1' || value === 'true') return { value: true }
    if (value === '0' || value === 'false') return { value: false }
    return { problem: 'not_boolean' }
  }
  return type.includes(value) ? { value } : { problem: 'not_allowed' }
}

/**
 * Turns the verified parameters of a webhook call (`verifySignedUrl(...).params`) into a typed shape: the identity
 * parameters, the record as a union by `module`, your declared parameters typed, and every parameter (known or not)
 * as a string in `params`. Tolerant: unknown parameters are kept, absent or empty optional ones are `null`. Linear
 * and bounded: more than {@link MAX_SIGNED_QUERY_PARAMS} parameters or {@link MAX_SIGNED_QUERY_LENGTH} characters
 * are refused (`too_large`) without reading further.
 *
 * Throws only for invalid options (an `OnOfficeConfigError` naming the option).
 *
 * @param params - verified parameters (after {@link verifySignedUrl}); `signature`, if present, is ignored.
 * @param opts - `params` (your parameter types, default none), `modules` (default all four, in order),
 *   `recordParams` (default {@link DEFAULT_WEBHOOK_RECORD_PARAMS}).
 * @returns `{ ok: true, webhook }` or `{ ok: false, reason: 'bad_webhook', issues }` — a required identity
 *   parameter (`customerWebId`, `userId`, `apiClaim`) missing, or a declared parameter of the wrong type.
 * @example
 * ```ts
 * const r = parseWebhookParams(verified.params, { params: { priority: 'integer', kind: ['create', 'update'] } })
 * if (r.ok && r.webhook.record?.module === 'estate') await syncEstate(r.webhook.record.id, r.webhook.custom.priority ?? 0)
 * ```
 */
export function parseWebhookParams<const S extends WebhookParamSchema = NoWebhookParams>(
  params: Readonly<Record<string, string>>,
  opts: ParseWebhookParamsOptions<S> = {},
): ParseWebhookParamsResult<S> {
  const parse = webhookParamsParser('parseWebhookParams', opts)
  if (typeof params !== 'object' || params === null)
    configError('parseWebhookParams', 'params', 'must be the verified parameters (an object)')
  return parse(params)
}

/**
 * The parser of {@link parseWebhookParams} with its options checked once (at construction, messages prefixed
 * with `where`). Internal: `verifyWebhook` and the Hono `webhook()` middleware build one per route.
 */
export function webhookParamsParser<S extends WebhookParamSchema>(
  where: string,
  opts: ParseWebhookParamsOptions<S>,
): (params: Readonly<Record<string, string>>) => ParseWebhookParamsResult<S> {
  if (typeof opts !== 'object' || opts === null) configError(where, 'opts', 'must be an object')
  const schema: WebhookParamSchema = opts.params ?? {}
  if (typeof schema !== 'object' || schema === null)
    configError(where, 'opts.params', 'must be an object of parameter name → type')
  const types = Object.entries(schema)
  if (types.length > MAX_SIGNED_QUERY_PARAMS)
    configError(where, 'opts.params', `must declare at most ${MAX_SIGNED_QUERY_PARAMS} parameters`)
  for (const [name, type] of types) checkType(where, name, type)
  const lookup = recordLookup(where, opts)
  return (params) => parseWith(params, types, lookup)
}

function parseWith<S extends WebhookParamSchema>(
  params: Readonly<Record<string, string>>,
  types: readonly [string, WebhookParamType][],
  lookup: readonly [WebhookModule, string][],
): ParseWebhookParamsResult<S> {
  // One pass over the input, stopped at the bounds, copying the visible parameters.
  const visible: Record<string, string> = {}
  let count = 0
  let size = 0
  for (const name in params) {
    if (!Object.hasOwn(params, name)) continue
    const value = params[name]
    if (typeof value !== 'string') continue
    size += name.length + value.length
    if (++count > MAX_SIGNED_QUERY_PARAMS || size > MAX_SIGNED_QUERY_LENGTH)
      return { ok: false, reason: 'bad_webhook', issues: [{ param: name, problem: 'too_large' }] }
    if (!HIDDEN.has(name))
      Object.defineProperty(visible, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
  }

  const issues: WebhookParamIssue[] = []
  const customerWebId = own(params, 'customerWebId')
  const userId = own(params, 'userId')
  const apiClaim = own(params, 'apiClaim')
  if (customerWebId === null) issues.push({ param: 'customerWebId', problem: 'missing' })
  if (userId === null) issues.push({ param: 'userId', problem: 'missing' })
  if (apiClaim === null) issues.push({ param: 'apiClaim', problem: 'missing' })
  const custom: Record<string, string | number | boolean | null> = {}
  for (const [name, type] of types) {
    const raw = own(params, name)
    let value: string | number | boolean | null = null
    if (raw !== null) {
      const parsed = parseValue(type, raw)
      if ('problem' in parsed) issues.push({ param: name, problem: parsed.problem })
      else value = parsed.value
    }
    Object.defineProperty(custom, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  if (customerWebId === null || userId === null || apiClaim === null || issues.length > 0)
    return { ok: false, reason: 'bad_webhook', issues }

  let record: WebhookRecord | null = null
  for (const [module, name] of lookup) {
    const id = own(params, name)
    if (id !== null) {
      record = { module, id } as WebhookRecord
      break
    }
  }
  return {
    ok: true,
    webhook: {
      customerWebId,
      userId,
      apiClaim,
      customerName: own(params, 'customerName'),
      groupId: own(params, 'groupId'),
      parameterCacheId: own(params, 'parameterCacheId'),
      language: own(params, 'language'),
      userLanguage: own(params, 'UserLanguage'),
      record,
      custom: custom as WebhookCustomParams<S>,
      params: visible,
    },
  }
}

/** Result of {@link verifyWebhook}. */
export type VerifyWebhookResult<S extends WebhookParamSchema = NoWebhookParams> =
  | { ok: true; webhook: WebhookParams<S>; timestamp: number }
  | { ok: false; reason: SignedUrlFailureReason }
  | { ok: false; reason: 'bad_webhook'; issues: readonly WebhookParamIssue[] }

/**
 * Verifies a webhook call exactly like {@link verifySignedUrl} and parses it with {@link parseWebhookParams}: the
 * framework-free equivalent of `webhook(oo)`. Without a once-only guard: a replayed URL verifies again within the
 * freshness window (keep your own mark, e.g. by `signature`, if the work must not repeat).
 *
 * @param url - the webhook URL as received (string, URL or Request).
 * @param opts - as {@link verifySignedUrl} (`secret`, `publicUrl`, `now`, `maxAgeSec`, `maxFutureSec`) plus
 *   `params`, `modules`, `recordParams` as {@link parseWebhookParams}.
 * @example
 * ```ts
 * const r = await verifyWebhook(request, { secret: env.ONOFFICE_SECRET, publicUrl: 'https://provider.example' })
 * if (!r.ok) return new Response(r.reason, { status: 401 })
 * if (r.webhook.record?.module === 'address') queue.push({ addressId: r.webhook.record.id })
 * ```
 */
export async function verifyWebhook<const S extends WebhookParamSchema = NoWebhookParams>(
  url: string | URL | Request,
  opts: VerifySignedUrlOptions & ParseWebhookParamsOptions<S>,
): Promise<VerifyWebhookResult<S>> {
  const parse = webhookParamsParser<S>('verifyWebhook', opts)
  const r = await verifySignedUrlAs('verifyWebhook', url, opts)
  if (!r.ok) return r
  const parsed = parse(r.params)
  return parsed.ok ? { ok: true, webhook: parsed.webhook, timestamp: r.timestamp } : parsed
}
