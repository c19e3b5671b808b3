import { describe, expect, it } from 'vitest'
import { OnOfficeApiError, OnOfficeResponseError, createClient } from '../../src/index.ts'
import { SEC64, TOK32, envelope, result, stub, type Responder } from './stub.ts'

const make = (r: Responder) => {
  const s = stub(r)
  return {
    s,
    client: createClient({ token: TOK32, secret: SEC64, fetch: s.fetch, retryDelayMs: 0 }),
  }
}
const actions = [
  { kind: 'read' as const, resourcetype: 'estate', resourceid: 1 },
  { kind: 'read' as const, resourcetype: 'address', resourceid: 2 },
  { kind: 'get' as const, resourcetype: 'fields', parameters: { modules: ['estate'] } },
]

describe('results', () => {
  it('batch settles each action; partial failure is normal', async () => {
    const { client } = make((b) =>
      envelope(
        [
          result(b.request.actions[0]!, [{ id: 1, type: 'estate', elements: { Id: '1' } }]),
          result(
            b.request.actions[1]!,
            [],
            null,
            80,
            'Unknown record. Record may not exist or the permission rights are not set accordingly for this action.',
          ),
          result(b.request.actions[2]!, [{ id: 'estate', type: null, elements: {} }]),
        ],
        { code: 500, errorcode: 97, message: 'Error in action' },
      ),
    )
    const settled = await client.batch(actions)
    expect(settled.map((s) => s.ok)).toEqual([true, false, true])
    const failed = settled[1]!
    if (failed.ok) throw new Error('expected failure')
    expect(failed.error).toBeInstanceOf(OnOfficeApiError)
    expect(failed.error).toMatchObject({
      errorCode: 80,
      category: 'not_found',
      retryable: false,
      actionIndex: 1,
      resourcetype: 'address',
    })
    if (settled[2]!.ok) expect(settled[2]!.value.records[0]!.id).toBe('estate')
  })

  it('a short response fails the missing actions and never misaligns the present ones', async () => {
    const { client } = make((b) =>
      envelope([result(b.request.actions[0]!, [{ id: 1, type: 'estate', elements: {} }])]),
    )
    const settled = await client.batch(actions)
    expect(settled[0]).toMatchObject({ ok: true, value: { records: [{ id: 1 }] } })
    for (const s of settled.slice(1)) {
      expect(s.ok).toBe(false)
      if (!s.ok) {
        expect(s.error).toBeInstanceOf(OnOfficeResponseError)
        expect(s.error.message).toMatch(/1 results for 3 actions; no result for action/)
      }
    }
  })

  it('results out of order (resourcetype or actionid does not match) fail that action and all after it', async () => {
    const { client } = make((b) => {
      const [a, c, d] = b.request.actions
      return envelope([result(a!), result(d!), result(c!)])
    })
    const settled = await client.batch(actions)
    expect(settled.map((s) => s.ok)).toEqual([true, false, false])
    if (!settled[1]!.ok) expect(settled[1]!.error.message).toMatch(/out of order/)
  })

  it('more results than actions fail all', async () => {
    const { client } = make((b) =>
      envelope([...b.request.actions.map((a) => result(a)), result(b.request.actions[0]!)]),
    )
    const settled = await client.batch(actions)
    expect(settled.every((s) => !s.ok && s.error instanceof OnOfficeResponseError)).toBe(true)
  })

  it('a request-level error without results applies to every action', async () => {
    const { client } = make(
      () =>
        new Response(
          JSON.stringify({
            status: { code: 400, errorcode: 22, message: 'Not authenticated' },
            response: [],
          }),
        ),
    )
    const settled = await client.batch(actions)
    for (const s of settled)
      expect(s).toMatchObject({
        ok: false,
        error: { errorCode: 22, category: 'auth', installationBlocked: true },
      })
    await expect(client.read('estate')).rejects.toBeInstanceOf(OnOfficeApiError)
  })

  it('call rejects with OnOfficeApiError carrying code, server message, category, hint', async () => {
    const { client } = make((b) =>
      envelope([
        result(b.request.actions[0]!, [], null, 201, 'Parameter "extendedclaim" is outdated'),
      ]),
    )
    const error = await client
      .withClaim('old-claim-value')
      .read('estate')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OnOfficeApiError)
    expect(error).toMatchObject({
      errorCode: 201,
      serverMessage: 'Parameter "extendedclaim" is outdated',
      category: 'claim',
      claimError: true,
    })
    expect((error as OnOfficeApiError).hint).toMatch(/relaunch/)
    expect((error as Error).message).not.toContain('old-claim-value')
  })

  it('parses tolerantly: unknown fields pass, cntabsolute null or numeric string, ids number or string, type null, elements a list kept a list, string errorcodes', async () => {
    const { client } = make(
      (b) =>
        new Response(
          JSON.stringify({
            status: { code: 200, errorcode: 0, message: 'OK', extra: 1 },
            response: {
              results: [
                {
                  ...result(b.request.actions[0]!),
                  data: {
                    meta: { cntabsolute: '2', future: true },
                    records: [
                      {
                        id: 3729,
                        type: 'estate',
                        elements: { Id: '3729', kaufpreis: '0.00' },
                        extra: 'x',
                      },
                      { id: 'impressum', type: null, elements: [{ a: 1 }, { b: 2 }] },
                    ],
                  },
                },
                {
                  ...result(b.request.actions[1]!),
                  data: { meta: { cntabsolute: null }, records: [] },
                  status: { errorcode: '0', message: 'OK' },
                },
                { ...result(b.request.actions[2]!), data: { meta: { cntabsolute: [] } } },
              ],
            },
          }),
        ),
    )
    const settled = await client.batch(actions)
    expect(settled.map((s) => s.ok)).toEqual([true, true, true])
    const [a, b, c] = settled.map((s) => (s.ok ? s.value : null))
    expect(a!.cntabsolute).toBe(2)
    expect(a!.records[0]).toMatchObject({
      id: 3729,
      type: 'estate',
      elements: { Id: '3729' },
      extra: 'x',
    })
    expect(a!.records[1]).toEqual({ id: 'impressum', type: null, elements: [{ a: 1 }, { b: 2 }] })
    expect(b!.cntabsolute).toBeNull()
    expect(c).toEqual({ records: [], cntabsolute: null, status: { errorcode: 0, message: 'OK' } })
  })

  it('data: [] on a failed action is tolerated', async () => {
    const { client } = make((b) =>
      envelope([
        { ...result(b.request.actions[0]!, [], null, 137, 'The HMAC is invalid.'), data: [] },
      ]),
    )
    await expect(client.read('estate')).rejects.toMatchObject({
      errorCode: 137,
      category: 'auth',
      hint: expect.stringMatching(/32.*64.*swapped/),
    })
  })

  it.each([
    ['not JSON', () => new Response('<html>502 Bad Gateway</html>', { status: 200 })],
    ['JSON but not the envelope', () => new Response(JSON.stringify({ hello: 'world' }))],
    ['JSON array', () => new Response('[]')],
  ])('%s → OnOfficeResponseError (not retried)', async (_n, r) => {
    const { client, s } = make(r)
    await expect(client.read('estate')).rejects.toBeInstanceOf(OnOfficeResponseError)
    expect(s.requests).toHaveLength(1)
  })

  it('a write whose response is unusable says its outcome is unknown', async () => {
    const { client } = make(() => new Response('{"status":'))
    const error = await client
      .modify('estate', { data: { a: 1 } }, { resourceid: 1 })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      outcomeUnknown: true,
      message: expect.stringMatching(/outcome of the write is unknown/),
    })
  })

  it('batch rejects up front for a malformed action (programming error), sending nothing', async () => {
    const { client, s } = make(() => envelope([]))
    await expect(
      client.batch([{ kind: 'fetch' as 'read', resourcetype: 'estate' }]),
    ).rejects.toThrow(TypeError)
    await expect(
      client.call({ kind: 'read', resourcetype: 5 as unknown as string }),
    ).rejects.toThrow(/resourcetype must be a string/)
    expect(s.requests).toHaveLength(0)
  })
})
