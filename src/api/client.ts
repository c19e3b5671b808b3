/** `createClient`: the onOffice API client. */
import type { ActionKind } from './actions.ts'
import { Batcher } from './batcher.ts'
import { callThrough, type CallScope } from './call.ts'
import { prepareAction } from './envelope.ts'
import { OnOfficeError } from './errors.ts'
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
import { pages } from './resources/paging.ts'
import { regionsApi, type RegionsApi } from './resources/regions.ts'
import { relationsApi, type RelationsApi } from './resources/relations.ts'
import { searchCriteriaApi, type SearchCriteriaApi } from './resources/search-criteria.ts'
import { settingsApi, type SettingsApi } from './resources/settings.ts'
import { tasksApi, type TasksApi } from './resources/tasks.ts'
import { usersApi, type UsersApi } from './resources/users.ts'
import type {
  ActionInput,
  ActionOptions,
  ActionResult,
  ClientOptions,
  OnOfficeRecord,
  Settled,
} from './types.ts'

type Shorthand = (
  resourcetype: string,
  params?: Record<string, unknown>,
  opts?: ActionOptions,
) => Promise<ActionResult>

/** The onOffice API client. Calls made in the same tick are sent together (see {@link createClient}). */
export interface OnOfficeClient {
  /** Sends one action; rejects with an `OnOfficeError` subclass. */
  call(action: ActionInput): Promise<ActionResult>
  read: Shorthand
  get: Shorthand
  create: Shorthand
  modify: Shorthand
  delete: Shorthand
  do: Shorthand
  /** One settled result per action, in order; never rejects for per-action errors (partial failure is normal). */
  batch(actions: ActionInput[]): Promise<Settled[]>
  /**
   * A client that sends `parameters.extendedclaim = apiClaim` on every action (an explicit parameter wins).
   * Shares this client's queue. `userId` — the user the claim belongs to — lets the response cache keep
   * that user's reads (without it, claim-bound reads are never cached).
   */
  withClaim(apiClaim: string, options?: { userId?: string }): OnOfficeClient
  /**
   * Every record of a list read, paged by the resource's rule in `PAGING_RULES`: for `listoffset` resources
   * the first page gives `cntabsolute` and all remaining pages are then sent as one batched request; tasks
   * page by id; regions come in one call. `pageSize` (default: the resource's maximum, 500 for most, 100
   * for files) is clamped to that maximum.
   */
  iterate(
    resourcetype: string,
    params?: Record<string, unknown>,
    opts?: { pageSize?: number },
  ): AsyncIterable<OnOfficeRecord>
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

function checkClaim(apiClaim: unknown): string {
  if (typeof apiClaim !== 'string' || apiClaim === '')
    throw new TypeError(
      'withClaim: apiClaim must be a non-empty string (the apiClaim of the launch URL)',
    )
  return apiClaim
}

/** @internal The client over a shared batcher, in a scope (claim and its user); clients derived by `withClaim` share the field cache. */
export function clientOver(
  batcher: Batcher,
  scope: CallScope,
  fieldDeps?: FieldsDeps,
): OnOfficeClient {
  const call = callThrough(batcher, batcher.opts, scope)
  // One request per action, outside the micro-batcher (upload blocks must go in order, each on its own).
  const sendAlone = async (action: ActionInput, signal?: AbortSignal): Promise<ActionResult> =>
    batcher.sendAlone(prepareAction(action, scope.claim), signal)
  const shorthand =
    (kind: ActionKind): Shorthand =>
    (resourcetype, params, opts = {}) => {
      const action: ActionInput = { kind, resourcetype }
      if (params !== undefined) action.parameters = params
      if (opts.resourceid !== undefined) action.resourceid = opts.resourceid
      if (opts.identifier !== undefined) action.identifier = opts.identifier
      if (opts.cache !== undefined) action.cache = opts.cache
      if (opts.signal !== undefined) action.signal = opts.signal
      return call(action)
    }

  const searchCriteria = searchCriteriaApi(call)
  const iterate = (
    resourcetype: string,
    params: Record<string, unknown> = {},
    opts: { pageSize?: number } = {},
  ) => pages(call, { kind: 'read', resourcetype, parameters: params }, opts)

  const fields = fieldsApi(call, fieldDeps)
  return {
    call,
    read: shorthand('read'),
    get: shorthand('get'),
    create: shorthand('create'),
    modify: shorthand('modify'),
    delete: shorthand('delete'),
    do: shorthand('do'),
    batch(actions) {
      // Every action is checked before any is sent: a malformed action is a programming error and
      // rejects the whole batch; errors of onOffice settle per action.
      try {
        if (!Array.isArray(actions)) throw new TypeError('batch: actions must be an array')
        for (const a of actions) prepareAction(a, scope.claim)
      } catch (error) {
        return Promise.reject(error)
      }
      return Promise.all(
        actions.map((a) =>
          call(a).then(
            (value): Settled => ({ ok: true, value }),
            (error: unknown): Settled => {
              if (error instanceof OnOfficeError) return { ok: false, error }
              throw error
            },
          ),
        ),
      )
    },
    withClaim: (apiClaim, claimOptions = {}) => {
      const userId = claimOptions.userId
      if (userId !== undefined && (typeof userId !== 'string' || userId === '')) {
        throw new TypeError(
          'withClaim: options.userId must be a non-empty string (the userId of the launch)',
        )
      }
      return clientOver(batcher, { claim: checkClaim(apiClaim), userId }, fieldDeps)
    },
    iterate,
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
