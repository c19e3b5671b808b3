import { compactDecrypt } from 'jose'
import { describe, expect, it } from 'vitest'
import { mintToken } from '../../src/marketplace/index.ts'
import { bearer, createHarness, PUBLIC_URL, SESSION_SECRET, useCanary } from './helpers.ts'
import type { Harness } from './helpers.ts'

useCanary()

const FIELDS = ['customerWebId', 'userId', 'customerName', 'groupId', 'language', 'userLanguage', 'parameterCacheId', 'params'] as const

function harness(): Harness {
  return createHarness({}, (app, oo) => {
    const dump = (v: Record<string, unknown>) => Object.fromEntries(FIELDS.map((k) => [k, v[k]]))
    app.get('/ctx-launch', oo.launch(), (c) => c.json({ ctx: dump(c.var.onoffice as unknown as Record<string, unknown>), token: c.var.onoffice.sessionToken }))
    app.get('/ctx-session', oo.session(), async (c) => {
      // The claim reaches onOffice through the rebuilt client.
      await c.var.onoffice.client.read('estate', { data: ['Id'] })
      return c.json({ ctx: dump(c.var.onoffice as unknown as Record<string, unknown>) })
    })
  })
}

async function sessionPayload(token: string): Promise<Record<string, unknown>> {
  const ikm = await crypto.subtle.importKey('raw', new TextEncoder().encode(SESSION_SECRET), 'HKDF', false, ['deriveKey'])
  const key = await crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode('onoffice-kit token v1') }, ikm, { name: 'AES-GCM', length: 256 }, false, ['decrypt'])
  return JSON.parse(new TextDecoder().decode((await compactDecrypt(token, key)).plaintext)) as Record<string, unknown>
}

describe('session token: compact payload (visible params + claim only)', () => {
  const cases: Record<string, Record<string, string | number>> = {
    'all facts': { userId: '9', customerName: 'Müller & Söhne', groupId: '3', language: 'ENG', UserLanguage: 'DEU', parameterCacheId: 'pc-1', estateId: 1, myParam: 'x' },
    'optional facts missing or empty': { userId: '9', groupId: '', language: '' },
  }
  for (const [name, params] of Object.entries(cases)) {
    it(`session() rebuilds exactly the launch's c.var.onoffice (${name})`, async () => {
      const h = harness()
      await h.activate('4101', { customerName: 'Stored Name GmbH' })
      const claim = h.fake.issueClaim('4101', '9')
      const launch = await h.launch('4101', params, { claim, path: '/ctx-launch' })
      expect(launch.status).toBe(200)
      const { ctx, token } = (await launch.json()) as { ctx: Record<string, unknown>; token: string }
      h.fake.clearReceived()
      const res = await h.request('/ctx-session', { headers: bearer(token) })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { ctx: unknown }).ctx).toEqual(ctx)
      expect(h.fake.receivedActions({ resourcetype: 'estate' }).every((a) => a.claimIs(claim))).toBe(true)
      // Nothing duplicated: the payload is the params the handler sees plus the claim, and the registered claims.
      const payload = await sessionPayload(token)
      expect(Object.keys(payload)).toEqual(['p', 'c', 'typ', 'iss', 'aud', 'iat', 'exp'])
      expect(payload.p).toEqual(ctx.params)
      expect(payload.c).toBe(claim)
    })
  }

  it('tokens of the earlier (spelled-out) payload are still accepted until they expire', async () => {
    const h = harness()
    await h.activate('4102')
    const claim = h.fake.issueClaim('4102', '9')
    const params = { customerWebId: '4102', userId: '9', customerName: 'Old GmbH', estateId: '1' }
    const facts = { customerWebId: '4102', userId: '9', customerName: 'Old GmbH', groupId: null, language: null, userLanguage: null, parameterCacheId: null, params, claim }
    const token = await mintToken('session', facts, { secret: SESSION_SECRET, audience: PUBLIC_URL, ttlSec: 900, now: () => h.clock.now })
    const res = await h.request('/ctx-session', { headers: bearer(token) })
    expect(res.status).toBe(200)
    const { claim: _c, ...visible } = facts
    expect(((await res.json()) as { ctx: unknown }).ctx).toEqual(visible)
  })

  it('a compact payload without customerWebId, userId or claim, or with non-string params, is invalid', async () => {
    const h = harness()
    await h.activate('4103')
    const opts = { secret: SESSION_SECRET, audience: PUBLIC_URL, ttlSec: 900, now: () => h.clock.now }
    const bad = [
      { p: { userId: '9' }, c: 'claim' },
      { p: { customerWebId: '4103' }, c: 'claim' },
      { p: { customerWebId: '4103', userId: '9' }, c: '' },
      { p: { customerWebId: '4103', userId: '9', n: 1 }, c: 'claim' },
      { p: ['4103'], c: 'claim' },
      { p: { customerWebId: '4103', userId: '9' } },
    ]
    for (const payload of bad) {
      const res = await h.request('/ctx-session', { headers: bearer(await mintToken('session', payload, opts)) })
      expect(res.status).toBe(401)
    }
  })
})
