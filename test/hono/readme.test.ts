// The README's "Mounting into an existing Hono app" block (`// app.ts`) itself — extracted and imported, not a copy —
// driven like onOffice would: activation, a launch with frame headers, a session write in the launched language.
// Its onOffice API calls go to production's endpoint, so the global fetch is the fake's for this test.
import { memoryKv } from 'onoffice-kit'
import type { Hono } from 'hono'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createFakeOnOffice, signLaunchUrl } from '../../src/testing/index.ts'
import { kvBinding } from '../examples/helpers.ts'
import { writeNamedBlock } from '../shared/readme-blocks.ts'
import {
  canary,
  ENCRYPTION_KEY,
  extractActivationToken,
  PROVIDER_SECRET,
  SESSION_SECRET,
  useCanary,
} from './helpers.ts'

useCanary()
afterAll(() => vi.unstubAllGlobals())

describe('README "Mounting into an existing Hono app" (app.ts, as written)', () => {
  it('activation, launch with frame headers, session write in the launched language', async () => {
    const fake = createFakeOnOffice()
    vi.stubGlobal('fetch', fake.fetch)
    const { app } = (await import(writeNamedBlock('README.md', 'app.ts'))) as { app: Hono }
    const env = { KV: kvBinding(memoryKv()), PROVIDER_SECRET, SESSION_SECRET, ENCRYPTION_KEY }

    const act = await fake.startActivation({
      customerWebId: '21',
      customerName: 'Muster GmbH',
      userId: '7',
    })
    canary.add(act.apiKey, act.apiToken, act.apiClaim)
    const activationUrl = await signLaunchUrl({
      publicUrl: 'https://provider.example',
      path: '/onoffice/activate',
      secret: PROVIDER_SECRET,
      params: {
        apiClaim: act.apiClaim,
        apiToken: act.apiToken,
        customerName: 'Muster GmbH',
        customerWebId: '21',
        parameterCacheId: act.parameterCacheId,
        userId: '7',
      },
    })
    const page = await app.request(activationUrl, {}, env)
    const activation = extractActivationToken(await page.text())
    const done = await app.request(
      'https://provider.example/onoffice/activate',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ activation, apiKey: act.apiKey }),
      },
      env,
    )
    expect(await done.text()).toBe('active')
    expect(fake.isActivated('21')).toBe(true)

    const claim = fake.issueClaim('21', '7')
    canary.add(claim)
    const url = await signLaunchUrl({
      publicUrl: 'https://provider.example',
      path: '/service/estate',
      secret: PROVIDER_SECRET,
      params: {
        customerWebId: '21',
        userId: '7',
        customerName: 'Muster GmbH',
        apiClaim: claim,
        estateId: 1,
        language: 'ENG',
      },
    })
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
