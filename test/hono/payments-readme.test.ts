/**
 * README "Selling through the Marketplace", end to end against the fake onOffice: server-signed order → the
 * browser helper posts it to the parent → (onOffice verifies it and takes the payment) → signed callback,
 * verified and idempotent → invoice recipient → cancel subscription → refund / payment link.
 */
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import {
  createClient,
  createInstallationStore,
  createProviderClient,
  OnOfficeApiError,
} from '../../src/index.ts'
import {
  BROWSER_HELPER_SCRIPT,
  verifyOrder,
  verifyServiceMessage,
  type SignedOrder,
} from '../../src/marketplace/index.ts'
import {
  bearer,
  createHarness,
  ENCRYPTION_KEY,
  fetchHeaders,
  PROVIDER_SECRET,
  useCanary,
} from './helpers.ts'

useCanary()

describe('README: Selling through the Marketplace', () => {
  it('the whole flow', async () => {
    const invoices: unknown[] = []
    const paid: Array<[string, string | undefined, string]> = []
    const h: ReturnType<typeof createHarness> = createHarness({}, (app, oo) => {
      app.get('/service', oo.launch(), (c) => c.json({ sessionToken: c.var.onoffice.sessionToken }))
      app.post('/service/api/buy', oo.session(), async (c) => {
        const { customerWebId, userId } = c.var.onoffice
        return c.json(
          await oo.order(c, {
            products: [
              { name: '360°-Rundgang', price: '25.10', quantity: 1, circleofusers: 'customer' },
            ],
            callbackUrl: `/onoffice/paid?customer=${encodeURIComponent(customerWebId)}&user=${encodeURIComponent(userId)}`,
          }),
        )
      })
      app.get('/onoffice/paid', oo.callback(), async (c) => {
        const installations = createInstallationStore(h.kv, { encryptionKey: ENCRYPTION_KEY }) // h: the harness's KV, known once built
        const { payment, params } = c.var.onoffice
        if (payment.repeated) return c.html('<p>Danke!</p>')
        if (payment.status === 'error') return c.html('<p>Zahlung fehlgeschlagen</p>')
        paid.push([payment.transactionId!, payment.aboId, payment.status])
        const installation = await installations.get(params.customer!)
        const client = createClient({
          token: installation!.apiToken,
          secret: installation!.apiSecret,
          endpoint: h.fake.endpoint,
          fetch: h.fake.fetch,
          now: () => h.clock.now,
        })
        invoices.push(
          await client.marketplace.invoiceRecipient({
            transactionId: payment.transactionId!,
            userId: params.user!,
          }),
        )
        return c.html('<p>Danke!</p>')
      })
      app.post('/service/api/close', oo.session(), async (c) =>
        c.json(await oo.serviceMessage(c, 'onOffice.service.refreshParentAndClose')),
      )
      app.post('/service/api/cancel', oo.session(), async (c) => {
        const { aboId } = await c.req.json<{ aboId: string }>()
        await c.var.onoffice.client.marketplace.cancelSubscription({
          aboId,
          cancelationDate: '2026-06-30',
        })
        return c.json({ ok: true })
      })
    })
    await h.activate('6301', { userId: '17' })
    const { sessionToken } = (await (
      await h.launch('6301', { userId: '17', parameterCacheId: 'pc-6301' })
    ).json()) as { sessionToken: string }

    // 1.–2. The iframe fetches the signed order and the helper (served by routes()) posts it to the parent.
    const helper = await (await h.request('/onoffice/onoffice.js')).text()
    expect(helper).toBe(BROWSER_HELPER_SCRIPT)
    const posted: string[] = []
    const window: Record<string, unknown> = {
      parent: {
        postMessage: (data: string, origin: string) => void posted.push(`${origin} ${data}`),
      },
    }
    runInNewContext(helper, { window })
    const order = await (
      await h.request('/service/api/buy', { method: 'POST', headers: bearer(sessionToken) })
    ).json()
    ;(window.onOffice as { postOrder(o: unknown): boolean }).postOrder(order)
    expect(posted[0]!.startsWith('* {')).toBe(true)

    // 3. onOffice verifies the order (provider secret) and takes the payment.
    const received = await verifyOrder(JSON.parse(posted[0]!.slice(2)), PROVIDER_SECRET, {
      now: () => h.clock.now,
    })
    if (!received.ok) expect.fail(received.reason)
    expect(received.order).toMatchObject({ parametercacheid: 'pc-6301', totalprice: '25.10' })
    const { transactionId } = h.fake.createTransaction({
      customerWebId: '6301',
      userId: '17',
      amount: (received.order as SignedOrder & { totalprice: string }).totalprice,
    })

    // 4. onOffice loads the callback URL with signed results; a reload is recognised.
    const cb = new URL(received.order.callbackurl)
    const callback = await h.signed(cb.pathname, {
      ...Object.fromEntries(cb.searchParams),
      status: 'success',
      transactionid: transactionId,
    })
    h.advance(60)
    expect((await h.request(callback, { headers: fetchHeaders })).status).toBe(200)
    expect((await h.request(callback, { headers: fetchHeaders })).status).toBe(200)
    expect(paid).toEqual([[transactionId, undefined, 'success']])
    // 5. The invoice recipient, read without a claim inside the 900 s.
    expect(invoices).toEqual([
      expect.objectContaining({ lastname: 'Makler', email: expect.any(String) }),
    ])

    // Service message: signed on the server, posted by the helper, verified by onOffice.
    const close = await (
      await h.request('/service/api/close', { method: 'POST', headers: bearer(sessionToken) })
    ).json()
    ;(window.onOffice as { postServiceMessage(m: unknown): boolean }).postServiceMessage(close)
    expect(
      await verifyServiceMessage(JSON.parse(posted[1]!.slice(2)), PROVIDER_SECRET, {
        now: () => h.clock.now,
      }),
    ).toMatchObject({
      ok: true,
      type: 'onOffice.service.refreshParentAndClose',
      parameterCacheId: 'pc-6301',
    })

    // Cancel a subscription in a session (claim-bound client).
    const abo = h.fake.createTransaction({
      customerWebId: '6301',
      userId: '17',
      amount: '25.30',
      kind: 'abo',
    })
    const cancel = await h.request('/service/api/cancel', {
      method: 'POST',
      headers: { ...bearer(sessionToken), 'content-type': 'application/json' },
      body: JSON.stringify({ aboId: abo.aboId }),
    })
    expect(cancel.status).toBe(200)
    expect(h.fake.transactions.get(abo.transactionId)!.canceledFrom).toBe('2026-06-30')

    // Refund and payment link with the provider's own API user.
    const p = h.fake.addProviderUser()
    const provider = createProviderClient({
      token: p.token,
      secret: p.secret,
      endpoint: h.fake.endpoint,
      fetch: h.fake.fetch,
      now: () => h.clock.now,
    })
    const { url, mailSent } = await provider.subsequentPaymentLink({
      transactionId,
      priceNet: '1100.50',
      description: 'Extra photos',
      sendMailToCustomer: true,
    })
    expect([url.startsWith('https://'), mailSent]).toEqual([true, true])
    await provider.refundTransaction(transactionId)
    const again = await provider.refundTransaction(transactionId).catch((e: unknown) => e)
    expect(again).toBeInstanceOf(OnOfficeApiError)
    expect((again as OnOfficeApiError).hint).toMatch(/already refunded: nothing more to do/)
  })
})
