import { bodyLimit } from 'hono/body-limit'
import { Hono } from 'hono'
import type { Env, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { OnOfficeApi, OnOfficeClient, OnOfficeClientFactory } from '../api/index.ts'
import { BROWSER_HELPER_PATH } from '../marketplace/index.ts'
import { bindKit } from './bound.ts'
import type { OnOfficeLaunchEnv, OnOfficeSessionEnv } from './env.ts'
import { frameHeadersMiddleware } from './frame-headers.ts'
import { log } from './log.ts'
import { launchMiddleware } from './middleware/launch.ts'
import { browserHelperHandler } from './routes/browser-helper.ts'
import { sessionMiddleware } from './middleware/session.ts'
import type { OnOfficeOptions } from './options.ts'
import {
  ACTIVATE_MAX_BODY_BYTES,
  activateHandler,
  activationPageHandler,
} from './routes/activate.ts'
import { createRuntime } from './runtime.ts'
import { traced } from './scale.ts'

/**
 * What `onOffice()` returns: the activation routes and the middleware every service needs. `C` is the client on
 * `c.var.onoffice`: `OnOfficeApi` (no resources, the default) or `OnOfficeClient` (`onOffice({ client:
 * createClient })`), which adds `c.var.onoffice.estate` and `.images`. The other features are functions of this
 * object or of the request, so a bundle carries only those it imports: `webhook(oo)`, `callback(oo)`,
 * `order(c, …)`, `serviceMessage(c, …)`, `purchases(c)`, `requirePurchase(product)`.
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
  const kit = {
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
    frameHeaders: () => frameHeaders,
  } satisfies OnOffice<E, OnOfficeClient>
  bindKit(kit, rt)
  return kit
}
