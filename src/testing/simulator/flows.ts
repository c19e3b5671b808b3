/** The two URLs onOffice opens in the provider's iframe: activation and service launch, signed like onOffice. */
import { signUrl } from '../../marketplace/index.ts'
import { activationParams } from '../sign-launch-url.ts'
import type { ResolvedSimulatorOptions } from './options.ts'
import type { SimulatorState } from './state.ts'

/** Answer of `POST /sim/activate`. */
export interface ActivationStart {
  /** The signed activation URL for the iframe. */
  activationUrl: string
  /** The API key onOffice shows the admin (the fake's throwaway secret of the new API user). */
  apiKey: string
  customerWebId: string
  parameterCacheId: string
  /** `false` when this re-opens the pending activation (same key), `true` for a new API user. */
  renewed: boolean
}

/** Answer of `POST /sim/launch`. */
export type LaunchResult =
  | { ok: true; url: string; estateId: number; language: string; parameterCacheId: string }
  | { ok: false; reason: 'unknown_estate' | 'unknown_language' }

/**
 * The admin clicks "Aktivieren": the fake creates the (pending) API user, its parameter cache and the
 * activation claim; the iframe gets `provider/activate?apiClaim&apiToken&customerName&customerWebId&parameterCacheId&timestamp&userId&signature`.
 * Like onOffice, a pending activation is shown again when the admin re-opens it (same API key, freshly signed
 * URL); `renew` ("Neuen Key erzeugen") or an already active customer starts a new one.
 */
export async function startActivation(
  opts: ResolvedSimulatorOptions,
  state: SimulatorState,
  renew = false,
): Promise<ActivationStart> {
  const { customerWebId, customerName, userId } = opts.customer
  const pending = state.pendingActivation
  const act =
    !renew &&
    pending &&
    pending.customerWebId === customerWebId &&
    !opts.fake.isActivated(customerWebId)
      ? pending
      : {
          customerWebId,
          ...(await opts.fake.startActivation({ customerWebId, customerName, userId })),
        }
  state.pendingActivation = act
  const url = new URL(opts.activationUrl)
  const params = activationParams(act, { customerWebId, customerName, userId })
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
  const activationUrl = await signUrl(url, opts.providerSecret, { now: opts.now })
  return {
    activationUrl,
    apiKey: act.apiKey,
    customerWebId,
    parameterCacheId: act.parameterCacheId,
    renewed: act !== pending,
  }
}

/** Languages an estate can be opened in: its main language first, then its other free-text languages. */
export function estateLanguages(opts: ResolvedSimulatorOptions, estateId: number): string[] {
  const e = opts.fake.estates.get(estateId)
  if (!e) return []
  return [e.mainLanguage, ...Object.keys(e.texts).filter((l) => l !== e.mainLanguage)]
}

/**
 * "Service öffnen" on a property: a fresh service claim and parameter cache id, then the signed service URL
 * with `customerWebId, userId, customerName, apiClaim, parameterCacheId, estateId, language, UserLanguage, groupId?, timestamp`.
 */
export async function launchService(
  opts: ResolvedSimulatorOptions,
  state: SimulatorState,
  estateId: unknown,
  language: unknown,
): Promise<LaunchResult> {
  const id = typeof estateId === 'string' ? Number(estateId) : estateId
  if (typeof id !== 'number' || !Number.isInteger(id) || !opts.fake.estates.has(id))
    return { ok: false, reason: 'unknown_estate' }
  const languages = estateLanguages(opts, id)
  const lang = language === undefined || language === '' ? languages[0]! : language
  if (typeof lang !== 'string' || !languages.includes(lang))
    return { ok: false, reason: 'unknown_language' }

  const { customerWebId, customerName, userId, userLanguage, groupId } = opts.customer
  const parameterCacheId = crypto.randomUUID()
  const apiClaim = opts.fake.issueClaim(customerWebId, userId)
  state.launches.set(parameterCacheId, { customerWebId, userId, estateId: id, language: lang })
  const url = new URL(opts.serviceUrl)
  const params: Record<string, string | undefined> = {
    customerWebId,
    userId,
    customerName,
    apiClaim,
    parameterCacheId,
    estateId: String(id),
    language: lang,
    UserLanguage: userLanguage,
    groupId,
  }
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v)
  url.searchParams.delete('timestamp')
  url.searchParams.delete('signature')
  return {
    ok: true,
    url: await signUrl(url, opts.providerSecret, { now: opts.now }),
    estateId: id,
    language: lang,
    parameterCacheId,
  }
}
