/**
 * The onOffice API without its resources: `call`, the shorthands, `batch`, `withClaim` and `iterate` over one
 * micro-batcher (`createApi`). `createClient` (client.ts) adds the resources (`estates`, `files`, …) on top.
 */
import type { ActionKind } from './actions.ts'
import { Batcher } from './batcher.ts'
import { callThrough, type CallScope } from './call.ts'
import { prepareAction } from './envelope.ts'
import { OnOfficeError } from './errors.ts'
import { resolveOptions } from './options.ts'
import { pages } from './resources/paging.ts'
import type {
  ActionInput,
  ActionOptions,
  ActionResult,
  ClientOptions,
  OnOfficeRecord,
  Settled,
} from './types.ts'

/** `client.read(resourcetype, params?, opts?)` and its siblings: one action of that kind. */
export type Shorthand = (
  resourcetype: string,
  params?: Record<string, unknown>,
  opts?: ActionOptions,
) => Promise<ActionResult>

/** The onOffice API without resources: every action by name. `OnOfficeClient` extends it with the resources. */
export interface OnOfficeApi {
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
  withClaim(apiClaim: string, options?: { userId?: string }): OnOfficeApi
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
}

function checkClaim(apiClaim: unknown): string {
  if (typeof apiClaim !== 'string' || apiClaim === '')
    throw new TypeError(
      'withClaim: apiClaim must be a non-empty string (the apiClaim of the launch URL)',
    )
  return apiClaim
}

/** @internal What the resources of a client are built from besides its `call`. */
export interface ApiParts {
  /** One request per action, outside the micro-batcher (upload blocks must go in order, each on its own). */
  sendAlone(action: ActionInput, signal?: AbortSignal): Promise<ActionResult>
}

/**
 * @internal The API over a shared batcher in a scope (claim and its user). `derive` builds what `withClaim`
 * returns for a new scope, so a client with resources derives clients with resources.
 */
export function apiOver<C extends OnOfficeApi>(
  batcher: Batcher,
  scope: CallScope,
  derive: (scope: CallScope) => C,
): Omit<OnOfficeApi, 'withClaim'> &
  ApiParts & { withClaim: (...a: Parameters<OnOfficeApi['withClaim']>) => C } {
  const call = callThrough(batcher, batcher.opts, scope)
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
  return {
    call,
    sendAlone: async (action, signal) =>
      batcher.sendAlone(prepareAction(action, scope.claim), signal),
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
      return derive({ claim: checkClaim(apiClaim), userId })
    },
    iterate: (resourcetype, params = {}, opts = {}) =>
      pages(call, { kind: 'read', resourcetype, parameters: params }, opts),
  }
}

/**
 * Creates the onOffice API without its resources: every action by name (`call`, `read`, `get`, `create`,
 * `modify`, `delete`, `do`), `batch`, `withClaim` and `iterate`, with everything `createClient` does on the wire
 * (HMAC v2, micro-batching, retries of reads, limits, breaker, response cache, tracer). `createClient` is this
 * plus the resources (`estates`, `files`, `fields`, …); a bundle that imports only `createApi` does not carry
 * them. Takes `createClient`'s options; `fieldCache` belongs to `fields` and is not used here.
 *
 * @throws TypeError at construction for invalid options, as `createClient`.
 * @example
 * ```ts
 * const api = createApi({ token: installation.apiToken, secret: installation.apiSecret }).withClaim(apiClaim)
 * const { records } = await api.read('estate', { data: ['objekttitel'], listlimit: 10 })
 * ```
 */
export function createApi(options: ClientOptions): OnOfficeApi {
  const batcher = new Batcher(resolveOptions(options, 'createApi'))
  const over = (scope: CallScope): OnOfficeApi => {
    const { sendAlone: _alone, ...api } = apiOver(batcher, scope, over)
    return api
  }
  return over({ claim: options.claim, userId: options.userId })
}

/**
 * How the Hono layer builds every client (`onOffice({ client })`): `createApi` (the default) or `createClient`,
 * or your own function that passes the options it receives on to one of them.
 */
export type OnOfficeClientFactory<C extends OnOfficeApi = OnOfficeApi> = (
  options: ClientOptions,
) => C
