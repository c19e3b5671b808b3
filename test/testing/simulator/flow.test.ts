import { describe, expect, it } from 'vitest'
import { createClient } from '../../../src/api/index.ts'
import {
  signServiceMessage,
  verifyCallback,
  verifySignedUrl,
} from '../../../src/marketplace/index.ts'
import { activate as activateApp, createSimulator } from '../../../src/testing/index.ts'
import type { MessageResult, PaymentDialog, PaymentResultBody } from '../../../src/testing/index.ts'
import { activate, createWorld, launch, PROVIDER, PROVIDER_SECRET, START } from './helpers.ts'

describe('activation', () => {
  it('signs the activation URL like onOffice; the provider activates with the shown key; "active" is recognised', async () => {
    const w = createWorld()
    const { status, body } = await w.simJson<{
      activationUrl: string
      apiKey: string
      customerWebId: string
      parameterCacheId: string
    }>('/sim/activate')
    expect(status).toBe(200)
    expect(body.apiKey).toMatch(/^[A-Za-z0-9]{64}$/)
    expect(body.customerWebId).toBe('12345')
    const url = new URL(body.activationUrl)
    expect(`${url.origin}${url.pathname}`).toBe(`${PROVIDER}/activate`)
    const v = await verifySignedUrl(body.activationUrl, { secret: PROVIDER_SECRET, now: w.now })
    expect(v.ok).toBe(true)
    if (!v.ok) return
    expect(Object.keys(v.params).sort()).toEqual([
      'apiClaim',
      'apiToken',
      'customerName',
      'customerWebId',
      'parameterCacheId',
      'timestamp',
      'userId',
    ])
    expect(v.params).toMatchObject({
      customerWebId: '12345',
      userId: '17',
      customerName: 'Muster Immobilien GmbH & Co. KG',
      parameterCacheId: body.parameterCacheId,
      timestamp: String(START / 1000),
    })
    expect(v.params.apiToken).toHaveLength(32)
    expect(
      (await verifySignedUrl(body.activationUrl, { secret: 'another-secret', now: w.now })).ok,
    ).toBe(false)

    // before the provider unlocked: 'active' is shown, but the simulator says unlockProvider did not happen
    expect((await w.simJson<MessageResult>('/sim/message', { data: 'active' })).body).toEqual({
      kind: 'active',
      activated: false,
    })

    // The provider's page → POST → unlockProvider (onoffice-kit/testing's activate, on the simulator's URL).
    const done = await activateApp(w.provider, w.fake, {
      url: body.activationUrl,
      apiKey: body.apiKey,
    })
    expect(done.answer).toEqual({ status: 200, text: 'active' })
    expect(w.fake.isActivated('12345')).toBe(true)
    const unlock = w.fake.receivedActions({ resourcetype: 'unlockProvider' })
    expect(unlock).toHaveLength(1)
    expect(unlock[0]!.claimIs(v.params.apiClaim!)).toBe(true)

    expect((await w.simJson<MessageResult>('/sim/message', { data: 'active' })).body).toEqual({
      kind: 'active',
      activated: true,
    })
    expect(
      (await w.simJson<MessageResult>('/sim/message', { data: "'active'" })).body,
    ).toMatchObject({ kind: 'active' })
    expect((await w.simJson<MessageResult>('/sim/message', { data: 'hello' })).body).toEqual({
      kind: 'unknown',
    })
  })

  it('re-opening a pending activation shows the same key (freshly signed); "Neuen Key erzeugen" issues another', async () => {
    const w = createWorld()
    const first = (
      await w.simJson<{ apiKey: string; activationUrl: string; renewed: boolean }>('/sim/activate')
    ).body
    expect(first.renewed).toBe(true)
    w.clock.now += 60_000
    const again = (
      await w.simJson<{ apiKey: string; activationUrl: string; renewed: boolean }>('/sim/activate')
    ).body
    expect(again.apiKey).toBe(first.apiKey)
    expect(again.renewed).toBe(false)
    expect(new URL(again.activationUrl).searchParams.get('timestamp')).toBe(
      String((START + 60_000) / 1000),
    )
    expect(new URL(again.activationUrl).searchParams.get('apiToken')).toBe(
      new URL(first.activationUrl).searchParams.get('apiToken'),
    )
    const renewed = (
      await w.simJson<{ apiKey: string; renewed: boolean }>('/sim/activate', { renew: true })
    ).body
    expect(renewed.apiKey).not.toBe(first.apiKey)
    expect(renewed.renewed).toBe(true)
    // the key copied before re-opening still activates
    const key = (await w.simJson<{ apiKey: string }>('/sim/activate')).body.apiKey
    expect(key).toBe(renewed.apiKey)
    const { apiKey } = await activate(w)
    expect(apiKey).toBe(renewed.apiKey)
    expect(w.fake.isActivated('12345')).toBe(true)
  })

  it('re-activation hands out a new API user', async () => {
    const w = createWorld()
    const first = await activate(w)
    const second = await activate(w)
    expect(second.apiKey).not.toBe(first.apiKey)
    expect(w.fake.isActivated('12345')).toBe(true)
  })
})

describe('service launch', () => {
  it('signs the launch URL with a fresh claim; the language switch reaches the provider', async () => {
    const w = createWorld({ customer: { groupId: '3' } })
    await activate(w)
    const eng = await launch(w, 1, 'ENG')
    const v = await verifySignedUrl(eng.url, { secret: PROVIDER_SECRET, now: w.now })
    expect(v.ok).toBe(true)
    if (!v.ok) return
    expect(`${new URL(eng.url).origin}${new URL(eng.url).pathname}`).toBe(`${PROVIDER}/service`)
    expect(Object.keys(v.params).sort()).toEqual([
      'UserLanguage',
      'apiClaim',
      'customerName',
      'customerWebId',
      'estateId',
      'groupId',
      'language',
      'parameterCacheId',
      'timestamp',
      'userId',
    ])
    expect(v.params).toMatchObject({
      customerWebId: '12345',
      userId: '17',
      estateId: '1',
      language: 'ENG',
      UserLanguage: 'DEU',
      groupId: '3',
      parameterCacheId: eng.parameterCacheId,
    })
    expect(eng.json.title).toBe('Dream house with garden in Aachen')
    expect(eng.json.language).toBe('ENG')
    // the provider read the estate with this launch's claim
    const reads = w.fake.receivedActions({ resourcetype: 'estate' })
    expect(reads.at(-1)!.claimIs(v.params.apiClaim!)).toBe(true)

    const deu = await launch(w, '1', 'DEU')
    expect(deu.json.title).toBe('Traumhaus mit Garten in Aachen')
    const deuClaim = new URL(deu.url).searchParams.get('apiClaim')
    expect(deuClaim).not.toBe(v.params.apiClaim)
    expect(deu.parameterCacheId).not.toBe(eng.parameterCacheId)

    // default language = the estate's main language; no groupId unless configured
    const plain = createWorld()
    await activate(plain)
    const r = await launch(plain, 3)
    const p = new URL(r.url).searchParams
    expect(p.get('language')).toBe('DEU')
    expect(p.has('groupId')).toBe(false)
  })

  it('refuses unknown estates and languages', async () => {
    const w = createWorld()
    expect(await w.simJson('/sim/launch', { estateId: 999 })).toEqual({
      status: 400,
      body: { ok: false, reason: 'unknown_estate' },
    })
    expect(await w.simJson('/sim/launch', { estateId: 3, language: 'ENG' })).toEqual({
      status: 400,
      body: { ok: false, reason: 'unknown_language' },
    })
  })

  it('uses the configured serviceUrl and keeps its own parameters signed', async () => {
    const w = createWorld({ serviceUrl: 'http://127.0.0.1:8788/expose?variant=b' })
    const { body } = await w.simJson<{ url: string }>('/sim/launch', {
      estateId: 1,
      language: 'ENG',
    })
    const url = new URL(body.url)
    expect(url.pathname).toBe('/expose')
    expect(url.searchParams.get('variant')).toBe('b')
    expect((await verifySignedUrl(body.url, { secret: PROVIDER_SECRET, now: w.now })).ok).toBe(true)
  })
})

describe('orders and payments', () => {
  it('verifies a signed order, shows the dialog, takes the payment in the fake and loads a signed callback', async () => {
    const w = createWorld()
    await activate(w)
    const { json, parameterCacheId } = await launch(w, 1, 'ENG')
    expect(json.order.parametercacheid).toBe(parameterCacheId)

    const msg = await w.simJson<MessageResult>('/sim/message', { data: JSON.stringify(json.order) })
    expect(msg.body).toMatchObject({ kind: 'order', ok: true })
    const dialog = (msg.body as { dialog: PaymentDialog }).dialog
    expect(dialog).toMatchObject({
      kind: 'products',
      items: [{ name: 'Premium-Exposé', price: '19.90', quantity: '1', circleofusers: 'customer' }],
      total: '19.90',
      // order() bound the callback to the order it recorded (ooref = orderId.customerWebId).
      callbackUrl: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:8788\/onoffice\/paid\?ref=7&ooref=[0-9a-f]{24}\.\d+$/,
      ),
    })

    w.clock.now += 30_000 // the user took a while in the dialog
    const paid = await w.simJson<PaymentResultBody>('/sim/pay', {
      paymentId: dialog.paymentId,
      outcome: 'success',
    })
    expect(paid.status).toBe(200)
    const result = paid.body as Extract<PaymentResultBody, { ok: true }>
    expect(result).toMatchObject({ ok: true, status: 'success' })
    const tx = w.fake.transactions.get(result.transactionId!)
    expect(tx).toMatchObject({
      customerWebId: '12345',
      userId: '17',
      amount: '19.90',
      kind: 'payment',
      status: 'success',
    })

    const cb = await verifyCallback(result.callbackUrl, { secret: PROVIDER_SECRET, now: w.now })
    expect(cb.ok).toBe(true)
    if (!cb.ok) return
    expect(cb.payment).toMatchObject({ status: 'success', transactionId: result.transactionId })
    expect(cb.payment.referenceId).toMatch(/^SIM-/)
    expect(cb.params).toMatchObject({
      ref: '7',
      message: '',
      timestamp: String((START + 30_000) / 1000),
    })
    expect((await verifyCallback(result.callbackUrl, { secret: 'wrong', now: w.now })).ok).toBe(
      false,
    )

    // the provider's callback() accepts it
    const provider = await w.providerRequest(result.callbackUrl)
    expect(provider.status).toBe(200)
    expect(await provider.json()).toMatchObject({
      payment: { status: 'success', transactionId: result.transactionId, repeated: false },
    })

    // a held order is paid once
    expect(
      await w.simJson('/sim/pay', { paymentId: dialog.paymentId, outcome: 'success' }),
    ).toEqual({ status: 404, body: { ok: false, reason: 'unknown_payment' } })
  })

  it('an abo creates an abo transaction with aboid in the callback', async () => {
    const w = createWorld()
    await activate(w)
    const { json } = await launch(w, 2, 'DEU')
    const msg = await w.simJson<{ dialog: PaymentDialog }>('/sim/message', {
      data: JSON.stringify(json.abo),
    })
    expect(msg.body.dialog).toMatchObject({
      kind: 'abo',
      total: '9.50',
      abo: { durationinmonth: '12', monthlycosts: '9.50' },
      items: [{ name: 'Exposé-Abo' }],
    })
    const paid = (
      await w.simJson<Extract<PaymentResultBody, { ok: true }>>('/sim/pay', {
        paymentId: msg.body.dialog.paymentId,
        outcome: 'success',
      })
    ).body
    expect(paid.aboId).toBeTruthy()
    expect(w.fake.transactions.get(paid.transactionId!)).toMatchObject({
      kind: 'abo',
      amount: '9.50',
      aboId: paid.aboId,
    })
    const cb = await verifyCallback(paid.callbackUrl, { secret: PROVIDER_SECRET, now: w.now })
    expect(cb.ok && cb.payment.aboId).toBe(paid.aboId)
  })

  it('simulates SEPA (inprocess) and a failed payment', async () => {
    const w = createWorld()
    await activate(w)
    const { json } = await launch(w, 1)
    const hold = async () =>
      (
        await w.simJson<{ dialog: PaymentDialog }>('/sim/message', {
          data: JSON.stringify(json.order),
        })
      ).body.dialog.paymentId

    const sepa = (
      await w.simJson<Extract<PaymentResultBody, { ok: true }>>('/sim/pay', {
        paymentId: await hold(),
        outcome: 'inprocess',
      })
    ).body
    expect(w.fake.transactions.get(sepa.transactionId!)).toMatchObject({
      kind: 'sepa',
      status: 'inprocess',
    })
    const sepaCb = await verifyCallback(sepa.callbackUrl, { secret: PROVIDER_SECRET, now: w.now })
    expect(sepaCb.ok && sepaCb.payment.status).toBe('inprocess')

    const count = w.fake.transactions.size
    const failed = (
      await w.simJson<Extract<PaymentResultBody, { ok: true }>>('/sim/pay', {
        paymentId: await hold(),
        outcome: 'error',
      })
    ).body
    expect(failed.transactionId).toBeUndefined()
    expect(w.fake.transactions.size).toBe(count)
    const failedCb = await verifyCallback(failed.callbackUrl, {
      secret: PROVIDER_SECRET,
      now: w.now,
    })
    expect(failedCb.ok && failedCb.payment).toMatchObject({
      status: 'error',
      message: 'Die Zahlung wurde abgelehnt (simuliert).',
    })

    expect(
      (await w.simJson('/sim/pay', { paymentId: await hold(), outcome: 'refund' })).body,
    ).toEqual({ ok: false, reason: 'bad_outcome' })
    const cancelled = await hold()
    expect((await w.simJson('/sim/cancel', { paymentId: cancelled })).body).toEqual({ ok: true })
    expect((await w.simJson('/sim/pay', { paymentId: cancelled, outcome: 'success' })).status).toBe(
      404,
    )
  })

  it('rejects tampered, wrongly signed, stale and foreign orders', async () => {
    const w = createWorld()
    await activate(w)
    const { json } = await launch(w, 1)
    const tampered = {
      ...json.order,
      totalprice: '0.01',
      products: [{ ...(json.order.products as object[])[0], price: '0.01' }],
    }
    expect((await w.simJson('/sim/message', { data: JSON.stringify(tampered) })).body).toEqual({
      kind: 'order',
      ok: false,
      reason: 'bad_signature',
    })
    expect(
      (
        await w.simJson('/sim/message', {
          data: JSON.stringify({ ...json.order, signature: 'zz' }),
        })
      ).body,
    ).toMatchObject({ kind: 'order', ok: false })

    // the same order, received by a simulator that expects another provider secret
    const other = createSimulator({
      provider: PROVIDER,
      providerSecret: 'not-the-provider-secret',
      fake: w.fake,
      now: w.now,
    })
    const rejected = await other.fetch('/sim/message', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: JSON.stringify(json.order) }),
    })
    expect(await rejected.json()).toEqual({ kind: 'order', ok: false, reason: 'bad_signature' })

    // an order for a launch this simulator never made
    const elsewhere = createWorld()
    await activate(elsewhere)
    const unknownLaunch = await launch(elsewhere, 1)
    expect(
      (await w.simJson('/sim/message', { data: JSON.stringify(unknownLaunch.json.order) })).body,
    ).toEqual({ kind: 'order', ok: false, reason: 'unknown_parametercacheid' })

    w.clock.now += 2 * 3600_000
    expect((await w.simJson('/sim/message', { data: JSON.stringify(json.order) })).body).toEqual({
      kind: 'order',
      ok: false,
      reason: 'stale',
    })
  })
})

describe('service messages', () => {
  it('verifies refreshParent, refreshParentAndClose and closeProviderWindow', async () => {
    const w = createWorld()
    await activate(w)
    const { parameterCacheId } = await launch(w, 1)
    const cases = [
      ['onOffice.service.refreshParent', 'refresh'],
      ['onOffice.service.refreshParentAndClose', 'refreshAndClose'],
      ['onOffice.service.closeProviderWindow', 'close'],
    ] as const
    for (const [type, action] of cases) {
      const msg = await signServiceMessage(type, parameterCacheId, PROVIDER_SECRET, { now: w.now })
      expect((await w.simJson('/sim/message', { data: JSON.stringify(msg) })).body).toEqual({
        kind: 'service',
        ok: true,
        type,
        action,
      })
    }
    const bad = await signServiceMessage(
      'onOffice.service.refreshParent',
      parameterCacheId,
      'wrong-secret',
      { now: w.now },
    )
    expect((await w.simJson('/sim/message', { data: JSON.stringify(bad) })).body).toEqual({
      kind: 'service',
      ok: false,
      reason: 'bad_signature',
      type: 'onOffice.service.refreshParent',
    })
    const unsigned = {
      onOfficeType: 'onOffice.service.closeProviderWindow',
      parametercacheid: parameterCacheId,
    }
    expect(
      (await w.simJson('/sim/message', { data: JSON.stringify(unsigned) })).body,
    ).toMatchObject({ kind: 'service', ok: false })
    const foreign = await signServiceMessage(
      'onOffice.service.refreshParent',
      'not-a-launch',
      PROVIDER_SECRET,
      { now: w.now },
    )
    expect((await w.simJson('/sim/message', { data: JSON.stringify(foreign) })).body).toMatchObject(
      { kind: 'service', ok: false, reason: 'unknown_parametercacheid' },
    )
  })
})

describe('the fake API on the same server', () => {
  it('answers /api/stable/api.php and /api/latest/api.php by delegating to the fake', async () => {
    const w = createWorld()
    const { token, secret } = w.fake.addApiUser()
    for (const version of ['stable', 'latest'] as const) {
      const client = createClient({
        token,
        secret,
        apiVersion: version,
        endpoint: `http://simulator.local/api/${version}/api.php`,
        fetch: w.sim.fetch as typeof fetch,
        now: w.now,
      })
      const r = await client.read('estate', { data: ['Id', 'objekttitel'], listlimit: 2 })
      expect(r.records).toHaveLength(2)
    }
    expect(w.fake.received).toHaveLength(2)
    expect(w.fake.received.map((r) => r.apiVersion)).toEqual(['stable', 'latest'])
  })

  it('the activated customer reads basicsettings through the simulator with the shown key and a launch claim', async () => {
    const w = createWorld()
    const { apiKey, activationUrl } = await activate(w)
    const apiToken = new URL(activationUrl).searchParams.get('apiToken')!
    const { url } = await launch(w, 1)
    const claim = new URL(url).searchParams.get('apiClaim')!
    const client = createClient({
      token: apiToken,
      secret: apiKey,
      endpoint: 'http://simulator.local/api/stable/api.php',
      fetch: w.sim.fetch as typeof fetch,
      now: w.now,
    })
    const settings = await client.withClaim(claim).settings.basic()
    expect(settings.color).toBe('#2a6ebb')
    await expect(client.settings.basic()).rejects.toMatchObject({ errorCode: 193 })
    const status = await (await w.sim.fetch('/sim/status')).json()
    expect(status).toEqual({
      customerWebId: '12345',
      activated: true,
      provider: PROVIDER,
      activationUrl: `${PROVIDER}/activate`,
      serviceUrl: `${PROVIDER}/service`,
      webhookUrl: `${PROVIDER}/webhook`,
    })
  })
})
