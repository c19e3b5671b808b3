import type { ActionResult, ElementsObject, OnOfficeRecord } from '../types.ts'
import { firstRecord, objectResult, recordId, type Call } from './caller.ts'

/** Address helpers (`read` on `address`). */
export interface AddressesApi {
  /** One address by record id (not the customer number `KdNr`); `null` when onOffice returns no record. */
  get(id: number | string, opts?: { data?: string[] }): Promise<OnOfficeRecord<ElementsObject> | null>
  /** A list read (`recordids`, `filter`, `data`, `listlimit` ≤ 500, …). */
  read(params?: Record<string, unknown>): Promise<ActionResult<ElementsObject>>
}

export function addressesApi(call: Call): AddressesApi {
  return {
    async get(id, opts = {}) {
      const parameters: Record<string, unknown> = {}
      if (opts.data) parameters.data = opts.data
      return firstRecord(await call({ kind: 'read', resourcetype: 'address', resourceid: recordId(id, 'addresses.get'), parameters }), 'addresses.get')
    },
    async read(params = {}) {
      return objectResult(await call({ kind: 'read', resourcetype: 'address', parameters: params }), 'addresses.read')
    },
  }
}
