// What the customer bought (GET /sim/purchases, "Käufe und Abos") and "Webhook auslösen" (POST /sim/webhook):
// a one-time purchase, a subscription and a SEPA debit through the simulator's payment dialog; the provider
// refunds (transactionRefund, its own API user) and cancels (marketplaceCancelAbo, the customer's claim) through
// the kit's clients, and the simulator's list shows it; a signed webhook reaches the provider's webhook() route.
import type { Hono } from 'hono'
import { webhook } from '../../../src/hono/index.ts'
import { describe, expect, it } from 'vitest'
import { createProviderClient } from '../../../src/api/index.ts'
import { verifySignedUrl } from '../../../src/marketplace/index.ts'
import { signLaunchUrl } from '../../../src/testing/index.ts'
import type {
  PaymentDialog,
  PaymentResultBody,
  Purchase,
  WebhookResult,
} from '../../../src/testing/index.ts'
import {
  activate,
  createWorld,
  launch,
  PROVIDER,
  PROVIDER_ORIGIN,
  PROVIDER_SECRET,
  START,
  type World,
} from './helpers.ts'

type Paid = Extract<PaymentResultBody, { ok: true }>

/** A world whose simulator delivers webhooks to the provider app in-process, with webhook and cancel routes. */
function commerceWorld(): World {
  let target: Hono | undefined
  const w = createWorld({ fetch: (request) => target!.fetch(request) })
  target = w.provider
  w.provider.get('/onoffice/webhook', webhook(w.oo), async (c) => {
    const o = c.var.onoffice
    const estate = o.estate ? await o.estate.get({ data: ['objekttitel'] }) : null
    return c.json({ estateId: o.estate?.id ?? null, title: estate?.elements.objekttitel ?? null })
  })
  // The provider cancels a subscription with the customer's claim (onOffice has no cancel for customers).
  w.provider.get('/onoffice/cancel', w.oo.launch(), async (c) => {
    await c.var.onoffice.client.marketplace.cancelSubscription({
      aboId: c.req.query('aboId')!,
      cancelationDate: c.req.query('date')!,
    })
    return c.json({ ok: true })
  })
  return w
}

async function buy(
  w: World,
  order: Record<string, unknown>,
  outcome: 'success' | 'inprocess' = 'success',
): Promise<Paid> {
  const msg = await w.simJson<{ dialog: PaymentDialog }>('/sim/message', {
    data: JSON.stringify(order),
  })
  const paid = await w.simJson<Paid>('/sim/pay', { paymentId: msg.body.dialog.paymentId, outcome })
  expect(paid.status).toBe(200)
  return paid.body
}

async function purchases(w: World): Promise<Purchase[]> {
  const res = await w.sim.fetch('/sim/purchases')
  expect(res.status).toBe(200)
  expect(res.headers.get('cache-control')).toBe('no-store')
  return (await res.json()) as Purchase[]
}

describe('Käufe und Abos', () => {
  it('lists a one-time purchase, a subscription and a SEPA debit with their product, amount and status', async () => {
    const w = commerceWorld()
    expect(await purchases(w)).toEqual([])
    expect(await (await w.sim.fetch('/')).text()).toContain('Noch nichts gekauft.')

    await activate(w)
    const { json } = await launch(w, 1, 'DEU')
    const product = await buy(w, json.order)
    w.clock.now += 1000
    const abo = await buy(w, json.abo)
    w.clock.now += 1000
    const sepa = await buy(w, (await launch(w, 2)).json.order, 'inprocess')

    const list = await purchases(w)
    expect(list).toEqual([
      {
        transactionId: product.transactionId,
        product: 'Premium-Exposé',
        estateId: 1,
        kind: 'payment',
        amount: '19.90',
        status: 'paid',
        createdAt: START,
        text: {
          product: 'Premium-Exposé · Immobilie 1',
          kind: 'Einmalkauf',
          amount: '19,90 €',
          status: 'bezahlt',
        },
      },
      {
        transactionId: abo.transactionId,
        product: 'Exposé-Abo',
        estateId: 1,
        kind: 'abo',
        amount: '9.50',
        status: 'running',
        aboId: abo.aboId,
        createdAt: START + 1000,
        text: {
          product: 'Exposé-Abo · Immobilie 1',
          kind: `Abo ${abo.aboId}`,
          amount: '9,50 € / Monat',
          status: 'läuft',
        },
      },
      {
        transactionId: sepa.transactionId,
        product: 'Premium-Exposé',
        estateId: 2,
        kind: 'sepa',
        amount: '19.90',
        status: 'pending',
        createdAt: START + 2000,
        text: {
          product: 'Premium-Exposé · Immobilie 2',
          kind: 'Einmalkauf (SEPA-Lastschrift)',
          amount: '19,90 €',
          status: 'in Bearbeitung (SEPA-Lastschrift)',
        },
      },
    ])
    // The page renders the same rows (escaped) with stable ids and data-status.
    const html = await (await w.sim.fetch('/')).text()
    expect(html).toContain('<h2 id="purchases-title">Käufe und Abos</h2>')
    expect(html).toContain(
      `<tr id="purchase-${abo.transactionId}" data-testid="purchase-${abo.transactionId}" data-status="running"><td>${abo.transactionId}</td><td>Exposé-Abo · Immobilie 1</td><td>Abo ${abo.aboId}</td><td>9,50 € / Monat</td><td>läuft</td></tr>`,
    )
    expect(html).not.toContain('Noch nichts gekauft.')
    // A failed payment creates no transaction in onOffice.
    await buy(w, json.order, 'success')
    const msg = await w.simJson<{ dialog: PaymentDialog }>('/sim/message', {
      data: JSON.stringify(json.order),
    })
    await w.simJson('/sim/pay', { paymentId: msg.body.dialog.paymentId, outcome: 'error' })
    expect(await purchases(w)).toHaveLength(4)
  })

  it("shows the provider's refund (transactionRefund) and cancellation (marketplaceCancelAbo)", async () => {
    const w = commerceWorld()
    await activate(w)
    const { json } = await launch(w, 1, 'DEU')
    const product = await buy(w, json.order)
    const abo = await buy(w, json.abo)

    // Refund: the provider's own API user, as the README shows.
    const own = w.fake.addProviderUser()
    const provider = createProviderClient({
      token: own.token,
      secret: own.secret,
      endpoint: w.fake.endpoint,
      fetch: w.fake.fetch,
      now: w.now,
    })
    await provider.refundTransaction(product.transactionId!)
    // Cancel: the provider, with the customer's claim, for a day in the future, then for today.
    const cancel = async (date: string) => {
      const url = await signLaunchUrl({
        publicUrl: PROVIDER_ORIGIN,
        path: '/onoffice/cancel',
        secret: PROVIDER_SECRET,
        params: {
          customerWebId: '12345',
          userId: '17',
          apiClaim: w.fake.issueClaim('12345', '17'),
          aboId: abo.aboId,
          date,
        },
        now: w.now,
      })
      const res = await w.providerRequest(url, { headers: { accept: 'application/json' } })
      expect(res.status).toBe(200)
    }
    await cancel('2026-06-30')
    let list = await purchases(w)
    expect(list.map((p) => [p.transactionId, p.status, p.text.status])).toEqual([
      [product.transactionId, 'refunded', 'erstattet'],
      [abo.transactionId, 'cancelled', 'gekündigt zum 30.06.2026'],
    ])
    expect(list[1]!.cancelationDate).toBe('2026-06-30')
    await cancel('2026-03-02') // START's day: no more debits from today on
    list = await purchases(w)
    expect(list[1]).toMatchObject({
      status: 'ended',
      text: { status: 'beendet (gekündigt zum 02.03.2026)' },
    })
  })

  it("lists only the simulated customer's transactions", async () => {
    const w = commerceWorld()
    w.fake.createTransaction({ customerWebId: '999', userId: '1', amount: '5.00' })
    const other = w.fake.createTransaction({ customerWebId: '12345', userId: '17', amount: '5.00' })
    expect(await purchases(w)).toMatchObject([
      {
        transactionId: other.transactionId,
        product: null,
        estateId: null,
        text: { product: 'unbekanntes Produkt', status: 'bezahlt' },
      },
    ])
  })
})

describe('Webhook auslösen', () => {
  it('sends a signed GET with the call parameters of a property; shows the status and the start of the answer', async () => {
    const w = commerceWorld()
    await activate(w)
    const r = await w.simJson<WebhookResult>('/sim/webhook', { estateId: 1 })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({
      ok: true,
      estateId: 1,
      status: 200,
      statusText: '',
      body: JSON.stringify({ estateId: '1', title: w.fake.estates.get(1)!.texts.DEU!.objekttitel }),
    })
    // Replayed deliveries are the kit's concern (webhookOnce); each click is a new signed URL.
    expect((await w.simJson<WebhookResult>('/sim/webhook', { estateId: '2' })).body).toMatchObject({
      ok: true,
      estateId: 2,
      status: 200,
    })
    // The provider read the property with the webhook's claim.
    const reads = w.fake.receivedActions({ resourcetype: 'estate' })
    expect(reads.length).toBeGreaterThan(0)
    expect(reads.every((a) => a.hasClaim)).toBe(true)
  })

  it('the webhook URL is signed like onOffice: GET, the service-call parameters, the configured URL and its own query', async () => {
    const seen: Request[] = []
    const w = createWorld({
      webhookUrl: 'http://127.0.0.1:8788/hooks/onoffice?hook=estate-changed',
      fetch: async (request) => {
        seen.push(request)
        return new Response('angenommen', { status: 202, statusText: 'Accepted' })
      },
    })
    const r = await w.simJson<WebhookResult>('/sim/webhook', { estateId: 3 })
    expect(r.body).toEqual({
      ok: true,
      estateId: 3,
      status: 202,
      statusText: 'Accepted',
      body: 'angenommen',
    })
    expect(seen).toHaveLength(1)
    const req = seen[0]!
    expect(req.method).toBe('GET')
    const url = new URL(req.url)
    expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:8788/hooks/onoffice')
    const v = await verifySignedUrl(req.url, { secret: PROVIDER_SECRET, now: w.now })
    expect(v.ok).toBe(true)
    if (!v.ok) return
    expect(Object.keys(v.params).sort()).toEqual([
      'UserLanguage',
      'apiClaim',
      'customerName',
      'customerWebId',
      'estateId',
      'hook',
      'parameterCacheId',
      'timestamp',
      'userId',
    ])
    expect(v.params).toMatchObject({
      customerWebId: '12345',
      userId: '17',
      estateId: '3',
      hook: 'estate-changed',
      timestamp: String(START / 1000),
    })
    expect(v.params.apiClaim).toBeTruthy()
    expect(v.params.parameterCacheId).toMatch(/^[0-9a-f-]{36}$/)
    const status = (await (await w.sim.fetch('/sim/status')).json()) as { webhookUrl: string }
    expect(status.webhookUrl).toBe('http://127.0.0.1:8788/hooks/onoffice?hook=estate-changed')
  })

  it("reports the provider's refusal, an unreachable service and an unknown property", async () => {
    // Not activated: the provider's webhook() finds no installation.
    const w = commerceWorld()
    const refused = await w.simJson<WebhookResult>('/sim/webhook', { estateId: 1 })
    expect(refused.status).toBe(200)
    expect(refused.body).toMatchObject({ ok: true, estateId: 1 })
    expect((refused.body as { status: number }).status).toBeGreaterThanOrEqual(400)

    const down = createWorld({
      fetch: async () => {
        throw new TypeError('fetch failed: ECONNREFUSED 127.0.0.1:8788')
      },
    })
    expect(await down.simJson('/sim/webhook', { estateId: 1 })).toEqual({
      status: 502,
      body: {
        ok: false,
        reason: 'unreachable',
        message: 'fetch failed: ECONNREFUSED 127.0.0.1:8788',
      },
    })
    for (const estateId of [999, 'x', undefined, 1.5]) {
      expect(await down.simJson('/sim/webhook', { estateId })).toEqual({
        status: 400,
        body: { ok: false, reason: 'unknown_estate' },
      })
    }
  })

  it('reads no more of a long answer than it shows', async () => {
    const w = createWorld({
      fetch: async () => new Response('x'.repeat(100_000), { status: 500 }),
    })
    const r = await w.simJson<WebhookResult>('/sim/webhook', { estateId: 1 })
    expect(r.body).toMatchObject({ ok: true, status: 500, body: 'x'.repeat(300) })
  })

  it('validates the new options by name', () => {
    expect(() => createWorld({ webhookUrl: 'ftp://x/y' })).toThrow(/`webhookUrl`/)
    expect(() => createWorld({ webhookUrl: 'not a url' })).toThrow(/`webhookUrl`/)
    expect(() =>
      createWorld({ fetch: 'nope' as unknown as (r: Request) => Promise<Response> }),
    ).toThrow(/`fetch`/)
    expect(PROVIDER).toBe(`${PROVIDER_ORIGIN}/onoffice`)
  })
})
