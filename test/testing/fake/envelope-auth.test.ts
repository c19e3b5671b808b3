import { beforeEach, describe, expect, it } from 'vitest'
import { ACTION_IDS } from '../../../src/api/actions.ts'
import { hmacV2 } from '../../../src/api/hmac.ts'
import {
  createFakeOnOffice,
  type FakeCredentials,
  type FakeOnOffice,
} from '../../../src/testing/index.ts'
import { call, clock, envelope, one, post, T0, type Json } from './helpers.ts'

let c: ReturnType<typeof clock>
let fake: FakeOnOffice
let user: FakeCredentials
beforeEach(() => {
  c = clock()
  fake = createFakeOnOffice({ now: c.now })
  user = fake.addApiUser()
})

async function raw(body: unknown) {
  const res = await post(fake, body)
  return { http: res.status, json: (await res.json()) as Json }
}

describe('envelope', () => {
  it('answers request-level errors with the real messages and no results', async () => {
    expect((await raw('')).json.status).toEqual({
      code: 400,
      errorcode: 9,
      message: 'Empty request',
    })
    expect((await raw('{"token":')).json.status).toEqual({
      code: 400,
      errorcode: 6,
      message: 'Syntax error',
    })
    expect((await raw('"x"')).json.status).toMatchObject({
      errorcode: 4,
      message: 'Invalid or malformed JSON',
    })
    expect((await raw({ request: { actions: [] } })).json.status).toMatchObject({
      errorcode: 13,
      message: 'Missing or invalid element: token',
    })
    expect((await raw({ token: user.token })).json.status).toMatchObject({
      errorcode: 14,
      message: 'Missing or invalid element: request',
    })
    const r = await raw({ token: user.token, request: { actions: [] } })
    expect(r.json.status).toMatchObject({
      errorcode: 15,
      message: 'Missing or invalid element: actions',
    })
    expect(r.json.response.results).toEqual([])
  })

  it('answers malformed actions per action (16/17/18/19/20/247) and keeps request order', async () => {
    const good = (
      await envelope(
        user,
        [{ kind: 'read', resourcetype: 'estate', parameters: { listlimit: 1 } }],
        T0,
      )
    ).request.actions[0]!
    const { json } = await raw({
      token: user.token,
      request: {
        actions: [
          { ...good, actionid: 'urn:nope' },
          { ...good, actionid: '' },
          { ...good, resourceid: undefined },
          { ...good, resourcetype: 5 },
          { ...good, parameters: 'x' },
          'not an action',
          good,
        ],
      },
    })
    expect(json.response.results.map((r) => r.status.errorcode)).toEqual([
      16, 17, 18, 19, 20, 247, 0,
    ])
    expect(json.response.results[0]!.status.message).toBe('Missing or invalid attribute: actionid')
    expect(json.response.results[0]!.data).toEqual([])
    expect(json.status).toEqual({ code: 200, errorcode: 97, message: 'Error in action' })
  })

  it('accepts PHP-style [] parameters, string timestamps and hmac_version "2", on stable and latest', async () => {
    const ts = Math.floor(T0 / 1000)
    const hmac = await hmacV2(user.token, user.secret, ts, 'estate', ACTION_IDS.read)
    const action = {
      actionid: ACTION_IDS.read,
      resourceid: null,
      resourcetype: 'estate',
      identifier: 'x',
      timestamp: String(ts),
      hmac,
      hmac_version: '2',
      parameters: [],
    }
    for (const path of ['/api/stable/api.php', '/api/latest/api.php']) {
      const res = await post(fake, { token: user.token, request: { actions: [action] } }, { path })
      const json = (await res.json()) as Json
      expect(json.status).toEqual({ code: 200, errorcode: 0, message: 'OK' })
      expect(json.response.results[0]).toMatchObject({
        identifier: 'x',
        cacheable: true,
        status: { errorcode: 0, message: 'OK' },
      })
    }
  })

  it('answers only POST on api.php, sends a Date header of its clock', async () => {
    expect((await fake.fetch(fake.endpoint)).status).toBe(405)
    expect(
      (await fake.fetch('https://api.onoffice.test/api/v9/api.php', { method: 'POST', body: '{}' }))
        .status,
    ).toBe(404)
    const res = await post(
      fake,
      await envelope(user, [{ kind: 'read', resourcetype: 'estate' }], T0),
    )
    expect(res.headers.get('date')).toBe(new Date(T0).toUTCString())
    expect(res.headers.get('content-type')).toContain('application/json')
  })

  it('says 25 for an unknown resourcetype and 23 for a known one with another action', async () => {
    const json = await call(
      fake,
      user,
      [
        { kind: 'read', resourcetype: 'nope' },
        { kind: 'delete', resourcetype: 'estate' },
      ],
      T0,
    )
    expect(json.response.results[0]!.status).toEqual({
      errorcode: 25,
      message: 'Missing configuration for resourceType "nope"',
    })
    expect(json.response.results[1]!.status).toEqual({
      errorcode: 23,
      message: `Missing configuration for actionId "${ACTION_IDS.delete}"`,
    })
  })
})

describe('authentication', () => {
  it('accepts a valid HMAC v2 and rejects a wrong one with 137', async () => {
    expect(
      (await one(fake, user, { kind: 'read', resourcetype: 'estate' }, T0)).status.errorcode,
    ).toBe(0)
    const bad = await one(
      fake,
      user,
      { kind: 'read', resourcetype: 'estate', signSecret: 'x'.repeat(64) },
      T0,
    )
    expect(bad.status).toEqual({ errorcode: 137, message: 'The HMAC is invalid.' })
    expect(bad.data).toEqual([])
    expect(bad.top).toEqual({ code: 200, errorcode: 97, message: 'Error in action' })
    // The HMAC covers resourcetype: signing for another resourcetype fails.
    const ts = Math.floor(T0 / 1000)
    const other = await hmacV2(user.token, user.secret, ts, 'address', ACTION_IDS.read)
    expect(
      (await one(fake, user, { kind: 'read', resourcetype: 'estate', hmac: other }, T0)).status
        .errorcode,
    ).toBe(137)
  })

  it('enforces the ±120 s window on both sides with 136', async () => {
    const s = Math.floor(T0 / 1000)
    for (const [ts, code] of [
      [s - 120, 0],
      [s + 120, 0],
      [s - 121, 136],
      [s + 121, 136],
    ] as const) {
      const r = await one(fake, user, { kind: 'read', resourcetype: 'estate', timestamp: ts }, T0)
      expect(r.status.errorcode, `ts ${ts - s}`).toBe(code)
    }
    const r = await one(
      fake,
      user,
      { kind: 'read', resourcetype: 'estate', timestamp: s - 500 },
      T0,
    )
    expect(r.status.message).toBe('Your timestamp is too old or your server time is wrong.')
  })

  it('answers 13 for a missing token and 22 for an unknown one', async () => {
    const body = await envelope(user, [{ kind: 'read', resourcetype: 'estate' }], T0)
    expect((await raw({ ...body, token: '' })).json.status.errorcode).toBe(13)
    const { json } = await raw({ ...body, token: 'Z'.repeat(32) })
    expect(json.response.results[0]!.status).toEqual({
      errorcode: 22,
      message: 'Not authenticated',
    })
  })

  it('authenticates each action of a batch on its own', async () => {
    const json = await call(
      fake,
      user,
      [
        { kind: 'read', resourcetype: 'estate', identifier: 'a' },
        { kind: 'read', resourcetype: 'estate', identifier: 'b', hmac: 'AAAA' },
        { kind: 'read', resourcetype: 'address', identifier: 'c' },
      ],
      T0,
    )
    expect(json.response.results.map((r) => [r.identifier, r.status.errorcode])).toEqual([
      ['a', 0],
      ['b', 137],
      ['c', 0],
    ])
  })

  it('never puts the secret or HMAC into a response', async () => {
    const res = await post(
      fake,
      await envelope(
        user,
        [{ kind: 'read', resourcetype: 'estate', signSecret: 'y'.repeat(64) }],
        T0,
      ),
    )
    const text = await res.text()
    expect(text).not.toContain(user.secret)
    expect(text).not.toContain(user.token)
  })
})
