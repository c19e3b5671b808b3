/**
 * The one table of onOffice's per-resource paging rules (reference §3.1, §3.5, §5) and the page walker every
 * iterator of the client uses. A rule says how a resource is paged and the largest page onOffice honours:
 * a larger `listlimit` is not an error there, it is silently answered with 20 records.
 */
import { OnOfficeResponseError } from '../errors.ts'
import type { ActionKind } from '../actions.ts'
import type { OnOfficeRecord } from '../types.ts'
import type { Call } from './caller.ts'

/**
 * How a resource is paged:
 * - `offset`: `listlimit` + `listoffset` (or the rule's own parameter names); the first page's `cntabsolute`
 *   gives the total, so all further pages go out together.
 * - `id`: no offset parameter at all — pages are `filter: { <idField>: [{ op: '>', val: lastId }] }` in
 *   ascending id order (tasks: onOffice rejects `listoffset`).
 * - `date-range`: one query per date range, at most `maxListlimit` records; a full answer means "split the range"
 *   (appointments).
 * - `unpaged`: one call answers everything; no `listlimit` is sent (regions).
 */
export type PagingMode = 'offset' | 'id' | 'date-range' | 'unpaged'

/** One row of {@link PAGING_RULES}. */
export interface PagingRule {
  readonly mode: PagingMode
  /** Largest page onOffice honours; `null` for unpaged resources. */
  readonly maxListlimit: number | null
  /** Page-size parameter (`offset` mode); default `listlimit`. */
  readonly limitParam?: string
  /** Offset parameter (`offset` mode); default `listoffset`. */
  readonly offsetParam?: string
  /** Id field filtered on (`id` mode). */
  readonly idField?: string
}

/**
 * Paging rules per `resourcetype` (exact apidoc spelling). Resources not listed page like `estate`
 * (`listlimit` ≤ 500 + `listoffset`).
 *
 * | resourcetype | mode | max page | source |
 * |---|---|---|---|
 * | `estate`, `address`, `user`, `agentslog`, `searchcriterias` | offset | 500 | apidoc read pages ("Maximum: 500") |
 * | `file` | offset | 100 | apidoc Objektdateien ("max 100") |
 * | `search` (resourceid `searchcriteria`) | offset via `offset`/`limit` | 500 (assumed: apidoc gives only the default 10) | apidoc suche-nach-passenden-suchkriterien |
 * | `task` | id (`Nr`) | 500 | apidoc Read tasks (no `listoffset`; `Nr` is filterable) |
 * | `calendar` | date-range | 500 | apidoc Read appointments ("maximum … 500 … query smaller periods") |
 * | `regions` | unpaged | — | apidoc Regionen (no paging parameters) |
 *
 * @example
 * ```ts
 * import { PAGING_RULES } from 'onoffice-kit'
 * PAGING_RULES.file.maxListlimit // 100
 * ```
 */
export const PAGING_RULES = {
  estate: { mode: 'offset', maxListlimit: 500 },
  address: { mode: 'offset', maxListlimit: 500 },
  user: { mode: 'offset', maxListlimit: 500 },
  agentslog: { mode: 'offset', maxListlimit: 500 },
  searchcriterias: { mode: 'offset', maxListlimit: 500 },
  file: { mode: 'offset', maxListlimit: 100 },
  search: { mode: 'offset', maxListlimit: 500, limitParam: 'limit', offsetParam: 'offset' },
  task: { mode: 'id', maxListlimit: 500, idField: 'Nr' },
  calendar: { mode: 'date-range', maxListlimit: 500 },
  regions: { mode: 'unpaged', maxListlimit: null },
} as const satisfies Record<string, PagingRule>

const DEFAULT_RULE: PagingRule = { mode: 'offset', maxListlimit: 500 }

/** The paging rule of a resourcetype (the `estate`-like default for resources not in the table). */
export function pagingRuleOf(resourcetype: string): PagingRule {
  return Object.hasOwn(PAGING_RULES, resourcetype)
    ? PAGING_RULES[resourcetype as keyof typeof PAGING_RULES]
    : DEFAULT_RULE
}

/** The largest page size onOffice honours for a resourcetype (500 for most, 100 for files, `null` unpaged). */
export function maxPageSize(resourcetype: string): number | null {
  return pagingRuleOf(resourcetype).maxListlimit
}

/** A validated page size: `value` (default the maximum) clamped to the resource's maximum. */
export function pageSizeFor(resourcetype: string, value: unknown, where = 'iterate'): number {
  const max = maxPageSize(resourcetype) ?? Number.MAX_SAFE_INTEGER
  if (value === undefined) return max
  const n = typeof value === 'string' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new TypeError(
      `${where}: pageSize must be an integer ≥ 1 (onOffice honours at most ${max} for ${resourcetype || 'this resource'})`,
    )
  return Math.min(n, max)
}

/** The action a walker pages. */
export interface PagedAction {
  kind: ActionKind
  resourcetype: string
  resourceid?: string | number
  parameters?: Record<string, unknown>
}

function filterOf(parameters: Record<string, unknown>): Record<string, unknown> {
  const f = parameters.filter
  return f && typeof f === 'object' && !Array.isArray(f) ? (f as Record<string, unknown>) : {}
}

/**
 * Every record of a list call, paged by the resource's rule from {@link PAGING_RULES}. Never sends a page
 * size above the rule's maximum. In `id` mode the pages must come in ascending id order (as onOffice sends
 * tasks); a page out of order would make "id > last" skip records, so it rejects with an
 * `OnOfficeResponseError` instead of losing them silently.
 */
export async function* pages(
  call: Call,
  action: PagedAction,
  opts: { pageSize?: number } = {},
): AsyncGenerator<OnOfficeRecord> {
  const rule = pagingRuleOf(action.resourcetype)
  const params = { ...(action.parameters ?? {}) }
  const send = (parameters: Record<string, unknown>) => {
    const a: Parameters<Call>[0] = {
      kind: action.kind,
      resourcetype: action.resourcetype,
      parameters,
    }
    if (action.resourceid !== undefined) a.resourceid = action.resourceid
    return call(a)
  }
  if (rule.mode === 'unpaged') {
    delete params.listlimit
    delete params.listoffset
    yield* (await send(params)).records
    return
  }
  if (rule.mode === 'date-range') {
    // One query; the caller narrows the range (appointments.iterate splits it) — see the rule.
    yield* (await send({ ...params })).records
    return
  }
  if (rule.mode === 'id') {
    const idField = rule.idField ?? 'Id'
    const pageSize = pageSizeFor(action.resourcetype, opts.pageSize ?? params.listlimit)
    delete params.listoffset
    let last: number | null = null
    for (;;) {
      const filter = { ...filterOf(params) }
      if (last !== null)
        filter[idField] = [
          ...(Array.isArray(filter[idField]) ? (filter[idField] as unknown[]) : []),
          { op: '>', val: last },
        ]
      const page = await send({ ...params, filter, listlimit: pageSize })
      let previous: number | null = last
      for (const record of page.records) {
        const id = Number(record.id)
        if (!Number.isFinite(id) || (previous !== null && id <= previous))
          throw new OnOfficeResponseError(
            `${action.resourcetype}: a page was not in ascending ${idField} order; paging by id would skip records`,
          )
        previous = id
      }
      yield* page.records
      if (page.records.length < pageSize || previous === null) return
      last = previous
    }
  }
  const limitParam = rule.limitParam ?? 'listlimit'
  const offsetParam = rule.offsetParam ?? 'listoffset'
  const pageSize = pageSizeFor(action.resourcetype, opts.pageSize ?? params[limitParam])
  const start = Number(params[offsetParam] ?? 0) || 0
  const page = (offset: number) =>
    send({ ...params, [limitParam]: pageSize, [offsetParam]: offset })
  const first = await page(start)
  if (first.cntabsolute === null) {
    // No total: walk page by page until a short page.
    yield* first.records
    let count = first.records.length
    for (let offset = start + pageSize; count >= pageSize; offset += pageSize) {
      const next = await page(offset)
      count = next.records.length
      yield* next.records
    }
    return
  }
  // All remaining pages in the same tick: the batcher sends them as one request.
  const rest: Array<ReturnType<typeof page>> = []
  for (let offset = start + pageSize; offset < first.cntabsolute; offset += pageSize)
    rest.push(page(offset))
  // A consumer that stops early must not leave rejected pages unhandled.
  for (const p of rest) p.catch(() => {})
  yield* first.records
  for (const p of rest) yield* (await p).records
}
