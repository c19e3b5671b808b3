import type { Context, Env } from 'hono'
import { createInstallationStore } from '../store/index.ts'
import type { InstallationStore } from '../store/index.ts'
import type { PublicInstallation } from './env.ts'
import type { OnOfficeFailureReason } from './failure.ts'
import type { ActivationParams, BlockedReason } from './lifecycle.ts'
import { defaultFailureResponse, describeFailure, OnOfficeFailureException } from './failure.ts'
import type { Lang } from './i18n.ts'
import { pickLang } from './i18n.ts'
import { log } from './log.ts'
import type { OnOfficeLocale, OnOfficeOptions, ResolvedOptions, StaticOptions } from './options.ts'
import { OnOfficeOptionsError, optionsResolver, validateOptions } from './options.ts'

/** Per-request configuration plus the installation store built from it. */
export interface RequestConfig extends ResolvedOptions {
  store: InstallationStore
}

/** The lifecycle options, with the context type erased (the runtime serves every `E`). */
export interface LifecycleHooks {
  onActivated: ((installation: PublicInstallation, c: Context) => unknown) | undefined
  onReactivated:
    | ((installation: PublicInstallation, previous: PublicInstallation, c: Context) => unknown)
    | undefined
  onBlocked:
    | ((installation: PublicInstallation, reason: BlockedReason, c: Context) => unknown)
    | undefined
  isRegularCustomer:
    | ((params: ActivationParams, c: Context) => boolean | Promise<boolean>)
    | undefined
}

/** The shared machinery behind every middleware of one `onOffice()` instance. */
export interface Runtime {
  statics: StaticOptions
  /**
   * The options of this request (the one configuration when no option depends on the request); on a bad
   * dynamic option throws the `misconfigured` failure.
   */
  config(c: Context): Promise<RequestConfig>
  /** The lifecycle hooks of the options (validated functions, or `undefined`). */
  hooks: LifecycleHooks
  /** Page language for this request. */
  lang(c: Context, userLanguage?: string | null): Lang
  /**
   * The failure exception (with a ready response) for a reason; `onError` may supply the response.
   * `challenge`: the `WWW-Authenticate` value of a bearer route (RFC 6750).
   */
  fail(
    c: Context,
    reason: OnOfficeFailureReason,
    opts?: { lang?: Lang; cause?: unknown; challenge?: string },
  ): Promise<OnOfficeFailureException>
}

/** Builds the runtime; validates static options now (throws `OnOfficeOptionsError`). */
export function createRuntime<E extends Env>(options: OnOfficeOptions<E>): Runtime {
  const statics = validateOptions(options)
  const resolver = optionsResolver(options)
  // Stores are cached per (kv, key) so the HKDF key derivation is not repeated per request.
  const stores = new WeakMap<object, Map<string, InstallationStore>>()

  const storeFor = (r: ResolvedOptions): InstallationStore => {
    let byKey = stores.get(r.kv)
    if (!byKey) stores.set(r.kv, (byKey = new Map()))
    let store = byKey.get(r.encryptionKeyId)
    if (!store)
      byKey.set(
        r.encryptionKeyId,
        (store = createInstallationStore(r.kv, r.encryptionKey, { now: statics.now })),
      )
    return store
  }

  const cached: RequestConfig | undefined = resolver.cached
    ? Object.freeze({ ...resolver.cached, store: storeFor(resolver.cached) })
    : undefined

  const localeOf = (c: Context): OnOfficeLocale => {
    if (cached) return cached.locale
    try {
      const v =
        typeof options.locale === 'function' ? options.locale(c as Context<E>) : options.locale
      return v === 'de' || v === 'en' ? v : 'auto'
    } catch {
      return 'auto'
    }
  }

  const runtime: Runtime = {
    statics,
    hooks: {
      onActivated: options.onActivated as LifecycleHooks['onActivated'],
      onReactivated: options.onReactivated as LifecycleHooks['onReactivated'],
      onBlocked: options.onBlocked as LifecycleHooks['onBlocked'],
      isRegularCustomer: options.isRegularCustomer as LifecycleHooks['isRegularCustomer'],
    },
    lang(c, userLanguage) {
      return pickLang(
        localeOf(c),
        userLanguage ?? c.req.query('UserLanguage'),
        c.req.header('accept-language'),
      )
    },
    async fail(c, reason, opts = {}) {
      const failure = describeFailure(c, reason, opts.lang ?? runtime.lang(c))
      let res: Response | undefined
      if (options.onError) {
        try {
          res = await options.onError(failure, c as Context<E>)
        } catch (err) {
          log('onError option threw; using the default response', err)
        }
      }
      return new OnOfficeFailureException(
        failure,
        res ?? defaultFailureResponse(failure, statics.frameAncestors, opts.challenge),
        opts.cause,
      )
    },
    async config(c) {
      if (cached) return cached
      let resolved: ResolvedOptions
      try {
        resolved = resolver.resolve(c as Context<E>)
      } catch (err) {
        // The option name goes to the log (never its value); the user sees "misconfigured".
        log(
          err instanceof OnOfficeOptionsError ? err.message : 'resolving options failed',
          err instanceof OnOfficeOptionsError ? undefined : err,
        )
        throw await runtime.fail(c, 'misconfigured')
      }
      return { ...resolved, store: storeFor(resolved) }
    },
  }
  return runtime
}
