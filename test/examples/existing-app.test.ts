// examples/existing-app: the app's own routes and middleware behave as before; the kit works under /onoffice.
import { memoryKv } from 'onoffice-kit'
import { createFakeOnOffice } from 'onoffice-kit/testing'
import { describe, expect, it } from 'vitest'
import { createExistingApp } from '../../examples/existing-app/app.ts'
import { activate, ENCRYPTION_KEY, launchUrl, PROVIDER_SECRET, SESSION_SECRET } from './helpers.ts'

const PUBLIC_URL = 'https://app.example'

function setup() {
  const fake = createFakeOnOffice()
  const lines: string[] = []
  const app = createExistingApp({
    apiToken: 'app-own-token',
    onoffice: {
      publicUrl: PUBLIC_URL,
      providerSecret: PROVIDER_SECRET,
      sessionSecret: SESSION_SECRET,
      encryptionKey: ENCRYPTION_KEY,
      kv: memoryKv(),
      endpoint: fake.endpoint,
      fetch: fake.fetch,
    },
    log: (line) => lines.push(line),
  })
  return { fake, app, lines, request: (url: string, init?: RequestInit) => app.request(url, init) }
}

describe('examples/existing-app', () => {
  it("keeps the app's own routes, auth and logger unchanged", async () => {
    const { app, lines } = setup()
    expect(await (await app.request('/health')).json()).toEqual({ status: 'ok' })
    expect((await app.request('/api/projects')).status).toBe(401)
    expect(
      (await app.request('/api/projects', { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401)
    const ok = await app.request('/api/projects', {
      headers: { authorization: 'Bearer app-own-token' },
    })
    expect(await ok.json()).toEqual([{ id: 1, name: 'Relaunch Website' }])
    const created = await app.request('/api/projects', {
      method: 'POST',
      headers: { authorization: 'Bearer app-own-token', 'content-type': 'application/json' },
      body: '{"name":"x"}',
    })
    expect(created.status).toBe(201)
    // The kit adds no headers to the app's own responses.
    expect(ok.headers.get('content-security-policy')).toBeNull()
    expect(lines.some((l) => l.includes('GET /health'))).toBe(true)
    expect((await app.request('/unknown')).status).toBe(404)
  })

  it('serves activation, launch and session under /onoffice, untouched by the app’s bearer auth', async () => {
    const { fake, request, lines } = setup()
    await activate(request, fake, PUBLIC_URL)
    const { url } = await launchUrl(fake, PUBLIC_URL, { estateId: 1, language: 'ENG' })
    const launched = await request(url)
    expect(launched.status).toBe(200)
    expect(launched.headers.get('content-security-policy')).toContain('frame-ancestors')
    const body = (await launched.json()) as { customer: string; title: string; session: string }
    expect(body.title).toBe(fake.estates.get(1)!.texts.ENG!.objekttitel)
    const me = await request(`${PUBLIC_URL}/onoffice/service/api/me`, {
      headers: { authorization: `Bearer ${body.session}` },
    })
    expect(await me.json()).toEqual({ customerWebId: '12345', userId: '17' })
    // The app's API token is no session, and a session is no API token.
    expect(
      (
        await request(`${PUBLIC_URL}/onoffice/service/api/me`, {
          headers: { authorization: 'Bearer app-own-token', accept: 'application/json' },
        })
      ).status,
    ).toBe(401)
    expect(
      (
        await request(`${PUBLIC_URL}/api/projects`, {
          headers: { authorization: `Bearer ${body.session}` },
        })
      ).status,
    ).toBe(401)
    // The app's logger sees the kit's requests too, by path only: no token, claim, signature or session token.
    expect(lines.some((l) => l.includes('/onoffice/service'))).toBe(true)
    const signed = new URL(url).searchParams
    const secrets = [
      body.session,
      signed.get('apiClaim'),
      signed.get('signature'),
      signed.get('apiToken'),
      'app-own-token',
    ].filter((v): v is string => !!v)
    expect(secrets.length).toBeGreaterThanOrEqual(3)
    for (const line of lines) {
      expect(line).not.toContain('?')
      for (const secret of secrets) expect(line).not.toContain(secret)
      expect(line).not.toMatch(/apiClaim|apiToken|signature=/)
    }
  })
})
