import type { Hono } from 'hono'
import { callback, order } from '../../src/hono/index.ts'
import type { TestOnOffice } from './helpers.ts'
import { describe, expect, it } from 'vitest'
import { createInstallationStore } from '../../src/store/index.ts'
import {
  bearer,
  canary,
  createHarness,
  ENCRYPTION_KEY,
  fetchHeaders,
  PUBLIC_URL,
  useCanary,
} from './helpers.ts'
import type { Harness } from './helpers.ts'

useCanary()

// What each route kind gets on c.var.onoffice beyond the verified facts: the callback's installation and
// claim-free client, the key ring, and the bound estate as a view of client.estates.

const PRODUCT = { name: 'Premium-Exposé', price: '25.10', quantity: 1, circleofusers: 'customer' }

function routes(app: Hono, oo: TestOnOffice): void {
  app.get('/service', oo.launch(), (c) => c.json({ sessionToken: c.var.onoffice.sessionToken }))
  app.post('/api/order', oo.session(), async (c) => c.json(await order(c, await c.req.json())))
  app.get('/onoffice/paid', callback(oo), async (c) => {
    const { installation, client, payment } = c.var.onoffice
    // What a callback page does with it: the invoice recipient, the one call onOffice answers without a claim.
    const recipient =
      client && payment.transactionId
        ? await client.marketplace.invoiceRecipient({
            transactionId: payment.transactionId,
            userId: c.req.query('uid') ?? '',
          })
        : null
    return c.json({
      status: payment.status,
      installation,
      hasClient: client !== null,
      recipient,
    })
  })
  app.get('/api/estate', oo.session(), async (c) => {
    const estate = c.var.onoffice.estate
    if (!estate) return c.json({ estate: null })
    const bound = await estate.get()
    const direct = await c.var.onoffice.client.estates.get(estate.id, {
      ...(estate.language ? { language: estate.language } : {}),
    })
    const written = await estate.modify({ objekttitel: 'Neu' })
    return c.json({ same: JSON.stringify(bound) === JSON.stringify(direct), written })
  })
}

async function sessionOf(h: Harness, customerWebId: string, params = {}): Promise<string> {
  const res = await h.launch(customerWebId, { parameterCacheId: `pc-${customerWebId}`, ...params })
  expect(res.status).toBe(200)
  return ((await res.json()) as { sessionToken: string }).sessionToken
}

async function callbackOf(h: Harness, callbackurl: string, result: Record<string, string>) {
  const cb = new URL(callbackurl)
  const url = await h.signed(cb.pathname, { ...Object.fromEntries(cb.searchParams), ...result })
  return h.request(url, { headers: fetchHeaders })
}

describe('callback(): installation and a claim-free client of the paying customer', () => {
  it('an order signed by order() brings its customer’s installation (no secrets) and a client that reaches the kit’s endpoint without a claim', async () => {
    const h = createHarness({}, routes)
    const act = await h.activate('9101')
    const token = await sessionOf(h, '9101')
    const orderRes = await h.request('/api/order', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ products: [PRODUCT], callbackUrl: '/onoffice/paid' }),
    })
    const order = (await orderRes.json()) as { callbackurl: string }
    const { transactionId } = h.fake.createTransaction({
      customerWebId: '9101',
      userId: '17',
      amount: '25.10',
    })
    h.fake.clearReceived()
    const res = await callbackOf(h, `${order.callbackurl}&uid=17`, {
      status: 'success',
      transactionid: transactionId,
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      installation: Record<string, unknown>
      hasClient: boolean
      recipient: Record<string, unknown> | null
    }
    expect(body.installation).toMatchObject({ customerWebId: '9101', status: 'active' })
    expect(body.installation).not.toHaveProperty('apiToken')
    expect(body.installation).not.toHaveProperty('apiSecret')
    expect(body.hasClient).toBe(true)
    expect(body.recipient).not.toBeNull()
    const calls = h.fake.receivedActions({ resourcetype: 'getMarketplaceInvoiceRecipient' })
    expect(calls).toHaveLength(1)
    expect(calls[0]!.hasClaim).toBe(false)
    expect(JSON.stringify(body)).not.toContain(act.apiKey)
  })

  it('a callback without the order reference, or of a blocked installation, has no client', async () => {
    const h = createHarness({}, routes)
    await h.activate('9102')
    const plain = await callbackOf(h, `${PUBLIC_URL}/onoffice/paid`, {
      status: 'error',
      transactionid: 'T-0',
    })
    expect(await plain.json()).toMatchObject({ installation: null, hasClient: false })

    const token = await sessionOf(h, '9102')
    const order = (await (
      await h.request('/api/order', {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify({ products: [PRODUCT], callbackUrl: '/onoffice/paid' }),
      })
    ).json()) as { callbackurl: string }
    await h.store().markBlocked('9102')
    const blocked = await callbackOf(h, order.callbackurl, {
      status: 'success',
      transactionid: 'T-9102',
    })
    expect(await blocked.json()).toMatchObject({
      installation: { customerWebId: '9102', status: 'blocked' },
      hasClient: false,
    })
  })
})

describe('encryptionKey: { keys, currentKid } rotates the installation key', () => {
  it('records sealed with the old key still open after the rotation; new writes use the new key', async () => {
    const NEW_KEY = 'new-encryption-key-0123456789abcdefghijkl'
    canary.add(NEW_KEY)
    let keys: { keys: Record<string, string>; currentKid: string } = {
      keys: { k1: ENCRYPTION_KEY },
      currentKid: 'k1',
    }
    // A function of the context, like a Workers binding: resolved per request.
    const h = createHarness({ encryptionKey: () => keys }, routes)
    await h.activate('9201')
    keys = { keys: { k1: ENCRYPTION_KEY, k2: NEW_KEY }, currentKid: 'k2' }
    expect((await h.launch('9201')).status).toBe(200)
    await h.activate('9202')
    // The new record opens with the new key alone, the old one only with the old key.
    const onlyNew = createInstallationStore(h.kv, { keys: { k2: NEW_KEY }, currentKid: 'k2' })
    expect(await onlyNew.get('9202')).toMatchObject({ customerWebId: '9202' })
    await expect(onlyNew.get('9201')).rejects.toThrow()
    expect(await h.store().get('9201')).toMatchObject({ customerWebId: '9201' })
  })

  it('a bad key ring is refused at construction, naming the option and never the key', () => {
    expect(() =>
      createHarness({ encryptionKey: { keys: { k1: 'short' }, currentKid: 'k1' } }),
    ).toThrow(/option `encryptionKey\.keys\["k1"\]` is too short/)
    expect(() =>
      createHarness({ encryptionKey: { keys: { k1: ENCRYPTION_KEY }, currentKid: 'k9' } }),
    ).toThrow(/option `encryptionKey\.currentKid`/)
    try {
      createHarness({ encryptionKey: { keys: { k1: 'short-secret-value' }, currentKid: 'k1' } })
    } catch (err) {
      expect((err as Error).message).not.toContain('short-secret-value')
    }
  })
})

describe('c.var.onoffice.estate is a view of client.estates', () => {
  it('get() answers what client.estates.get answers for the launched id and language; modify resolves the result', async () => {
    const h = createHarness({}, routes)
    await h.activate('9301')
    const token = await sessionOf(h, '9301', { estateId: 1, language: 'eng' })
    h.fake.clearReceived()
    const res = await h.request('/api/estate', { headers: bearer(token) })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { same: boolean; written: { records: unknown[] } }
    expect(body.same).toBe(true)
    expect(body.written).toHaveProperty('records')
    const reads = h.fake.receivedActions({ kind: 'read', resourcetype: 'estate' })
    expect(reads).toHaveLength(2)
    // One behaviour: no default `data` of its own, the language checked and upper-cased like estates.get.
    expect(reads[0]!.parameters).toEqual(reads[1]!.parameters)
    expect(reads[0]!.parameters).not.toHaveProperty('data')
    expect(reads[0]!.parameters.estatelanguage).toBe('ENG')
    const [write] = h.fake.receivedActions({ kind: 'modify', resourcetype: 'estate' })
    expect(write!.parameters).toMatchObject({ estatelanguage: 'ENG', data: { objekttitel: 'Neu' } })
    expect(h.fake.estates.get(1)!.texts.ENG!.objekttitel).toBe('Neu')
  })
})
