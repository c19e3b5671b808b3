/** Task helpers (apidoc Read / Create / Modify tasks). */
import type { ElementsObject, OnOfficeRecord } from '../types.ts'
import { recordId, type Call } from './caller.ts'
import {
  linkedWrites,
  type Filter,
  idsFrom,
  type NumberedRecord,
  numericId,
  objectCall,
  objectRecord,
  type TypedResult,
} from './list.ts'
import { pages } from './paging.ts'

/** A task; `elements` as onOffice sent them, the linked records as id lists. */
export interface TaskRecord extends NumberedRecord {
  relatedAddressIds: number[]
  relatedEstateIds: number[]
}

/** Parameters of a task read. There is no `listoffset`: onOffice rejects it for tasks. */
export interface TaskReadParams {
  data?: string[]
  /** May filter on `Nr` (the task id), e.g. `{ Nr: [{ op: '>', val: 450 }] }`. */
  filter?: Filter
  relatedAddressId?: number
  relatedEstateId?: number
  relatedProjectIds?: number
  listlimit?: number
  [key: string]: unknown
}

/** Links of a task create/modify. */
export interface TaskLinks {
  relatedAddressId?: number | number[]
  relatedEstateId?: number
  relatedProjectIds?: number
  responsibilityByGroup?: boolean
}

/** Task helpers. */
export interface TasksApi {
  /**
   * One page of tasks (`read`/`task`), or one task with `{ id }`. `listoffset` is refused here with a
   * `TypeError` (onOffice rejects it for tasks); use {@link TasksApi.iterate}.
   * @example
   * ```ts
   * const { records } = await client.tasks.read({ data: ['Betreff', 'Status'], relatedEstateId: 4711 })
   * ```
   */
  read(params?: TaskReadParams & { id?: number | string }): Promise<TypedResult<TaskRecord>>
  /**
   * Every task matching `params`, paged by id: each page is `filter: { Nr: [{ op: '>', val: <last id> }] }`
   * with `listlimit` ≤ 500, ANDed with your filter; pages must come in ascending id order (they do in onOffice),
   * else it rejects rather than skip tasks.
   * @example
   * ```ts
   * for await (const t of client.tasks.iterate({ data: ['Betreff'], filter: { Status: [{ op: '!=', val: 3 }] } })) console.log(t.id)
   * ```
   */
  iterate(params?: TaskReadParams, opts?: { pageSize?: number }): AsyncIterable<TaskRecord>
  /**
   * Creates a task (`create`/`task`, fields in `data`: `Betreff`, `Aufgabe`, `Verantwortung`, `Prio` 1–5,
   * `Status` 1–8, `Deadline` …); returns its id.
   * @example
   * ```ts
   * const id = await client.tasks.create({ Betreff: 'Exposé senden', Aufgabe: 'An Herrn Mustermann', Prio: 2 }, { relatedAddressId: 101, relatedEstateId: 1 })
   * ```
   */
  create(data: Record<string, unknown>, links?: TaskLinks): Promise<number>
  /**
   * Writes fields of a task (`modify`/`task`); onOffice logs the change in the task's comments.
   * @example
   * ```ts
   * await client.tasks.modify(451, { Status: 3, erledigt: true })
   * ```
   */
  modify(id: number | string, data: Record<string, unknown>, links?: TaskLinks): Promise<void>
}

const toTask = (r: OnOfficeRecord<ElementsObject>): TaskRecord => ({
  ...r,
  id: numericId(r),
  relatedAddressIds: idsFrom(r.elements.relatedAddressId),
  relatedEstateIds: idsFrom(r.elements.relatedEstateId),
})

function readParams(params: Record<string, unknown>, where: string): Record<string, unknown> {
  if ('listoffset' in params)
    throw new TypeError(
      `${where}: tasks have no listoffset (onOffice rejects it); page with tasks.iterate, which filters on Nr > last id`,
    )
  return params
}

export function tasksApi(rawCall: Call): TasksApi {
  const call = objectCall(rawCall)
  return {
    async read(params = {}) {
      const { id, ...rest } = params
      const parameters = readParams(rest, 'tasks.read')
      const action: Parameters<Call>[0] = { kind: 'read', resourcetype: 'task', parameters }
      if (id !== undefined) action.resourceid = recordId(id, 'tasks.read')
      const result = await call(action)
      return { ...result, records: result.records.map(toTask) }
    },
    async *iterate(params = {}, opts = {}) {
      for await (const r of pages(
        call,
        {
          kind: 'read',
          resourcetype: 'task',
          parameters: readParams({ ...params }, 'tasks.iterate'),
        },
        opts,
      ))
        yield toTask(objectRecord(r, 'tasks.iterate'))
    },
    ...linkedWrites<TaskLinks>(call, 'task', 'tasks'),
  }
}
