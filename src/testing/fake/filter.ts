import { FakeActionError } from './action-error.ts'

/** A record as the list helpers see it: field name → string value. */
export type Row = Record<string, string>

/** Reads one field of a row; lets callers filter and sort records without first copying them into a `Row`. */
export type FieldReader<T> = (row: T, field: string) => string | undefined

const readRow: FieldReader<Row> = (row, field) => row[field]

const NUMERIC = /^-?\d+(\.\d+)?$/
// `a.localeCompare(b, 'de', opts)` is specified as a new Intl.Collator('de', opts) per call; one shared
// collator gives the same order without constructing one per comparison (the cost of a 10,000-row sort).
const COLLATOR = new Intl.Collator('de', { sensitivity: 'base' })

/** Compares like MySQL does for onOffice's mixed data: numerically when both look numeric, else case-insensitively. */
function compare(a: unknown, b: unknown): number {
  const sa = String(a ?? '')
  const sb = String(b ?? '')
  if (NUMERIC.test(sa) && NUMERIC.test(sb)) return Number(sa) - Number(sb)
  return COLLATOR.compare(sa, sb)
}

/** A sort key computed once per row: the string and, if it looks numeric, its number. */
interface SortKey {
  s: string
  n: number | null
}

function sortKey(v: string | undefined): SortKey {
  const s = String(v ?? '')
  return { s, n: NUMERIC.test(s) ? Number(s) : null }
}

/** `compare` on precomputed keys. */
function compareKeys(a: SortKey, b: SortKey): number {
  if (a.n !== null && b.n !== null) return a.n - b.n
  return COLLATOR.compare(a.s, b.s)
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.')
  return new RegExp(`^${body}$`, 'is')
}

/** `likeToRegExp` compiled once per pattern and filter call instead of once per row. */
function likeCache(): (pattern: string) => RegExp {
  const cache = new Map<string, RegExp>()
  return (pattern) => {
    let re = cache.get(pattern)
    if (!re) cache.set(pattern, (re = likeToRegExp(pattern)))
    return re
  }
}

function asArray(val: unknown): unknown[] {
  if (!Array.isArray(val)) throw new FakeActionError(74)
  return val
}

/** One `{ op, val }` condition; operators are case-insensitive as in onOffice. */
function test(
  value: string | undefined,
  op: string,
  val: unknown,
  like: (pattern: string) => RegExp,
): boolean {
  switch (op.toLowerCase()) {
    case 'is':
    case '=':
      return compare(value, val) === 0
    case '!=':
    case '<>':
      return compare(value, val) !== 0
    case '>':
      return compare(value, val) > 0
    case '<':
      return compare(value, val) < 0
    case '>=':
      return compare(value, val) >= 0
    case '<=':
      return compare(value, val) <= 0
    case 'in':
      return asArray(val).some((v) => compare(value, v) === 0)
    case 'not in':
      return !asArray(val).some((v) => compare(value, v) === 0)
    case 'like':
      return like(String(val)).test(value ?? '')
    case 'not like':
      return !like(String(val)).test(value ?? '')
    case 'between': {
      const range = asArray(val)
      if (range.length !== 2) throw new FakeActionError(255, 'filter')
      return compare(value, range[0]) >= 0 && compare(value, range[1]) <= 0
    }
    default:
      throw new FakeActionError(142, op)
  }
}

/** Rows matching every condition of an onOffice `filter` (`{ field: [{ op, val }] }`, AND-ed). */
export function applyFilter<T = Row>(
  rows: T[],
  filter: unknown,
  known: ReadonlySet<string>,
  read: FieldReader<T> = readRow as unknown as FieldReader<T>,
): T[] {
  if (filter === undefined || filter === null) return rows
  if (Array.isArray(filter) && filter.length === 0) return rows // PHP's empty array
  if (typeof filter !== 'object' || Array.isArray(filter))
    throw new FakeActionError(257, 'filter must be an object')
  const conditions: Array<[string, string, unknown]> = []
  for (const [field, list] of Object.entries(filter)) {
    if (!known.has(field)) throw new FakeActionError(141, field)
    for (const c of asArray(list)) {
      if (!c || typeof c !== 'object' || typeof (c as { op?: unknown }).op !== 'string') {
        throw new FakeActionError(257, `invalid condition for ${field}`)
      }
      conditions.push([field, (c as { op: string }).op, (c as { val?: unknown }).val])
    }
  }
  const like = likeCache()
  return rows.filter((row) =>
    conditions.every(([field, op, val]) => test(read(row, field), op, val, like)),
  )
}

/** Sorts by `sortby` (object `{ field: 'ASC'|'DESC' }` or a field name with `sortorder`). */
export function applySort<T = Row>(
  rows: T[],
  sortby: unknown,
  sortorder: unknown,
  known: ReadonlySet<string>,
  read: FieldReader<T> = readRow as unknown as FieldReader<T>,
): T[] {
  if (sortby === undefined || sortby === null || sortby === '') return rows
  let keys: Array<[string, number]>
  if (typeof sortby === 'string') {
    keys = [[sortby, String(sortorder ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1]]
  } else if (typeof sortby === 'object' && !Array.isArray(sortby)) {
    keys = Object.entries(sortby).map(([f, o]) => [f, String(o).toUpperCase() === 'DESC' ? -1 : 1])
  } else {
    throw new FakeActionError(212)
  }
  for (const [field] of keys) if (!known.has(field)) throw new FakeActionError(212)
  // Keys are read once per row (not twice per comparison); the sort is stable, so ties keep their order.
  const decorated = rows.map((row) => ({
    row,
    k: keys.map(([field]) => sortKey(read(row, field))),
  }))
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareKeys(a.k[i]!, b.k[i]!)
      if (c !== 0) return c * keys[i]![1]
    }
    return 0
  })
  return decorated.map((d) => d.row)
}

/**
 * `listlimit`/`listoffset` as onOffice applies them: default 20, and a limit above 500 is silently
 * answered with 20 records (the real quirk), not clamped to 500.
 */
export function paginate<T>(rows: T[], listlimit: unknown, listoffset: unknown): T[] {
  const { offset, limit } = pageWindow(listlimit, listoffset)
  return rows.slice(offset, offset + limit)
}

/** The `offset`/`limit` that `paginate` applies. */
export function pageWindow(
  listlimit: unknown,
  listoffset: unknown,
): { offset: number; limit: number } {
  let limit =
    listlimit === undefined || listlimit === null || listlimit === '' ? 20 : Number(listlimit)
  if (!Number.isInteger(limit) || limit < 0 || limit > 500) limit = 20
  let offset =
    listoffset === undefined || listoffset === null || listoffset === '' ? 0 : Number(listoffset)
  if (!Number.isInteger(offset) || offset < 0) offset = 0
  return { offset, limit }
}

/** Picks the `data` fields of a row; unknown names are error 141. No `data`: every field. */
export function selectFields(row: Row, data: unknown, known: ReadonlySet<string>): Row {
  return selectFieldsWith(row, data, known, readRow, (r) => ({ ...r }))
}

/** `selectFields` for records read through `read`; `all` copies every field when there is no `data`. */
export function selectFieldsWith<T>(
  row: T,
  data: unknown,
  known: ReadonlySet<string>,
  read: FieldReader<T>,
  all: (row: T) => Row,
): Row {
  if (data === undefined || data === null || (Array.isArray(data) && data.length === 0))
    return all(row)
  if (!Array.isArray(data)) throw new FakeActionError(74)
  const out: Row = {}
  for (const name of data) {
    if (typeof name !== 'string' || !known.has(name)) throw new FakeActionError(141, String(name))
    out[name] = read(row, name) ?? ''
  }
  return out
}
