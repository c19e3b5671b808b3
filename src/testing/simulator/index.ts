import type { Hono } from 'hono'
import { createSimulatorApp } from './app.ts'
import { resolveOptions, type SimulatorOptions } from './options.ts'

export type { SimulatorCustomer, SimulatorOptions } from './options.ts'
export type { ActivationStart, LaunchResult } from './flows.ts'
export type { MessageResult, ServiceAction } from './messages.ts'
export type { PaymentDialog, PaymentOutcome, PaymentResultBody } from './payments.ts'
export type { Purchase, PurchaseStatus } from './purchases.ts'
export type { WebhookResult } from './webhook.ts'

/** What {@link createSimulator} returns. */
export interface Simulator {
  /** Host page at `/`, its endpoints under `/sim/*`, and the fake API at `/api/stable/api.php` + `/api/latest/api.php`. */
  app: Hono
  /** In-process fetch of `app` (relative URLs resolve against `http://simulator.local`). */
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>
}

/**
 * A local onOffice enterprise for one provider: a Marketplace page that activates the provider (shows the
 * API key, opens the signed activation URL, waits for `active`), launches the service on demo properties
 * (signed URL with a fresh claim; DEU/ENG for multilingual ones), verifies orders and service messages the
 * iframe posts, plays the payment dialog and loads the signed payment callback, lists what the customer bought
 * (payments, SEPA debits, subscriptions — refunded or cancelled by the provider's calls) and fires signed
 * webhooks at the service ("Webhook auslösen"). Everything is registered
 * with (and served from) the given fake onOffice API. The provider secret never reaches the browser.
 *
 * @param options.provider - public base URL where your `routes()` are mounted, e.g. `'http://127.0.0.1:8788/onoffice'`.
 * @param options.serviceUrl - your service URL; default `provider + '/service'`.
 * @param options.webhookUrl - your webhook URL ("Webhook auslösen" sends it a signed GET); default `provider + '/webhook'`.
 * @param options.fetch - how the simulator's server reaches your service (webhooks); default the global `fetch`.
 * @param options.providerSecret - the provider secret your app verifies with.
 * @param options.fake - `createFakeOnOffice()`; give it `origin` = the simulator's URL when you serve both.
 * @param options.customer - `{ customerWebId: '12345', customerName: 'Muster Immobilien GmbH & Co. KG', userId: '17' }` by default.
 * @param options.estates - estate ids to list; default the fake's first five.
 * @param options.now - clock in ms, default `Date.now`.
 * @throws TypeError naming the option that is missing or invalid.
 * @example
 * ```ts
 * import { serve } from '@hono/node-server'
 * const fake = createFakeOnOffice({ origin: 'http://127.0.0.1:8790' })
 * const sim = createSimulator({ provider: 'http://127.0.0.1:8788/onoffice', providerSecret: process.env.ONOFFICE_PROVIDER_SECRET!, fake })
 * serve({ fetch: sim.app.fetch, hostname: '127.0.0.1', port: 8790 })
 * // your app: onOffice({ endpoint: fake.endpoint, … }); open http://127.0.0.1:8790/
 * ```
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const opts = resolveOptions(options)
  const app = createSimulatorApp(opts)
  return {
    app,
    fetch: async (input, init) => {
      const request =
        typeof input === 'string' && input.startsWith('/')
          ? new Request(`http://simulator.local${input}`, init)
          : new Request(input, init)
      return app.fetch(request)
    },
  }
}
