import { FakeActionError } from '../action-error.ts'

/** A boolean parameter as onOffice accepts it: `true`, `1`, `'1'`, `'true'`. */
export function flag(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true'
}

/** A list of record ids: an array, or one id (several calls accept both). Not an id: 74. */
export function idList(v: unknown): number[] {
  if (v === undefined || v === null || v === '') return []
  const list = Array.isArray(v) ? v : [v]
  return list.map((x) => {
    const n = typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : x
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new FakeActionError(74)
    return n
  })
}

/** An object parameter (`data` of create/modify); anything else: 74. */
export function objectParam(v: unknown): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new FakeActionError(74)
  return v as Record<string, unknown>
}

/** A value stored as onOffice reads it back: strings; arrays pipe-free as given. */
export function stored(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'boolean') return v ? '1' : '0'
  return String(v)
}

/** `listoffset` must be absent for resources that page without it (tasks). */
export function rejectListoffset(parameters: Record<string, unknown>): void {
  if (parameters.listoffset !== undefined) throw new FakeActionError(255, 'listoffset')
}

/** onOffice's page size: `listlimit` ≤ `max`, default 20; above the maximum it silently answers 20. */
export function limitOf(listlimit: unknown, max = 500): number {
  const n =
    listlimit === undefined || listlimit === null || listlimit === '' ? 20 : Number(listlimit)
  return Number.isInteger(n) && n >= 0 && n <= max ? n : 20
}
