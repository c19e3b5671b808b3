import { describe, expect, it } from 'vitest'
import { createHarness, documentHeaders, fetchHeaders, useCanary } from './helpers.ts'

useCanary()

interface Launched {
  customerWebId: string
  userId: string
  customerName: string
  groupId: string | null
  language: string | null
  userLanguage: string | null
  params: Record<string, string>
  installation: Record<string, unknown>
  title: string | null
  sessionToken: string
  sessionExpiresAt: number
}

describe('launch()', () => {
  it('verifies, loads the installation and reads the estate in the launched language with the launch claim', async () => {
    const h = createHarness()
    await h.activate('3001')
    h.fake.clearReceived()
    const claim = h.fake.issueClaim('3001', '17')
    const res = await h.launch(
      '3001',
      {
        userId: '17',
        estateId: 1,
        language: 'ENG',
        UserLanguage: 'DEU',
        groupId: '4',
        parameterCacheId: 'pc-1',
        myParam: 'x y',
      },
      { claim },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    const body = (await res.json()) as Launched
    expect(body).toMatchObject({
      customerWebId: '3001',
      userId: '17',
      customerName: 'Kunde 3001',
      groupId: '4',
      language: 'ENG',
      userLanguage: 'DEU',
    })
    expect(body.title).toBe(h.fake.estates.get(1)!.texts.ENG!.objekttitel)
    expect(body.title).not.toBe(h.fake.estates.get(1)!.texts.DEU!.objekttitel)
    expect(body.params).toMatchObject({
      estateId: '1',
      language: 'ENG',
      myParam: 'x y',
      parameterCacheId: 'pc-1',
    })
    expect(body.params).not.toHaveProperty('apiClaim')
    expect(body.params).not.toHaveProperty('signature')
    // only non-secret installation fields are exposed
    expect(body.installation).toMatchObject({ customerWebId: '3001', status: 'active' })
    expect(body.installation).not.toHaveProperty('apiToken')
    expect(body.installation).not.toHaveProperty('apiSecret')
    expect(body.sessionToken.length).toBeGreaterThan(50)
    expect(body.sessionExpiresAt).toBe(Math.floor(h.clock.now / 1000) + 900)

    const reads = h.fake.receivedActions({ kind: 'read', resourcetype: 'estate' })
    expect(reads).toHaveLength(1)
    expect(reads[0]!.claimIs(claim)).toBe(true)
    expect(String(reads[0]!.resourceid)).toBe('1')
    expect(reads[0]!.parameters.estatelanguage).toBe('ENG')
  })

  it('reads the main language when no language was passed', async () => {
    const h = createHarness()
    await h.activate('3002')
    const body = (await (await h.launch('3002', { estateId: 1 })).json()) as Launched
    expect(body.language).toBeNull()
    expect(body.title).toBe(h.fake.estates.get(1)!.texts.DEU!.objekttitel)
    const read = h.fake.receivedActions({ kind: 'read', resourcetype: 'estate' }).at(-1)!
    expect(String(read.resourceid)).toBe('1')
    expect(read.parameters).not.toHaveProperty('estatelanguage')
  })

  it('no estateId → estate is null', async () => {
    const h = createHarness()
    await h.activate('3003')
    const body = (await (await h.launch('3003')).json()) as Launched
    expect(body.title).toBeNull()
  })

  it('unknown installation → "Bitte freischalten" (never activated: no "again"): 409 page for documents, JSON for fetch', async () => {
    const h = createHarness()
    const doc = await h.launch('3004', {}, { headers: documentHeaders })
    expect(doc.status).toBe(409)
    const html = await doc.text()
    expect(html).toContain('data-reason="not_activated"')
    expect(html).toContain('<h1>Bitte freischalten</h1>')
    expect(html).not.toContain('erneut')
    expect(doc.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+';.*; frame-ancestors https:\/\/\*\.onoffice\.de https:\/\/\*\.onoffice\.com$/,
    )
    const json = await h.launch('3004', { UserLanguage: 'ENG' })
    expect(json.status).toBe(409)
    expect(await json.json()).toEqual({
      error: 'not_activated',
      message: expect.stringMatching(/not activated for your account yet\. Please activate it in/),
    })
  })

  it('a blocked installation → 409 blocked', async () => {
    const h = createHarness()
    await h.activate('3005')
    await h.store().markBlocked('3005')
    const res = await h.launch('3005')
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: string }).error).toBe('blocked')
  })

  it('bad signature, missing signature, stale link → refused before the KV is touched', async () => {
    const h = createHarness()
    await h.activate('3006')
    const url = new URL(
      await h.signed('/service', {
        customerWebId: '3006',
        userId: '1',
        apiClaim: h.fake.issueClaim('3006', '1'),
      }),
    )
    url.searchParams.set('userId', '2')
    expect((await h.request(url.toString(), { headers: fetchHeaders })).status).toBe(403)
    url.searchParams.delete('signature')
    expect((await h.request(url.toString(), { headers: fetchHeaders })).status).toBe(403)
    const stale = await h.signed('/service', { customerWebId: '3006', userId: '1', apiClaim: 'c' })
    h.advance(400)
    const res = await h.request(stale, { headers: fetchHeaders })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: string }).error).toBe('expired_link')
  })

  it('a URL signed for another path does not verify (the path is part of the signature)', async () => {
    const h = createHarness()
    await h.activate('3007')
    const url = await h.signed('/other', {
      customerWebId: '3007',
      userId: '1',
      apiClaim: h.fake.issueClaim('3007', '1'),
    })
    const res = await h.request(url.replace('/other', '/service'), { headers: fetchHeaders })
    expect(res.status).toBe(403)
  })

  it('Host and X-Forwarded-Host do not change what is verified', async () => {
    const h = createHarness()
    await h.activate('3008')
    const url = await h.signed('/service', {
      customerWebId: '3008',
      userId: '1',
      apiClaim: h.fake.issueClaim('3008', '1'),
    })
    const viaInternal = url.replace('https://provider.example', 'http://10.0.0.5:8787')
    const res = await h.request(viaInternal, {
      headers: { ...fetchHeaders, 'x-forwarded-host': 'evil.example' },
    })
    expect(res.status).toBe(200)
  })

  it('a launch without apiClaim is refused', async () => {
    const h = createHarness()
    await h.activate('3009')
    const url = await h.signed('/service', { customerWebId: '3009', userId: '1' })
    expect((await h.request(url, { headers: fetchHeaders })).status).toBe(403)
  })

  it('an outdated claim (onOffice answers 201) → 401 + X-OnOffice-Relaunch, relaunch page for documents', async () => {
    const h = createHarness()
    await h.activate('3010')
    const claim = h.fake.issueClaim('3010', '1')
    h.fake.expireClaim(claim)
    const res = await h.launch('3010', { estateId: 1 }, { claim })
    expect(res.status).toBe(401)
    expect(res.headers.get('x-onoffice-relaunch')).toBe('1')
    expect(await res.json()).toMatchObject({ error: 'claim_expired', relaunch: true })
    const doc = await h.launch('3010', { estateId: 1 }, { claim, headers: documentHeaders })
    expect(doc.status).toBe(401)
    expect(await doc.text()).toContain('data-reason="claim_expired"')
    // a claim problem does not block the installation
    expect((await h.store().get('3010'))?.status).toBe('active')
  })

  it('onOffice reporting the installation dead (48) marks it blocked', async () => {
    const h = createHarness()
    await h.activate('3011')
    h.fake.block('3011')
    const res = await h.launch('3011', { estateId: 1 })
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: string }).error).toBe('blocked')
    expect((await h.store().get('3011'))?.status).toBe('blocked')
    // the next launch is refused without calling onOffice
    h.fake.clearReceived()
    expect((await h.launch('3011', { estateId: 1 })).status).toBe(409)
    expect(h.fake.received).toHaveLength(0)
  })

  it('errors 22/42/153 mark the installation blocked too', async () => {
    for (const code of [22, 42, 153]) {
      const h = createHarness()
      await h.activate('3012')
      h.fake.faults.next({ type: 'error', code })
      const res = await h.launch('3012', { estateId: 1 })
      expect(res.status).toBe(409)
      expect((await h.store().get('3012'))?.status).toBe('blocked')
    }
  })

  it('a KV that throws → 503, nothing partial', async () => {
    const h = createHarness()
    await h.activate('3013')
    h.kv.failing = true
    h.fake.clearReceived()
    const res = await h.launch('3013', { estateId: 1 })
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: string }).error).toBe('store_unavailable')
    expect(h.fake.received).toHaveLength(0)
    const doc = await h.launch('3013', {}, { headers: documentHeaders })
    expect(doc.status).toBe(503)
    expect(await doc.text()).toContain('data-reason="store_unavailable"')
  })
})
