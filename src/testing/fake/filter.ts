import { FakeActionError } from './action-error.ts'

/** A record as the list helpers see it: field name → string value. */
export type Row = Record<string, string>

const NUMERIC = /^-?\d+(\.\d+)?$/

/** Compares like MySQL does for onOffice's mixed data: numerically when both look numeric, else case-insensitively. */
function compare(a: unknown, b: unknown): number {
  const sa = String(a ?? '')
  const sb = String(b ?? '')
  if (NUMERIC.test(sa) && NUMERIC.test(sb)) return Number(sa) - Number(sb)
  return sa.localeCompare(sb, 'de', { sensitivity: 'base' })
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')
  return new RegExp(`^${body}$`, 'is')
}

function asArray(val: unknown): unknown[] {
  if (!Array.isArray(val)) throw new FakeActionError(74)
  return val
}

/** One `{ op, val }` condition; operators are case-insensitive as in onOffice. */
function test(value: string | undefined, op: string, val: unknown): boolean {
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
      return likeToRegExp(String(val)).test(value ?? '')
    case 'not like':
      return !likeToRegExp(String(val)).test(value ?? '')
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
export function applyFilter(rows: Row[], filter: unknown, known: ReadonlySet<string>): Row[] {
  if (filter === undefined || filter === null) return rows
  if (Array.isArray(filter) && filter.length === 0) return rows // PHP's empty array
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new FakeActionError(257, 'filter must be an object')
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
  return rows.filter((row) => conditions.every(([field, op, val]) => test(row[field], op, val)))
}

/** Sorts by `sortby` (object `{ field: 'ASC'|'DESC' }` or a field name with `sortorder`). */
export function applySort(rows: Row[], sortby: unknown, sortorder: unknown, known: ReadonlySet<string>): Row[] {
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
  return [...rows].sort((a, b) => {
    for (const [field, dir] of keys) {
      const c = compare(a[field], b[field])
      if (c !== 0) return c * dir
    }
    return 0
  })
}

/**
 * `listlimit`/`listoffset` as onOffice applies them: default 20, and a limit above 500 is silently
 * answered with 20 records (the real quirk), not clamped to 500.
 */
export function paginate<T>(rows: T[], listlimit: unknown, listoffset: unknown): T[] {
  let limit = listlimit === undefined || listlimit === null || listlimit === '' ? 20 : Number(listlimit)
  if (!Number.isInteger(limit) || limit < 0 || limit > 500) limit = 20
  let offset = listoffset === undefined || listoffset === null || listoffset === '' ? 0 : Number(listoffset)
  if (!Number.isInteger(offset) || offset < 0) offset = 0
  return rows.slice(offset, offset + limit)
}

/** Picks the `data` fields of a row; unknown names are error 141. No `data`: every field. */
export function selectFields(row: Row, data: unknown, known: ReadonlySet<string>): Row {
  if (data === undefined || data === null || (Array.isArray(data) && data.length === 0)) return { ...row }
  if (!Array.isArray(data)) throw new FakeActionError(74)
  const out: Row = {}
  for (const name of data) {
    if (typeof name !== 'string' || !known.has(name)) throw new FakeActionError(141, String(name))
    out[name] = row[name] ?? ''
  }
  return out
}
