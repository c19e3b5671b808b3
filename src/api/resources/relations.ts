/**
 * Relations between records (apidoc "Get relations" `get`/`idsfromrelation`, "Create relations" and "Delete
 * relations" `create`/`delete`/`relation`). The type URN names the parent first, then the child:
 * `urn:onoffice-de-ns:smart:2.5:relationTypes:<parent>:<child>:<what>`.
 */
import { OnOfficeResponseError } from '../errors.ts'
import type { Call } from './caller.ts'
import { objectCall } from './list.ts'

const URN = 'urn:onoffice-de-ns:smart:2.5:relationTypes:'

/**
 * The relation types of apidoc's "Get relations" page by a short name. Parent → child is part of each name's
 * JSDoc; `get` with `parentIds` answers child ids and vice versa.
 *
 * @example
 * ```ts
 * import { RELATION_TYPES } from 'onoffice-kit'
 * const owners = await client.relations.get({ type: RELATION_TYPES.estateOwner, parentIds: [4711] })
 * ```
 */
export const RELATION_TYPES = {
  /** estate → address: buyer */
  estateBuyer: `${URN}estate:address:buyer`,
  /** estate → address: renter (Mieter) */
  estateRenter: `${URN}estate:address:renter`,
  /** estate → address: tenant */
  estateTenant: `${URN}estate:address:tenant`,
  /** estate → address: owner (Eigentümer) */
  estateOwner: `${URN}estate:address:owner`,
  /** estate → address: prospective buyer (Interessent) */
  estateInterested: `${URN}estate:address:interested`,
  /** estate → address: contact person (brokers only) */
  estateContactPerson: `${URN}estate:address:contactPerson`,
  /** estate → address: all contact persons */
  estateContactPersonAll: `${URN}estate:address:contactPersonAll`,
  /** estate → address: matching */
  estateAddressMatching: `${URN}estate:address:matching`,
  /** estate → user: officer (Betreuer) */
  estateOfficer: `${URN}estate:user:officer`,
  /** estate → user: assignments */
  estateUserAssignment: `${URN}estate:user:assignment`,
  /** estate → estate unit */
  estateUnit: `${URN}estate:estateUnit`,
  /** estate → file: all files */
  estateAllFiles: `${URN}estate:allFiles`,
  /** estate → file: title picture */
  estateTitlePicture: `${URN}estate:file:titelbild`,
  /** estate → file: floor plan */
  estateFloorPlan: `${URN}estate:file:grundriss`,
  /** estate → file: photo */
  estatePhoto: `${URN}estate:file:foto`,
  /** estate → file: all pictures */
  estateAllPictures: `${URN}estate:file:allpictures`,
  /** estate → file: all links */
  estateAllLinks: `${URN}estate:file:alllinks`,
  /** estate → file: all pictures except the title picture */
  estateAllPicturesExceptTitle: `${URN}estate:file:allpicturesExceptTitelbild`,
  /** estate → mail */
  estateMail: `${URN}estate:mail`,
  /** estateTracking → estate */
  estateTrackingEstate: `${URN}estateTracking:estate`,
  /** complex (Immobilienanlage) → estate: units */
  complexUnits: `${URN}complex:estate:units`,
  /** address → process */
  addressProcess: `${URN}address:process`,
  /** address → resubmission */
  addressResubmission: `${URN}address:resubmission`,
  /** address → address: reference provider id (Tipp-ID) */
  addressIsTippgeberOf: `${URN}address:address:isTippgeberOf`,
  /** address → estate: reference provider (Tippgeber) */
  addressTipp: `${URN}address:estate:tipp`,
  /** address → user: officer (Betreuer) */
  addressOfficer: `${URN}address:user:officer`,
  /** address → user: additional officers */
  addressAdditionalOfficers: `${URN}address:user:additionalOfficers`,
  /** address → file: attachment */
  addressAttachment: `${URN}address:file:attachment`,
  /** address → searchcriteria */
  addressSearchCriteria: `${URN}address:searchcriteria`,
  /** address → estate: offer (Angebot) */
  addressOffer: `${URN}address:estate:offer`,
  /** address → estate: contacted */
  addressContacted: `${URN}address:estate:contacted`,
  /** address → estate: offer by agents log */
  addressOfferByAgentsLog: `${URN}address:estate:offerByAgentsLog`,
  /** address → user: related by name */
  addressStrangeNameRelation: `${URN}address:user:strangeNameRelation`,
  /** address → estate: immo-matching entry */
  addressEstateMatching: `${URN}address:estate:matching`,
  /** address → address: main → second-level contact */
  addressContact: `${URN}address:contact:address`,
  /** address → user: users with outlookSync set */
  addressSync: `${URN}address:user:sync`,
  /** address → mail */
  addressMail: `${URN}address:mail`,
  /** customer → address: contact */
  customerContact: `${URN}customer:address:contact`,
  /** project → task (customerDb) */
  projectTask: `${URN}project:task:customer`,
  /** project → agentslog */
  projectAgentsLog: `${URN}project:agentslog`,
  /** project → calendar */
  projectCalendar: `${URN}project:calendar`,
  /** project → address */
  projectAddress: `${URN}project:address`,
  /** project → estate */
  projectEstate: `${URN}project:estate`,
  /** project → file: attachment */
  projectAttachment: `${URN}project:file:attachment`,
  /** task → address */
  taskAddress: `${URN}task:address`,
  /** task → estate */
  taskEstate: `${URN}task:estate`,
  /** task → file: attachment */
  taskAttachment: `${URN}task:file:attachment`,
  /** calendar (appointment) → address */
  calendarAddress: `${URN}calendar:address`,
  /** calendar (appointment) → estate */
  calendarEstate: `${URN}calendar:estate`,
  /** calendar → file: attachment */
  calendarAttachment: `${URN}calendar:file:attachment`,
  /** agents log → address */
  agentsLogAddress: `${URN}agentsLog:address`,
  /** agents log → estate */
  agentsLogEstate: `${URN}agentsLog:estate`,
  /** agents log (mail) → address */
  agentsLogMailAddress: `${URN}agentsLogMail:address`,
  /** agents log (mail) → estate */
  agentsLogMailEstate: `${URN}agentsLogMail:estate`,
  /** agents log → file: attachment */
  agentsLogAttachment: `${URN}agentsLog:file:attachment`,
  /** agents log → attachment download */
  agentsLogAttachmentDownload: `${URN}agentsLog:attachment:download`,
  /** user → address: birthday */
  userAddressBirthday: `${URN}user:address:birthday`,
  /** user → address */
  userAddress: `${URN}user:address`,
  /** user → messenger user (read only) */
  userMessengerUser: `${URN}user:messengerUser:is`,
  /** billing → estate */
  billingEstate: `${URN}billing:estate`,
  /** job → estate */
  jobEstate: `${URN}job:estate`,
  /** template → file: attachment */
  templateAttachment: `${URN}templateManagement:email:attachment`,
  /** template → document attributes */
  templateDocumentAttributes: `${URN}templateManagement:email:documentAttributes`,
} as const

/** A relation type URN of {@link RELATION_TYPES}. Other URNs are accepted as plain strings. */
export type RelationType = (typeof RELATION_TYPES)[keyof typeof RELATION_TYPES]

/** Which side `get` starts from: the ids of one side, answered with the ids of the other. */
export type RelationQuery =
  | { type: RelationType | (string & {}); parentIds: Array<number | string>; childIds?: never }
  | { type: RelationType | (string & {}); childIds: Array<number | string>; parentIds?: never }

/** One side → the ids related to it. */
export type RelatedIds = Map<number, number[]>

/** Relation helpers. */
export interface RelationsApi {
  /**
   * The related ids (`get`/`idsfromrelation`): for each id given, the ids on the other side. Ids without
   * relations are absent from the map. A bad type: `OnOfficeApiError` 132 "No or unknown relation given".
   * Assumed from apidoc's fixture: the answer is one record `relatedIds` whose elements map an id to a list.
   * @example
   * ```ts
   * const byEstate = await client.relations.get({ type: RELATION_TYPES.estateOwner, parentIds: [1, 2] })
   * const owners = byEstate.get(1) ?? []
   * ```
   */
  get(query: RelationQuery): Promise<RelatedIds>
  /**
   * Creates relations (`create`/`relation`): 1:n in either direction (`parentIds` or `childIds` with one
   * element); n:n is error 219. `relationinfo` only for appointment confirmations.
   * @example
   * ```ts
   * await client.relations.create({ type: RELATION_TYPES.estateInterested, parentIds: [4711], childIds: [101] })
   * ```
   */
  create(p: {
    type: RelationType | (string & {})
    parentIds: Array<number | string>
    childIds: Array<number | string>
    relationinfo?: Record<string, string>
  }): Promise<void>
  /**
   * Deletes one relation (`delete`/`relation`, single `parentid` and `childid` as apidoc documents).
   * @example
   * ```ts
   * await client.relations.delete({ type: RELATION_TYPES.calendarAddress, parentId: 671, childId: 153 })
   * ```
   */
  delete(p: {
    type: RelationType | (string & {})
    parentId: number | string
    childId: number | string
  }): Promise<void>
}

function idsOf(value: unknown, name: string, where: string): number[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new TypeError(`${where}: ${name} must be a non-empty array of record ids`)
  return value.map((v) => {
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      throw new TypeError(`${where}: ${name} must contain record ids (non-negative integers)`)
    return n
  })
}

function typeOf(value: unknown, where: string): string {
  if (typeof value !== 'string' || !value.startsWith(URN))
    throw new TypeError(`${where}: type must be a relation type URN (see RELATION_TYPES)`)
  return value
}

const toIds = (v: unknown): number[] =>
  (Array.isArray(v) ? v : v === null || v === undefined || v === '' ? [] : [v])
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 0)

export function relationsApi(rawCall: Call): RelationsApi {
  const call = objectCall(rawCall)
  return {
    async get(query) {
      const type = typeOf(query?.type, 'relations.get')
      const hasParents = query.parentIds !== undefined
      if (hasParents === (query.childIds !== undefined))
        throw new TypeError('relations.get: give exactly one of parentIds or childIds')
      const parameters: Record<string, unknown> = { relationtype: type }
      if (hasParents) parameters.parentids = idsOf(query.parentIds, 'parentIds', 'relations.get')
      else parameters.childids = idsOf(query.childIds, 'childIds', 'relations.get')
      const result = await call({ kind: 'get', resourcetype: 'idsfromrelation', parameters })
      const out: RelatedIds = new Map()
      for (const record of result.records) {
        for (const [key, value] of Object.entries(record.elements)) {
          const id = Number(key)
          if (Number.isInteger(id)) out.set(id, toIds(value))
        }
      }
      return out
    },
    async create(p) {
      const type = typeOf(p?.type, 'relations.create')
      const parentid = idsOf(p.parentIds, 'parentIds', 'relations.create')
      const childid = idsOf(p.childIds, 'childIds', 'relations.create')
      if (parentid.length > 1 && childid.length > 1)
        throw new TypeError(
          'relations.create: n:n relations are not allowed (onOffice error 219): one side must have a single id',
        )
      const parameters: Record<string, unknown> = { relationtype: type, parentid, childid }
      if (p.relationinfo !== undefined) parameters.relationinfo = p.relationinfo
      await call({ kind: 'create', resourcetype: 'relation', parameters })
    },
    async delete(p) {
      const type = typeOf(p?.type, 'relations.delete')
      const [parentid] = idsOf([p.parentId], 'parentId', 'relations.delete')
      const [childid] = idsOf([p.childId], 'childId', 'relations.delete')
      const result = await call({
        kind: 'delete',
        resourcetype: 'relation',
        parameters: { relationtype: type, parentid, childid },
      })
      const answer = result.records[0]?.elements.success
      if (answer !== undefined && answer !== 'success')
        throw new OnOfficeResponseError('relation delete did not answer success')
    },
  }
}
