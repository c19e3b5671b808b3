/**
 * The agents log (Maklerbuch / activity log, apidoc Read / Create agents log): the standard place for a
 * service to record in onOffice what it did for an estate or an address.
 */
import type { ElementsObject, OnOfficeRecord } from '../types.ts'
import type { Call } from './caller.ts'
import {
  idsFrom,
  type ListParams,
  type NumberedRecord,
  numericId,
  objectCall,
  objectRecord,
  type TypedResult,
} from './list.ts'
import { pages } from './paging.ts'

/** An agents log entry; `elements` as onOffice sent them (`Aktionsart`, `Aktionstyp`, `Datum`, `Bemerkung` …). */
export interface AgentsLogRecord extends NumberedRecord {
  /** From `Adress_nr` when it was read (a comma list in the fake; format not documented). */
  addressIds: number[]
  /** From `Objekt_nr` when it was read. */
  estateIds: number[]
}

/** Parameters of an agents log read. Entries come newest first unless `sortby` says otherwise. */
export interface AgentsLogReadParams extends ListParams {
  estateid?: number[]
  addressid?: number[]
  projectid?: number
  fullmail?: boolean
  tracking?: boolean
}

/** An entry to write (apidoc Create agents log); `actionkind`/`actiontype` are the German names of the action types. */
export interface AgentsLogEntryInput {
  actionkind?: string
  actiontype?: string
  note?: string
  /** `YYYY-MM-DD HH:MM:SS`; default: now. */
  datetime?: string
  /** One entry per address (onOffice); at least one of `addressIds` / `estateId`. */
  addressIds?: number[]
  estateId?: number
  projectId?: number
  taskId?: number
  appointmentId?: number
  fileIds?: number[]
  userId?: number
  origincontact?: string
  features?: string[]
  cost?: number
  /** Seconds. */
  duration?: number
  advisorylevel?: 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G'
  reasoncancellation?: string
}

/** Agents log helpers. */
export interface AgentsLogApi {
  /**
   * One page of entries (`read`/`agentslog`), filtered by `estateid[]`, `addressid[]`, `filter`.
   * @example
   * ```ts
   * const { records } = await client.agentsLog.read({ estateid: [4711], data: ['Aktionsart', 'Datum', 'Bemerkung'] })
   * ```
   */
  read(params?: AgentsLogReadParams): Promise<TypedResult<AgentsLogRecord>>
  /** Every entry, in pages of up to 500. */
  iterate(
    params?: AgentsLogReadParams,
    opts?: { pageSize?: number },
  ): AsyncIterable<AgentsLogRecord>
  /**
   * Writes an entry linked to estates/addresses (`create`/`agentslog`); returns the ids of the entries created
   * (one per address). With both addresses and an estate onOffice also records the offer ("Angebote bisher").
   * @example
   * ```ts
   * await client.agentsLog.create({ actionkind: 'Email', actiontype: 'Ausgang', note: '360°-Rundgang erstellt', estateId: 4711, addressIds: [101] })
   * ```
   */
  create(entry: AgentsLogEntryInput): Promise<number[]>
}

const toEntry = (r: OnOfficeRecord<ElementsObject>): AgentsLogRecord => ({
  ...r,
  id: numericId(r),
  addressIds: idsFrom(r.elements.Adress_nr),
  estateIds: idsFrom(r.elements.Objekt_nr),
})

export function agentsLogApi(rawCall: Call): AgentsLogApi {
  const call = objectCall(rawCall)
  return {
    async read(params = {}) {
      const result = await call({
        kind: 'read',
        resourcetype: 'agentslog',
        parameters: { ...params },
      })
      return { ...result, records: result.records.map(toEntry) }
    },
    async *iterate(params = {}, opts = {}) {
      for await (const r of pages(
        call,
        { kind: 'read', resourcetype: 'agentslog', parameters: { ...params } },
        opts,
      ))
        yield toEntry(objectRecord(r, 'agentsLog.iterate'))
    },
    async create(entry) {
      if (!entry || typeof entry !== 'object')
        throw new TypeError('agentsLog.create: entry must be an object')
      const { addressIds, estateId, projectId, taskId, appointmentId, fileIds, userId, ...rest } =
        entry
      if ((addressIds === undefined || addressIds.length === 0) && estateId === undefined)
        throw new TypeError(
          'agentsLog.create: link the entry to addressIds and/or an estateId (onOffice needs at least one)',
        )
      const parameters: Record<string, unknown> = { ...rest }
      if (addressIds !== undefined) parameters.addressids = addressIds
      if (estateId !== undefined) parameters.estateid = estateId
      if (projectId !== undefined) parameters.projectid = projectId
      if (taskId !== undefined) parameters.taskid = taskId
      if (appointmentId !== undefined) parameters.appointmentid = appointmentId
      if (fileIds !== undefined) parameters.fileids = fileIds
      if (userId !== undefined) parameters.userid = userId
      const result = await call({ kind: 'create', resourcetype: 'agentslog', parameters })
      return result.records.map(numericId).filter((n) => Number.isInteger(n) && n > 0)
    },
  }
}
