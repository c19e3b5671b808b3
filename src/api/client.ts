/** `createClient`: the onOffice API client. */
import { apiOver, type OnOfficeApi } from './api.ts'
import { Batcher } from './batcher.ts'
import type { CallScope } from './call.ts'
import { resolveOptions } from './options.ts'
import { addressesApi, type AddressesApi } from './resources/addresses.ts'
import { agentsLogApi, type AgentsLogApi } from './resources/agents-log.ts'
import { appointmentsApi, type AppointmentsApi } from './resources/appointments.ts'
import {
  changesOver,
  type ChangeEvent,
  type ChangesOptions,
  type ChangeResource,
} from './resources/changes.ts'
import { estatesApi, type EstatesApi } from './resources/estates.ts'
import { fieldsApi, type FieldsApi, type FieldsDeps } from './resources/fields.ts'
import { filesApi, type FilesApi } from './resources/files.ts'
import { cacheScope, fieldConfigCache } from './fields/cache.ts'
import { imprintApi, type ImprintApi } from './resources/imprint.ts'
import { marketplaceApi, type MarketplaceApi } from './resources/marketplace.ts'
import { multiselectApi, type MultiselectApi } from './resources/multiselect.ts'
import { regionsApi, type RegionsApi } from './resources/regions.ts'
import { relationsApi, type RelationsApi } from './resources/relations.ts'
import { searchCriteriaApi, type SearchCriteriaApi } from './resources/search-criteria.ts'
import { settingsApi, type SettingsApi } from './resources/settings.ts'
import { tasksApi, type TasksApi } from './resources/tasks.ts'
import { usersApi, type UsersApi } from './resources/users.ts'
import type { ClientOptions } from './types.ts'

/** The onOffice API client. Calls made in the same tick are sent together (see {@link createClient}). */
export interface OnOfficeClient extends OnOfficeApi {
  withClaim(apiClaim: string, options?: { userId?: string }): OnOfficeClient
  estates: EstatesApi
  addresses: AddressesApi
  searchCriteria: SearchCriteriaApi
  relations: RelationsApi
  tasks: TasksApi
  appointments: AppointmentsApi
  agentsLog: AgentsLogApi
  fields: FieldsApi
  /** Estate files: chunked, streamed uploads (`upload`, `uploadUrl`), the file list and file contents. */
  files: FilesApi
  settings: SettingsApi
  users: UsersApi
  imprint: ImprintApi
  regions: RegionsApi
  multiselect: MultiselectApi
  marketplace: MarketplaceApi
  /**
   * The estates (`geaendert_am`) or addresses (`Aenderung`) changed since a cursor: yields each change once,
   * then `{ kind: 'cursor', cursor }` to store for the next poll. See {@link ChangesOptions}.
   * @example
   * ```ts
   * let cursor = await store.get('cursor') ?? '2026-01-01 00:00:00'
   * for await (const ev of client.changes('estate', { since: cursor, fields: ['objekttitel'] })) {
   *   if (ev.kind === 'change') console.log(ev.id, ev.changedAt)
   *   else cursor = ev.cursor
   * }
   * ```
   */
  changes(resource: ChangeResource, opts: ChangesOptions): AsyncIterable<ChangeEvent>
}

/** @internal The client over a shared batcher, in a scope (claim and its user); clients derived by `withClaim` share the field cache. */
export function clientOver(
  batcher: Batcher,
  scope: CallScope,
  fieldDeps?: FieldsDeps,
): OnOfficeClient {
  const { sendAlone, ...api } = apiOver(batcher, scope, (s) => clientOver(batcher, s, fieldDeps))
  const call = api.call
  const searchCriteria = searchCriteriaApi(call)
  const fields = fieldsApi(call, fieldDeps)
  return {
    ...api,
    estates: estatesApi(call, fields, searchCriteria),
    addresses: addressesApi(call),
    searchCriteria,
    relations: relationsApi(call),
    tasks: tasksApi(call),
    appointments: appointmentsApi(call),
    agentsLog: agentsLogApi(call),
    fields,
    files: filesApi(call, sendAlone),
    settings: settingsApi(call),
    users: usersApi(call),
    imprint: imprintApi(call),
    regions: regionsApi(call),
    multiselect: multiselectApi(call),
    marketplace: marketplaceApi(call),
    changes: (resource, opts) => changesOver(call, resource, opts),
  }
}

/** @internal The field cache of a client from its options (`fieldCache: false` = none). */
export function fieldDepsOf(
  options: ClientOptions,
  token: string,
  now: () => number,
  where = 'createClient',
): FieldsDeps {
  if (options.fieldCache === false) return { cache: null, scope: async () => '' }
  const cache = fieldConfigCache(options.fieldCache, now, where)
  const customer = options.fieldCache?.customer
  let scope: Promise<string> | undefined
  return { cache, scope: () => (scope ??= cacheScope(customer, token)) }
}

/**
 * Creates an onOffice API client for one API user.
 *
 * - HMAC v2 per action (WebCrypto, keys cached), one clock read per action.
 * - Automatic micro-batching: calls made in the same tick go out as one POST of up to
 *   `maxActionsPerRequest` (default 100) actions; identical read/get actions are sent once.
 * - Retries (default 2) only for read/get after network errors, timeouts, HTTP 5xx and error 136,
 *   re-signed each time; writes are never retried.
 * - `listlimit` above 500 is clamped to 500: onOffice would silently answer 20 records.
 * - The field configuration (`fields.get`) is cached per customer and request for `fieldCache.ttlSec`
 *   (default 3600 s) in `fieldCache.kv` (default in memory); concurrent identical calls make one request.
 *
 * Defaults: `apiVersion` `'stable'`, `endpoint` `https://api.onoffice.de/api/{apiVersion}/api.php`,
 * `timeoutMs` 30 000, `retries` 2, `retryDelayMs` 200, `maxActionsPerRequest` 100, `now` `Date.now`, `fieldCache` in memory for 1 h.
 *
 * @throws TypeError at construction when the token is not 32 or the secret not 64 characters, when they
 * look swapped, or when another option is invalid (messages never contain the values).
 * @example
 * ```ts
 * const client = createClient({ token: installation.apiToken, secret: installation.apiSecret }).withClaim(apiClaim)
 * const estate = await client.estates.get(4711, { language: 'ENG', data: ['objekttitel'] })
 * for await (const e of client.iterate('estate', { data: ['Id', 'kaufpreis'] })) console.log(e.id)
 * ```
 */
export function createClient(options: ClientOptions): OnOfficeClient {
  const resolved = resolveOptions(options)
  return clientOver(
    new Batcher(resolved),
    { claim: options.claim, userId: options.userId },
    fieldDepsOf(options, resolved.token, resolved.now),
  )
}
