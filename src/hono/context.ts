import type { Context } from 'hono'
import type { OnOfficeApi } from '../api/api.ts'
import { INSTALLATION_DEAD_CODES } from '../api/error-codes.ts'
import { OnOfficeApiError } from '../api/errors.ts'
import type { ClientOptions, OnOfficeClient } from '../api/index.ts'
import { InstallationOpenError } from '../store/index.ts'
import type { Installation, KeyValue } from '../store/index.ts'
import type { OnOfficeCallFields } from './env.ts'
import { bindEstate, type BoundEstate } from './estate.ts'
import { launchImages, parseImageIds, type LaunchImages } from './files.ts'
import { blockedOnceKey, firstTime, publicInstallationOf, runHook } from './lifecycle.ts'
import { log } from './log.ts'
import { scaleClientOptions } from './scale.ts'
import type { RequestConfig, Runtime } from './runtime.ts'

/**
 * The verified facts of one onOffice call (launch, session or webhook), claim included: the identity fields of
 * `c.var.onoffice` plus the claim. Never sent to a browser in clear.
 */
export type CallFacts = Pick<
  OnOfficeCallFields,
  | 'customerWebId'
  | 'userId'
  | 'customerName'
  | 'groupId'
  | 'language'
  | 'userLanguage'
  | 'parameterCacheId'
> & {
  /** Verified params without `signature`, `timestamp`, `apiClaim`. */
  params: Record<string, string>
  claim: string
}

// Query parameters that never reach `params`: the claim is a credential, the rest is protocol.
const HIDDEN_PARAMS = new Set(['signature', 'timestamp', 'apiClaim'])

const str = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v)

/** The verified params without `signature`, `timestamp` and `apiClaim` (a new object). */
export function visibleParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const visible: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) if (!HIDDEN_PARAMS.has(k)) visible[k] = v
  return visible
}

/** Extracts the call facts from verified signed-URL params; `null` when a required one is missing. */
export function factsFromParams(params: Record<string, string>): CallFacts | null {
  const claim = params.apiClaim
  if (!params.customerWebId || !params.userId || !claim) return null
  return factsOf(visibleParams(params), claim)
}

/**
 * The call facts of visible params (no `signature` / `timestamp` / `apiClaim`) and the claim: every fact but the
 * claim is one of the params, which is why a session token carries only these two. `null` when a required one is
 * missing. `params` is kept, not copied.
 */
export function factsOf(params: Record<string, string>, claim: string): CallFacts | null {
  const customerWebId = params.customerWebId
  const userId = params.userId
  if (!customerWebId || !userId || !claim) return null
  return {
    customerWebId,
    userId,
    customerName: params.customerName ?? '',
    groupId: str(params.groupId),
    language: str(params.language),
    userLanguage: str(params.UserLanguage),
    parameterCacheId: str(params.parameterCacheId),
    params,
    claim,
  }
}

/** Per-request record of what the claim-bound client saw, for mapping errors after the handler ran. */
export interface CallObserver {
  /** The first dead-installation code (22/42/48/153) onOffice reported on some action; unset while none was. */
  deadCode?: number
}

/**
 * Marks the installation blocked and fires `onBlocked` once per activation (a putIfAbsent mark in `onceKv`
 * decides between concurrent requests that both saw the error).
 */
async function blocked(
  rt: Runtime,
  c: Context,
  config: RequestConfig,
  customerWebId: string,
  code: number | undefined,
): Promise<void> {
  let before: Installation | null = null
  try {
    before = rt.hooks.onBlocked ? await config.store.get(customerWebId) : null
    await config.store.markBlocked(customerWebId)
  } catch (e) {
    log('could not mark installation blocked', e)
    return
  }
  const hook = rt.hooks.onBlocked
  if (!hook || before === null) return
  // Not run when the store cannot tell: the next request that sees the installation dead tries again.
  const year = 365 * 24 * 3600
  if ((await firstTime(config.onceKv, blockedOnceKey(before), year, 'onBlocked')) !== true) return
  const installation = publicInstallationOf({ ...before, status: 'blocked' })
  await runHook('onBlocked', () => hook(installation, { code }, c))
}

// The same list `OnOfficeApiError.installationBlocked` uses; kept in one place (src/api/error-codes.ts).
const isDead = (code: unknown): boolean =>
  typeof code === 'number' && INSTALLATION_DEAD_CODES.includes(code)

/** The first dead-installation code an onOffice response body reports, on the request or on any action. */
function deadCodeOf(body: unknown): number | undefined {
  const b = body as
    | { status?: { errorcode?: unknown }; response?: { results?: unknown } }
    | null
    | undefined
  const codes = [b?.status?.errorcode]
  const results = b?.response?.results
  if (Array.isArray(results))
    for (const r of results)
      codes.push((r as { status?: { errorcode?: unknown } } | null)?.status?.errorcode)
  return codes.find(isDead) as number | undefined
}

/**
 * Reads an installation; a record that cannot be opened or a store that fails is logged (`who` names the caller)
 * and answered with the failure it means, for the caller to raise or to tolerate.
 */
export async function readInstallation(
  config: RequestConfig,
  customerWebId: string,
  who = 'installation',
): Promise<
  | { ok: true; installation: Installation | null }
  | { ok: false; failure: 'misconfigured' | 'store_unavailable' }
> {
  try {
    return { ok: true, installation: await config.store.get(customerWebId) }
  } catch (err) {
    const open = err instanceof InstallationOpenError
    log(
      open
        ? `${who}: installation record cannot be opened (check encryptionKey)`
        : `${who}: installation store unavailable`,
      err,
    )
    return { ok: false, failure: open ? 'misconfigured' : 'store_unavailable' }
  }
}

/** Loads the installation, mapping store failures and missing/blocked records to failures. */
async function loadInstallation(
  rt: Runtime,
  c: Context,
  config: RequestConfig,
  customerWebId: string,
  userLanguage: string | null,
): Promise<Installation> {
  // The page language is worked out only on a failure (Accept-Language parsing is not free on the hot path).
  const read = await readInstallation(config, customerWebId)
  if (!read.ok) throw await rt.fail(c, read.failure, { lang: rt.lang(c, userLanguage) })
  const installation = read.installation
  if (!installation) throw await rt.fail(c, 'not_activated', { lang: rt.lang(c, userLanguage) })
  if (installation.status !== 'active')
    throw await rt.fail(c, 'blocked', { lang: rt.lang(c, userLanguage) })
  return installation
}

/** What a client the kit builds for a customer is made from, besides the installation's credentials. */
interface KitClientOptions {
  /** The customer the client acts for (partitions the cache and the limits). */
  customerWebId: string
  /** The KV of the default response cache; `null`: no cache (a client that only writes, or has no claim). */
  cacheKv: KeyValue | null
  /** The call's claim and the user it belongs to: a claim-bound client. */
  claim?: { claim: string; userId: string }
  onResponse?: ClientOptions['onResponse']
}

/**
 * The one factory of every onOffice client the Hono layer builds (claim-bound call clients, the callback's
 * claim-free client, activation's `unlockProvider` client): the `client` option (default `createApi`) over the
 * customer's credentials plus the kit's `endpoint`, `apiVersion`, `fetch`, clock and scale options.
 */
export function kitClient(
  rt: Runtime,
  config: RequestConfig,
  credentials: { token: string; secret: string },
  o: KitClientOptions,
): OnOfficeApi {
  return rt.statics.client({
    token: credentials.token,
    secret: credentials.secret,
    apiVersion: config.apiVersion,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(rt.statics.fetch ? { fetch: rt.statics.fetch } : {}),
    now: rt.statics.now,
    ...(o.onResponse ? { onResponse: o.onResponse } : {}),
    ...scaleClientOptions(rt.statics.scale, o.cacheKv, o.customerWebId),
    ...(o.claim ? { claim: o.claim.claim, userId: o.claim.userId } : {}),
  })
}

/** A client with the resources `estate` and `images` delegate to (`onOffice({ client: createClient })`). */
const hasResources = (client: OnOfficeApi): client is OnOfficeClient =>
  'estates' in client && 'files' in client

const hinted = new WeakSet<Runtime>()

/**
 * `estate` / `images` of a launch with an `estateId` read without resources: `null` (the type has neither), and
 * once per kit a line saying why — plain JavaScript gets no compile error to say it.
 */
function withoutResources(rt: Runtime): null {
  if (!hinted.has(rt)) {
    hinted.add(rt)
    log(
      'c.var.onoffice.estate and .images are null: the kit’s client has no resources — pass onOffice({ client: createClient }) (logged once)',
    )
  }
  return null
}

/**
 * `c.var.onoffice` of verified call facts: `head` (`kind`, the session fields) plus the call fields. One plain
 * object per request. `client`, `estate` and `images` are own, enumerable accessors created on first read —
 * building the claim-bound client costs more CPU than the rest of a session request (the `sessionOverheadUs`
 * target of bench/in-process.bench.ts is missed without this), and most session requests never call onOffice.
 * Being own and enumerable, a spread (`{ ...c.var.onoffice }`) or `JSON.stringify` still copies them (review
 * F12); each may be assigned. `facts` must be owned by the caller (its `params` are frozen and kept).
 */
export async function buildCall<H extends object>(
  rt: Runtime,
  c: Context,
  config: RequestConfig,
  facts: CallFacts,
  head: H,
): Promise<{ value: H & OnOfficeCallFields<OnOfficeClient>; observer: CallObserver }> {
  const installation = await loadInstallation(
    rt,
    c,
    config,
    facts.customerWebId,
    facts.userLanguage,
  )
  const observer: CallObserver = {}
  const makeClient = (): OnOfficeApi =>
    kitClient(
      rt,
      config,
      { token: installation.apiToken, secret: installation.apiSecret },
      {
        customerWebId: facts.customerWebId,
        cacheKv: config.kv,
        // The customer and the user the claim belongs to partition the cache and the limits.
        claim: { claim: facts.claim, userId: facts.userId },
        // Batch results never throw, so the body is inspected too: a dead installation is marked either way.
        onResponse: (event) => {
          observer.deadCode ??= deadCodeOf(event.body)
        },
      },
    )
  const params = Object.freeze(facts.params)
  const estateId = params.estateId
  let client: OnOfficeApi | undefined
  let estate: BoundEstate | null | undefined
  let images: LaunchImages | null | undefined
  // `estate` and `images`: `null` without an `estateId` (the client is not built for that), else bound to it.
  const ofEstate = <T>(bind: (client: OnOfficeClient, estateId: string) => T): T | null => {
    if (!estateId) return null
    const c = fields.client
    return hasResources(c) ? bind(c, estateId) : withoutResources(rt)
  }
  // Accessors in the literal, not Object.defineProperties (about 13 µs more per request, measured), and
  // `head` assigned after it, not spread into it: a spread followed by more properties takes V8's slow
  // literal path (Node 20: about 15 µs per request here, which broke sessionOverheadUs ≤ 0.25 × honoJwt).
  const fields: OnOfficeCallFields<OnOfficeClient> = {
    customerWebId: facts.customerWebId,
    userId: facts.userId,
    customerName: facts.customerName || installation.customerName,
    groupId: facts.groupId,
    language: facts.language,
    userLanguage: facts.userLanguage,
    parameterCacheId: facts.parameterCacheId,
    params,
    installation: publicInstallationOf(installation),
    // Typed as the client with resources; `estate` and `images` are `null` without them, and the public type of a
    // client without resources has neither (OnOfficeCallFields<C>).
    get client(): OnOfficeClient {
      return (client ??= makeClient()) as OnOfficeClient
    },
    set client(v: OnOfficeClient) {
      client = v
    },
    get estate(): BoundEstate | null {
      if (estate === undefined) estate = ofEstate((c, id) => bindEstate(c, id, facts.language))
      return estate
    },
    set estate(v: BoundEstate | null) {
      estate = v
    },
    get images(): LaunchImages | null {
      if (images === undefined)
        images = ofEstate((c, id) => launchImages(c, id, parseImageIds(params.imageIds)))
      return images
    },
    set images(v: LaunchImages | null) {
      images = v
    },
  }
  const value: H & OnOfficeCallFields<OnOfficeClient> = Object.assign(fields, head)
  return { value, observer }
}

/**
 * After the handler: an onOffice claim error (193/201/248) that escaped it becomes a 401 relaunch response
 * (with `claimChallenge` as `WWW-Authenticate` on a bearer route); a dead installation (22/42/48/153) is marked
 * `blocked` and, if its error escaped, answered with "activate again".
 */
export async function settleAfterHandler(
  rt: Runtime,
  c: Context,
  config: RequestConfig,
  facts: CallFacts,
  obs: CallObserver,
  claimChallenge?: string,
): Promise<void> {
  const err = c.error
  const apiError = err instanceof OnOfficeApiError ? err : null
  const dead = obs.deadCode !== undefined || apiError?.installationBlocked === true
  if (dead)
    await blocked(
      rt,
      c,
      config,
      facts.customerWebId,
      apiError?.installationBlocked ? apiError.errorCode : obs.deadCode,
    )
  if (!apiError) return
  const lang = rt.lang(c, facts.userLanguage)
  if (apiError.claimError || apiError.installationBlocked) {
    const ex = await rt.fail(c, apiError.claimError ? 'claim_expired' : 'blocked', {
      lang,
      cause: apiError,
      ...(apiError.claimError && claimChallenge ? { challenge: claimChallenge } : {}),
    })
    // Clear first: the setter would otherwise copy the error response's headers onto ours.
    c.res = undefined
    c.res = ex.getResponse()
  }
}
