import type { ActionKind } from '../../../api/actions.ts'
import { cancelAbo, invoiceRecipient, refund, subsequentPaymentLink } from './commerce.ts'
import type { Handler } from './context.ts'
import { createAddress, modifyAddress, readAddress } from './address.ts'
import { createAgentsLog, readAgentsLog } from './agents-log.ts'
import { createCalendar, modifyCalendar, readCalendar } from './calendar.ts'
import { createEstate, modifyEstate, readEstate } from './estate.ts'
import { getEstatePictures, getFile, uploadFile } from './files.ts'
import { getMultiselect, getRegions, getUsers, readImprint } from './org.ts'
import { readUser, readUserPhoto } from './records.ts'
import { createRelation, deleteRelation, getRelations } from './relations.ts'
import {
  createSearchCriterion,
  getSearchCriteria,
  getSearchCriteriaFields,
  modifySearchCriterion,
  searchCriteria,
} from './search-criteria.ts'
import { createTask, modifyTask, readTask } from './tasks.ts'
import { getFields, readBasicSettings } from './settings.ts'
import { unlockProvider } from './unlock.ts'

/** `kind:resourcetype` → handler. Resourcetypes are case-sensitive, as documented spellings are used. */
export const HANDLERS: ReadonlyMap<string, Handler> = new Map<`${ActionKind}:${string}`, Handler>([
  ['read:estate', readEstate],
  ['modify:estate', modifyEstate],
  ['create:estate', createEstate],
  ['read:address', readAddress],
  ['create:address', createAddress],
  ['modify:address', modifyAddress],
  ['get:searchcriterias', getSearchCriteria],
  ['create:searchcriteria', createSearchCriterion],
  ['modify:searchcriteria', modifySearchCriterion],
  ['get:searchCriteriaFields', getSearchCriteriaFields],
  ['get:search', searchCriteria],
  ['get:idsfromrelation', getRelations],
  ['create:relation', createRelation],
  ['delete:relation', deleteRelation],
  ['read:task', readTask],
  ['create:task', createTask],
  ['modify:task', modifyTask],
  ['read:calendar', readCalendar],
  ['create:calendar', createCalendar],
  ['modify:calendar', modifyCalendar],
  ['read:agentslog', readAgentsLog],
  ['create:agentslog', createAgentsLog],
  ['get:users', getUsers],
  ['read:impressum', readImprint],
  ['get:regions', getRegions],
  ['get:multiselectconfiguration', getMultiselect],
  ['read:user', readUser],
  ['read:userphoto', readUserPhoto],
  ['read:basicsettings', readBasicSettings],
  ['get:fields', getFields],
  ['do:uploadfile', uploadFile],
  ['get:file', getFile],
  ['get:estatepictures', getEstatePictures],
  ['do:unlockProvider', unlockProvider],
  ['get:getMarketplaceInvoiceRecipient', invoiceRecipient],
  ['do:marketplaceCancelAbo', cancelAbo],
  ['do:transactionRefund', refund],
  ['do:subsequentPaymentLink', subsequentPaymentLink],
])

const KNOWN_TYPES = new Set([...HANDLERS.keys()].map((k) => k.slice(k.indexOf(':') + 1)))

/** The handler, or the onOffice error for a missing configuration (23 known type/other action, 25 unknown type). */
export function handlerFor(
  kind: ActionKind,
  resourcetype: string,
  actionid: string,
): Handler | { code: number; arg: string } {
  const h = HANDLERS.get(`${kind}:${resourcetype}`)
  if (h) return h
  return KNOWN_TYPES.has(resourcetype)
    ? { code: 23, arg: actionid }
    : { code: 25, arg: resourcetype }
}
