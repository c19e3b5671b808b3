import { bodyLimit } from 'hono/body-limit'
import { Hono } from 'hono'
import type { Env, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Context } from 'hono'
import type { OnOfficeApi, OnOfficeClient, OnOfficeClientFactory } from '../api/index.ts'
import { BROWSER_HELPER_PATH } from '../marketplace/index.ts'
import type {
  NoWebhookParams,
  ParseWebhookParamsOptions,
  ServiceMessageType,
  SignedOrder,
  SignedServiceMessage,
  WebhookParamSchema,
} from '../marketplace/index.ts'
import type {
  OnOfficeCallbackEnv,
  OnOfficeEnv,
  OnOfficeLaunchEnv,
  OnOfficeRouteVars,
  OnOfficeSessionEnv,
  OnOfficeSigningVars,
  OnOfficeWebhookEnv,
} from './env.ts'
import { frameHeadersMiddleware } from './frame-headers.ts'
import { log } from './log.ts'
import { callbackMiddleware } from './middleware/callback.ts'
import { launchMiddleware } from './middleware/launch.ts'
import { signOrderFor } from './order.ts'
import { purchasesOf, requirePurchaseMiddleware } from './purchases.ts'
import type { CustomerPurchases, RequirePurchaseOptions } from './purchases.ts'
import { browserHelperHandler } from './routes/browser-helper.ts'
import { signServiceMessageFor } from './service-message.ts'
import type { OnOfficeOrderInput } from './order.ts'
import { sessionMiddleware } from './middleware/session.ts'
import { webhookMiddleware } from './middleware/webhook.ts'
import type { OnOfficeOptions } from './options.ts'
import {
  ACTIVATE_MAX_BODY_BYTES,
  activateHandler,
  activationPageHandler,
} from './routes/activate.ts'
import { createRuntime } from './runtime.ts'
import { traced } from './scale.ts'

/**
 * What `onOffice()` returns. `C` is the client on `c.var.onoffice`: `OnOfficeApi` (no resources, the default) or
 * `OnOfficeClient` (`onOffice({ client: createClient })`), which adds `c.var.onoffice.estate` and `.images`.
 */
export interface OnOffice<E extends Env = Env, C extends OnOfficeApi = OnOfficeApi> {
  /**
   * A sub-app to mount, e.g. `app.route('/onoffice', oo.routes())`: `GET /activate` (verify, render the activation
   * page) and `POST /activate` (`{ activation, apiKey }` → `unlockProvider` → sealed upsert → `200 active`), and
   * `GET /onoffice.js`, the browser helper (`window.onOffice.postOrder(order)`, `.postServiceMessage(message)`;
   * `text/javascript`, cached a day with an ETag).
   */
  routes(): Hono<E>
  /**
   * Middleware for service URLs: verify, load the installation, set `c.var.onoffice` (`kind: 'launch'`) incl.
   * `sessionToken`.
   */
  launch(): MiddlewareHandler<OnOfficeLaunchEnv<E, C>>
  /**
   * Middleware for the iframe's own requests: `Authorization: Bearer <sessionToken>` → the same
   * `c.var.onoffice` as the launch (`kind: 'session'`).
   */
  session(): MiddlewareHandler<OnOfficeSessionEnv<E, C>>
  /**
   * Middleware for webhook URLs: verify the signed URL, set `c.var.onoffice` (`kind: 'webhook'`, no session token)
   * with the typed `record` and `custom` parameters. `options.params` declares your own parameters' types (default
   * none), `options.modules` the modules this URL is registered for (default all four, in order),
   * `options.recordParams` renames a module's id parameter (default `estateId`, `addressId`, `taskId`,
   * `calendarId`). A delivery whose declared parameters have wrong values answers `400 bad_webhook`. Invalid
   * options throw an `OnOfficeConfigError` here, when the route is built.
   * @example
   * ```ts
   * app.get('/webhooks/estate', oo.webhook({ modules: ['estate'], params: { priority: 'integer' } }), (c) =>
   *   acknowledge(c, () => sync(c.var.onoffice.record, c.var.onoffice.custom.priority)))
   * ```
   */
  webhook<const S extends WebhookParamSchema = NoWebhookParams>(
    options?: ParseWebhookParamsOptions<S>,
  ): MiddlewareHandler<OnOfficeWebhookEnv<E, S, C>>
  /**
   * Middleware for the payment callback URL: verifies it and sets `c.var.onoffice` (`kind: 'callback'`).
   * `c.var.onoffice.payment` is the result. Your handler runs
   * to success exactly once per `transactionid` + `status` through the KV: a `processing` mark (60 s lease)
   * while it runs, `done` after it answered below 400, released when it threw or answered 4xx/5xx (the next
   * delivery processes it). A delivery meanwhile gets `409 payment_processing` (a page that reloads itself);
   * one after success gets `payment.repeated: true`. `inprocess` — SEPA pending — followed by `success` for
   * the same transaction are two events.
   */
  callback(): MiddlewareHandler<OnOfficeCallbackEnv<E, C>>
  /**
   * Signs an order on the server for the current launch/session (its `parameterCacheId`) with the provider
   * secret. In the iframe, `onOffice.postOrder(order)` (the browser helper, `/onoffice.js`) posts it to
   * `window.parent`. An invalid order throws `OnOfficeOrderError` (an `OrderValidationError`/`TypeError` whose
   * `issues` name each field and rule); uncaught, Hono answers it with `422 { error: 'invalid_order', issues }`.
   * A route without `parameterCacheId` throws a `TypeError`. `callbackUrl` is a path resolved under `publicUrl`
   * (`'paid'` and `'/paid'` both become `{publicUrl}/paid`, so a mount path a proxy strips is kept) or an absolute
   * URL on `publicUrl`'s origin; protocol-relative (`//host/x`) or foreign URLs throw `OnOfficeOrderError`.
   */
  order<C extends Context>(
    c: C & OnOfficeSigningVars,
    input: OnOfficeOrderInput,
  ): Promise<SignedOrder>
  /**
   * The purchase ledger (on `ledgerKv`) scoped to the request's verified customer: `list()`, `get(transactionId)`,
   * `entitlements()`, `has(product)`, `subscriptions()`. `order()` records each order and binds its callback URL
   * to it (`ooref`); `callback()` records every status transition (`inprocess` → `success` | `error`, `aboid`, the
   * raw signed values) before your handler runs. A paid product or a running subscription is an entitlement, a
   * SEPA `inprocess` one is pending. Works behind `launch()`, `session()`, `webhook()` and the `callback()` of an
   * order signed by `order()`; elsewhere throws a `TypeError`.
   * @example
   * ```ts
   * app.get('/service', oo.launch(), async (c) => c.text((await oo.purchases(c).has('Premium')) ? 'Premium' : 'Basis'))
   * ```
   */
  purchases<C extends Context>(c: C & OnOfficeRouteVars): CustomerPurchases
  /**
   * Middleware behind `launch()` or `session()`: runs the route only when the customer has `product` (paid, or a
   * running subscription of that `monthlyservicedescription`), like Shopify's `billing.require`. Otherwise
   * `onMissing(c, product)` answers — default `402 { error: 'purchase_required', product }`. A failing ledger
   * store answers `503 store_unavailable`.
   * @example
   * ```ts
   * app.get('/premium', oo.launch(), oo.requirePurchase('Premium', { onMissing: (c) => c.redirect('/shop') }), (c) => c.text('…'))
   * ```
   */
  requirePurchase(
    product: string,
    options?: RequirePurchaseOptions,
  ): MiddlewareHandler<OnOfficeEnv<E, C>>
  /**
   * Signs a service message (`onOffice.service.refreshParent`, `…refreshParentAndClose`, `…closeProviderWindow`)
   * for the current launch/session with the provider secret (which never reaches the browser). In the iframe,
   * `onOffice.postServiceMessage(message)` posts it to `window.parent`. Throws a `TypeError` for an unknown
   * type or a route without `parameterCacheId`.
   */
  serviceMessage<C extends Context>(
    c: C & OnOfficeSigningVars,
    type: ServiceMessageType,
  ): Promise<SignedServiceMessage>
  /** Middleware: CSP `frame-ancestors` for onOffice's hosts, no `X-Frame-Options`. */
  frameHeaders(): MiddlewareHandler<E>
}

export { ACTIVATE_MAX_BODY_BYTES }

/**
 * The onOffice Marketplace layer for Hono: verified activation, service launches, sessions and webhooks, with a
 * claim-bound onOffice client on `c.var.onoffice`. Static options are validated now (throws
 * `OnOfficeOptionsError` naming the option); options given as functions of the context are resolved per request.
 * The client is the API without resources (`createApi`) unless `client: createClient` asks for the resources and
 * `c.var.onoffice.estate` / `.images` — then `OnOffice<E, OnOfficeClient>`.
 *
 * Defaults: `maxAgeSec` 300, `callbackMaxAgeSec` 3600, `activationTtlSec` / `sessionTtlSec` 900, `frameAncestors`
 * `https://*.onoffice.de https://*.onoffice.com`, `locale` `'auto'`, `apiVersion` `'stable'`.
 *
 * @example
 * ```ts
 * const oo = onOffice<{ Bindings: Bindings }>({
 *   client: createClient, // from 'onoffice-kit': c.var.onoffice.estate and client.estates, client.files, …
 *   publicUrl: 'https://provider.example',
 *   providerSecret: (c) => c.env.ONOFFICE_PROVIDER_SECRET,
 *   sessionSecret: (c) => c.env.SESSION_SECRET,
 *   encryptionKey: (c) => c.env.ENCRYPTION_KEY,
 *   kv: (c) => cloudflareKv(c.env.KV),
 * })
 * app.route('/onoffice', oo.routes())
 * app.get('/service', oo.launch(), async (c) => {
 *   const estate = await c.var.onoffice.estate?.get({ data: ['objekttitel'] })
 *   return c.html(`<h1>${estate?.elements.objekttitel}</h1>`)
 * })
 * app.post('/api/save', oo.session(), (c) => c.json({ customer: c.var.onoffice.customerWebId }))
 * ```
 */
export function onOffice<E extends Env = Env>(
  options: OnOfficeOptions<E> & { client: OnOfficeClientFactory<OnOfficeClient> },
): OnOffice<E, OnOfficeClient>
export function onOffice<E extends Env = Env>(options: OnOfficeOptions<E>): OnOffice<E>
export function onOffice<E extends Env = Env>(
  options: OnOfficeOptions<E>,
): OnOffice<E, OnOfficeClient> | OnOffice<E> {
  const rt = createRuntime(options)
  const frameHeaders = frameHeadersMiddleware(rt.statics.frameAncestors)
  const tracer = rt.statics.scale.tracer
  return {
    routes() {
      const app = new Hono<E>()
      app.get('/activate', traced(tracer, 'onoffice.activation_page', activationPageHandler(rt)))
      // The form posts a token and a 64-character key: a larger body is refused before it is read (413).
      app.post(
        '/activate',
        bodyLimit({
          maxSize: ACTIVATE_MAX_BODY_BYTES,
          onError: async (c) => (await rt.fail(c, 'body_too_large')).getResponse(),
        }),
        traced(tracer, 'onoffice.activation', activateHandler(rt)),
      )
      app.get(BROWSER_HELPER_PATH, browserHelperHandler)
      // Self-contained: the kit's pages render even when the parent app's onError does not know HTTPException.
      app.onError(async (err, c) => {
        if (err instanceof HTTPException) return err.getResponse()
        log('activation route failed', err)
        return (await rt.fail(c, 'internal')).getResponse()
      })
      return app
    },
    launch: () => traced(tracer, 'onoffice.launch', launchMiddleware<E>(rt)),
    session: () => traced(tracer, 'onoffice.session', sessionMiddleware<E>(rt)),
    webhook: (options) => traced(tracer, 'onoffice.webhook', webhookMiddleware(rt, options ?? {})),
    callback: () => traced(tracer, 'onoffice.callback', callbackMiddleware<E>(rt)),
    async order(c, input) {
      const config = await rt.config(c)
      return signOrderFor(c, config, rt.statics.now, input, rt.ledger(config))
    },
    purchases(c) {
      return purchasesOf(c, async () => rt.ledger(await rt.config(c)))
    },
    requirePurchase(product, options = {}) {
      return requirePurchaseMiddleware(
        product,
        options,
        async (c) => rt.ledger(await rt.config(c)),
        async (c, cause) => {
          log('requirePurchase: ledger unavailable', cause)
          return rt.fail(c, 'store_unavailable')
        },
      )
    },
    async serviceMessage(c, type) {
      return signServiceMessageFor(c, await rt.config(c), rt.statics.now, type)
    },
    frameHeaders: () => frameHeaders,
  } satisfies OnOffice<E, OnOfficeClient>
}
