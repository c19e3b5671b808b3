import { describe, expect, it } from 'vitest'
import {
  createHarness,
  documentHeaders,
  ENCRYPTION_KEY,
  extractActivationToken,
  fetchHeaders,
  useCanary,
} from './helpers.ts'

useCanary()

describe('activation', () => {
  it('page → unlock → record sealed in the KV → active', async () => {
    const h = createHarness()
    const { res, html, token, act } = await h.openActivation('1001', {
      customerName: 'Muster Immobilien GmbH',
      userId: '7',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    // A strict CSP: nothing from elsewhere, the page's own inline style and script by this response's nonce.
    const csp = res.headers.get('content-security-policy')!
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toBe(
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors https://*.onoffice.de https://*.onoffice.com`,
    )
    expect(html).toContain(`<style nonce="${nonce}">`)
    expect(html).toContain(`<script nonce="${nonce}">`)
    expect(res.headers.get('x-frame-options')).toBeNull()
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    // Self-contained: no stylesheet, font or script from another host.
    expect(html).not.toMatch(/(src|href)="https?:/)
    expect(html).not.toContain('<link')
    expect(html).toContain('<input type="hidden" name="activation"')
    // No length limits that would cut a paste short or pre-empt the kit's own message.
    expect(html).toMatch(/<input type="text" id="secret" name="apiKey"/)
    expect(html).not.toMatch(/maxlength|minlength/)
    expect(html).toContain('aria-describedby="oo-key-error"')
    expect(html).toMatch(/<input type="checkbox" id="oo-consent"/)
    expect(html).toMatch(
      /<button type="submit" id="oo-submit" disabled[^>]*>Jetzt freischalten<\/button>/,
    )
    expect(html).toContain("window.parent.postMessage('active', '*')")
    expect(html).toContain('action="/onoffice/activate"')
    expect(html).toContain('Muster Immobilien GmbH')
    expect(token.length).toBeGreaterThan(50)
    expect(h.kv.writes).toEqual([])
    expect(h.fake.isActivated('1001')).toBe(false)

    const post = await h.postActivation({ activation: token, apiKey: act.apiKey })
    expect(post.status).toBe(200)
    expect(await post.text()).toBe('active')
    expect(h.fake.isActivated('1001')).toBe(true)

    // unlockProvider went out with the activation claim and parameterCacheId
    const unlocks = h.fake.receivedActions({ resourcetype: 'unlockProvider' })
    expect(unlocks).toHaveLength(1)
    expect(unlocks[0]!.claimIs(act.apiClaim)).toBe(true)
    expect(unlocks[0]!.parameters.parameterCacheId).toBe(act.parameterCacheId)

    // the record: sealed at rest (no token or key in the stored JSON), opens with the key
    // one record write, under a per-record lease taken before and released after it
    const puts = h.kv.writes.filter((w) => w.startsWith('put '))
    expect(puts).toHaveLength(1)
    expect(puts[0]).toMatch(/^put installation:.*1001$/)
    expect((await h.kv.list('installation:lease:')).keys).toEqual([])
    const raw = (await h.kv.get(puts[0]!.slice('put '.length)))!
    expect(raw).toContain('"sealed"')
    expect(raw).not.toContain(act.apiKey)
    expect(raw).not.toContain(act.apiToken)
    const installation = await h.store().get('1001')
    expect(installation).toMatchObject({
      customerWebId: '1001',
      customerName: 'Muster Immobilien GmbH',
      status: 'active',
      apiToken: act.apiToken,
      apiSecret: act.apiKey,
      activatedByUserId: '7',
      parameterCacheId: act.parameterCacheId,
      activatedAt: h.clock.now,
    })
  })

  it('accepts the form as a document POST and answers with a page that posts "active" to the parent', async () => {
    const h = createHarness()
    const { token, act } = await h.openActivation('1002')
    const res = await h.postActivation(
      { activation: token, apiKey: act.apiKey, consent: '1' },
      { form: true, headers: documentHeaders },
    )
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain("window.parent.postMessage('active','*')")
    expect(html).toContain('Aktiv')
    expect(await h.store().get('1002')).not.toBeNull()
  })

  it('renders English by UserLanguage and by Accept-Language; the locale option wins', async () => {
    const h = createHarness()
    const byAccept = await h.openActivation('1003', {
      headers: { ...documentHeaders, 'accept-language': 'en-GB,en;q=0.9,de;q=0.5' },
    })
    expect(byAccept.html).toContain('<html lang="en">')
    expect(byAccept.html).toContain('Activate now')
    const byDefault = await h.openActivation('1004', {
      headers: { ...documentHeaders, 'accept-language': 'fr-FR' },
    })
    expect(byDefault.html).toContain('<html lang="de">')

    const act = await h.fake.startActivation({ customerWebId: '1005' })
    const url = await h.signed('/onoffice/activate', {
      ...activationParams('1005', act),
      UserLanguage: 'ENG',
    })
    const html = await (
      await h.request(url, { headers: { ...documentHeaders, 'accept-language': 'de' } })
    ).text()
    expect(html).toContain('Activate now')

    const fixed = createHarness({ locale: 'de' })
    const res = await fixed.openActivation('1006', {
      headers: { ...documentHeaders, 'accept-language': 'en' },
    })
    expect(res.html).toContain('Jetzt freischalten')
  })

  it('names the service and links its privacy policy in the consent sentence (options serviceName, privacyPolicyUrl)', async () => {
    const plain = await createHarness().openActivation('1020')
    expect(plain.html).toContain('<h1>Freischaltung</h1>')
    expect(plain.html).toContain('Ich stimme der Freischaltung zu: der Anbieter erhält Zugriff')
    expect(plain.html).not.toMatch(/Datenschutz/)

    const named = createHarness({
      serviceName: 'Exposé-Assistent',
      privacyPolicyUrl: 'https://provider.example/datenschutz?x=1&y=2',
    })
    const de = await named.openActivation('1021')
    expect(de.html).toContain('<title>Exposé-Assistent freischalten</title>')
    expect(de.html).toContain(
      'Ich habe die <a href="https://provider.example/datenschutz?x=1&amp;y=2" target="_blank" rel="noopener noreferrer">Datenschutzerklärung</a> von Exposé-Assistent zur Kenntnis genommen und stimme der Freischaltung zu.',
    )
    const en = await named.openActivation('1022', {
      headers: { ...documentHeaders, 'accept-language': 'en' },
    })
    expect(en.html).toContain('<h1>Activate Exposé-Assistent</h1>')
    expect(en.html).toContain(
      '>privacy policy</a> of Exposé-Assistent and agree to the activation.',
    )

    const onlyName = await createHarness({ serviceName: 'Exposé-Assistent' }).openActivation('1023')
    expect(onlyName.html).toContain(
      'Ich stimme der Freischaltung zu: Exposé-Assistent erhält Zugriff',
    )
    expect(onlyName.html).not.toMatch(/Datenschutz/)
  })

  it('the confirmation replaces the form: "Aktiv — Sie können dieses Fenster schließen" (DE/EN)', async () => {
    const h = createHarness()
    const de = await h.openActivation('1024')
    expect(de.html).toMatch(
      /<div id="oo-active"[^>]*role="status"[^>]*hidden><p class="oo-success">Aktiv — Sie können dieses Fenster schließen\.<\/p><\/div>/,
    )
    expect(de.html).toContain('form.remove()')
    const en = await h.openActivation('1025', {
      headers: { ...documentHeaders, 'accept-language': 'en' },
    })
    expect(en.html).toContain('Active — you can close this window.')
  })

  it('rejects bad serviceName / privacyPolicyUrl at construction, naming the option', () => {
    expect(() => createHarness({ serviceName: '' })).toThrow(/option `serviceName`/)
    expect(() => createHarness({ privacyPolicyUrl: 'http://provider.example/privacy' })).toThrow(
      /option `privacyPolicyUrl` must use https/,
    )
    expect(() => createHarness({ privacyPolicyUrl: 'javascript:alert(1)' })).toThrow(
      /option `privacyPolicyUrl`/,
    )
  })

  it('escapes the customer name', async () => {
    const h = createHarness()
    const { html } = await h.openActivation('1007', {
      customerName: '<script>alert("x")</script> & Co',
    })
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co')
  })

  it('re-activation replaces the token and is verified the same way', async () => {
    const h = createHarness()
    const first = await h.activate('1010')
    h.fake.block('1010')
    // onOffice issues a new API user on re-activation
    const second = await h.activate('1010')
    expect(second.apiToken).not.toBe(first.apiToken)
    const installation = await h.store().get('1010')
    expect(installation?.apiToken).toBe(second.apiToken)
    expect(installation?.apiSecret).toBe(second.apiKey)
    expect(installation?.status).toBe('active')
    expect(installation?.version).toBe(2)

    // a re-activation attempt with a wrong key writes nothing and keeps the working credentials
    const { token } = await h.openActivation('1010')
    const writes = h.kv.writes.length
    const res = await h.postActivation({ activation: token, apiKey: 'f'.repeat(64) })
    expect(res.status).toBe(403)
    expect(h.kv.writes.length).toBe(writes)
    expect((await h.store().get('1010'))?.apiToken).toBe(second.apiToken)
  })
})

function activationParams(
  customerWebId: string,
  act: { apiClaim: string; apiToken: string; parameterCacheId: string },
) {
  return {
    apiClaim: act.apiClaim,
    apiToken: act.apiToken,
    customerName: 'X',
    customerWebId,
    parameterCacheId: act.parameterCacheId,
    userId: '1',
  }
}

describe('activation failures write nothing', () => {
  it('a bad signature → bad link page, no token', async () => {
    const h = createHarness()
    const act = await h.fake.startActivation({ customerWebId: '2001' })
    const url = new URL(await h.signed('/onoffice/activate', activationParams('2001', act)))
    url.searchParams.set('customerWebId', '2002') // tampered
    const res = await h.request(url.toString(), { headers: documentHeaders })
    expect(res.status).toBe(403)
    const html = await res.text()
    expect(html).toContain('data-reason="bad_link"')
    expect(html).not.toContain('name="activation"')
    expect(h.kv.writes).toEqual([])
  })

  it('an expired link → expired page (JSON for fetch)', async () => {
    const h = createHarness()
    const act = await h.fake.startActivation({ customerWebId: '2003' })
    const url = await h.signed('/onoffice/activate', activationParams('2003', act))
    h.advance(301)
    const res = await h.request(url, { headers: fetchHeaders })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'expired_link' })
  })

  it('signed with the wrong secret, or with another publicUrl → bad link', async () => {
    const h = createHarness()
    const other = createHarness({ providerSecret: 'another-secret-xyz-123' })
    const act = await h.fake.startActivation({ customerWebId: '2004' })
    const url = await h.signed('/onoffice/activate', activationParams('2004', act))
    expect((await other.request(url, { headers: fetchHeaders })).status).toBe(403)
    const elsewhere = createHarness({ publicUrl: 'https://other.example' })
    expect(
      (
        await elsewhere.request(url.replace('provider.example', 'other.example'), {
          headers: fetchHeaders,
        })
      ).status,
    ).toBe(403)
  })

  it('a link whose apiToken is not 32 characters is refused before rendering', async () => {
    const h = createHarness()
    const act = await h.fake.startActivation({ customerWebId: '2005' })
    const url = await h.signed('/onoffice/activate', {
      ...activationParams('2005', act),
      apiToken: 'short',
    })
    const res = await h.request(url, { headers: fetchHeaders })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'api_token_malformed' })
  })

  const cases: Array<
    [string, (key: string, token: string) => Record<string, string>, number, string]
  > = [
    ['a missing key', (_k, t) => ({ activation: t }), 422, 'api_key_missing'],
    [
      'a key of the wrong length',
      (k, t) => ({ activation: t, apiKey: k.slice(0, 60) }),
      422,
      'api_key_length',
    ],
    [
      'a key that is too long',
      (k, t) => ({ activation: t, apiKey: `${k}x` }),
      422,
      'api_key_length',
    ],
    [
      'a key with a space inside',
      (k, t) => ({ activation: t, apiKey: `${k.slice(0, 30)} ${k.slice(31)}` }),
      422,
      'api_key_chars',
    ],
    [
      'a whole line pasted ("API-Key: …")',
      (k, t) => ({ activation: t, apiKey: `API-Key: ${k}` }),
      422,
      'api_key_chars',
    ],
    [
      'a key with a non-ASCII character',
      (k, t) => ({ activation: t, apiKey: `${k.slice(0, 63)}ä` }),
      422,
      'api_key_chars',
    ],
    [
      'a wrong key (onOffice refuses)',
      (_k, t) => ({ activation: t, apiKey: 'a'.repeat(64) }),
      403,
      'unlock_refused',
    ],
    [
      'a forged activation token',
      (k) => ({ activation: 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z', apiKey: k }),
      403,
      'activation_invalid',
    ],
    ['no activation token', (k) => ({ apiKey: k }), 400, 'bad_request'],
  ]
  for (const [name, body, status, reason] of cases) {
    it(`${name} → ${status} ${reason}, nothing written`, async () => {
      const h = createHarness()
      const { token, act } = await h.openActivation('2010')
      const res = await h.postActivation(body(act.apiKey, token))
      expect(res.status).toBe(status)
      const json = (await res.json()) as { error: string; message: string }
      expect(json.error).toBe(reason)
      expect(json.message.length).toBeGreaterThan(20)
      expect(h.kv.writes).toEqual([])
      expect(await h.store().get('2010')).toBeNull()
      expect(h.fake.isActivated('2010')).toBe(false)
    })
  }

  it('the API token pasted instead of the key → a message that says so', async () => {
    const h = createHarness()
    const { token, act } = await h.openActivation('2011')
    const res = await h.postActivation({ activation: token, apiKey: act.apiToken })
    expect(res.status).toBe(422)
    const json = (await res.json()) as { error: string; message: string }
    expect(json.error).toBe('api_key_is_token')
    expect(json.message).toMatch(/API-Token \(32 Zeichen\), nicht der API-Key/)
    expect(h.kv.writes).toEqual([])
  })

  it('surrounding whitespace of a paste is not part of the key', async () => {
    const h = createHarness()
    const { token, act } = await h.openActivation('2017')
    const res = await h.postActivation({ activation: token, apiKey: `\n  ${act.apiKey}\t ` })
    expect(res.status).toBe(200)
    expect((await h.store().get('2017'))?.apiSecret).toBe(act.apiKey)
  })

  it('an expired activation token → activation_expired (HTML for a document POST)', async () => {
    const h = createHarness()
    const { token, act } = await h.openActivation('2012')
    h.advance(16 * 60)
    const res = await h.postActivation(
      { activation: token, apiKey: act.apiKey },
      { form: true, headers: documentHeaders },
    )
    expect(res.status).toBe(410)
    const html = await res.text()
    expect(html).toContain('data-reason="activation_expired"')
    expect(html).toContain('abgelaufen')
    expect(h.kv.writes).toEqual([])
    expect(h.fake.isActivated('2012')).toBe(false)
  })

  it('a session token in place of the activation token → rejected', async () => {
    const h = createHarness()
    await h.activate('2013')
    const launched = (await (await h.launch('2013')).json()) as { sessionToken: string }
    const writes = h.kv.writes.length
    const { act } = await h.openActivation('2014')
    const res = await h.postActivation({ activation: launched.sessionToken, apiKey: act.apiKey })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: string }).error).toBe('activation_invalid')
    expect(h.kv.writes.length).toBe(writes)
  })

  it('onOffice unreachable → 502, nothing written', async () => {
    const h = createHarness()
    const { token, act } = await h.openActivation('2015')
    h.fake.faults.next({ type: 'http', status: 503 }, { times: 10 })
    const res = await h.postActivation({ activation: token, apiKey: act.apiKey })
    expect(res.status).toBe(502)
    expect(((await res.json()) as { error: string }).error).toBe('upstream_unavailable')
    expect(h.kv.writes).toEqual([])
  })

  it('the KV failing after a successful unlock → 503 and no record', async () => {
    const h = createHarness()
    const { token, act } = await h.openActivation('2016')
    h.kv.failing = true
    const res = await h.postActivation({ activation: token, apiKey: act.apiKey })
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: string }).error).toBe('store_unavailable')
    h.kv.failing = false
    expect(await h.store().get('2016')).toBeNull()
    // the admin retries with the same page: works
    const retry = await h.postActivation({ activation: token, apiKey: act.apiKey })
    expect(retry.status).toBe(200)
    expect((await h.store().get('2016'))?.apiSecret).toBe(act.apiKey)
  })

  it('the record is sealed with the configured key (another key cannot open it)', async () => {
    const h = createHarness()
    await h.activate('2017')
    const { createInstallationStore } = await import('../../src/store/index.ts')
    const wrong = createInstallationStore(h.kv, { encryptionKey: ENCRYPTION_KEY.replace('0', 'X') })
    await expect(wrong.get('2017')).rejects.toThrow(/key id/)
    expect(extractActivationToken).toBeTypeOf('function')
  })
})
