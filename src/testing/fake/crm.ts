/**
 * The CRM records of the fake beyond estates, addresses and users: address contact data, search criteria,
 * relations, tasks, appointments, the agents log, the imprint, regions and multiselect values, plus the
 * rights of the fake's API users. One object so that `reset()` restores it in place.
 */

/** One phone-book entry of an address (apidoc: "Contact details … returned like `<identifier><typ>__<id>`"). */
export interface FakeContact {
  id: number
  kind: 'phone' | 'mobile' | 'fax' | 'email'
  /** `phone_private` etc. on create; onOffice reads them back under the plain kind. */
  subtype: '' | 'private' | 'business'
  value: string
  isDefault: boolean
  comment: string
}

/** A search criterion (`searchcriteria`) linked to an address. */
export interface FakeSearchCriterion {
  id: number
  addressId: number
  /** Field → value; range fields as `<field>__von` / `<field>__bis`; `range_*` for the radius search. */
  fields: Record<string, string | string[]>
  advisor: number
  creator: number
  creationdate: string
  editdate: string
  status: '0' | '1'
}

/** A relation `parent → child` of one relation type URN. */
export interface FakeRelation {
  type: string
  parent: number
  child: number
}

/** A task (`task`): fields as onOffice reads them (strings), linked addresses/estates. */
export interface FakeTask {
  id: number
  fields: Record<string, string>
  relatedAddressIds: number[]
  relatedEstateIds: number[]
}

/** An appointment (`calendar`). */
export interface FakeAppointment {
  id: number
  fields: Record<string, unknown>
  relatedAddressIds: number[]
  relatedEstateId: number | null
  userIds: number[]
}

/** An agents log (Maklerbuch) entry (`agentslog`). */
export interface FakeAgentsLogEntry {
  id: number
  fields: Record<string, string>
  addressIds: number[]
  estateId: number | null
}

/** A region (`regions`) with its sub-regions. */
export interface FakeRegion {
  id: string
  name: string
  description: string | null
  postalcodes: Array<string | string[]>
  state: string
  country: string
  children: FakeRegion[]
}

/** One multiselect value (`multiselectconfiguration`). */
export interface FakeMultiselectValue {
  id: number
  field: string
  fieldcontent: string
  active: boolean
  position: number
  level: number
  parent: string | null
  default: boolean
}

/**
 * Rights of every API user of the fake (onOffice sets them per API user; the fake has one set).
 * Default: everything allowed.
 */
export interface FakeRights {
  /** "Benutzerdaten über API auslesen": without it only the own user can be read (others: 170). */
  readUserData: boolean
  /** Creating addresses (without: 131 "Address creation without proper user rights"). */
  createAddresses: boolean
  /** Modify calls on estates, addresses, tasks, appointments, search criteria (without: 174). */
  modify: boolean
}

export interface CrmState {
  contacts: Map<number, FakeContact[]>
  searchCriteria: Map<number, FakeSearchCriterion>
  relations: FakeRelation[]
  tasks: Map<number, FakeTask>
  appointments: Map<number, FakeAppointment>
  agentsLog: Map<number, FakeAgentsLogEntry>
  imprint: Record<string, string>
  regions: FakeRegion[]
  /** module → field → values */
  multiselect: Record<string, Record<string, FakeMultiselectValue[]>>
  rights: FakeRights
  /** Next ids, per table. */
  nextId: Record<
    'address' | 'estate' | 'contact' | 'searchcriteria' | 'task' | 'calendar' | 'agentslog',
    number
  >
}

export function emptyCrm(): CrmState {
  return {
    contacts: new Map(),
    searchCriteria: new Map(),
    relations: [],
    tasks: new Map(),
    appointments: new Map(),
    agentsLog: new Map(),
    imprint: {},
    regions: [],
    multiselect: {},
    rights: { readUserData: true, createAddresses: true, modify: true },
    nextId: {
      address: 1,
      estate: 1,
      contact: 1,
      searchcriteria: 1,
      task: 1,
      calendar: 1,
      agentslog: 1,
    },
  }
}

/** Takes the next id of a table. */
export function nextId(crm: CrmState, table: keyof CrmState['nextId']): number {
  return crm.nextId[table]++
}
