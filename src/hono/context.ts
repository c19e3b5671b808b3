import type { Context } from 'hono'
import { createClient, OnOfficeApiError } from '../api/index.ts'
import type { OnOfficeResponseEvent } from '../api/index.ts'
import { InstallationOpenError } from '../store/index.ts'
import type { Installation } from '../store/index.ts'
import type { OnOfficeWebhookContext, PublicInstallation } from './env.ts'
import { bindEstate } from './estate.ts'
import { log } from './log.ts'
import type { RequestConfig, Runtime } from './runtime.ts'

/** The verified facts of one onOffice call (launch, session or webhook), claim included. Never sent to a browser in clear. */
export interface CallFacts {
  customerWebId: string
  userId: string
  customerName: string
  groupId: string | null
  language: string | null
  userLanguage: string | null
  parameterCacheId: string | null
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
  return {
    customerWebId,
    userId,
    customerName: params.customerName ?? '',
    groupId: str(params.groupId),
    language: str(params.language),
    userLanguage: str(params.UserLanguage),
    parameterCacheId: str(params.parameterCacheId),
    params: visible,
    claim,
  }
}

/** Removes the sealed secrets from an installation. */
export function publicInstallation(i: Installation): PublicInstallation {
  const { apiToken: _t, apiSecret: _s, ...rest } = i
  return Object.freeze(rest)
}

/** Per-request record of what the claim-bound client saw, for mapping errors after the handler ran. */
export interface CallObserver {
  /** onOffice reported the installation dead (22/42/48/153) on some action. */
  installationDead: boolean
  onResponse(event: OnOfficeResponseEvent): void
}

const DEAD_CODES = new Set([22, 42, 48, 153])

function observer(): CallObserver {
  const o: CallObserver = {
    installationDead: false,
    onResponse(event) {
      // Batch results never throw, so the body is inspected too: a dead installation is marked either way.
      const codes: unknown[] = []
      const body = event.body as { status?: { errorcode?: unknown }; response?: { results?: Array<{ status?: { errorcode?: unknown } }> } } | undefined
      codes.push(body?.status?.errorcode)
      for (const r of body?.response?.results ?? []) codes.push(r?.status?.errorcode)
      if (codes.some((code) => typeof code === 'number' && DEAD_CODES.has(code))) o.installationDead = true
    },
  }
  return o
}

/** Loads the installation, mapping store failures and missing/blocked records to failures. */
export async function loadInstallation(rt: Runtime, c: Context, config: RequestConfig, customerWebId: string, lang: 'de' | 'en'): Promise<Installation> {
  let installation: Installation | null
  try {
    installation = await config.store.get(customerWebId)
  } catch (err) {
    if (err instanceof InstallationOpenError) {
      log('installation record cannot be opened (check encryptionKey)', err)
      throw await rt.fail(c, 'misconfigured', { lang })
    }
    log('installation store unavailable', err)
    throw await rt.fail(c, 'store_unavailable', { lang })
  }
  if (!installation) throw await rt.fail(c, 'not_activated', { lang })
  if (installation.status !== 'active') throw await rt.fail(c, 'blocked', { lang })
  return installation
}

/** Builds `c.var.onoffice` (without session fields) for verified call facts. */
export async function buildContext(
  rt: Runtime,
  c: Context,
  config: RequestConfig,
  facts: CallFacts,
): Promise<{ value: OnOfficeWebhookContext; observer: CallObserver }> {
  const lang = rt.lang(c, facts.userLanguage)
  const installation = await loadInstallation(rt, c, config, facts.customerWebId, lang)
  const obs = observer()
  const client = createClient({
    token: installation.apiToken,
    secret: installation.apiSecret,
    apiVersion: config.apiVersion,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(rt.statics.fetch ? { fetch: rt.statics.fetch } : {}),
    now: rt.statics.now,
    onResponse: obs.onResponse,
    claim: facts.claim,
  })
  const estateId = facts.params.estateId
  const value: OnOfficeWebhookContext = {
    customerWebId: facts.customerWebId,
    userId: facts.userId,
    customerName: facts.customerName || installation.customerName,
    groupId: facts.groupId,
    language: facts.language,
    userLanguage: facts.userLanguage,
    parameterCacheId: facts.parameterCacheId,
    params: Object.freeze({ ...facts.params }),
    installation: publicInstallation(installation),
    client,
    estate: estateId ? bindEstate(client, estateId, facts.language) : null,
  }
  return { value, observer: obs }
}

/**
 * After the handler: an onOffice claim error (193/201/248) that escaped it becomes a 401 relaunch response;
 * a dead installation (22/42/48/153) is marked `blocked` and, if its error escaped, answered with "activate again".
 */
export async function settleAfterHandler(rt: Runtime, c: Context, config: RequestConfig, facts: CallFacts, obs: CallObserver): Promise<void> {
  const err = c.error
  const apiError = err instanceof OnOfficeApiError ? err : null
  const dead = obs.installationDead || apiError?.installationBlocked === true
  if (dead) {
    try {
      await config.store.markBlocked(facts.customerWebId)
    } catch (e) {
      log('could not mark installation blocked', e)
    }
  }
  if (!apiError) return
  const lang = rt.lang(c, facts.userLanguage)
  if (apiError.claimError || apiError.installationBlocked) {
    const ex = await rt.fail(c, apiError.claimError ? 'claim_expired' : 'blocked', { lang, cause: apiError })
    // Clear first: the setter would otherwise copy the error response's headers onto ours.
    c.res = undefined
    c.res = ex.getResponse()
  }
}
