/**
 * The simulator's Hono app: the host page, its `/sim/*` endpoints, and the fake onOffice API itself
 * (`/api/stable/api.php`, `/api/latest/api.php`), so one server is both.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { readJsonObject } from '../../core/body.ts'
import { handleMessage } from './messages.ts'
import type { ResolvedSimulatorOptions } from './options.ts'
import { newNonce } from '../../hono/pages/layout.ts'
import { estateFiles, pagePolicy, renderPage } from './page.ts'
import { PAGE_SCRIPT } from './page.client.gen.ts'
import { pay } from './payments.ts'
import { launchService, startActivation } from './flows.ts'
import { listPurchases } from './purchases.ts'
import { emptyState } from './state.ts'
import { fireWebhook } from './webhook.ts'

const NO_STORE = { 'Cache-Control': 'no-store' }

// The page posts small JSON (ids, a signed order or message): more is not a page of this simulator.
const MAX_BODY_BYTES = 64 * 1024

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  return (await readJsonObject(c.req.raw, MAX_BODY_BYTES)) ?? {}
}

export function createSimulatorApp(opts: ResolvedSimulatorOptions): Hono {
  const state = emptyState()
  const app = new Hono()

  // The fake API answers on the same origin: `endpoint` = `<simulator>/api/stable/api.php`.
  const api = (c: Context) => opts.fake.app.fetch(c.req.raw)
  app.all('/api/stable/api.php', api)
  app.all('/api/latest/api.php', api)
  app.get('/userphoto/*', api)
  app.get('/files/*', api)

  app.get('/', (c) => {
    const nonce = newNonce()
    return c.html(renderPage(opts, nonce, listPurchases(opts, state)), 200, {
      ...NO_STORE,
      'Content-Security-Policy': pagePolicy(opts, nonce),
    })
  })
  app.get('/favicon.ico', (c) => c.body(null, 204))
  app.get('/sim/page.js', (c) =>
    c.body(PAGE_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', ...NO_STORE }),
  )

  app.post('/sim/activate', async (c) => {
    const body = await jsonBody(c)
    return c.json(await startActivation(opts, state, body.renew === true), 200, NO_STORE)
  })

  app.post('/sim/launch', async (c) => {
    const body = await jsonBody(c)
    const r = await launchService(opts, state, body.estateId, body.language)
    return c.json(r, r.ok ? 200 : 400, NO_STORE)
  })

  app.post('/sim/message', async (c) => {
    const body = await jsonBody(c)
    return c.json(await handleMessage(opts, state, body.data), 200, NO_STORE)
  })

  app.post('/sim/pay', async (c) => {
    const body = await jsonBody(c)
    const r = await pay(opts, state, body.paymentId, body.outcome)
    return c.json(r, r.ok ? 200 : r.reason === 'unknown_payment' ? 404 : 400, NO_STORE)
  })

  app.post('/sim/cancel', async (c) => {
    const body = await jsonBody(c)
    const known = typeof body.paymentId === 'string' && state.payments.delete(body.paymentId)
    return c.json({ ok: known }, known ? 200 : 404, NO_STORE)
  })

  // The property table's "Dateien" column, re-read by the page after the provider window closes.
  app.get('/sim/files', (c) =>
    c.json(
      Object.fromEntries(opts.estates.map((id) => [id, estateFiles(opts, id)])),
      200,
      NO_STORE,
    ),
  )

  // "Käufe und Abos": what the customer bought, in the state the provider's refunds and cancellations left it.
  app.get('/sim/purchases', (c) => c.json(listPurchases(opts, state), 200, NO_STORE))

  // "Webhook auslösen": the signed GET to the service's webhook URL, sent from here; the page shows the answer.
  app.post('/sim/webhook', async (c) => {
    const body = await jsonBody(c)
    const r = await fireWebhook(opts, body.estateId)
    return c.json(r, r.ok ? 200 : r.reason === 'unknown_estate' ? 400 : 502, NO_STORE)
  })

  app.get('/sim/status', (c) =>
    c.json(
      {
        customerWebId: opts.customer.customerWebId,
        activated: opts.fake.isActivated(opts.customer.customerWebId),
        provider: opts.provider,
        activationUrl: opts.activationUrl,
        serviceUrl: opts.serviceUrl,
        webhookUrl: opts.webhookUrl,
      },
      200,
      NO_STORE,
    ),
  )

  return app
}
