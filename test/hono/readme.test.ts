// The README's "Testing your routes" tests, its "Mounting into an existing Hono app" block (`// app.ts`) and the blocks of "Selling through the
// Marketplace" themselves — extracted and imported, not copies — driven like onOffice would: activation, a launch
// with frame headers, a session write in the launched language; then order → payment callback → invoice recipient →
// service message → cancel → refund and payment link. Their onOffice API calls go to production's endpoint, so the
// global fetch is the fake's for this file; what the blocks only `declare` (orders, invoices, kv) are globals here.
import { runInNewContext } from 'node:vm'
import { memoryKv } from 'onoffice-kit'
import { cloudflareKv } from 'onoffice-kit/cloudflare'
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createProviderClient, OnOfficeApiError } from '../../src/index.ts'
import {
  BROWSER_HELPER_SCRIPT,
  type SignedOrder,
  verifyOrder,
  verifyServiceMessage,
} from '../../src/marketplace/index.ts'
import { activate, createFakeOnOffice, launchUrl, signLaunchUrl } from '../../src/testing/index.ts'
import { kvBinding } from '../examples/helpers.ts'
import { writeNamedBlock, writeSectionBlocks } from '../shared/readme-blocks.ts'
import { canary, ENCRYPTION_KEY, PROVIDER_SECRET, SESSION_SECRET, useCanary } from './helpers.ts'

const PUBLIC_URL = 'https://provider.example'
const fake = createFakeOnOffice()
const binding = kvBinding(memoryKv())
const env = { KV: binding, PROVIDER_SECRET, SESSION_SECRET, ENCRYPTION_KEY }
const paid: unknown[][] = []
const invoices: unknown[] = []
const provider = fake.addProviderUser()
canary.add(provider.token, provider.secret)
let app: Hono
let refundBlock: string

useCanary()

// "Testing your routes" is a vitest file: imported here, its tests run in this file.
await import(writeSectionBlocks('README.md', '### Testing your routes')[0]!)

beforeAll(async () => {
  vi.stubGlobal('fetch', fake.fetch)
  vi.stubGlobal('orders', { markPaid: async (...args: unknown[]) => void paid.push(args) })
  vi.stubGlobal('invoices', { write: async (r: unknown) => void invoices.push(r) })
  vi.stubGlobal('kv', cloudflareKv(binding))
  vi.stubEnv('ENCRYPTION_KEY', ENCRYPTION_KEY)
  vi.stubEnv('PROVIDER_API_TOKEN', provider.token)
  vi.stubEnv('PROVIDER_API_SECRET', provider.secret)
  vi.spyOn(console, 'log')
  ;({ app } = (await import(writeNamedBlock('README.md', 'app.ts'))) as { app: Hono })
  // Routes are added before the app answers its first request (Hono builds its router then).
  const blocks = writeSectionBlocks('README.md', '## Selling through the Marketplace')
  expect(blocks).toHaveLength(4)
  for (const block of blocks.slice(0, 3)) await import(block)
  refundBlock = blocks[3]!
})
afterAll(() => {
  vi.unstubAllGlobals()
  vi.unstubAllEnvs()
})

describe('README "Mounting into an existing Hono app" (app.ts, as written)', () => {
  it('activation, launch with frame headers, session write in the launched language', async () => {
    const act = await activate(app, fake, {
      publicUrl: PUBLIC_URL,
      secret: PROVIDER_SECRET,
      customerWebId: '21',
      customerName: 'Muster GmbH',
      userId: '7',
      env,
    })
    canary.add(act.apiKey, act.apiToken, act.apiClaim)
    expect(act.answer.text).toBe('active')
    expect(fake.isActivated('21')).toBe(true)

    const url = await launchUrl(fake, {
      publicUrl: PUBLIC_URL,
      secret: PROVIDER_SECRET,
      path: '/service/estate',
      customerWebId: '21',
      userId: '7',
      customerName: 'Muster GmbH',
      params: { estateId: 1, language: 'ENG' },
    })
    canary.add(new URL(url).searchParams.get('apiClaim'))
    const res = await app.request(url, {}, env)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe(
      'frame-ancestors https://*.onoffice.de https://*.onoffice.com',
    )
    const body = await res.text()
    expect(body).toContain(`Muster GmbH: ${fake.estates.get(1)!.texts.ENG!.objekttitel}`)
    const session = JSON.parse(/window\.SESSION = ("[^"]+")/.exec(body)![1]!) as string

    const write = await app.request(
      'https://provider.example/service/api/title',
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${session}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ objekttitel: 'Sonnige Wohnung' }),
      },
      env,
    )
    expect(await write.json()).toEqual({ ok: true })
    expect(fake.estates.get(1)!.texts.ENG!.objekttitel).toBe('Sonnige Wohnung')
    canary.outputs.push({
      where: 'readme launch page (minus session)',
      text: body.replace(session, ''),
    })
  })
})

/** `app.request` with the README app's bindings; every answer goes to the canary. */
async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await app.request(path.startsWith('http') ? path : `${PUBLIC_URL}${path}`, init, env)
  canary.outputs.push({ where: `response of ${path}`, text: await res.clone().text() })
  canary.outputs.push({ where: `headers of ${path}`, text: JSON.stringify([...res.headers]) })
  return res
}
const bearer = (token: string) => ({ accept: 'application/json', authorization: `Bearer ${token}` })

describe('README "Selling through the Marketplace" (its blocks, as written, on the app.ts above)', () => {
  it('order → payment callback (once) → invoice recipient → service message → cancel → refund and payment link', async () => {
    const act = await activate(app, fake, {
      publicUrl: PUBLIC_URL,
      secret: PROVIDER_SECRET,
      customerWebId: '6301',
      env,
    })
    canary.add(act.apiKey, act.apiToken, act.apiClaim)
    const launch = await request(
      await launchUrl(fake, {
        publicUrl: PUBLIC_URL,
        secret: PROVIDER_SECRET,
        path: '/service/estate',
        customerWebId: '6301',
        parameterCacheId: 'pc-6301',
        params: { estateId: 1, language: 'ENG' },
      }),
    )
    expect(launch.status).toBe(200)
    const sessionToken = JSON.parse(
      /window\.SESSION = ("[^"]+")/.exec(await launch.text())![1]!,
    ) as string

    // 1.–2. The iframe fetches the signed order and the helper (served by routes()) posts it to the parent.
    const helper = await (await request('/onoffice/onoffice.js')).text()
    expect(helper).toBe(BROWSER_HELPER_SCRIPT)
    const posted: string[] = []
    const window: Record<string, unknown> = {
      parent: {
        postMessage: (data: string, origin: string) => void posted.push(`${origin} ${data}`),
      },
    }
    runInNewContext(helper, { window })
    const order = await (
      await request('/service/api/buy', { method: 'POST', headers: bearer(sessionToken) })
    ).json()
    ;(window.onOffice as { postOrder(o: unknown): boolean }).postOrder(order)
    expect(posted[0]!.startsWith('* {')).toBe(true)

    // 3. onOffice verifies the order (provider secret) and takes the payment.
    const received = await verifyOrder(JSON.parse(posted[0]!.slice(2)), PROVIDER_SECRET)
    if (!received.ok) expect.fail(received.reason)
    expect(received.order).toMatchObject({ parametercacheid: 'pc-6301', totalprice: '25.10' })
    const { transactionId } = fake.createTransaction({
      customerWebId: '6301',
      userId: '17',
      amount: (received.order as SignedOrder & { totalprice: string }).totalprice,
    })
    // The fake's first transaction id is the one the README's refund block names.
    expect(transactionId).toBe('1100135697')

    // 4. onOffice loads the callback URL with signed results; a reload is recognised (markPaid once).
    const cb = new URL(received.order.callbackurl)
    const callback = await signLaunchUrl({
      publicUrl: PUBLIC_URL,
      path: cb.pathname,
      secret: PROVIDER_SECRET,
      params: {
        ...Object.fromEntries(cb.searchParams),
        status: 'success',
        transactionid: transactionId,
      },
    })
    canary.add(new URL(callback).searchParams.get('signature'))
    expect((await request(callback)).status).toBe(200)
    expect((await request(callback)).status).toBe(200)
    expect(paid).toEqual([[transactionId, undefined, 'success']])
    // 5. The invoice recipient, read without a claim inside the 900 s.
    expect(invoices).toEqual([
      expect.objectContaining({ lastname: 'Makler', email: expect.any(String) }),
    ])

    // Service message: signed on the server, posted by the helper, verified by onOffice.
    const close = await (
      await request('/service/api/close', { method: 'POST', headers: bearer(sessionToken) })
    ).json()
    ;(window.onOffice as { postServiceMessage(m: unknown): boolean }).postServiceMessage(close)
    expect(
      await verifyServiceMessage(JSON.parse(posted[1]!.slice(2)), PROVIDER_SECRET),
    ).toMatchObject({
      ok: true,
      type: 'onOffice.service.refreshParentAndClose',
      parameterCacheId: 'pc-6301',
    })

    // Cancel a subscription in a session (claim-bound client).
    const abo = fake.createTransaction({
      customerWebId: '6301',
      userId: '17',
      amount: '25.30',
      kind: 'abo',
    })
    const cancel = await request('/service/api/cancel', {
      method: 'POST',
      headers: { ...bearer(sessionToken), 'content-type': 'application/json' },
      body: JSON.stringify({ aboId: abo.aboId }),
    })
    expect(cancel.status).toBe(200)
    expect(fake.transactions.get(abo.transactionId)!.canceledFrom).toBe('2026-06-30')

    // Refund and payment link with the provider's own API user: the README block runs as written.
    await import(refundBlock)
    expect(console.log).not.toHaveBeenCalled() // its catch: the refund was not refused
    expect(fake.transactions.get(transactionId)!.refunded).toBe(true)
    const [link] = fake.receivedActions({ kind: 'do', resourcetype: 'subsequentPaymentLink' })
    expect(link!.status).toMatchObject({ errorcode: 0 })
    expect(link!.parameters).toMatchObject({ priceNet: '1100.50', sendMailToCustomer: true })
    const client = createProviderClient({
      token: provider.token,
      secret: provider.secret,
      endpoint: fake.endpoint,
      fetch: fake.fetch,
    })
    const { url, mailSent } = await client.subsequentPaymentLink({
      transactionId,
      priceNet: '1100.50',
      description: 'Extra photos',
      sendMailToCustomer: true,
    })
    expect([url.startsWith('https://'), mailSent]).toEqual([true, true])
    const again = await client.refundTransaction(transactionId).catch((e: unknown) => e)
    expect(again).toBeInstanceOf(OnOfficeApiError)
    expect((again as OnOfficeApiError).hint).toMatch(/already refunded: nothing more to do/)
  })
})
