/**
 * Tolerant parsing of the onOffice response envelope (reference §2.1): unknown fields pass, `data` is `[]`
 * on failed actions, `cntabsolute` may be null, ids are numbers or strings, `elements` an object (an array
 * of objects is merged).
 */
import * as z from 'zod/mini'
import type { ActionResult, OnOfficeRecord } from './types.ts'

const numberLike = z.union([z.number(), z.string()])

const statusSchema = z.looseObject({
  code: z.optional(z.nullable(numberLike)),
  errorcode: z.optional(z.nullable(numberLike)),
  message: z.optional(z.nullable(z.string())),
})

// Records are checked structurally, not by zod: a list read returns up to 500 records per action (10,000 in an
// iterate), and zod would copy every record and its `elements` key by key. The rule is the one the zod record
// schema had: a non-array object; `id` number | string | null | absent; `type` string | null | absent; `elements`
// object | array | null | absent. Unknown fields pass. One bad record rejects the envelope, as before.
interface RawRecord {
  id?: number | string | null
  type?: string | null
  elements?: Record<string, unknown> | unknown[] | null
  [key: string]: unknown
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function isRecord(v: unknown): v is RawRecord {
  if (!isObject(v)) return false
  const { id, type, elements } = v
  return (
    (id === undefined || id === null || typeof id === 'number' || typeof id === 'string') &&
    (type === undefined || type === null || typeof type === 'string') &&
    (elements === undefined || elements === null || typeof elements === 'object')
  )
}

const dataSchema = z.union([
  z.looseObject({
    meta: z.optional(z.nullable(z.looseObject({ cntabsolute: z.optional(z.unknown()) }))),
    records: z.optional(z.nullable(z.array(z.unknown()))),
  }),
  z.array(z.unknown()),
])

const resultSchema = z.looseObject({
  actionid: z.optional(z.nullable(z.string())),
  resourcetype: z.optional(z.nullable(z.string())),
  resourceid: z.optional(z.unknown()),
  identifier: z.optional(z.unknown()),
  data: z.optional(z.nullable(dataSchema)),
  status: z.optional(z.nullable(statusSchema)),
})

const envelopeSchema = z.looseObject({
  status: z.optional(z.nullable(statusSchema)),
  // PHP encodes an empty response as [] (request-level errors).
  response: z.optional(z.nullable(z.union([z.looseObject({ results: z.optional(z.nullable(z.array(resultSchema))) }), z.array(z.unknown())]))),
})

/** One result of the response, normalised. */
export interface ParsedResult {
  actionid?: string
  resourcetype?: string
  identifier?: string
  errorcode: number
  message: string
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

function elementsOf(raw: unknown): Record<string, unknown> {
  if (Array.isArray(raw)) {
    const merged: Record<string, unknown> = {}
    for (const item of raw) if (item && typeof item === 'object' && !Array.isArray(item)) Object.assign(merged, item)
    return merged
  }
  return raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}
}

/** Parses a JSON value as the onOffice envelope; `null` when it is not one. */
export function parseEnvelope(body: unknown): ParsedEnvelope | null {
  const parsed = envelopeSchema.safeParse(body)
  if (!parsed.success) return null
  const env = parsed.data
  if (!env.status && !env.response) return null
  const results = Array.isArray(env.response) ? null : env.response?.results
  for (const r of results ?? []) {
    const records = r.data && !Array.isArray(r.data) ? r.data.records : undefined
    if (records) for (const rec of records) if (!isRecord(rec)) return null
  }
  return {
    errorcode: toInt(env.status?.errorcode, 0),
    message: env.status?.message ?? '',
    results:
      results === undefined || results === null
        ? null
        : results.map((r) => {
            const data = r.data && !Array.isArray(r.data) ? r.data : undefined
            const records: OnOfficeRecord[] = ((data?.records ?? []) as RawRecord[]).map((rec) => ({
              ...rec,
              id: rec.id ?? '',
              type: rec.type ?? null,
              elements: elementsOf(rec.elements),
            }))
            const cnt = data?.meta?.cntabsolute
            const cntabsolute = typeof cnt === 'number' || typeof cnt === 'string' ? toInt(cnt, Number.NaN) : Number.NaN
            const errorcode = toInt(r.status?.errorcode, 0)
            const message = r.status?.message ?? ''
            const out: ParsedResult = {
              errorcode,
              message,
              value: { records, cntabsolute: Number.isNaN(cntabsolute) ? null : cntabsolute, status: { errorcode, message } },
            }
            if (typeof r.actionid === 'string') out.actionid = r.actionid
            if (typeof r.resourcetype === 'string') out.resourcetype = r.resourcetype
            if (typeof r.identifier === 'string') out.identifier = r.identifier
            return out
          }),
  }
}
