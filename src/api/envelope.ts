/**
 * The request envelope (reference §1.2): preparing actions (claim, listlimit clamp), the canonical key
 * used to deduplicate reads, signing, the exact JSON body, and redaction for hooks.
 */
import { ACTION_IDS, type ActionKind } from './actions.ts'
import { byteOrder, canonical } from '../core/json.ts'
import { hmacV2 } from './hmac.ts'
import { maxPageSize } from './resources/paging.ts'
import type { ActionInput } from './types.ts'

/** An action ready to be signed: defaults filled, claim injected, listlimit clamped. */
export interface PreparedAction {
  kind: ActionKind
  resourcetype: string
  resourceid: string
  identifier: string
  parameters: Record<string, unknown>
}

/**
 * Fills defaults, puts `extendedclaim` in (an explicit parameter wins) and clamps `listlimit` to the
 * resource's maximum from `PAGING_RULES` (500; files 100): onOffice answers a larger listlimit silently
 * with its default of 20 records, which would look like a short list rather than an error.
 */
export function prepareAction(input: ActionInput, claim: string | undefined): PreparedAction {
  if (typeof input !== 'object' || input === null)
    throw new TypeError('onOffice action must be an object { kind, resourcetype, parameters? }')
  if (!(input.kind in ACTION_IDS))
    throw new TypeError(`onOffice action kind must be one of ${Object.keys(ACTION_IDS).join(', ')}`)
  if (typeof input.resourcetype !== 'string')
    throw new TypeError('onOffice action resourcetype must be a string')
  const parameters: Record<string, unknown> = { ...(input.parameters ?? {}) }
  if (claim !== undefined && parameters.extendedclaim === undefined)
    parameters.extendedclaim = claim
  const limit = parameters.listlimit
  const max = maxPageSize(input.resourcetype)
  if (
    max !== null &&
    (typeof limit === 'number' || (typeof limit === 'string' && /^\d+$/.test(limit))) &&
    Number(limit) > max
  )
    parameters.listlimit = max
  return {
    kind: input.kind,
    resourcetype: input.resourcetype,
    resourceid:
      input.resourceid === undefined || input.resourceid === null ? '' : String(input.resourceid),
    identifier: input.identifier ?? '',
    parameters,
  }
}

/** JSON of `parameters` with top-level keys in byte order (reference §1.2: "sorted alphabetically by key"). */
function serializeParameters(parameters: Record<string, unknown>): string {
  // Built by hand: a JS object always lists integer-like keys first, which would break the byte order.
  const parts: string[] = []
  for (const key of Object.keys(parameters).sort(byteOrder)) {
    const value = parameters[key]
    if (value === undefined) continue
    parts.push(`${JSON.stringify(key)}:${jsonValue(value)}`)
  }
  return `{${parts.join(',')}}`
}

// Characters JSON.stringify would escape in a string (any surrogate, to stay exact for lone ones).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/
const LONG = 4096

/**
 * `JSON.stringify(value)`, byte for byte. A long string that needs no escaping (an upload block's base64) is
 * quoted without the copy JSON.stringify makes: one block less of garbage per request keeps a streamed upload
 * within its memory target (bench/upload.bench.ts, `uploadPeakMemoryMiB`).
 */
function jsonValue(value: unknown): string {
  if (typeof value === 'string' && value.length >= LONG && !NEEDS_ESCAPE.test(value))
    return `"${value}"`
  return JSON.stringify(value)
}

/**
 * Identity of a read/get for deduplication: kind, resourcetype, resourceid and all parameters (the claim
 * included, so two users' reads are never merged), key order ignored at every level. `null` for writes.
 */
export function dedupeKey(action: PreparedAction): string | null {
  if (action.kind !== 'read' && action.kind !== 'get') return null
  return `${action.kind}\u0000${action.resourcetype}\u0000${action.resourceid}\u0000${canonical(action.parameters)}`
}

/**
 * The exact JSON body for `actions`. `timestampOf(i)` is read once per action so that the timestamp sent
 * is the one hashed (reference §1.4).
 */
export async function buildBody(
  token: string,
  secret: string,
  actions: readonly PreparedAction[],
  timestampOf: () => number,
): Promise<string> {
  const signatures = new Map<string, Promise<string>>()
  const signed = actions.map((a) => {
    const timestamp = timestampOf()
    const actionid = ACTION_IDS[a.kind]
    // Identical (timestamp, resourcetype, actionid) give the same HMAC: sign each combination once.
    const cacheKey = `${timestamp}\u0000${a.resourcetype}\u0000${actionid}`
    let hmac = signatures.get(cacheKey)
    if (!hmac)
      signatures.set(cacheKey, (hmac = hmacV2(token, secret, timestamp, a.resourcetype, actionid)))
    return { a, actionid, timestamp, hmac }
  })
  const parts: string[] = []
  for (const { a, actionid, timestamp, hmac } of signed) {
    parts.push(
      `{"actionid":${JSON.stringify(actionid)},"resourceid":${JSON.stringify(a.resourceid)},"resourcetype":${JSON.stringify(a.resourcetype)},` +
        `"identifier":${JSON.stringify(a.identifier)},"timestamp":${timestamp},"hmac":${JSON.stringify(await hmac)},"hmac_version":2,` +
        `"parameters":${serializeParameters(a.parameters)}}`,
    )
  }
  return `{"token":${JSON.stringify(token)},"request":{"actions":[${parts.join(',')}]}}`
}

// The credential fields of the wire format (lower case; keys are compared case-insensitively). One list for the
// client's hooks and the fake's record of what it received.
const REDACTED_KEYS = new Set([
  'token',
  'secret',
  'hmac',
  'extendedclaim',
  'apikey',
  'apitoken',
  'apiclaim',
  'password',
])

/** A deep copy with every credential-like key replaced by `'[redacted]'`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value))
      out[k] = REDACTED_KEYS.has(k.toLowerCase()) ? '[redacted]' : redact(v)
    return out
  }
  return value
}
