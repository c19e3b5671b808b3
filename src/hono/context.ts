import type { Context } from 'hono'
import { createClient, INSTALLATION_DEAD_CODES, OnOfficeApiError } from '../api/index.ts'
import type { OnOfficeClient } from '../api/index.ts'
import { InstallationOpenError } from '../store/index.ts'
import type { Installation } from '../store/index.ts'
import type { OnOfficeWebhookContext, PublicInstallation } from './env.ts'
import { bindEstate } from './estate.ts'
import { launchImages, parseImageIds, type LaunchImages } from './files.ts'
import type { BoundEstate } from './estate.ts'
import { blockedOnceKey, publicInstallationOf, runHook } from './lifecycle.ts'
import { log } from './log.ts'
import { scaleClientOptions } from './scale.ts'
import type { RequestConfig, Runtime } from './runtime.ts'

/**
 * The verified facts of one onOffice call (launch, session or webhook), claim included: the identity fields of
 * `c.var.onoffice` plus the claim. Never sent to a browser in clear.
 */
export type CallFacts = Pick<
  OnOfficeWebhookContext,
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

/** Extracts the call facts from verified signed-URL params; `null` when a required one is missing. */
export function factsFromParams(params: Record<string, string>): CallFacts | null {
  const customerWebId = params.customerWebId
  const userId = params.userId
  const claim = params.apiClaim
  if (!customerWebId || !userId || !claim) return null
  const visible: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) if (!HIDDEN_PARAMS.has(k)) visible[k] = v
  return factsOf(visible, claim)
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

/** Removes the sealed secrets from an installation. */
function publicInstallation(i: Installation): PublicInstallation {
  const { apiToken: _t, apiSecret: _s, ...rest } = i
  return Object.freeze(rest)
}

/** Per-request record of what the claim-bound client saw, for mapping errors after the handler ran. */
export interface CallObserver {
  /** onOffice reported the installation dead (22/42/48/153) on some action. */
  installationDead: boolean
  /** The first dead-installation code seen, when one was. */
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
  try {
    const first = await config.onceKv.putIfAbsent(
      `onoffice:blocked:${blockedOnceKey(before)}`,
      '1',
      { ttlSec: 365 * 24 * 3600 },
    )
    if (!first) return
  } catch (e) {
    log('onBlocked: store unavailable; hook not run', e)
    return
  }
  const installation = publicInstallationOf({ ...before, status: 'blocked' })
  await runHook('onBlocked', () => hook(installation, { code }, c))
}

// The same list `OnOfficeApiError.installationBlocked` uses; kept in one place (src/api/error-codes.ts).
const isDead = (code: unknown): boolean =>
  typeof code === 'number' && INSTALLATION_DEAD_CODES.includes(code)

/** True when an onOffice response body reports a dead installation, on the request or on any action. */
function reportsDeadInstallation(body: unknown): boolean {
  const b = body as
    | { status?: { errorcode?: unknown }; response?: { results?: unknown } }
    | null
    | undefined
  if (isDead(b?.status?.errorcode)) return true
  const results = b?.response?.results
  if (!Array.isArray(results)) return false
  for (const r of results)
    if (isDead((r as { status?: { errorcode?: unknown } } | null)?.status?.errorcode)) return true
  return false
}

function deadCodeOf(body: unknown): number | undefined {
  const b = body as
    | { status?: { errorcode?: unknown }; response?: { results?: unknown } }
    | null
    | undefined
  if (isDead(b?.status?.errorcode)) return b?.status?.errorcode as number
  const results = b?.response?.results
  if (!Array.isArray(results)) return undefined
  for (const r of results) {
    const code = (r as { status?: { errorcode?: unknown } } | null)?.status?.errorcode
    if (isDead(code)) return code as number
  }
  return undefined
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
  let installation: Installation | null
  try {
    installation = await config.store.get(customerWebId)
  } catch (err) {
    if (err instanceof InstallationOpenError) {
      log('installation record cannot be opened (check encryptionKey)', err)
      throw await rt.fail(c, 'misconfigured', { lang: rt.lang(c, userLanguage) })
    }
    log('installation store unavailable', err)
    throw await rt.fail(c, 'store_unavailable', { lang: rt.lang(c, userLanguage) })
  }
  if (!installation) throw await rt.fail(c, 'not_activated', { lang: rt.lang(c, userLanguage) })
  if (installation.status !== 'active')
    throw await rt.fail(c, 'blocked', { lang: rt.lang(c, userLanguage) })
  return installation
}

/** What the claim-bound client of one call is made from (kept private: it holds the unsealed secrets). */
interface ClientSource {
  rt: Runtime
  config: RequestConfig
  installation: Installation
  facts: CallFacts
  observer: CallObserver
}

function claimBoundClient({
  rt,
  config,
  installation,
  facts,
  observer,
}: ClientSource): OnOfficeClient {
  return createClient({
    token: installation.apiToken,
    secret: installation.apiSecret,
    apiVersion: config.apiVersion,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(rt.statics.fetch ? { fetch: rt.statics.fetch } : {}),
    now: rt.statics.now,
    // Batch results never throw, so the body is inspected too: a dead installation is marked either way.
    onResponse: (event) => {
      if (reportsDeadInstallation(event.body)) {
        observer.installationDead = true
        observer.deadCode ??= deadCodeOf(event.body)
      }
    },
    // The customer and the user the claim belongs to partition the cache and the limits.
    ...scaleClientOptions(rt.statics.scale, config.kv, facts.customerWebId),
    claim: facts.claim,
    userId: facts.userId,
  })
}

/**
 * `c.var.onoffice`. `client` and `estate` are created on first access: most requests behind `session()` never
 * call onOffice, and the claim-bound client is the largest per-request allocation. They are getters (with
 * setters) on the prototype — a class, because accessors defined per object cost microseconds per request —
 * so `{ ...c.var.onoffice }` does not copy them; read them from `c.var.onoffice`.
 */
class CallContext implements OnOfficeWebhookContext {
  customerWebId: string
  userId: string
  customerName: string
  groupId: string | null
  language: string | null
  userLanguage: string | null
  parameterCacheId: string | null
  params: Readonly<Record<string, string>>
  installation: PublicInstallation
  #source: ClientSource
  #client: OnOfficeClient | undefined
  #estate: BoundEstate | null | undefined
  #images: LaunchImages | null | undefined

  constructor(source: ClientSource) {
    const { facts, installation } = source
    this.customerWebId = facts.customerWebId
    this.userId = facts.userId
    this.customerName = facts.customerName || installation.customerName
    this.groupId = facts.groupId
    this.language = facts.language
    this.userLanguage = facts.userLanguage
    this.parameterCacheId = facts.parameterCacheId
    this.params = Object.freeze(facts.params)
    this.installation = publicInstallation(installation)
    this.#source = source
  }

  get client(): OnOfficeClient {
    return (this.#client ??= claimBoundClient(this.#source))
  }

  set client(value: OnOfficeClient) {
    this.#client = value
  }

  get estate(): BoundEstate | null {
    if (this.#estate === undefined) {
      const estateId = this.params.estateId
      this.#estate = estateId ? bindEstate(this.client, estateId, this.language) : null
    }
    return this.#estate
  }

  set estate(value: BoundEstate | null) {
    this.#estate = value
  }

  get images(): LaunchImages | null {
    if (this.#images === undefined) {
      const estateId = this.params.estateId
      this.#images = estateId
        ? launchImages(this.client, estateId, parseImageIds(this.params.imageIds))
        : null
    }
    return this.#images
  }

  set images(value: LaunchImages | null) {
    this.#images = value
  }
}

/**
 * Builds `c.var.onoffice` (without session fields) for verified call facts. `facts` must be owned by the caller
 * (its `params` are frozen and kept, not copied).
 */
export async function buildContext(
  rt: Runtime,
  c: Context,
  config: RequestConfig,
  facts: CallFacts,
): Promise<{ value: OnOfficeWebhookContext; observer: CallObserver }> {
  const installation = await loadInstallation(
    rt,
    c,
    config,
    facts.customerWebId,
    facts.userLanguage,
  )
  const observer: CallObserver = { installationDead: false }
  return { value: new CallContext({ rt, config, installation, facts, observer }), observer }
}

/**
 * After the handler: an onOffice claim error (193/201/248) that escaped it becomes a 401 relaunch response;
 * a dead installation (22/42/48/153) is marked `blocked` and, if its error escaped, answered with "activate again".
 */
export async function settleAfterHandler(
  rt: Runtime,
  c: Context,
  config: RequestConfig,
  facts: CallFacts,
  obs: CallObserver,
): Promise<void> {
  const err = c.error
  const apiError = err instanceof OnOfficeApiError ? err : null
  const dead = obs.installationDead || apiError?.installationBlocked === true
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
    })
    // Clear first: the setter would otherwise copy the error response's headers onto ours.
    c.res = undefined
    c.res = ex.getResponse()
  }
}
