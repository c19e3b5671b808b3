import { describe, expect, it } from 'vitest'
import { bearer, createHarness, documentHeaders, fetchHeaders, useCanary } from './helpers.ts'
import type { Harness } from './helpers.ts'

useCanary()

async function launchSession(
  h: Harness,
  customerWebId: string,
  params: Record<string, string | number> = {},
  claim?: string,
): Promise<string> {
  const res = await h.launch(customerWebId, params, claim ? { claim } : {})
  expect(res.status).toBe(200)
  return ((await res.json()) as { sessionToken: string }).sessionToken
}

describe('session()', () => {
  it('Bearer session token → same c.var.onoffice; API calls carry the launch claim', async () => {
    const h = createHarness()
    await h.activate('4001')
    const claim = h.fake.issueClaim('4001', '9')
    const token = await launchSession(
      h,
      '4001',
      { userId: '9', estateId: 1, language: 'ENG' },
      claim,
    )
    h.fake.clearReceived()

    const who = await h.request('/api/whoami', { headers: bearer(token) })
    expect(who.status).toBe(200)
    expect(await who.json()).toMatchObject({
      customerWebId: '4001',
      userId: '9',
      installation: { status: 'active' },
    })

    const estate = await h.request('/api/estate', { headers: bearer(token) })
    expect(await estate.json()).toEqual({
      title: h.fake.estates.get(1)!.texts.ENG!.objekttitel,
      language: 'ENG',
    })

    const write = await h.request('/api/estate', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ objekttitel: 'Sunny flat' }),
    })
    expect(write.status).toBe(200)
    expect(h.fake.estates.get(1)!.texts.ENG!.objekttitel).toBe('Sunny flat')
    expect(h.fake.estates.get(1)!.texts.DEU!.objekttitel).not.toBe('Sunny flat')

    const actions = h.fake.receivedActions({ resourcetype: 'estate' })
    expect(actions.map((a) => a.kind)).toEqual(['read', 'modify'])
    for (const a of actions) {
      expect(a.claimIs(claim)).toBe(true)
      expect(String(a.resourceid)).toBe('1')
      expect(a.parameters.estatelanguage).toBe('ENG')
    }
  })

  it('re-loads the installation on every request (a blocked one is refused)', async () => {
    const h = createHarness()
    await h.activate('4002')
    const token = await launchSession(h, '4002')
    await h.store().markBlocked('4002')
    const res = await h.request('/api/whoami', { headers: bearer(token) })
    expect(res.status).toBe(409)
  })

  it('missing Authorization → 401 relaunch with a bare Bearer challenge; malformed → 400 invalid_request (RFC 6750, like bearerAuth)', async () => {
    const h = createHarness()
    for (const headers of [fetchHeaders, { ...fetchHeaders, authorization: '  ' }]) {
      const res = await h.request('/api/whoami', { headers })
      expect(res.status).toBe(401)
      expect(res.headers.get('x-onoffice-relaunch')).toBe('1')
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
      expect(((await res.json()) as { error: string }).error).toBe('session_missing')
    }
    for (const authorization of [
      'Basic abc',
      'Bearer',
      'Bearer a b',
      'Bearer ä',
      'Bearer a=b',
      'Token abc',
    ]) {
      const malformed = await h.request('/api/whoami', {
        headers: { ...fetchHeaders, authorization },
      })
      expect(malformed.status).toBe(400)
      expect(malformed.headers.get('www-authenticate')).toBe('Bearer error="invalid_request"')
      expect(malformed.headers.get('x-onoffice-relaunch')).toBeNull()
      expect(((await malformed.json()) as { error: string }).error).toBe('session_malformed')
    }
  })

  it('a forged or expired token → 401 with WWW-Authenticate: Bearer error="invalid_token"; the scheme is case-insensitive', async () => {
    const h = createHarness()
    await h.activate('4009')
    const token = await launchSession(h, '4009')
    const ok = await h.request('/api/whoami', {
      headers: { ...fetchHeaders, authorization: `bearer ${token}` },
    })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('www-authenticate')).toBeNull()
    const forged = await h.request('/api/whoami', { headers: bearer(`${token.slice(0, -2)}xx`) })
    expect(forged.status).toBe(401)
    expect(forged.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(((await forged.json()) as { error: string }).error).toBe('session_invalid')
    h.advance(16 * 60)
    const expired = await h.request('/api/whoami', { headers: bearer(token) })
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(((await expired.json()) as { error: string }).error).toBe('session_expired')
  })

  it('an expired session → 401 + X-OnOffice-Relaunch (JSON), relaunch page for documents', async () => {
    const h = createHarness()
    await h.activate('4003')
    const token = await launchSession(h, '4003')
    h.advance(16 * 60)
    const res = await h.request('/api/whoami', { headers: bearer(token) })
    expect(res.status).toBe(401)
    expect(res.headers.get('x-onoffice-relaunch')).toBe('1')
    expect(await res.json()).toMatchObject({ error: 'session_expired', relaunch: true })
    const doc = await h.request('/api/whoami', { headers: bearer(token, documentHeaders) })
    expect(doc.status).toBe(401)
    const html = await doc.text()
    expect(html).toContain('data-reason="session_expired"')
    expect(html).toContain('Bitte öffnen Sie den Dienst erneut')
  })

  it('an activation token used as a session token → rejected', async () => {
    const h = createHarness()
    await h.activate('4004')
    const { token } = await h.openActivation('4004')
    const res = await h.request('/api/whoami', { headers: bearer(token) })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: string }).error).toBe('session_invalid')
  })

  it('a tampered token or one from another deployment → rejected', async () => {
    const h = createHarness()
    await h.activate('4005')
    const token = await launchSession(h, '4005')
    const parts = token.split('.')
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith('AA') ? 'BB' : 'AA')
    expect((await h.request('/api/whoami', { headers: bearer(parts.join('.')) })).status).toBe(401)
    const other = createHarness({ sessionSecret: 'another-session-secret-0123456789abcdef' })
    await other.activate('4005')
    expect((await other.request('/api/whoami', { headers: bearer(token) })).status).toBe(401)
  })

  it('claim expiry during a session (onOffice answers 201) → 401 relaunch', async () => {
    const h = createHarness()
    await h.activate('4006')
    const claim = h.fake.issueClaim('4006', '1')
    const token = await launchSession(h, '4006', { estateId: 1 }, claim)
    h.fake.expireClaim(claim)
    const res = await h.request('/api/estate', { headers: bearer(token) })
    expect(res.status).toBe(401)
    expect(res.headers.get('x-onoffice-relaunch')).toBe('1')
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(await res.json()).toMatchObject({ error: 'claim_expired', relaunch: true })
  })

  it("a session of customer A can never reach customer B's installation", async () => {
    const h = createHarness()
    const a = await h.activate('4100')
    const b = await h.activate('4200')
    const claimA = h.fake.issueClaim('4100', '1')
    const tokenA = await launchSession(h, '4100', {}, claimA)
    h.fake.clearReceived()
    // request-side hints naming B are ignored: the token's verified customerWebId decides
    const res = await h.request('/api/addresses?customerWebId=4200', {
      headers: { ...bearer(tokenA), 'x-customer-web-id': '4200' },
    })
    expect(res.status).toBe(200)
    const who = (await (
      await h.request('/api/whoami?customerWebId=4200', { headers: bearer(tokenA) })
    ).json()) as { customerWebId: string }
    expect(who.customerWebId).toBe('4100')
    const requests = h.fake.received
    expect(requests.length).toBeGreaterThan(0)
    // every call went out as A's API user (A's token on the wire), never B's
    for (const action of h.fake.receivedActions()) {
      expect(action.claimIs(claimA)).toBe(true)
      expect(action.claimOwner?.customerWebId).toBe('4100')
    }
    expect(a.apiToken).not.toBe(b.apiToken)
    // and after A is removed, A's session reaches nothing, not B
    await h.store().delete('4100')
    const gone = await h.request('/api/whoami', { headers: bearer(tokenA) })
    expect(gone.status).toBe(409)
  })

  it('a KV that throws → 503, no onOffice call', async () => {
    const h = createHarness()
    await h.activate('4007')
    const token = await launchSession(h, '4007', { estateId: 1 })
    h.kv.failing = true
    h.fake.clearReceived()
    const res = await h.request('/api/estate', { headers: bearer(token) })
    expect(res.status).toBe(503)
    expect(h.fake.received).toHaveLength(0)
  })
})

describe('webhook()', () => {
  it('verifies the signed URL and sets c.var.onoffice without a session token', async () => {
    const h = createHarness()
    await h.activate('4300')
    const res = await h.launch('4300', { estateId: 3 }, { path: '/hook' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ customerWebId: '4300', hasSession: false })
    const url = new URL(
      await h.signed('/hook', { customerWebId: '4300', userId: '1', apiClaim: 'x' }),
    )
    url.searchParams.set('estateId', '4')
    expect((await h.request(url.toString(), { headers: fetchHeaders })).status).toBe(403)
  })
})
