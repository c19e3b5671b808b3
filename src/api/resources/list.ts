/** What the list helpers share: filter and list-parameter types, typed results, small value readers. */
import { OnOfficeResponseError } from '../errors.ts'
import type { ActionInput, ActionResult, ElementsObject, OnOfficeRecord } from '../types.ts'
import { objectResult, recordId, type Call } from './caller.ts'

/** A filter operator (reference §3.1); case-insensitive on the wire. */
export type FilterOp =
  | 'is'
  | '='
  | '>'
  | '<'
  | '>='
  | '<='
  | '!='
  | '<>'
  | 'between'
  | 'like'
  | 'not like'
  | 'in'
  | 'not in'
  | (string & {})

/** An onOffice `filter`: field → AND-ed conditions, e.g. `{ status: [{ op: '=', val: 1 }] }`. */
export type Filter = Record<string, Array<{ op: FilterOp; val: unknown }>>

/** Common parameters of a list read (reference §3.1); other keys pass through to onOffice unchanged. */
export interface ListParams {
  data?: string[]
  filter?: Filter
  filterid?: number
  sortby?: Record<string, 'ASC' | 'DESC'> | string
  sortorder?: 'ASC' | 'DESC'
  listlimit?: number
  listoffset?: number
  formatoutput?: boolean
  outputlanguage?: string
  [key: string]: unknown
}

/** A list result with typed records. */
export interface TypedResult<R> extends Omit<ActionResult, 'records'> {
  records: R[]
}

/** A record whose `id` is a number and whose `elements` are field → value (every record of the CRM modules). */
export interface NumberedRecord extends OnOfficeRecord<ElementsObject> {
  id: number
}

/**
 * A record of an object-shaped resource (address, task, …). A list of elements there is not merged or dropped
 * silently: it is an `OnOfficeResponseError` naming the call.
 */
export function objectRecord(
  record: OnOfficeRecord,
  where: string,
): OnOfficeRecord<ElementsObject> {
  if (Array.isArray(record.elements))
    throw new OnOfficeResponseError(
      `${where}: onOffice answered a list of elements where one object of fields was expected`,
    )
  return record as OnOfficeRecord<ElementsObject>
}

/** The record's id as a number (`NaN` stays for ids onOffice sent as non-numeric strings). */
export const numericId = (record: OnOfficeRecord): number =>
  typeof record.id === 'number' ? record.id : Number(record.id)

/** A string field; `undefined` when absent or not a scalar. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined
}

/** A list of ids from a value onOffice sends as an array, a single id or a comma list. */
export function idsFrom(value: unknown): number[] {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : value === undefined || value === null
        ? []
        : [value]
  return list
    .map((v) => Number(String(v).trim()))
    .filter((n) => Number.isInteger(n) && n >= 0 && String(n) !== '')
}

/** The id of the record a create answered (`records[0].id`); throws when onOffice answered without one. */
export function createdId(result: ActionResult, what: string): number {
  const id = result.records[0] ? numericId(result.records[0]) : Number.NaN
  if (!Number.isInteger(id) || id <= 0)
    throw new OnOfficeResponseError(`${what}: onOffice answered the create without a record id`, {
      outcomeUnknown: true,
    })
  return id
}

/** Checks that `value` is a plain object of field → value. */
export function fieldsObject(
  value: unknown,
  where: string,
  name = 'fields',
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${where}: ${name} must be an object of field → value`)
  return value as Record<string, unknown>
}

/**
 * `create` and `modify` of a resource whose writes send `data` plus link parameters beside it (tasks,
 * appointments): create answers the new id, modify nothing.
 */
export function linkedWrites<L extends object>(call: Call, resourcetype: string, name: string) {
  return {
    async create(data: Record<string, unknown>, links?: L): Promise<number> {
      const parameters = { ...links, data: fieldsObject(data, `${name}.create`, 'data') }
      return createdId(await call({ kind: 'create', resourcetype, parameters }), `${name}.create`)
    },
    async modify(id: number | string, data: Record<string, unknown>, links?: L): Promise<void> {
      const parameters = { ...links, data: fieldsObject(data, `${name}.modify`, 'data') }
      await call({
        kind: 'modify',
        resourcetype,
        resourceid: recordId(id, `${name}.modify`),
        parameters,
      })
    },
  }
}

/** A `call` whose results have object-shaped elements (see `objectResult`). */
export type ObjectCall = (action: ActionInput) => Promise<ActionResult<ElementsObject>>

/** Wraps `call` for an object-shaped resource: a list of elements rejects, naming the action. */
export function objectCall(call: Call): ObjectCall {
  return async (action) => objectResult(await call(action), `${action.kind} ${action.resourcetype}`)
}
