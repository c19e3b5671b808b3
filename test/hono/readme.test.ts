import { Hono } from 'hono'
import { html, raw } from 'hono/html'
import { describe, expect, it } from 'vitest'
import { onOffice } from '../../src/hono/index.ts'
import type { OnOfficeEnv } from '../../src/hono/index.ts'
import { memoryKv } from '../../src/store/index.ts'
import { createFakeOnOffice, signLaunchUrl } from '../../src/testing/index.ts'
import { canary, ENCRYPTION_KEY, extractActivationToken, PROVIDER_SECRET, SESSION_SECRET, useCanary } from './helpers.ts'

useCanary()

// The README's "Mounting into an existing Hono app" snippet, with bindings and the fake instead of production.
type Bindings = { PROVIDER_SECRET: string; SESSION_SECRET: string; ENCRYPTION_KEY: string }

describe('README snippet', () => {
  it('activation, launch with frame headers, session write in the launched language', async () => {
    const fake = createFakeOnOffice()
    const kv = memoryKv()
    const oo = onOffice<{ Bindings: Bindings }>({
      publicUrl: 'https://provider.example',
      providerSecret: (c) => c.env.PROVIDER_SECRET,
      sessionSecret: (c) => c.env.SESSION_SECRET,
      encryptionKey: (c) => c.env.ENCRYPTION_KEY,
      kv: () => kv,
      endpoint: fake.endpoint,
      fetch: fake.fetch,
    })
    const app = new Hono<OnOfficeEnv<{ Bindings: Bindings }>>()
    app.route('/onoffice', oo.routes())
    app.use('/service/*', oo.frameHeaders())
    app.get('/service/estate', oo.launch(), async (c) => {
      const { customerName, estate, sessionToken } = c.var.onoffice
      const record = await estate?.get({ data: ['objekttitel'] })
      return c.html(html`<h1>${customerName}: ${String(record?.elements.objekttitel ?? '')}</h1>
<script>window.SESSION = ${raw(JSON.stringify(sessionToken))}</script>`)
    })
    app.post('/service/api/title', oo.session(), async (c) => {
      const { objekttitel } = await c.req.json<{ objekttitel: string }>()
      await c.var.onoffice.estate?.modify({ objekttitel })
      return c.json({ ok: true })
    })
    const env: Bindings = { PROVIDER_SECRET, SESSION_SECRET, ENCRYPTION_KEY }

    const act = await fake.startActivation({ customerWebId: '21', customerName: 'Muster GmbH', userId: '7' })
    canary.add(act.apiKey, act.apiToken, act.apiClaim)
    const activationUrl = await signLaunchUrl({
      publicUrl: 'https://provider.example', path: '/onoffice/activate', secret: PROVIDER_SECRET,
      params: { apiClaim: act.apiClaim, apiToken: act.apiToken, customerName: 'Muster GmbH', customerWebId: '21', parameterCacheId: act.parameterCacheId, userId: '7' },
    })
    const page = await app.request(activationUrl, {}, env)
    const activation = extractActivationToken(await page.text())
    const done = await app.request('https://provider.example/onoffice/activate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ activation, apiKey: act.apiKey }) }, env)
    expect(await done.text()).toBe('active')

    const claim = fake.issueClaim('21', '7')
    canary.add(claim)
    const url = await signLaunchUrl({
      publicUrl: 'https://provider.example', path: '/service/estate', secret: PROVIDER_SECRET,
      params: { customerWebId: '21', userId: '7', customerName: 'Muster GmbH', apiClaim: claim, estateId: 1, language: 'ENG' },
    })
    const res = await app.request(url, {}, env)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe('frame-ancestors https://*.onoffice.de https://*.onoffice.com')
    const body = await res.text()
    expect(body).toContain(`Muster GmbH: ${fake.estates.get(1)!.texts.ENG!.objekttitel}`)
    const session = JSON.parse(/window\.SESSION = ("[^"]+")/.exec(body)![1]!) as string

    const write = await app.request('https://provider.example/service/api/title', {
      method: 'POST', headers: { Authorization: `Bearer ${session}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ objekttitel: 'Sonnige Wohnung' }),
    }, env)
    expect(await write.json()).toEqual({ ok: true })
    expect(fake.estates.get(1)!.texts.ENG!.objekttitel).toBe('Sonnige Wohnung')
    canary.outputs.push({ where: 'readme launch page (minus session)', text: body.replace(session, '') })
  })
})
