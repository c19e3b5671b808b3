import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  createFakeOnOffice,
  type FakeCredentials,
  type FakeOnOffice,
} from '../../../src/testing/index.ts'
import { call, clock, envelope, post, T0 } from './helpers.ts'

let c: ReturnType<typeof clock>
let fake: FakeOnOffice
let user: FakeCredentials
beforeEach(() => {
  c = clock()
  fake = createFakeOnOffice({ now: c.now })
  user = fake.addApiUser()
})

const estate = { kind: 'read' as const, resourcetype: 'estate', parameters: { listlimit: 1 } }
const address = { kind: 'read' as const, resourcetype: 'address', parameters: { listlimit: 1 } }
const send = async (actions = [estate], init?: RequestInit) =>
  post(fake, await envelope(user, actions, c.now()), init)

describe('faults', () => {
  it('latency delays the answer (real timer), only `times` requests', async () => {
    fake.faults.next({ type: 'latency', ms: 60 })
    let done = false
    const p = send().then(() => (done = true))
    await new Promise((r) => setTimeout(r, 20))
    expect(done).toBe(false)
    await p
    expect(done).toBe(true)
  })

  it('http status answers a non-envelope body without processing', async () => {
    fake.faults.next({ type: 'http', status: 500 }, { times: 2 })
    expect((await send()).status).toBe(500)
    expect((await send()).status).toBe(500)
    expect((await send()).status).toBe(200)
    expect(fake.received[0]!.status).toBeNull()
  })

  it('malformed-json sends truncated JSON', async () => {
    fake.faults.next({ type: 'malformed-json' })
    const text = await (await send()).text()
    expect(() => JSON.parse(text)).toThrow()
    expect(text.startsWith('{"status"')).toBe(true)
  })

  it('drop-results keeps only the first `keep` results', async () => {
    fake.faults.next({ type: 'drop-results', keep: 1 })
    const json = await (await send([estate, address])).json()
    expect(json.response.results).toHaveLength(1)
    expect(fake.receivedActions().map((a) => a.status?.errorcode ?? null)).toEqual([0, null])
  })

  it('clock-skew shifts the server clock (136) and its Date header', async () => {
    fake.faults.next({ type: 'clock-skew', sec: 300 })
    const res = await send()
    expect(res.headers.get('date')).toBe(new Date(T0 + 300_000).toUTCString())
    expect((await res.json()).response.results[0].status.errorcode).toBe(136)
    expect((await (await send()).json()).response.results[0].status.errorcode).toBe(0)
  })

  it('reset: the in-process fetch rejects with a TypeError like a real connection reset', async () => {
    fake.faults.next({ type: 'reset' })
    const err = await send().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TypeError)
    expect((err as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNRESET')
    expect((await send()).status).toBe(200)
  })

  it('hang: never answers until the request signal aborts', async () => {
    fake.faults.next({ type: 'hang' })
    const ctrl = new AbortController()
    const p = send([estate], { signal: ctrl.signal }).catch((e: unknown) => e)
    await new Promise((r) => setTimeout(r, 20))
    ctrl.abort()
    expect((await p) as Error).toMatchObject({ name: 'AbortError' })
    // faults.clear() releases a hang without signal as a reset.
    fake.faults.next({ type: 'hang' })
    const q = send().catch((e: unknown) => e)
    await new Promise((r) => setTimeout(r, 10))
    fake.faults.clear()
    expect(await q).toBeInstanceOf(TypeError)
  })

  it('error forces a code on matching actions only; others run', async () => {
    fake.faults.next({ type: 'error', code: 153 }, { match: (a) => a.resourcetype === 'address' })
    const json = await call(fake, user, [estate, address], c.now())
    expect(json.response.results.map((r) => r.status)).toEqual([
      { errorcode: 0, message: 'OK' },
      { errorcode: 153, message: 'Token data by given access token invalid' },
    ])
    expect(json.status.errorcode).toBe(97)
  })

  it('match skips non-matching requests without using up `times`', async () => {
    fake.faults.next({ type: 'http', status: 503 }, { match: (a) => a.resourcetype === 'address' })
    expect((await send([estate])).status).toBe(200)
    expect((await send([address])).status).toBe(503)
    expect((await send([address])).status).toBe(200)
  })

  it('validates fault options', () => {
    expect(() => fake.faults.next({ type: 'latency', ms: -1 })).toThrow(/ms/)
    expect(() => fake.faults.next({ type: 'http', status: 42 })).toThrow(/status/)
    expect(() => fake.faults.next({ type: 'reset' }, { times: 0 })).toThrow(/times/)
    expect(() => fake.faults.next({ type: 'bogus' } as never)).toThrow(/unknown fault type/)
  })
})

describe('received', () => {
  it('redacts token, hmac and extendedclaim; claimOwner and claimIs identify the claim', async () => {
    const a = await fake.startActivation({ customerWebId: '12345', userId: '17' })
    const creds = { token: a.apiToken, secret: a.apiKey }
    await call(
      fake,
      creds,
      [
        {
          kind: 'do',
          resourcetype: 'unlockProvider',
          parameters: { extendedclaim: a.apiClaim, parameterCacheId: a.parameterCacheId },
        },
      ],
      c.now(),
    )
    const claim = fake.issueClaim('12345', '18')
    await call(
      fake,
      creds,
      [{ ...estate, parameters: { extendedclaim: claim, data: ['Id'] } }, { ...address }],
      c.now(),
    )

    const dump = JSON.stringify(fake.received)
    for (const secret of [a.apiToken, a.apiKey, a.apiClaim, claim])
      expect(dump).not.toContain(secret)
    expect(dump).toContain('[redacted]')

    const [unlock, read, noClaim] = fake.receivedActions()
    expect(unlock!.claimOwner).toEqual({ customerWebId: '12345', userId: '17', kind: 'activation' })
    expect(unlock!.claimIs(a.apiClaim)).toBe(true)
    expect(read!.parameters).toEqual({ extendedclaim: '[redacted]', data: ['Id'] })
    expect(read!.claimOwner).toEqual({ customerWebId: '12345', userId: '18', kind: 'service' })
    expect(read!.claimIs(claim)).toBe(true)
    expect(read!.claimIs(a.apiClaim)).toBe(false)
    expect(noClaim!.hasClaim).toBe(false)
    expect(noClaim!.claimOwner).toBeNull()
    expect(noClaim!.status).toEqual({
      errorcode: 193,
      message: 'Parameter extendedclaim is required, but missing, empty or invalid',
    })
    expect(fake.receivedActions({ resourcetype: 'estate' })).toHaveLength(1)
    expect(fake.receivedActions((x) => x.kind === 'do')).toHaveLength(1)
    expect(fake.received[1]!.body).toMatchObject({
      token: '[redacted]',
      request: { actions: [{ hmac: '[redacted]' }, { hmac: '[redacted]' }] },
    })
    fake.clearReceived()
    expect(fake.received).toHaveLength(0)
  })
})

describe('served on 127.0.0.1', () => {
  it('answers over HTTP and resets the socket for a reset fault', async () => {
    const server = serve({ fetch: fake.app.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((r) => server.once('listening', () => r()))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stable/api.php`
    try {
      const body = JSON.stringify(await envelope(user, [estate], c.now()))
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      })
      expect((await res.json()).status.errorcode).toBe(0)
      fake.faults.next({ type: 'reset' })
      await expect(fetch(url, { method: 'POST', body })).rejects.toBeInstanceOf(TypeError)
    } finally {
      await new Promise((r) => server.close(r))
    }
  })
})
