/**
 * Tolerant parsing of the onOffice response envelope (reference §2.1): unknown fields pass, `data` is `[]`
 * on failed actions, `cntabsolute` may be null, ids are numbers or strings, `elements` an object or a list of
 * objects (kept a list). Empty and odd records are skipped, never a reason to reject the envelope.
 */
import * as z from 'zod/mini'
import type { ActionResult, OnOfficeElements, OnOfficeRecord } from './types.ts'

const numberLike = z.union([z.number(), z.string()])

const statusSchema = z.looseObject({
  code: z.optional(z.nullable(numberLike)),
  errorcode: z.optional(z.nullable(numberLike)),
  message: z.optional(z.unknown()),
})

// Records are normalised by hand, not by zod: a list read returns up to 500 records per action (10,000 in an
// iterate), and zod would copy every record and its `elements` key by key. Tolerant by rule (onOffice adds
// fields without notice and PHP encodes an empty array as `[]`): a record that is not an object or has no
// `elements` object/list is skipped; an odd `id` becomes `''`, an odd `type` `null`; unknown fields pass.
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function normaliseRecord(raw: unknown): OnOfficeRecord | null {
  if (!isObject(raw)) return null
  const elements = elementsOf(raw.elements)
  if (elements === null) return null
  const { id, type } = raw
  return {
    ...raw,
    id: typeof id === 'number' || typeof id === 'string' ? id : '',
    type: typeof type === 'string' ? type : null,
    elements,
  }
}

/** `elements` as sent: an object stays the object, a list of objects stays a list, PHP's `[]` is `{}`. */
function elementsOf(raw: unknown): OnOfficeElements | null {
  if (isObject(raw)) return raw
  if (!Array.isArray(raw)) return null
  const items = raw.filter(isObject)
  return items.length === 0 ? {} : items
}

/** `records` as a list; PHP sends a list with holes in its keys as an object `{"0":…,"2":…}`. */
function recordsOf(raw: unknown): OnOfficeRecord[] {
  const list = Array.isArray(raw) ? raw : isObject(raw) ? Object.values(raw) : []
  const out: OnOfficeRecord[] = []
  for (const item of list) {
    const record = normaliseRecord(item)
    if (record) out.push(record)
  }
  return out
}

const dataSchema = z.union([
  z.looseObject({
    meta: z.optional(z.nullable(z.looseObject({ cntabsolute: z.optional(z.unknown()) }))),
    records: z.optional(z.unknown()),
  }),
  z.array(z.unknown()),
])

const resultSchema = z.looseObject({
  actionid: z.optional(z.unknown()),
  resourcetype: z.optional(z.unknown()),
  resourceid: z.optional(z.unknown()),
  identifier: z.optional(z.unknown()),
  cacheable: z.optional(z.unknown()),
  data: z.optional(z.nullable(dataSchema)),
  status: z.optional(z.nullable(statusSchema)),
})

const envelopeSchema = z.looseObject({
  status: z.optional(z.nullable(statusSchema)),
  // PHP encodes an empty response as [] (request-level errors).
  response: z.optional(
    z.nullable(
      z.union([
        z.looseObject({ results: z.optional(z.nullable(z.array(resultSchema))) }),
        z.array(z.unknown()),
      ]),
    ),
  ),
})

/** One result of the response, normalised. */
export interface ParsedResult {
  actionid?: string
  resourcetype?: string
  identifier?: string
  errorcode: number
  message: string
  /** onOffice marked the result `cacheable: true` (reference §2.1). */
  cacheable?: boolean
  value: ActionResult
}

/** The response envelope, normalised. */
export interface ParsedEnvelope {
  errorcode: number
  message: string
  results: ParsedResult[] | null
}

function toInt(value: unknown, fallback: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value)
  return fallback
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '')

/** Parses a JSON value as the onOffice envelope; `null` when it is not one. */
export function parseEnvelope(body: unknown): ParsedEnvelope | null {
  const parsed = envelopeSchema.safeParse(body)
  if (!parsed.success) return null
  const env = parsed.data
  if (!env.status && !env.response) return null
  const results = Array.isArray(env.response) ? null : env.response?.results
  return {
    errorcode: toInt(env.status?.errorcode, 0),
    message: textOf(env.status?.message),
    results:
      results === undefined || results === null
        ? null
        : results.map((r) => {
            const data = r.data && !Array.isArray(r.data) ? r.data : undefined
            const records = recordsOf(data?.records)
            const cnt = data?.meta?.cntabsolute
            const cntabsolute =
              typeof cnt === 'number' || typeof cnt === 'string'
                ? toInt(cnt, Number.NaN)
                : Number.NaN
            const errorcode = toInt(r.status?.errorcode, 0)
            const message = textOf(r.status?.message)
            const out: ParsedResult = {
              errorcode,
              message,
              cacheable: r.cacheable === true,
              value: {
                records,
                cntabsolute: Number.isNaN(cntabsolute) ? null : cntabsolute,
                status: { errorcode, message },
              },
            }
            if (typeof r.actionid === 'string') out.actionid = r.actionid
            if (typeof r.resourcetype === 'string') out.resourcetype = r.resourcetype
            if (typeof r.identifier === 'string') out.identifier = r.identifier
            return out
          }),
  }
}
