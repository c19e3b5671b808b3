/**
 * Address helpers (apidoc Read / Create / Modify Addresses, reference §3.3). The record id (`Id`,
 * "Datensatznummer") is the id of the API, never the customer number `KdNr`.
 */
import type { ElementsObject, OnOfficeRecord } from '../types.ts'
import { recordId, type Call } from './caller.ts'
import {
  createdId,
  fieldsObject,
  type ListParams,
  type NumberedRecord,
  numericId,
  objectCall,
  objectRecord,
  type TypedResult,
} from './list.ts'
import { pages } from './paging.ts'

/** The kind of a phone-book entry. */
export type ContactKind = 'phone' | 'mobile' | 'fax' | 'email'

/** One phone-book entry of an address, parsed from the `<identifier>__<id>` keys onOffice answers. */
export interface ContactEntry {
  /** The entry's own id (the number after `__`). */
  id: number
  kind: ContactKind
  /** `private` / `business` when the key carried it (onOffice reads them back under the plain kind). */
  subtype?: 'private' | 'business'
  value: string
  /** `true` when onOffice also listed it under `defaultphone` / `defaultfax` / `defaultemail`. */
  isDefault: boolean
  comment?: string
}

/** An address record: `elements` as onOffice sent them, plus the phone-book entries as a typed list. */
export interface AddressRecord extends NumberedRecord {
  contacts: ContactEntry[]
}

/** Pseudo-fields of `data` that return phone-book entries (apidoc Read Addresses). */
export const CONTACT_FIELDS = [
  'phone',
  'mobile',
  'fax',
  'email',
  'defaultphone',
  'defaultfax',
  'defaultemail',
] as const

// `<identifier><typ>__<id>` (apidoc), e.g. `email__13027`, `defaultphone__13021`, `phone__13021__Comment`.
// The optional subtype spelling (`phoneprivate`, `phone_business`) is an assumption: apidoc shows only plain kinds.
const CONTACT_KEY =
  /^(default)?(phone|mobile|fax|email)(?:_?(private|business))?__(\d+)(__Comment)?$/i

/**
 * The phone-book entries of an address record's `elements`, one per entry id, in the order onOffice sent
 * them. Keys that are not contact keys are ignored; a `default…` key marks the entry with the same id.
 * @example
 * ```ts
 * contactsOf({ email__13027: 'max@example.test', defaultemail__13027: 'max@example.test' })
 * // [{ id: 13027, kind: 'email', value: 'max@example.test', isDefault: true }]
 * ```
 */
export function contactsOf(elements: Record<string, unknown>): ContactEntry[] {
  const byId = new Map<number, ContactEntry>()
  for (const [key, raw] of Object.entries(elements)) {
    const m = CONTACT_KEY.exec(key)
    if (!m || (typeof raw !== 'string' && typeof raw !== 'number')) continue
    const [, isDefault, kindRaw, subtype, idRaw, comment] = m
    const id = Number(idRaw)
    let entry = byId.get(id)
    if (!entry) {
      entry = { id, kind: kindRaw!.toLowerCase() as ContactKind, value: '', isDefault: false }
      byId.set(id, entry)
    }
    if (comment) {
      if (String(raw) !== '') entry.comment = String(raw)
      continue
    }
    if (isDefault) entry.isDefault = true
    // A default mobile number is listed as `defaultphone__<id>`: the plain key's kind wins.
    else entry.kind = kindRaw!.toLowerCase() as ContactKind
    if (entry.value === '') entry.value = String(raw)
    if (subtype) entry.subtype = subtype.toLowerCase() as 'private' | 'business'
  }
  return [...byId.values()]
}

const toAddress = (record: OnOfficeRecord<ElementsObject>): AddressRecord => ({
  ...record,
  id: numericId(record),
  contacts: contactsOf(record.elements),
})

/** A phone-book change of `addresses.modify` (apidoc Modify Addresses, "Parameters (contact data)"). */
export type ContactChange =
  | { action: 'add'; newvalue: string; default?: boolean }
  | { action: 'modify'; oldvalue: string; newvalue: string; default?: boolean }
  | { action: 'delete'; oldvalue: string }

/** Contact parameters of create (`phone_private` … `default_email`); values are strings (or lists of them). */
export interface AddressContactInput {
  phone?: string | string[]
  phone_private?: string | string[]
  phone_business?: string | string[]
  mobile?: string | string[]
  fax?: string | string[]
  fax_private?: string | string[]
  fax_business?: string | string[]
  email?: string | string[]
  email_private?: string | string[]
  email_business?: string | string[]
  default_phone?: string
  default_fax?: string
  default_email?: string
}

/** Address helpers (`read` / `create` / `modify` on `address`). */
export interface AddressesApi {
  /**
   * One address by record id; `data` may name fields and the contact pseudo-fields ({@link CONTACT_FIELDS}).
   * `null` when onOffice returns no record.
   * @example
   * ```ts
   * const a = await client.addresses.get(101, { data: ['Vorname', 'Name', 'email', 'defaultemail'] })
   * const mail = a?.contacts.find((c) => c.kind === 'email' && c.isDefault)?.value
   * ```
   */
  get(id: number | string, opts?: { data?: string[] }): Promise<AddressRecord | null>
  /** A list read (`recordids`, `filter`, `data`, `listlimit` ≤ 500, `listoffset`, `sortby`/`sortorder`). */
  read(
    params?: ListParams & { recordids?: Array<number | string> },
  ): Promise<TypedResult<AddressRecord>>
  /**
   * Every address matching `params`, in pages of up to 500 (see `PAGING_RULES`).
   * @example
   * ```ts
   * for await (const a of client.addresses.iterate({ data: ['Name', 'email'], filter: { status: [{ op: '=', val: 1 }] } })) console.log(a.id)
   * ```
   */
  iterate(params?: ListParams, opts?: { pageSize?: number }): AsyncIterable<AddressRecord>
  /**
   * Creates an address: fields and contact parameters go at the top level of `parameters` (apidoc). With
   * `checkDuplicate` onOffice looks for an address with the same email and updates the lowest-id one (or, with
   * `noOverrideByDuplicate`, leaves it as it is); the id answered is then that address's id (assumed: apidoc
   * does not say which id a duplicate answers). Returns the record id.
   * @example
   * ```ts
   * const id = await client.addresses.create({ Vorname: 'Max', Name: 'Mustermann', email: 'max@example.test' }, { checkDuplicate: true })
   * ```
   */
  create(
    fields: Record<string, unknown> & AddressContactInput,
    opts?: { checkDuplicate?: boolean; noOverrideByDuplicate?: boolean },
  ): Promise<number>
  /**
   * Writes fields and phone-book changes of one address; `Aenderung` moves to now.
   * @example
   * ```ts
   * await client.addresses.modify(101, { Ort: 'Aachen', email: { action: 'add', newvalue: 'neu@example.test', default: true } })
   * ```
   */
  modify(
    id: number | string,
    changes: Record<string, unknown> & {
      [K in keyof AddressContactInput]?: ContactChange | AddressContactInput[K]
    },
  ): Promise<void>
}

export function addressesApi(rawCall: Call): AddressesApi {
  const call = objectCall(rawCall)
  const read = async (params: Record<string, unknown>) => {
    const result = await call({ kind: 'read', resourcetype: 'address', parameters: params })
    return { ...result, records: result.records.map(toAddress) }
  }
  return {
    async get(id, opts = {}) {
      const parameters: Record<string, unknown> = {}
      if (opts.data) parameters.data = opts.data
      const result = await call({
        kind: 'read',
        resourcetype: 'address',
        resourceid: recordId(id, 'addresses.get'),
        parameters,
      })
      return result.records[0] ? toAddress(result.records[0]) : null
    },
    read: (params = {}) => read(params),
    async *iterate(params = {}, opts = {}) {
      for await (const record of pages(
        call,
        { kind: 'read', resourcetype: 'address', parameters: params },
        opts,
      ))
        yield toAddress(objectRecord(record, 'addresses.iterate'))
    },
    async create(fields, opts = {}) {
      const parameters: Record<string, unknown> = { ...fieldsObject(fields, 'addresses.create') }
      if (opts.checkDuplicate !== undefined) parameters.checkDuplicate = opts.checkDuplicate
      if (opts.noOverrideByDuplicate !== undefined) {
        if (!opts.checkDuplicate)
          throw new TypeError(
            'addresses.create: noOverrideByDuplicate only applies together with checkDuplicate: true',
          )
        parameters.noOverrideByDuplicate = opts.noOverrideByDuplicate
      }
      return createdId(
        await call({ kind: 'create', resourcetype: 'address', parameters }),
        'addresses.create',
      )
    },
    async modify(id, changes) {
      const parameters = { ...fieldsObject(changes, 'addresses.modify', 'changes') }
      await call({
        kind: 'modify',
        resourcetype: 'address',
        resourceid: recordId(id, 'addresses.modify'),
        parameters,
      })
    },
  }
}
