import { describe, expect, it } from 'vitest'
import { createFakeOnOffice, createSimulator } from '../../../src/testing/index.ts'
import { createWorld, PROVIDER, PROVIDER_SECRET } from './helpers.ts'

const IDS = [
  'service-card',
  'activate',
  'status',
  'api-key-box',
  'api-key',
  'copy-api-key',
  'estates',
  'estate-row-1',
  'estate-title-1',
  'language-1',
  'open-service-1',
  'provider-window',
  'provider-title',
  'provider-close',
  'provider-frame',
  'payment-dialog',
  'payment-items',
  'payment-total',
  'payment-outcome-success',
  'payment-outcome-inprocess',
  'payment-outcome-error',
  'payment-buy',
  'payment-cancel',
  'last-payment',
  'error',
  'refresh-count',
  'log',
  'copy-status',
  'new-api-key',
  'webhook-1',
  'webhook-answer',
  'purchases',
  'purchase-rows',
  'purchases-refresh',
]

describe('host page', () => {
  it('renders the Marketplace with the service, the properties and every stable id (id and data-testid)', async () => {
    const w = createWorld()
    const res = await w.sim.fetch('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    for (const id of IDS) {
      expect(html, id).toContain(`id="${id}" data-testid="${id}"`)
    }
    expect(html).toContain('<html lang="de">')
    expect(html).toContain('>Marketplace</h2>')
    expect(html).toContain('>Aktivieren</button>')
    expect(html).toContain('Anbieter: 127.0.0.1:8788')
    expect(html).toMatch(
      /id="status" data-testid="status" data-state="inactive">Nicht freigeschaltet</,
    )
    expect(html).toContain('>Service öffnen</button>')
    expect(html).toContain('Muster Immobilien GmbH &amp; Co. KG')
    // offline: no external resources
    expect(html).not.toMatch(/(src|href)="https?:/)
    expect(html).toContain('<script src="sim/page.js"></script>')
    // a strict CSP: its own script file, its inline style by nonce, frames only from the provider
    const csp = res.headers.get('content-security-policy')!
    const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1]
    expect(html).toContain(`<style nonce="${nonce}">`)
    expect(csp).toBe(
      `default-src 'none'; script-src 'self'; style-src 'nonce-${nonce}'; img-src 'self' data:; connect-src 'self'; frame-src http://127.0.0.1:8788; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`,
    )
    // the key sits in the activation window, above the provider's iframe
    expect(html.indexOf('id="api-key-box"')).toBeGreaterThan(html.indexOf('id="provider-window"'))
    expect(html.indexOf('id="api-key-box"')).toBeLessThan(html.indexOf('id="provider-frame"'))
    expect(html).toContain('>Neuen Key erzeugen</button>')
    // the provider secret never reaches the browser
    expect(html).not.toContain(PROVIDER_SECRET)
  })

  it('offers DEU/ENG for the multilingual estate with both titles, and only the main language for others', async () => {
    const w = createWorld()
    const html = await (await w.sim.fetch('/')).text()
    expect(html).toContain('<option value="DEU" data-title="Traumhaus mit Garten in Aachen">')
    expect(html).toContain('<option value="ENG" data-title="Dream house with garden in Aachen">')
    expect(html).toMatch(
      /id="estate-title-1" data-testid="estate-title-1">Traumhaus mit Garten in Aachen</,
    )
    expect(html).not.toContain('id="language-3"')
    expect(html).toContain('id="open-service-3"')
  })

  it('lists the estates given in the options; shows "Aktiv" when the customer is already activated', async () => {
    const w = createWorld({ estates: [2, 4] })
    let html = await (await w.sim.fetch('/')).text()
    expect(html).toContain('id="estate-row-2"')
    expect(html).toContain('id="estate-row-4"')
    expect(html).not.toContain('id="estate-row-1"')
    const { activate } = await import('./helpers.ts')
    await activate(w)
    html = await (await w.sim.fetch('/')).text()
    expect(html).toMatch(/data-state="active">Aktiv</)
  })

  it('serves the page script: it forwards postMessage from the iframe only, and has no secret', async () => {
    const w = createWorld()
    const res = await w.sim.fetch('/sim/page.js')
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    const js = await res.text()
    expect(js).toContain('event.source !== frame.contentWindow')
    expect(js).toContain("post('sim/message'")
    expect(js).toContain("setStatus('active', 'Aktiv')")
    // one language: statuses in German words, never the protocol's codes
    expect(js).toContain("success: 'bezahlt'")
    expect(js).not.toMatch(/'Zahlung ' \+ r\.status/)
    expect(js).not.toContain(PROVIDER_SECRET)
    expect(() => new Function(js)).not.toThrow()
  })

  it('escapes what it shows from the fake', async () => {
    const fake = createFakeOnOffice()
    fake.estates.get(1)!.texts.DEU!.objekttitel = '<img src=x onerror=alert(1)>'
    const sim = createSimulator({
      provider: PROVIDER,
      providerSecret: PROVIDER_SECRET,
      fake,
      customer: { customerName: '"Quote" & <Co>' },
    })
    const html = await (await sim.fetch('/')).text()
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('&quot;Quote&quot; &amp; &lt;Co&gt;')
  })
})

describe('options', () => {
  const fake = createFakeOnOffice()
  it.each([
    [{ provider: '', providerSecret: 's', fake }, /`provider` is required/],
    [
      { provider: 'ftp://x/onoffice', providerSecret: 's', fake },
      /`provider` must be an http\(s\) URL/,
    ],
    [
      { provider: 'http://x/onoffice?a=1', providerSecret: 's', fake },
      /`provider` must not contain a query/,
    ],
    [{ provider: 'http://x/onoffice', providerSecret: '', fake }, /`providerSecret` is required/],
    [
      { provider: 'http://x/onoffice', providerSecret: 's', fake: {} },
      /`fake` must be a fake onOffice/,
    ],
    [
      { provider: 'http://x/onoffice', providerSecret: 's', fake, serviceUrl: 'nope' },
      /`serviceUrl` must be an absolute/,
    ],
    [
      { provider: 'http://x/onoffice', providerSecret: 's', fake, estates: [999] },
      /`estates` lists 999/,
    ],
    [
      { provider: 'http://x/onoffice', providerSecret: 's', fake, customer: { userId: '' } },
      /`customer.userId` must be a non-empty string/,
    ],
    [
      { provider: 'http://x/onoffice', providerSecret: 's', fake, now: 5 },
      /`now` must be a function/,
    ],
  ])('rejects %j', (options, message) => {
    expect(() => createSimulator(options as never)).toThrow(message)
  })

  it('never puts the secret into a message', () => {
    try {
      createSimulator({ provider: 'bad', providerSecret: 'very-secret-value', fake })
      expect.fail('should throw')
    } catch (err) {
      expect(String(err)).not.toContain('very-secret-value')
    }
  })
})
