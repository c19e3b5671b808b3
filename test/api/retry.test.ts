import { describe, expect, it } from 'vitest'
import { OnOfficeTransportError, createClient } from '../../src/index.ts'
import { SEC64, TOK32, echo, envelope, hang, result, stub, type Responder } from './stub.ts'

const T = 1_700_000_000_000

/** Fails the first `n` requests with `fail`, then answers with `ok`. */
const failing =
  (n: number, fail: Responder, ok: Responder = echo): Responder =>
  (b, i, sig) =>
    i <= n ? fail(b, i, sig) : ok(b, i, sig)
const http =
  (status: number): Responder =>
  () =>
    new Response('oops', { status })
const network: Responder = () => Promise.reject(new TypeError('fetch failed: ECONNRESET'))

function make(r: Responder, extra = {}) {
  const s = stub(r)
  let t = T
  const client = createClient({
    token: TOK32,
    secret: SEC64,
    fetch: s.fetch,
    retryDelayMs: 0,
    timeoutMs: 50,
    now: () => (t += 1000),
    ...extra,
  })
  return { s, client }
}

describe('retries', () => {
  it.each([
    ['network error', network],
    ['timeout', hang],
    ['HTTP 500', http(500)],
    ['HTTP 503', http(503)],
  ])('read/get are retried after a %s, re-signed with a fresh timestamp', async (_n, fail) => {
    const { s, client } = make(failing(2, fail))
    const value = await client.read('estate')
    expect(value.records).toHaveLength(1)
    expect(s.requests).toHaveLength(3)
    const ts = s.requests.map((r) => r.body.request.actions[0]!.timestamp)
    expect(new Set(ts).size).toBe(3)
    expect(new Set(s.requests.map((r) => r.body.request.actions[0]!.hmac)).size).toBe(3)
  })

  it('gives up after `retries` extra attempts with OnOfficeTransportError', async () => {
    const { s, client } = make(http(502), { retries: 1 })
    const error = await client.get('fields').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OnOfficeTransportError)
    expect(error).toMatchObject({ kind: 'http', status: 502, outcomeUnknown: false })
    expect(s.requests).toHaveLength(2)
  })

  it('a timeout says so', async () => {
    const { client } = make(hang, { retries: 0 })
    await expect(client.read('estate')).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(/did not answer within 50 ms/),
    })
  })

  it('4xx is not retried', async () => {
    const { s, client } = make(http(403))
    await expect(client.read('estate')).rejects.toMatchObject({ kind: 'http', status: 403 })
    expect(s.requests).toHaveLength(1)
  })

  it.each([
    ['create', 'timeout', hang],
    ['modify', 'network', network],
    ['delete', 'http', http(500)],
    ['do', 'timeout', hang],
  ] as const)(
    '%s is never retried; after a %s its outcome is unknown',
    async (kind, errKind, fail) => {
      const { s, client } = make(failing(5, fail))
      const error = await client[kind]('estate', { data: { a: 1 } }, { resourceid: 1 }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(OnOfficeTransportError)
      expect(error).toMatchObject({
        kind: errKind,
        outcomeUnknown: true,
        message: expect.stringMatching(/outcome of the write is unknown/),
      })
      expect(s.requests).toHaveLength(1)
    },
  )

  it('a request carrying reads and writes: only its reads are retried, in a request of their own', async () => {
    const { s, client } = make(failing(1, hang))
    const settled = await client.batch([
      { kind: 'read', resourcetype: 'estate' },
      { kind: 'create', resourcetype: 'address', parameters: { Name: 'x' } },
      { kind: 'get', resourcetype: 'fields' },
    ])
    expect(settled.map((x) => x.ok)).toEqual([true, false, true])
    expect(settled[1]).toMatchObject({ ok: false, error: { outcomeUnknown: true } })
    expect(s.requests.map((r) => r.body.request.actions.map((a) => a.resourcetype))).toEqual([
      ['estate', 'address', 'fields'],
      ['estate', 'fields'],
    ])
  })

  it('error 136: takes the clock offset from the Date header and retries reads with a corrected timestamp', async () => {
    const serverNow = Date.UTC(2023, 10, 14, 22, 20, 0) // 1700000400 s
    const { s, client } = make(
      failing(1, (b) =>
        envelope(
          b.request.actions.map((a) =>
            result(a, [], null, 136, 'Your timestamp is too old or your server time is wrong.'),
          ),
          { code: 200, errorcode: 0, message: 'OK' },
          { date: new Date(serverNow).toUTCString() },
        ),
      ),
      { now: () => T },
    )
    await client.read('estate')
    expect(s.requests).toHaveLength(2)
    expect(s.requests[0]!.body.request.actions[0]!.timestamp).toBe(1_700_000_000)
    expect(s.requests[1]!.body.request.actions[0]!.timestamp).toBe(1_700_000_400)
    // The offset stays for later calls.
    await client.read('address')
    expect(s.requests[2]!.body.request.actions[0]!.timestamp).toBe(1_700_000_400)
  })

  it('error 136 on a write is not retried and explains the clock', async () => {
    const { s, client } = make((b) =>
      envelope(
        b.request.actions.map((a) =>
          result(a, [], null, 136, 'Your timestamp is too old or your server time is wrong.'),
        ),
      ),
    )
    await expect(client.do('unlockProvider')).rejects.toMatchObject({
      errorCode: 136,
      category: 'clock',
      hint: expect.stringMatching(/server clock/),
    })
    expect(s.requests).toHaveLength(1)
  })

  it('other API errors are not retried', async () => {
    const { s, client } = make((b) =>
      envelope(b.request.actions.map((a) => result(a, [], null, 80, 'Unknown record.'))),
    )
    await expect(client.read('estate')).rejects.toMatchObject({ errorCode: 80 })
    expect(s.requests).toHaveLength(1)
  })
})
