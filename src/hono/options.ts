import type { Context, Env } from 'hono'
import { createApi, type OnOfficeApi, type OnOfficeClientFactory } from '../api/api.ts'
import { httpUrl, longSecret, positiveSeconds, secretList, secureUrl } from '../core/check.ts'
import { OnOfficeConfigError } from '../core/errors.ts'
import { checkKeyValue, type KeyValue } from '../store/kv.ts'
import { canonical } from '../core/json.ts'
import {
  createKeyRing,
  type InstallationKeyOptions,
  type InstallationKeyRing,
} from '../store/seal.ts'
import type { PublicInstallation } from './env.ts'
import type { OnOfficeFailure } from './failure.ts'
import type { ScaleOptionsInput, ScaleStatics } from './scale.ts'
import { validateScale } from './scale.ts'
import type { ActivationParams, BlockedReason } from './lifecycle.ts'

/** A value, or a function of the Hono context that returns it (for Workers bindings: `(c) => c.env.SECRET`). */
export type OptionValue<T, E extends Env = Env> = T | ((c: Context<E>) => T)

/** The language of the kit's own pages. `'auto'` picks DE or EN from `UserLanguage`, then `Accept-Language`. */
export type OnOfficeLocale = 'de' | 'en' | 'auto'

/**
 * Options of `onOffice()`. Every option marked "dynamic" may be a function of the Hono context.
 *
 * Running at scale (passed to every client the kit builds, with the launch's `customerWebId` and `userId`):
 * `cache` — a response cache (`kvCache(kv, { ttlSec })`, `cacheApi(caches.default)`); default
 * `kvCache(kv, { ttlSec: 3600 })` over the kit's `kv` for the reads that are safe to share among a customer's
 * users with the same rights (field configuration, basic settings); `false` turns it off. `cacheReads`
 * (`'safe'` default, `'all'`), `maxConcurrentPerCustomer` (default 4), `ratePerCustomer`, `circuitBreaker`
 * and `tracer` (`trace.getTracer('onoffice-kit')`: spans per launch/session/webhook/callback/activation, per
 * action and per HTTP request) are the client's options of the same names.
 */
export interface OnOfficeOptions<E extends Env = Env> extends ScaleOptionsInput {
  /**
   * The public origin onOffice calls, e.g. `https://provider.example` (dynamic). Signed URLs are checked against
   * `publicUrl` + the request path, never against `Host` / `X-Forwarded-*`. A path prefix is allowed when a proxy
   * strips it (`https://provider.example/app` + `/onoffice/activate`). `https` only; `http` for localhost/127.0.0.1.
   */
  publicUrl: OptionValue<string, E>
  /** The provider secret(s) from the Marketplace admission (dynamic). Several verify (rotation). */
  providerSecret: OptionValue<string | readonly string[], E>
  /** Secret for the kit's activation and session tokens, at least 32 bytes (dynamic). */
  sessionSecret: OptionValue<string, E>
  /**
   * Key that seals the installation records, at least 32 bytes; or `{ keys, currentKid }` to rotate — every
   * listed key opens a record, `currentKid` seals new writes (`installations.rewrap` moves old records over)
   * (dynamic).
   */
  encryptionKey: OptionValue<string | InstallationKeyRing, E>
  /** Where installation records live (dynamic). */
  kv: OptionValue<KeyValue, E>
  /**
   * Where the once-only marks live — payment callbacks processed per transaction and status, deduplicated
   * webhook deliveries (dynamic). Give it a strongly consistent store when `kv` is not one: on Workers
   * `durableObjectKv(env.ONOFFICE_STORE)` next to `cloudflareKv` for installations, since Workers KV's
   * `putIfAbsent` is best effort. Default: `kv`.
   */
  onceKv?: OptionValue<KeyValue, E>
  /**
   * Where the purchase ledger lives — orders `order()` recorded and the transactions `callback()` recorded
   * against them, read by `purchases(c)` and `requirePurchase()` (dynamic). Use a strongly consistent store: a
   * missing or doubled payment costs money. Default: `onceKv`, else `kv`.
   */
  ledgerKv?: OptionValue<KeyValue, E>
  /** The onOffice API URL (`api.php`) to call, e.g. the fake's `endpoint` in tests (dynamic). Default: onOffice's. */
  endpoint?: OptionValue<string, E>
  /** onOffice API version. Default `'stable'`. */
  apiVersion?: OptionValue<'stable' | 'latest', E>
  /** `fetch` used for onOffice API calls (tests pass the fake's `fetch`). Default: global `fetch`. */
  fetch?: typeof fetch
  /**
   * What every client the kit builds is (`c.var.onoffice.client`, the callback's client, activation's unlock):
   * `createClient` from `onoffice-kit` for the resources (`client.estates`, `client.files`, …) and
   * `c.var.onoffice.estate` / `.images`; default `createApi`, the API without resources (`call`, `read`, …,
   * `batch`, `iterate`), so a bundle that never uses the resources does not carry them. Your own function must
   * pass the options it receives on (they carry the claim, the limits and the kit's dead-installation check).
   * @example
   * ```ts
   * import { createClient } from 'onoffice-kit'
   * const oo = onOffice({ ...options, client: createClient })
   * app.get('/service', oo.launch(), async (c) => c.json(await c.var.onoffice.estate?.get({ data: ['objekttitel'] })))
   * ```
   */
  client?: OnOfficeClientFactory
  /** Maximum age of a signed onOffice URL in seconds (dynamic). Default 300. */
  maxAgeSec?: OptionValue<number, E>
  /** Maximum age of a signed payment callback URL in seconds (dynamic). Default 3600. */
  callbackMaxAgeSec?: OptionValue<number, E>
  /**
   * Once-only webhook deliveries: a signed webhook URL runs your handler to success once within its freshness
   * window (keyed by its signature in `kv`; a replay gets `200 { repeated: true }` without running the handler, a
   * delivery while one is running `409 webhook_processing`; a failed handler releases it). Default `true`; turn it
   * off for webhooks that are safe to repeat or when the KV must not be written per delivery (dynamic).
   */
  webhookOnce?: OptionValue<boolean, E>
  /** Lifetime of the activation token the activation page carries (dynamic). Default 900 (15 min). */
  activationTtlSec?: OptionValue<number, E>
  /** Lifetime of the session token minted at launch (dynamic). Default 900 (15 min). */
  sessionTtlSec?: OptionValue<number, E>
  /**
   * Origins allowed to frame the kit's pages. A value, not a function: a failure page must be framed correctly
   * even when the request's configuration could not be read.
   * Default `['https://*.onoffice.de', 'https://*.onoffice.com']`.
   */
  frameAncestors?: string | readonly string[]
  /**
   * Your service's name as the customer knows it from the Marketplace, e.g. `'Exposé-Assistent'`: the activation
   * page's title ("Exposé-Assistent freischalten") and consent sentence name it (dynamic). Default: a neutral title.
   */
  serviceName?: OptionValue<string, E>
  /**
   * Your privacy policy (absolute `https` URL, `http` for localhost): the consent sentence links it. Without it
   * the sentence asks for consent to the activation and mentions no policy (dynamic).
   */
  privacyPolicyUrl?: OptionValue<string, E>
  /** Language of the kit's pages (dynamic). Default `'auto'`. */
  locale?: OptionValue<OnOfficeLocale, E>
  /**
   * Renders your own response for a failure (bad link, expired session, …). Return `undefined` to keep the
   * kit's page/JSON. The failure carries no secret.
   */
  onError?: (
    failure: OnOfficeFailure,
    c: Context<E>,
  ) => Response | undefined | Promise<Response | undefined>
  /**
   * Called once after the first activation of a customer (the record saved, before `active` is answered).
   * Awaited; an error is logged and the activation still succeeds.
   */
  onActivated?: (installation: PublicInstallation, c: Context<E>) => unknown
  /**
   * Called instead of `onActivated` when the customer had an installation before (blocked, or activated
   * again): `previous` is the record it replaced. Awaited; an error is logged and never breaks the activation.
   */
  onReactivated?: (
    installation: PublicInstallation,
    previous: PublicInstallation,
    c: Context<E>,
  ) => unknown
  /**
   * Called once when onOffice first reports the installation dead (error 22, 42, 48 or 153) — onOffice sends no
   * message when a customer blocks a provider (§4.10): cancel running subscriptions here. Once per activation
   * (a mark in `onceKv`). Awaited; an error is logged and never changes the response.
   */
  onBlocked?: (installation: PublicInstallation, reason: BlockedReason, c: Context<E>) => unknown
  /**
   * Decides `isRegularCustomer` of `unlockProvider` (a customer who already pays you outside the Marketplace).
   * Default: always `false`. A throwing function counts as `false` (logged).
   */
  isRegularCustomer?: (params: ActivationParams, c: Context<E>) => boolean | Promise<boolean>
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number
}

/** Options after validation, for one request. */
export interface ResolvedOptions {
  publicUrl: string
  providerSecrets: readonly string[]
  sessionSecret: string
  /** The installation keys, as the store takes them. */
  encryptionKey: InstallationKeyOptions
  /** Identifies `encryptionKey` by content (holds key material: a cache key, never logged). */
  encryptionKeyId: string
  kv: KeyValue
  /** `onceKv`, or `kv` when it is not set. */
  onceKv: KeyValue
  /** `ledgerKv`, else `onceKv`, else `kv`. */
  ledgerKv: KeyValue
  endpoint: string | undefined
  apiVersion: 'stable' | 'latest'
  locale: OnOfficeLocale
  maxAgeSec: number
  callbackMaxAgeSec: number
  webhookOnce: boolean
  activationTtlSec: number
  sessionTtlSec: number
  serviceName: string | undefined
  privacyPolicyUrl: string | undefined
}

/**
 * An option of `onOffice()` is invalid: thrown at construction for a value, logged (by name) per request for a
 * function's result, which answers `500 misconfigured`. The message names the option and the rule, never the
 * value. The core's `OnOfficeConfigError` (a `TypeError`, `code: 'ERR_ONOFFICE_CONFIG'`), so one `instanceof`
 * or `switch (err.code)` covers every layer.
 * @example
 * ```ts
 * try {
 *   onOffice(options)
 * } catch (e) {
 *   if (e instanceof OnOfficeOptionsError) console.error(`fix ${e.option}`)
 * }
 * ```
 */
export class OnOfficeOptionsError extends OnOfficeConfigError {
  override readonly name: string = 'OnOfficeOptionsError'
  constructor(option: string, why: string) {
    super(option, `onOffice(): option \`${option}\` ${why}`, why)
  }
}

const WHERE = 'onOffice()'

/**
 * Runs one of the core's checks (src/core/check.ts, where each rule lives once) for `option` and turns its
 * `OnOfficeConfigError` into an {@link OnOfficeOptionsError}: same rule, named as `onOffice()` names options. A
 * nested core name (`options.keys["k1"]` of the key ring) becomes `encryptionKey.keys["k1"]`.
 */
function viaCore<R>(option: string, check: () => R): R {
  try {
    return check()
  } catch (err) {
    if (!(err instanceof OnOfficeConfigError)) throw err
    const rule = err.rule
    const name = err.option.startsWith('options')
      ? `${option}${err.option.slice('options'.length)}`
      : option
    throw new OnOfficeOptionsError(name, rule)
  }
}

export const DEFAULT_FRAME_ANCESTORS: readonly string[] = [
  'https://*.onoffice.de',
  'https://*.onoffice.com',
]
function checkPublicUrl(value: unknown): string {
  const url = viaCore('publicUrl', () =>
    secureUrl(
      WHERE,
      'publicUrl',
      value,
      'the public origin onOffice calls, e.g. "https://provider.example"',
    ),
  )
  if (
    url.search !== '' ||
    url.hash !== '' ||
    String(value).includes('?') ||
    String(value).includes('#')
  ) {
    throw new OnOfficeOptionsError(
      'publicUrl',
      'must not contain a query or fragment: it is the base the signed path is appended to',
    )
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

const checkSecretList = (value: unknown): readonly string[] =>
  Object.freeze([...viaCore('providerSecret', () => secretList(WHERE, 'providerSecret', value))])

const checkSessionSecret = (v: unknown): string =>
  viaCore('sessionSecret', () => longSecret(WHERE, 'sessionSecret', v))

/** The installation keys (one key, or `{ keys, currentKid }`), checked, with an id for the store cache. */
function checkEncryptionKey(value: unknown): { keys: InstallationKeyOptions; id: string } {
  if (value === null || typeof value !== 'object') {
    const key = viaCore('encryptionKey', () => longSecret(WHERE, 'encryptionKey', value))
    return { keys: { encryptionKey: key }, id: JSON.stringify(['k', key]) }
  }
  const { keys, currentKid } = value as { keys?: unknown; currentKid?: unknown }
  const ring = { keys, currentKid } as InstallationKeyRing
  // The store's own rules (each key ≥ 32 bytes, currentKid among the keys), checked now rather than per store.
  viaCore('encryptionKey', () => createKeyRing(ring, WHERE))
  // A ring from a dynamic option is a new object per request: identified by its canonical content.
  return { keys: ring, id: canonical(['r', ring]) }
}

function checkKv(value: unknown, option = 'kv'): KeyValue {
  return viaCore(option, () => checkKeyValue(WHERE, option, value))
}

const checkOnceKv = (value: unknown): KeyValue | undefined =>
  value === undefined ? undefined : checkKv(value, 'onceKv')
const checkLedgerKv = (value: unknown): KeyValue | undefined =>
  value === undefined ? undefined : checkKv(value, 'ledgerKv')

function checkEndpoint(value: unknown): string | undefined {
  if (value === undefined) return undefined
  viaCore('endpoint', () =>
    httpUrl(WHERE, 'endpoint', value, 'e.g. "https://api.onoffice.de/api/stable/api.php"'),
  )
  return value as string
}

function checkApiVersion(value: unknown): 'stable' | 'latest' {
  if (value === undefined) return 'stable'
  if (value !== 'stable' && value !== 'latest')
    throw new OnOfficeOptionsError('apiVersion', 'must be "stable" or "latest"')
  return value
}

function checkLocale(value: unknown): OnOfficeLocale {
  if (value === undefined) return 'auto'
  if (value !== 'de' && value !== 'en' && value !== 'auto')
    throw new OnOfficeOptionsError('locale', 'must be "de", "en" or "auto"')
  return value
}

// 0 never means "off": a signed link without a freshness window could be replayed forever (the core's rule).
const checkSeconds = (option: string, value: unknown, fallback: number): number =>
  viaCore(option, () => positiveSeconds(WHERE, option, value, fallback))

function checkFrameAncestors(value: unknown): readonly string[] {
  if (value === undefined) return DEFAULT_FRAME_ANCESTORS
  const list = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value
  if (!Array.isArray(list) || list.length === 0)
    throw new OnOfficeOptionsError(
      'frameAncestors',
      'must be a non-empty list of origins, e.g. ["https://*.onoffice.de"]',
    )
  for (const s of list) {
    // A `;` or `,` would start a new CSP directive/policy; reject rather than let config inject one.
    if (typeof s !== 'string' || s === '' || /[\s;,]/.test(s))
      throw new OnOfficeOptionsError(
        'frameAncestors',
        'entries must be single CSP sources without spaces, ";" or ","',
      )
  }
  return Object.freeze([...(list as string[])])
}

function checkServiceName(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '' || value.length > 120)
    throw new OnOfficeOptionsError(
      'serviceName',
      'must be a non-empty string of at most 120 characters',
    )
  return value.trim()
}

function checkPrivacyPolicyUrl(value: unknown): string | undefined {
  if (value === undefined) return undefined
  return viaCore('privacyPolicyUrl', () =>
    secureUrl(WHERE, 'privacyPolicyUrl', value, 'the absolute URL of your privacy policy'),
  ).href
}

function checkBoolean(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new OnOfficeOptionsError(option, 'must be true or false')
  return value
}

/** Options that never depend on the request, validated once. */
export interface StaticOptions {
  frameAncestors: readonly string[]
  now: () => number
  fetch: typeof fetch | undefined
  /** Builds every client of the kit (`client`, default `createApi`). */
  client: OnOfficeClientFactory<OnOfficeApi>
  /** Cache, limits, breaker and tracer for the clients the kit builds. */
  scale: ScaleStatics
}

/** Validates the options that are never dynamic (frame ancestors, hooks, clock, fetch, client, scale); throws `OnOfficeOptionsError`. */
export function validateOptions<E extends Env>(options: OnOfficeOptions<E>): StaticOptions {
  if (options === null || typeof options !== 'object')
    throw new OnOfficeOptionsError('options', 'must be an object')
  // The options that may be dynamic are checked by `optionsResolver` (static ones at construction, too).
  if (options.onError !== undefined && typeof options.onError !== 'function')
    throw new OnOfficeOptionsError(
      'onError',
      'must be a function (failure, c) => Response | undefined',
    )
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    throw new OnOfficeOptionsError('fetch', 'must be a fetch function')
  if (options.client !== undefined && typeof options.client !== 'function')
    throw new OnOfficeOptionsError(
      'client',
      'must be a client factory such as createClient (from onoffice-kit) or createApi',
    )
  for (const hook of ['onActivated', 'onReactivated', 'onBlocked', 'isRegularCustomer'] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function')
      throw new OnOfficeOptionsError(hook, 'must be a function')
  }
  if (options.now !== undefined && typeof options.now !== 'function')
    throw new OnOfficeOptionsError(
      'now',
      'must be a function returning milliseconds, like Date.now',
    )
  return {
    frameAncestors: checkFrameAncestors(options.frameAncestors),
    now: options.now ?? Date.now,
    fetch: options.fetch,
    client: options.client ?? createApi,
    scale: validateScale(options),
  }
}

/** One option: its checked value when given as a value, else how to get and check it for a request. */
type Compiled<R, E extends Env> =
  | { fixed: true; value: R }
  | { fixed: false; get: (c: Context<E>) => R }

function compile<T, R, E extends Env>(
  value: OptionValue<T, E> | undefined,
  check: (v: unknown) => R,
): Compiled<R, E> {
  if (typeof value !== 'function') return { fixed: true, value: check(value) }
  const fn = value as (c: Context<E>) => T
  // A binding such as `(c) => c.env.SECRET` returns the very same value on every request: the check (URL parse,
  // byte length, key ring) is a pure function of the value, so the last result is reused while it is identical.
  let last: { input: unknown; output: R } | undefined
  return {
    fixed: false,
    get: (c) => {
      const input = fn(c)
      if (last !== undefined && last.input === input) return last.output
      const output = check(input)
      last = { input, output }
      return output
    },
  }
}

/**
 * Compiles the per-request resolution of the options — the one place they are read: values are checked now
 * (throws `OnOfficeOptionsError`); functions are called and checked per request (the returned `resolve`
 * throws it). `cached` is set when no option depends on the request (then the context is never read).
 */
export function optionsResolver<E extends Env>(
  options: OnOfficeOptions<E>,
): { resolve(c: Context<E>): ResolvedOptions; cached: ResolvedOptions | undefined } {
  const o = {
    publicUrl: compile(options.publicUrl, checkPublicUrl),
    providerSecrets: compile(options.providerSecret, checkSecretList),
    sessionSecret: compile(options.sessionSecret, checkSessionSecret),
    encryptionKey: compile(options.encryptionKey, checkEncryptionKey),
    kv: compile(options.kv, (v) => checkKv(v)),
    onceKv: compile(options.onceKv, checkOnceKv),
    ledgerKv: compile(options.ledgerKv, checkLedgerKv),
    endpoint: compile(options.endpoint, checkEndpoint),
    apiVersion: compile(options.apiVersion, checkApiVersion),
    locale: compile(options.locale, checkLocale),
    maxAgeSec: compile(options.maxAgeSec, (v) => checkSeconds('maxAgeSec', v, 300)),
    callbackMaxAgeSec: compile(options.callbackMaxAgeSec, (v) =>
      checkSeconds('callbackMaxAgeSec', v, 3600),
    ),
    webhookOnce: compile(options.webhookOnce, (v) => checkBoolean('webhookOnce', v, true)),
    activationTtlSec: compile(options.activationTtlSec, (v) =>
      checkSeconds('activationTtlSec', v, 900),
    ),
    sessionTtlSec: compile(options.sessionTtlSec, (v) => checkSeconds('sessionTtlSec', v, 900)),
    serviceName: compile(options.serviceName, checkServiceName),
    privacyPolicyUrl: compile(options.privacyPolicyUrl, checkPrivacyPolicyUrl),
  }
  const build = (c: Context<E> | undefined): ResolvedOptions => {
    const v = <R>(x: Compiled<R, E>): R => {
      if (x.fixed) return x.value
      // `build(undefined)` runs only when every option is fixed.
      if (c === undefined)
        throw new TypeError('onOffice(): a dynamic option needs the request context')
      return x.get(c)
    }
    const kv = v(o.kv)
    const onceKv = v(o.onceKv) ?? kv
    const key = v(o.encryptionKey)
    return {
      publicUrl: v(o.publicUrl),
      providerSecrets: v(o.providerSecrets),
      sessionSecret: v(o.sessionSecret),
      encryptionKey: key.keys,
      encryptionKeyId: key.id,
      kv,
      onceKv,
      ledgerKv: v(o.ledgerKv) ?? onceKv,
      endpoint: v(o.endpoint),
      apiVersion: v(o.apiVersion),
      locale: v(o.locale),
      maxAgeSec: v(o.maxAgeSec),
      callbackMaxAgeSec: v(o.callbackMaxAgeSec),
      webhookOnce: v(o.webhookOnce),
      activationTtlSec: v(o.activationTtlSec),
      sessionTtlSec: v(o.sessionTtlSec),
      serviceName: v(o.serviceName),
      privacyPolicyUrl: v(o.privacyPolicyUrl),
    }
  }
  const allFixed = Object.values(o).every((x) => x.fixed)
  return { resolve: build, cached: allFixed ? Object.freeze(build(undefined)) : undefined }
}
