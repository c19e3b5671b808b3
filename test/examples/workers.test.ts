// examples/workers (the Exposé helper) on Node via app.request, its KV binding backed by memoryKv and the fake
// onOffice in-process: activation → launch in ENG → edit the free text → buy the premium exposé → callback.
import { memoryKv, signUrl, verifyOrder } from 'onoffice-kit'
import { createFakeOnOffice } from 'onoffice-kit/testing'
import { describe, expect, it } from 'vitest'
import {
  ABO,
  createExposeHelper,
  MAX_TEXT,
  PREMIUM,
  TEXT_FIELD,
  type Bindings,
} from '../../examples/workers/src/app.ts'
import worker from '../../examples/workers/src/index.ts'
import {
  activate,
  durableObjectBinding,
  ENCRYPTION_KEY,
  kvBinding,
  launchUrl,
  PROVIDER_SECRET,
  SESSION_SECRET,
  sessionFrom,
} from './helpers.ts'

const PUBLIC_URL = 'https://expose.example'

function setup({ refunds = true } = {}) {
  const fake = createFakeOnOffice()
  const own = fake.addProviderUser()
  const env: Bindings = {
    ...(refunds ? { PROVIDER_API_TOKEN: own.token, PROVIDER_API_SECRET: own.secret } : {}),
    ONOFFICE_KV: kvBinding(memoryKv()),
    ONOFFICE_STORE: durableObjectBinding(),
    PUBLIC_URL,
    ONOFFICE_ENDPOINT: fake.endpoint,
    PROVIDER_SECRET,
    SESSION_SECRET,
    ENCRYPTION_KEY,
  }
  const app = createExposeHelper({ fetch: fake.fetch })
  const request = (url: string, init?: RequestInit) => app.request(url, init, env)
  return { fake, env, app, request }
}

describe('examples/workers: the Exposé helper', () => {
  it('launch → edit → buy → callback against the fake', async () => {
    const { fake, request } = setup()
    await activate(request, fake, PUBLIC_URL)

    // Launch for estate 1 in English: English title, the customer's CI colour and logo, the user's photo.
    const { url, claim } = await launchUrl(fake, PUBLIC_URL, {
      estateId: 1,
      language: 'ENG',
      parameterCacheId: 'pc-buy-1',
    })
    const launched = await request(url)
    expect(launched.status).toBe(200)
    expect(launched.headers.get('content-security-policy')).toContain(
      'frame-ancestors https://*.onoffice.de',
    )
    const page = await launched.text()
    const english = fake.estates.get(1)!.texts.ENG!
    expect(page).toContain(`<h1 id="title">${english.objekttitel}</h1>`)
    expect(page).not.toContain(fake.estates.get(1)!.texts.DEU!.objekttitel!)
    expect(page).toContain(':root{--ci:#2a6ebb}') // the fake's CI colour (basicsettings)
    expect(page).toMatch(/<img id="logo" src="data:image\/png;base64,[A-Za-z0-9+/=]+"/)
    expect(page).toMatch(/<img id="photo" class="photo" src="data:image\/png;base64,/)
    expect(page).toContain('>Speichern<') // UserLanguage DEU → German labels
    expect(page).toContain('<title>Exposé-Assistent</title>') // and the service's German name
    // Select fields by label in the user's language (the generated fieldLabels), not by key.
    expect(page).toContain(
      '<dl id="facts"><dt>Objektart</dt><dd>Wohnung</dd><dt>Vermarktungsart</dt><dd>Kauf</dd></dl>',
    )
    expect(page).toContain('<script src="onoffice.js"></script>') // the kit's browser helper, relative to /onoffice/service
    const helper = await request(new URL('onoffice.js', url).toString())
    expect(helper.status).toBe(200)
    expect(await helper.text()).toContain('postOrder')
    expect(page).not.toContain(claim) // the claim stays on the server (inside the encrypted session token)
    const session = sessionFrom(page)

    // Edit: written with estatelanguage ENG and this launch's claim; the German text is untouched.
    fake.clearReceived()
    const germanBefore = fake.estates.get(1)!.texts.DEU![TEXT_FIELD]
    const saved = await request(`${PUBLIC_URL}/onoffice/service/api/text`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Bright family home <b>with</b> garden.' }),
    })
    expect(saved.status).toBe(200)
    const modify = fake.receivedActions({ kind: 'modify', resourcetype: 'estate' })
    expect(modify).toHaveLength(1)
    expect(modify[0]!.resourceid).toBe('1')
    expect(modify[0]!.parameters).toMatchObject({
      estatelanguage: 'ENG',
      data: { [TEXT_FIELD]: 'Bright family home <b>with</b> garden.' },
    })
    expect(modify[0]!.claimIs(claim)).toBe(true)
    expect(fake.estates.get(1)!.texts.ENG![TEXT_FIELD]).toBe(
      'Bright family home <b>with</b> garden.',
    )
    expect(fake.estates.get(1)!.texts.DEU![TEXT_FIELD]).toBe(germanBefore)

    // The saved text comes back escaped on the next launch.
    const again = await (
      await request((await launchUrl(fake, PUBLIC_URL, { estateId: 1, language: 'ENG' })).url)
    ).text()
    expect(again).toContain('Bright family home &lt;b&gt;with&lt;/b&gt; garden.')

    // Buy: the server signs the order for this launch's parameterCacheId.
    const ordered = await request(`${PUBLIC_URL}/onoffice/service/api/order`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(ordered.status).toBe(200)
    const order = (await ordered.json()) as Record<string, unknown> & { callbackurl: string }
    expect(order).toMatchObject({
      parametercacheid: 'pc-buy-1',
      totalprice: PREMIUM.price,
      products: [
        { name: PREMIUM.name, price: PREMIUM.price, quantity: '1', circleofusers: 'customer' },
      ],
    })
    // order() binds the callback to the order it recorded in the ledger (ooref = orderId.customerWebId).
    expect(order.callbackurl).toMatch(
      new RegExp(
        `^${PUBLIC_URL.replace(/[.]/g, '\\.')}/onoffice/service/paid\\?lang=de&estateId=1&ooref=[0-9a-f]{24}\\.\\d+$`,
      ),
    )
    const verified = await verifyOrder(order as never, PROVIDER_SECRET)
    expect(verified.ok).toBe(true)

    // onOffice takes the payment and loads the signed callback URL in the iframe.
    const tx = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: PREMIUM.price,
    })
    const cb = new URL(order.callbackurl)
    cb.searchParams.set('status', 'success')
    cb.searchParams.set('transactionid', tx.transactionId)
    const callbackUrl = await signUrl(cb, PROVIDER_SECRET)
    const paid = await request(callbackUrl)
    expect(paid.status).toBe(200)
    expect(paid.headers.get('content-security-policy')).toContain('frame-ancestors')
    const paidPage = await paid.text()
    expect(paidPage).toContain('<h1 id="purchase" data-status="success">Kauf bestätigt</h1>')
    expect(paidPage).toContain(`<b>${tx.transactionId}</b>`)
    expect(paidPage).not.toContain('id="repeated"')
    expect(await (await request(callbackUrl)).text()).toContain('id="repeated"') // a reload is recognised

    // A tampered callback is refused.
    const tampered = new URL(callbackUrl)
    tampered.searchParams.set('transactionid', 'T-forged')
    expect((await request(tampered.toString())).status).toBe(403)
  })

  it('"Exposé speichern": a one-page SVG of the property in the launched language, uploaded as Art Expose with the claim', async () => {
    const { fake, request } = setup()
    await activate(request, fake, PUBLIC_URL)
    fake.estates.get(1)!.texts.ENG![TEXT_FIELD] = 'Garden & <terrace>, quiet street.'
    const { url, claim } = await launchUrl(fake, PUBLIC_URL, { estateId: 1, language: 'ENG' })
    const page = await (await request(url)).text()
    expect(page).toContain('>Exposé speichern<')
    fake.clearReceived()
    const saved = await request(`${PUBLIC_URL}/onoffice/service/api/expose`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sessionFrom(page)}`, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(saved.status).toBe(200)
    const body = (await saved.json()) as { fileId: number; file: string; message: string }
    expect(body).toMatchObject({ file: 'expose-1-eng.svg', message: 'Exposé gespeichert' })
    const file = fake.files.get(body.fileId)!
    expect(file).toMatchObject({
      module: 'estate',
      relatedRecordId: 1,
      art: 'Expose',
      originalName: 'expose-1-eng.svg',
      category: 'external',
    })
    expect(file.title).toBe(`Exposé ${fake.estates.get(1)!.texts.ENG!.objekttitel}`)
    const svg = new TextDecoder().decode(file.content!)
    expect(svg).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    )
    expect(svg).toContain('lang="ENG"')
    expect(svg).toContain(fake.estates.get(1)!.texts.ENG!.objekttitel!.replace(/&/g, '&#38;'))
    expect(svg).toContain('Living area')
    // The estate's text is escaped, never markup.
    expect(svg).toContain('Garden &#38; &#60;terrace&#62;, quiet street.')
    const steps = fake.receivedActions({ resourcetype: 'uploadfile' })
    expect(steps.map((a) => a.upload?.step)).toEqual(['block', 'link'])
    expect(steps.every((a) => a.claimIs(claim))).toBe(true)
    expect(
      (
        await request(`${PUBLIC_URL}/onoffice/service/api/expose`, {
          method: 'POST',
          headers: { accept: 'application/json' },
        })
      ).status,
    ).toBe(401)
  })

  it('shows select fields by label in the user’s language and writes through the generated validator', async () => {
    const { fake, request } = setup()
    await activate(request, fake, PUBLIC_URL)
    const english = await (
      await request(
        (
          await launchUrl(fake, PUBLIC_URL, { estateId: 3, language: 'DEU', userLanguage: 'ENG' })
        ).url,
      )
    ).text()
    // Estate 3 of the fake: objektart `buero_praxen`, vermarktungsart `miete` (keys on the wire).
    expect(fake.estates.get(3)!.fields).toMatchObject({
      objektart: 'buero_praxen',
      vermarktungsart: 'miete',
    })
    expect(english).toContain(
      '<dl id="facts"><dt>Type of property</dt><dd>Office/Practice</dd><dt>Type of marketing</dt><dd>Rent</dd></dl>',
    )
    fake.clearReceived()
    const saved = await request(`${PUBLIC_URL}/onoffice/service/api/text`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sessionFrom(english)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ text: 'Offices near the station.' }),
    })
    expect(saved.status).toBe(200)
    expect(fake.receivedActions({ kind: 'modify' }).map((a) => a.parameters.data)).toEqual([
      { [TEXT_FIELD]: 'Offices near the station.' },
    ])
  })

  it('refuses unsigned launches, session-less writes and bad texts', async () => {
    const { fake, request } = setup()
    await activate(request, fake, PUBLIC_URL)
    expect(
      (await request(`${PUBLIC_URL}/onoffice/service?customerWebId=12345&userId=17&estateId=1`))
        .status,
    ).toBe(403)
    const anonymous = await request(`${PUBLIC_URL}/onoffice/service/api/text`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: '{"text":"x"}',
    })
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('x-onoffice-relaunch')).toBe('1')
    const session = sessionFrom(
      await (
        await request((await launchUrl(fake, PUBLIC_URL, { estateId: 1, language: 'ENG' })).url)
      ).text(),
    )
    const bad = await request(`${PUBLIC_URL}/onoffice/service/api/text`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: '{"text":42}',
    })
    expect(bad.status).toBe(400)
    // A too-long description says why it was refused, in the user's language (UserLanguage DEU).
    const long = await request(`${PUBLIC_URL}/onoffice/service/api/text`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(MAX_TEXT + 1) }),
    })
    expect(long.status).toBe(400)
    expect(await long.json()).toEqual({
      error: 'text_too_long',
      message: `Nicht gespeichert: Die Beschreibung ist zu lang (höchstens ${MAX_TEXT} Zeichen).`,
    })
    expect(fake.receivedActions({ kind: 'modify' })).toHaveLength(0)
  })

  it('sells the Exposé-Abo, lists purchases, refunds a purchase, cancels the subscription; answers a webhook', async () => {
    const { fake, env, request } = setup()
    await activate(request, fake, PUBLIC_URL)
    const open = async () => {
      const page = await (
        await request((await launchUrl(fake, PUBLIC_URL, { estateId: 1, language: 'DEU' })).url)
      ).text()
      return { page, session: sessionFrom(page) }
    }
    const post = (session: string, path: string, body: unknown) =>
      request(`${PUBLIC_URL}/onoffice/service/api/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    // onOffice takes the payment and loads the signed callback (with aboid for the subscription).
    const pay = async (order: { callbackurl: string }, abo: boolean) => {
      const tx = fake.createTransaction({
        customerWebId: '12345',
        userId: '17',
        amount: abo ? ABO.monthlycosts : PREMIUM.price,
        kind: abo ? 'abo' : 'payment',
      })
      const cb = new URL(order.callbackurl)
      cb.searchParams.set('status', 'success')
      cb.searchParams.set('transactionid', tx.transactionId)
      if (tx.aboId) cb.searchParams.set('aboid', tx.aboId)
      const res = await request(await signUrl(cb, PROVIDER_SECRET))
      expect(res.status).toBe(200)
      return { ...tx, page: await res.text() }
    }

    let { page, session } = await open()
    expect(page).toContain('<h2 id="purchases-title">Ihre Käufe</h2>\n<p>Noch nichts gekauft.</p>')
    expect(page).toContain('>Exposé-Abo abschließen</button>')
    const aboOrder = (await (await post(session, 'order', { item: 'abo' })).json()) as {
      abo: Record<string, string>
      callbackurl: string
    }
    expect(aboOrder.abo).toEqual({ ...ABO, durationinmonth: '12' })
    expect(aboOrder.callbackurl).toMatch(
      /\/onoffice\/service\/paid\?lang=de&estateId=1&item=abo&ooref=/,
    )
    const abo = await pay(aboOrder, true)
    expect(abo.page).toContain('<h1 id="purchase" data-status="success">Kauf bestätigt</h1>')
    expect(abo.page).toContain(`<p>Exposé-Abo · #1</p>`)
    expect(abo.page).toContain(`Abo <b>${abo.aboId}</b>`)
    const premium = await pay(
      (await (await post(session, 'order', {})).json()) as { callbackurl: string },
      false,
    )

    ;({ page, session } = await open())
    expect(page).toContain(
      `<li>Exposé-Abo · Transaktion ${abo.transactionId} · Abo ${abo.aboId}<button type="button" class="secondary" data-cancel="${abo.aboId}">Kündigen</button></li>`,
    )
    expect(page).toContain(
      `<li>Premium-Exposé · Transaktion ${premium.transactionId}<button type="button" class="secondary" data-refund="${premium.transactionId}">Erstatten</button></li>`,
    )

    // Refund: onOffice (provider API user) first, then the ledger: the entitlement is gone.
    const refunded = await post(session, 'refund', { transactionId: premium.transactionId })
    expect(refunded.status).toBe(200)
    const r = (await refunded.json()) as { message: string; refresh: { onOfficeType: string } }
    expect(r.message).toBe(`Erstattet (Transaktion ${premium.transactionId})`)
    expect(r.refresh.onOfficeType).toBe('onOffice.service.refreshParent')
    expect(fake.transactions.get(premium.transactionId)!.refunded).toBe(true)
    expect((await post(session, 'refund', { transactionId: 'nope' })).status).toBe(404)
    // Twice: onOffice refuses (210 already refunded) and the service says so.
    const again = await post(session, 'refund', { transactionId: premium.transactionId })
    expect(again.status).toBe(409)

    // Cancel: marketplaceCancelAbo with the launch's claim, at the end of this month.
    const cancelled = await post(session, 'cancel', { aboId: abo.aboId })
    expect(cancelled.status).toBe(200)
    const c = (await cancelled.json()) as { cancelationDate: string }
    expect(c.cancelationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(fake.transactions.get(abo.transactionId)!.canceledFrom).toBe(c.cancelationDate)
    expect(fake.receivedActions({ resourcetype: 'marketplaceCancelAbo' })[0]!.hasClaim).toBe(true)

    ;({ page } = await open())
    expect(page).not.toContain('Premium-Exposé · Transaktion')
    expect(page).toContain(
      `<li>Exposé-Abo · Transaktion ${abo.transactionId} · Abo ${abo.aboId} · Gekündigt zum ${c.cancelationDate}</li>`,
    )

    // The webhook for property 1: verified like a launch, answered with the property's title.
    const hook = await request(
      (
        await launchUrl(fake, PUBLIC_URL, {
          estateId: 1,
          language: 'DEU',
          path: '/onoffice/webhook',
        })
      ).url,
    )
    expect(hook.status).toBe(200)
    expect(await hook.json()).toEqual({
      ok: true,
      estateId: '1',
      title: fake.estates.get(1)!.texts.DEU!.objekttitel,
    })
  })

  it('without the provider API user it lists purchases but offers no refund', async () => {
    const { fake, request } = setup({ refunds: false })
    await activate(request, fake, PUBLIC_URL)
    const { url } = await launchUrl(fake, PUBLIC_URL, { estateId: 1, language: 'DEU' })
    const session = sessionFrom(await (await request(url)).text())
    const order = (await (
      await request(`${PUBLIC_URL}/onoffice/service/api/order`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { callbackurl: string }
    const tx = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: PREMIUM.price,
    })
    const cb = new URL(order.callbackurl)
    cb.searchParams.set('status', 'success')
    cb.searchParams.set('transactionid', tx.transactionId)
    expect((await request(await signUrl(cb, PROVIDER_SECRET))).status).toBe(200)
    const page = await (
      await request((await launchUrl(fake, PUBLIC_URL, { estateId: 1, language: 'DEU' })).url)
    ).text()
    expect(page).toContain(`<li>Premium-Exposé · Transaktion ${tx.transactionId}</li>`)
    const refused = await request(`${PUBLIC_URL}/onoffice/service/api/refund`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sessionFrom(page)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ transactionId: tx.transactionId }),
    })
    expect(refused.status).toBe(501)
    expect(fake.transactions.get(tx.transactionId)!.refunded).toBe(false)
  })

  it('the Worker entry frames for FRAME_ANCESTORS in addition to onOffice', async () => {
    const { fake, env } = setup()
    // The entry uses the global fetch; the fake is only needed for a launch, so check a page that needs no API.
    const res = await worker.fetch(
      new Request(`${PUBLIC_URL}/onoffice/activate`, { headers: { accept: 'text/html' } }),
      { ...env, FRAME_ANCESTORS: 'http://127.0.0.1:8787' },
      { waitUntil() {}, passThroughOnException() {}, props: {} },
    )
    expect(res.status).toBe(403) // unsigned
    expect(res.headers.get('content-security-policy')).toMatch(
      /; frame-ancestors https:\/\/\*\.onoffice\.de https:\/\/\*\.onoffice\.com http:\/\/127\.0\.0\.1:8787$/,
    )
    void fake
  })
})
