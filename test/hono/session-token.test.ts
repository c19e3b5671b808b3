import { describe, expect, it } from 'vitest'
import { mintToken } from '../../src/marketplace/index.ts'
import { bearer, createHarness, PUBLIC_URL, SESSION_SECRET, useCanary } from './helpers.ts'
import type { Harness } from './helpers.ts'

useCanary()

const FIELDS = [
  'customerWebId',
  'userId',
  'customerName',
  'groupId',
  'language',
  'userLanguage',
  'parameterCacheId',
  'params',
] as const

function harness(): Harness {
  return createHarness({}, (app, oo) => {
    const dump = (v: Record<string, unknown>) => Object.fromEntries(FIELDS.map((k) => [k, v[k]]))
    app.get('/ctx-launch', oo.launch(), (c) =>
      c.json({
        ctx: dump(c.var.onoffice as unknown as Record<string, unknown>),
        token: c.var.onoffice.sessionToken,
      }),
    )
    app.get('/ctx-session', oo.session(), async (c) => {
      // The claim reaches onOffice through the rebuilt client.
      await c.var.onoffice.client.read('estate', { data: ['Id'] })
      return c.json({ ctx: dump(c.var.onoffice as unknown as Record<string, unknown>) })
    })
  })
}

describe('session token: compact payload (visible params + claim only)', () => {
  const cases: Record<string, Record<string, string | number>> = {
    'all facts': {
      userId: '9',
      customerName: 'Müller & Söhne',
      groupId: '3',
      language: 'ENG',
      UserLanguage: 'DEU',
      parameterCacheId: 'pc-1',
      estateId: 1,
      myParam: 'x',
    },
    'optional facts missing or empty': { userId: '9', groupId: '', language: '' },
  }
  for (const [name, params] of Object.entries(cases)) {
    it(`session() rebuilds exactly the launch's c.var.onoffice (${name})`, async () => {
      const h = harness()
      await h.activate('4101', { customerName: 'Stored Name GmbH' })
      const claim = h.fake.issueClaim('4101', '9')
      const launch = await h.launch('4101', params, { claim, path: '/ctx-launch' })
      expect(launch.status).toBe(200)
      const { ctx, token } = (await launch.json()) as {
        ctx: Record<string, unknown>
        token: string
      }
      h.fake.clearReceived()
      const res = await h.request('/ctx-session', { headers: bearer(token) })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { ctx: unknown }).ctx).toEqual(ctx)
      expect(
        h.fake.receivedActions({ resourcetype: 'estate' }).every((a) => a.claimIs(claim)),
      ).toBe(true)
    })
  }

  it('a compact payload without customerWebId, userId or claim, or with non-string params, is invalid', async () => {
    const h = harness()
    await h.activate('4103')
    const opts = {
      secret: SESSION_SECRET,
      audience: PUBLIC_URL,
      ttlSec: 900,
      now: () => h.clock.now,
    }
    const bad = [
      { p: { userId: '9' }, c: 'claim' },
      { p: { customerWebId: '4103' }, c: 'claim' },
      { p: { customerWebId: '4103', userId: '9' }, c: '' },
      { p: { customerWebId: '4103', userId: '9', n: 1 }, c: 'claim' },
      { p: ['4103'], c: 'claim' },
      { p: { customerWebId: '4103', userId: '9' } },
    ]
    for (const payload of bad) {
      const res = await h.request('/ctx-session', {
        headers: bearer(await mintToken('session', payload, opts)),
      })
      expect(res.status).toBe(401)
    }
  })
})
