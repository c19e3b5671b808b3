/**
 * The change feed: records changed since a cursor, for estates (`geaendert_am`) and addresses (`Aenderung`),
 * the fields apidoc names for time-window syncs (reference §3.1).
 *
 * Why it never loses a record:
 * - Keyset paging, not `listoffset`: a record that changes while we page moves to the end of the order and
 *   would shift every later offset by one. Each page continues from the last change time seen
 *   (`>`), and a page cut in the middle of one change time is finished by `= time AND Id > lastId` pages
 *   (sorted by `Id`), so more than a page of records with the same second cannot be skipped either.
 * - An overlap window (`overlapSec`, default 300): each poll starts `overlapSec` before the cursor, which
 *   covers records whose change time was written late or that changed in the same second as the last poll
 *   ended.
 * - Dedupe by `Id` + change time: the cursor remembers the changes it already yielded inside the window, so
 *   a change is yielded once per poll and not again by the next poll. A record changed twice is two changes.
 */
import type { ElementsObject, OnOfficeRecord } from '../types.ts'
import type { Call } from './caller.ts'
import { numericId, objectCall, type Filter } from './list.ts'
import { maxPageSize, pageSizeFor } from './paging.ts'

/** Resources with a change-time field. */
export type ChangeResource = 'estate' | 'address'

/** The change-time field per resource. */
export const CHANGE_FIELDS: Readonly<Record<ChangeResource, string>> = {
  estate: 'geaendert_am',
  address: 'Aenderung',
}

/** Options of `client.changes`. */
export interface ChangesOptions {
  /**
   * Where to start: the `cursor` of the previous poll, or a first time `YYYY-MM-DD HH:MM:SS` (or `Date`,
   * formatted in UTC) in onOffice's clock. onOffice does not document the time zone of `geaendert_am`/`Aenderung`;
   * for the very first poll pass a string in the zone your client shows, or start early.
   */
  since: string | Date
  /**
   * Seconds re-read before the cursor on each poll; default 300. Keep it longer than a poll runs (plus clock skew):
   * a record changed during a poll in the same second as a part already read is caught by the next poll's window.
   */
  overlapSec?: number
  /** Fields to read besides `Id` and the change field. */
  fields?: string[]
  /** Further conditions, ANDed (e.g. `{ status: [{ op: '=', val: 1 }] }`). */
  filter?: Filter
  /** Page size; default and maximum from `PAGING_RULES` (500). */
  pageSize?: number
}

/** One event of the feed: a change, and at the end the cursor to store. */
export type ChangeEvent =
  | {
      kind: 'change'
      resource: ChangeResource
      id: number
      changedAt: string
      record: OnOfficeRecord<ElementsObject>
    }
  | { kind: 'cursor'; cursor: string }

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/
const CURSOR_PREFIX = 'oc1.'
/** A cursor keeps the changes inside the overlap window; bounded so a stored cursor cannot grow without limit. */
const MAX_CURSOR_CHARS = 4_000_000

/** Milliseconds of a naive `YYYY-MM-DD HH:MM:SS` (zone-free arithmetic); `NaN` when malformed. */
function naiveMs(value: string): number {
  const m = DATETIME.exec(value)
  if (!m) return Number.NaN
  return Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  )
}

const naive = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')

interface Cursor {
  since: string
  /** `id|time` of the changes yielded inside the overlap window. */
  seen: string[]
}

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function encodeCursor(c: Cursor): string {
  return CURSOR_PREFIX + base64url(JSON.stringify({ t: c.since, s: c.seen }))
}

function decodeCursor(value: string): Cursor {
  const bad = () =>
    new TypeError(
      'changes: since must be a cursor returned by changes() or a time YYYY-MM-DD HH:MM:SS',
    )
  if (value.length > MAX_CURSOR_CHARS) throw bad()
  let parsed: unknown
  try {
    parsed = JSON.parse(
      atob(value.slice(CURSOR_PREFIX.length).replace(/-/g, '+').replace(/_/g, '/')),
    )
  } catch {
    throw bad()
  }
  const p = parsed as { t?: unknown; s?: unknown }
  if (
    !p ||
    typeof p.t !== 'string' ||
    Number.isNaN(naiveMs(p.t)) ||
    !Array.isArray(p.s) ||
    !p.s.every((k) => typeof k === 'string')
  )
    throw bad()
  return { since: p.t, seen: p.s as string[] }
}

function startOf(since: unknown): Cursor {
  if (since instanceof Date) {
    if (Number.isNaN(since.getTime())) throw new TypeError('changes: since is an invalid Date')
    return { since: naive(since.getTime()), seen: [] }
  }
  if (typeof since !== 'string')
    throw new TypeError(
      'changes: since must be a cursor returned by changes(), a time YYYY-MM-DD HH:MM:SS or a Date',
    )
  if (since.startsWith(CURSOR_PREFIX)) return decodeCursor(since)
  const ms = naiveMs(since)
  if (Number.isNaN(ms))
    throw new TypeError(
      'changes: since must be a cursor returned by changes() or a time YYYY-MM-DD HH:MM:SS',
    )
  return { since: naive(ms), seen: [] }
}

function conditions(filter: Filter | undefined, extra: Filter): Filter {
  const out: Filter = { ...(filter ?? {}) }
  for (const [field, list] of Object.entries(extra)) out[field] = [...(out[field] ?? []), ...list]
  return out
}

/** @internal The feed over a client's `call`; `client.changes` is this. */
export async function* changesOver(
  rawCall: Call,
  resource: ChangeResource,
  opts: ChangesOptions,
): AsyncGenerator<ChangeEvent> {
  if (resource !== 'estate' && resource !== 'address')
    throw new TypeError("changes: resource must be 'estate' or 'address'")
  if (!opts || typeof opts !== 'object')
    throw new TypeError('changes: options { since } are required')
  const overlapSec = opts.overlapSec ?? 300
  if (typeof overlapSec !== 'number' || !Number.isInteger(overlapSec) || overlapSec < 0)
    throw new TypeError('changes: overlapSec must be an integer ≥ 0')
  if (
    opts.fields !== undefined &&
    (!Array.isArray(opts.fields) || !opts.fields.every((f) => typeof f === 'string'))
  )
    throw new TypeError('changes: fields must be an array of field names')
  const call = objectCall(rawCall)
  const field = CHANGE_FIELDS[resource]
  const pageSize = pageSizeFor(resource, opts.pageSize ?? maxPageSize(resource), 'changes')
  const cursor = startOf(opts.since)
  const seen = new Set(cursor.seen)
  const data = [...new Set(['Id', field, ...(opts.fields ?? [])])]
  let latest = cursor.since
  const read = (filter: Filter, sortby: string) =>
    call({
      kind: 'read',
      resourcetype: resource,
      parameters: {
        data,
        filter: conditions(opts.filter, filter),
        sortby,
        sortorder: 'ASC',
        listlimit: pageSize,
        listoffset: 0,
      },
    })

  // Yields the page's changes not yet seen; returns the last record's (time, id).
  function* emit(records: OnOfficeRecord<ElementsObject>[]): Generator<ChangeEvent> {
    for (const record of records) {
      const id = numericId(record)
      const changedAt = String(record.elements[field] ?? '')
      if (changedAt > latest && !Number.isNaN(naiveMs(changedAt))) latest = changedAt
      const key = `${id}|${changedAt}`
      if (seen.has(key)) continue
      seen.add(key)
      yield { kind: 'change', resource, id, changedAt, record }
    }
  }

  let time = naive(naiveMs(cursor.since) - overlapSec * 1000)
  let op: '>=' | '>' = '>='
  for (;;) {
    const page = await read({ [field]: [{ op, val: time }] }, field)
    yield* emit(page.records)
    if (page.records.length < pageSize) break
    // A full page: finish every record of the last change time by id, then continue after that time.
    const last = page.records[page.records.length - 1]!
    time = String(last.elements[field] ?? time)
    let lastId = 0
    for (;;) {
      const tie = await read(
        { [field]: [{ op: '=', val: time }], Id: [{ op: '>', val: lastId }] },
        'Id',
      )
      yield* emit(tie.records)
      if (tie.records.length < pageSize) break
      lastId = numericId(tie.records[tie.records.length - 1]!)
    }
    op = '>'
  }
  const windowStart = naive(naiveMs(latest) - overlapSec * 1000)
  const keep = [...seen].filter((key) => key.slice(key.indexOf('|') + 1) >= windowStart)
  yield { kind: 'cursor', cursor: encodeCursor({ since: latest, seen: keep }) }
}
