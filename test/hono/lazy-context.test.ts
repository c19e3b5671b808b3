import { describe, expect, it } from 'vitest'
import type { OnOfficeClient } from '../../src/api/index.ts'
import type { OnOfficeEnv } from '../../src/hono/index.ts'
import {
  bearer,
  canary,
  createHarness,
  fetchHeaders,
  PROVIDER_SECRET,
  PUBLIC_URL,
  SESSION_SECRET,
  useCanary,
} from './helpers.ts'
import type { Harness, TestOnOffice } from './helpers.ts'
import type { Hono } from 'hono'

useCanary()

// `c.var.onoffice` is one plain object per request; `client`, `estate` and `images` are own, enumerable accessors
// created on first read (building the client is the largest cost of a session request): a copy
// (`{ ...c.var.onoffice }`) keeps them, a handler that never reads them sends nothing, nothing leaks between requests.

type Seen = {
  keys: string[]
  json: string
  same: boolean
  estateSame: boolean
  estateId: string | null
  usedClaimOf?: string
}

function routes(seen: Seen[]) {
  return (app: Hono, oo: TestOnOffice) => {
    const a = app as unknown as Hono<OnOfficeEnv>
    a.get('/service', oo.launch(), (c) => c.json({ sessionToken: c.var.onoffice.sessionToken }))
    // Never touches the client.
    a.get('/api/plain', oo.session(), (c) => {
      const o = c.var.onoffice
      seen.push({
        keys: Object.keys(o).sort(),
        json: JSON.stringify(o),
        same: false,
        estateSame: false,
        estateId: null,
      })
      return c.json({
        spread: Object.keys({ ...o }).sort(),
        hasClient: 'client' in o,
        hasEstate: 'estate' in o,
      })
    })
    a.get('/api/use', oo.session(), async (c) => {
      const o = c.var.onoffice
      const client = o.client
      const estate = o.estate
      seen.push({
        keys: [],
        json: '',
        same: o.client === client,
        estateSame: o.estate === estate,
        estateId: estate?.id ?? null,
      })
      const record = await estate?.get({ data: ['objekttitel'] })
      const r = await o.client.read('address', { data: ['Name'], listlimit: 1 })
      return c.json({ title: record?.elements.objekttitel ?? null, addresses: r.records.length })
    })
    a.get('/api/assign', oo.session(), async (c) => {
      const fake = { marker: 'mine' } as unknown as OnOfficeClient
      c.var.onoffice.client = fake
      c.var.onoffice.estate = null
      return c.json({ replaced: c.var.onoffice.client === fake, estate: c.var.onoffice.estate })
    })
    a.get('/api/batch', oo.session(), async (c) => {
      // batch never throws: the dead-installation observer must still see the 48.
      const settled = await c.var.onoffice.client.batch([
        { kind: 'read', resourcetype: 'address', parameters: { data: ['Name'] } },
      ])
      return c.json({ ok: settled[0]?.ok })
    })
  }
}

async function session(
  h: Harness,
  customerWebId: string,
  params: Record<string, string | number> = {},
  claim?: string,
): Promise<string> {
  const res = await h.launch(customerWebId, params, claim ? { claim } : {})
  expect(res.status).toBe(200)
  return ((await res.json()) as { sessionToken: string }).sessionToken
}

describe('c.var.onoffice: a plain object per request', () => {
  it('a handler that never uses client/estate sends nothing to onOffice; a copy keeps them; the context holds no secret', async () => {
    const seen: Seen[] = []
    const h = createHarness({}, routes(seen))
    const act = await h.activate('7001')
    const token = await session(h, '7001', { estateId: 1 })
    h.fake.clearReceived()
    const res = await h.request('/api/plain', { headers: bearer(token) })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { spread: string[]; hasClient: boolean; hasEstate: boolean }
    expect(body.hasClient).toBe(true)
    expect(body.hasEstate).toBe(true)
    expect(h.fake.received).toHaveLength(0)
    // Every field is an own, enumerable property: a spread copies client, estate and images too (review F12).
    expect(body.spread).toEqual(seen[0]!.keys)
    expect(seen[0]!.keys).toEqual([
      'client',
      'customerName',
      'customerWebId',
      'estate',
      'groupId',
      'images',
      'installation',
      'kind',
      'language',
      'parameterCacheId',
      'params',
      'sessionExpiresAt',
      'sessionToken',
      'userId',
      'userLanguage',
    ])
    // The unsealed credentials are nowhere enumerable.
    for (const secret of [act.apiKey, act.apiToken, PROVIDER_SECRET, SESSION_SECRET])
      expect(seen[0]!.json).not.toContain(secret)
  })

  it('one client per request (same instance on every read), bound to this launch’s claim and estate', async () => {
    const seen: Seen[] = []
    const h = createHarness({}, routes(seen))
    await h.activate('7002')
    const claimA = h.fake.issueClaim('7002', '1')
    const claimB = h.fake.issueClaim('7002', '2')
    const tokenA = await session(h, '7002', { estateId: 1, language: 'ENG' }, claimA)
    const tokenB = await session(h, '7002', { userId: '2', estateId: 2 }, claimB)
    h.fake.clearReceived()

    const a = await h.request('/api/use', { headers: bearer(tokenA) })
    const b = await h.request('/api/use', { headers: bearer(tokenB) })
    expect(a.status).toBe(200)
    expect(b.status).toBe(200)
    expect(((await a.json()) as { title: string }).title).toBe(
      h.fake.estates.get(1)!.texts.ENG!.objekttitel,
    )
    expect(seen.map((s) => [s.same, s.estateSame, s.estateId])).toEqual([
      [true, true, '1'],
      [true, true, '2'],
    ])
    // Each request's actions carry its own launch's claim — never the other request's.
    const actions = h.fake.receivedActions()
    expect(actions).toHaveLength(4)
    expect(actions.slice(0, 2).every((x) => x.claimIs(claimA))).toBe(true)
    expect(actions.slice(2).every((x) => x.claimIs(claimB))).toBe(true)
    expect(actions[0]!.parameters.estatelanguage).toBe('ENG')
    expect(actions[2]!.parameters.estatelanguage).toBeUndefined()
  })

  it('client and estate stay assignable', async () => {
    const h = createHarness({}, routes([]))
    await h.activate('7003')
    const token = await session(h, '7003', { estateId: 1 })
    const res = await h.request('/api/assign', { headers: bearer(token) })
    expect(await res.json()).toEqual({ replaced: true, estate: null })
  })

  it('a dead installation reported through a batch (which never throws) is still marked blocked', async () => {
    const h = createHarness({}, routes([]))
    await h.activate('7004')
    const token = await session(h, '7004')
    h.fake.block('7004')
    const res = await h.request('/api/batch', { headers: bearer(token) })
    expect(await res.json()).toEqual({ ok: false })
    expect((await h.store().get('7004'))?.status).toBe('blocked')
  })
})

describe('options: static resolved once, dynamic per request', () => {
  it('a function-valued option is called on every request and a changed value is checked again', async () => {
    let calls = 0
    let value = PUBLIC_URL
    const h = createHarness(
      {
        publicUrl: () => {
          calls++
          return value
        },
      },
      routes([]),
    )
    await h.activate('7005')
    const token = await session(h, '7005')
    const before = calls
    expect((await h.request('/api/plain', { headers: bearer(token) })).status).toBe(200)
    expect((await h.request('/api/plain', { headers: bearer(token) })).status).toBe(200)
    expect(calls - before).toBe(2)
    // Same string → same checked value (memo); a changed, invalid value is validated and refused.
    value = 'http://provider.example' // http is only allowed for localhost
    const bad = await h.request('/api/plain', { headers: bearer(token) })
    expect(bad.status).toBe(500)
    expect(((await bad.json()) as { error: string }).error).toBe('misconfigured')
    // A different valid audience: the token (minted for PUBLIC_URL) no longer verifies.
    value = 'https://other.example'
    expect((await h.request('/api/plain', { headers: bearer(token) })).status).toBe(401)
    value = PUBLIC_URL
    expect(
      (
        await h.request('/api/plain', {
          headers: { ...fetchHeaders, authorization: `Bearer ${token}` },
        })
      ).status,
    ).toBe(200)
    expect(canary.secrets.size).toBeGreaterThan(3)
  })
})
