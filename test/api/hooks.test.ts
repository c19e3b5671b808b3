import { describe, expect, it } from 'vitest'
import {
  createClient,
  type OnOfficeRequestEvent,
  type OnOfficeResponseEvent,
} from '../../src/index.ts'
import { SEC64, TOK32, stub } from './stub.ts'

describe('hooks', () => {
  it('onRequest/onResponse see every attempt with token, secret, hmac and extendedclaim redacted', async () => {
    const requests: OnOfficeRequestEvent[] = []
    const responses: OnOfficeResponseEvent[] = []
    const s = stub((b, n) =>
      n === 1
        ? new Response('x', { status: 500 })
        : new Response(
            JSON.stringify({
              status: { errorcode: 0 },
              response: {
                results: [
                  {
                    actionid: b.request.actions[0]!.actionid,
                    resourcetype: 'estate',
                    data: { records: [{ id: 1, elements: { secret: 'leak', token: 'leak' } }] },
                    status: { errorcode: 0 },
                  },
                ],
              },
            }),
          ),
    )
    const client = createClient({
      token: TOK32,
      secret: SEC64,
      fetch: s.fetch,
      retryDelayMs: 0,
      claim: 'CLAIM-VALUE-123',
      onRequest: (e) => requests.push(e),
      onResponse: (e) => responses.push(e),
    })
    await client.read('estate', { data: ['Id'] })
    expect(requests.map((e) => e.attempt)).toEqual([1, 2])
    expect(responses.map((e) => e.status)).toEqual([500, 200])
    expect(responses[0]!.error?.name).toBe('OnOfficeTransportError')
    const seen = JSON.stringify([requests, responses])
    for (const value of [TOK32, SEC64, 'CLAIM-VALUE-123', s.actions()[0]!.hmac, 'leak'])
      expect(seen).not.toContain(value)
    expect(requests[0]!.body).toMatchObject({
      token: '[redacted]',
      request: {
        actions: [
          {
            hmac: '[redacted]',
            resourcetype: 'estate',
            parameters: { extendedclaim: '[redacted]', data: ['Id'] },
          },
        ],
      },
    })
    expect(requests[0]!.actions).toEqual([
      { kind: 'read', resourcetype: 'estate', resourceid: '', identifier: '' },
    ])
  })

  it('a throwing hook does not break the call', async () => {
    const client = createClient({
      token: TOK32,
      secret: SEC64,
      fetch: stub().fetch,
      onRequest: () => {
        throw new Error('boom')
      },
      onResponse: () => {
        throw new Error('boom')
      },
    })
    await expect(client.read('estate')).resolves.toMatchObject({ records: [{ id: 1 }] })
  })
})
