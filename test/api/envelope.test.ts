import { describe, expect, it } from 'vitest'
import { ACTION_IDS, createClient, hmacV2 } from '../../src/index.ts'
import { SEC64, TOK32, echo, stub } from './stub.ts'

const T = 1_700_000_000_123

describe('wire body', () => {
  it('golden: T3 estate read + T4 unlockProvider in one request, fixed timestamp', async () => {
    const s = stub()
    const client = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch, now: () => T })
    await Promise.all([
      client.read('estate', { listlimit: 10, data: ['Id', 'kaufpreis'] }),
      client.withClaim('abc-DEF_123.xyz').call({
        kind: 'do',
        resourcetype: 'unlockProvider',
        parameters: { parameterCacheId: '6802c44a-7ac0-4210-a3d4-e5581e3fa0b6' },
      }),
    ])
    expect(s.requests).toHaveLength(1)
    expect(s.requests[0]!.raw).toBe(
      '{"token":"0123456789abcdef0123456789abcdef","request":{"actions":[' +
        '{"actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:read","resourceid":"","resourcetype":"estate","identifier":"","timestamp":1700000000,"hmac":"4cyMQlrCcgQy471P4TbqJJYvjYc57rMvagvH6a2PlTo=","hmac_version":2,"parameters":{"data":["Id","kaufpreis"],"listlimit":10}},' +
        '{"actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:do","resourceid":"","resourcetype":"unlockProvider","identifier":"","timestamp":1700000000,"hmac":"8FtJ6J4zmGHRY/CrC+0tcGnvaR9A+Gb12DWastX5bto=","hmac_version":2,"parameters":{"extendedclaim":"abc-DEF_123.xyz","parameterCacheId":"6802c44a-7ac0-4210-a3d4-e5581e3fa0b6"}}' +
        ']}}',
    )
  })

  it('POSTs application/json to the stable endpoint by default, latest or a custom endpoint on request', async () => {
    const urls: string[] = []
    for (const extra of [
      {},
      { apiVersion: 'latest' as const },
      { endpoint: 'http://127.0.0.1:9/api.php' },
    ]) {
      const s = stub()
      await createClient({ token: TOK32, secret: SEC64, fetch: s.fetch, ...extra }).get('fields', {
        modules: ['estate'],
      })
      expect(s.requests[0]!.headers.get('content-type')).toBe('application/json')
      urls.push(s.requests[0]!.url)
    }
    expect(urls).toEqual([
      'https://api.onoffice.de/api/stable/api.php',
      'https://api.onoffice.de/api/latest/api.php',
      'http://127.0.0.1:9/api.php',
    ])
  })

  it('sorts top-level parameter keys in byte order (uppercase before lowercase, integer-like keys as strings), nested order untouched', async () => {
    const s = stub()
    await createClient({ token: TOK32, secret: SEC64, fetch: s.fetch }).read('estate', {
      sortby: { z: 'ASC', a: 'DESC' },
      b: 1,
      UserLanguage: 'x',
      '10': 1,
      '2': 2,
      a: 0,
    })
    expect(s.requests[0]!.raw).toContain(
      '"parameters":{"10":1,"2":2,"UserLanguage":"x","a":0,"b":1,"sortby":{"z":"ASC","a":"DESC"}}',
    )
  })

  it('reads the clock exactly once per action and signs with that timestamp', async () => {
    let reads = 0
    const s = stub()
    const client = createClient({
      token: TOK32,
      secret: SEC64,
      fetch: s.fetch,
      now: () => T + 1000 * reads++,
    })
    await Promise.all([
      client.read('estate'),
      client.get('fields', { modules: ['address'] }),
      client.do('unlockProvider', { parameterCacheId: 'x' }),
    ])
    expect(reads).toBe(3)
    const actions = s.actions()
    expect(actions.map((a) => a.timestamp)).toEqual([1700000000, 1700000001, 1700000002])
    for (const a of actions)
      expect(a.hmac).toBe(await hmacV2(TOK32, SEC64, a.timestamp, a.resourcetype, a.actionid))
    expect(actions.map((a) => a.hmac_version)).toEqual([2, 2, 2])
  })

  it('sends resourceid and identifier as strings, "" when absent', async () => {
    const s = stub()
    const client = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch })
    await Promise.all([
      client.read('estate', {}, { resourceid: 4711, identifier: 'mine' }),
      client.call({ kind: 'get', resourcetype: 'fields' }),
    ])
    expect(s.actions().map((a) => [a.actionid, a.resourceid, a.identifier, a.parameters])).toEqual([
      [ACTION_IDS.read, '4711', 'mine', {}],
      [ACTION_IDS.get, '', '', {}],
    ])
  })

  it('never puts listlimit > 500 on the wire: read, get, call and batch', async () => {
    const s = stub(echo)
    const client = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch })
    await client.read('estate', { listlimit: 1000 })
    await client.get('searchcriterias', { listlimit: '501' })
    await client.call({ kind: 'read', resourcetype: 'address', parameters: { listlimit: 500 } })
    await client.batch([
      { kind: 'read', resourcetype: 'agentslog', parameters: { listlimit: 9999, listoffset: 0 } },
    ])
    await client.read('user', { listlimit: 20 })
    expect(s.actions().map((a) => a.parameters.listlimit)).toEqual([500, 500, 500, 500, 20])
  })

  it('withClaim puts extendedclaim on every action; an explicit parameter wins; claim option works the same', async () => {
    const s = stub()
    const base = createClient({ token: TOK32, secret: SEC64, fetch: s.fetch })
    const claimed = base.withClaim('claim-A')
    await Promise.all([
      claimed.read('estate'),
      claimed.do('x', { extendedclaim: 'explicit' }),
      base.read('address'),
    ])
    await createClient({ token: TOK32, secret: SEC64, fetch: s.fetch, claim: 'claim-B' }).get(
      'fields',
    )
    expect(s.actions().map((a) => a.parameters.extendedclaim)).toEqual([
      'claim-A',
      'explicit',
      undefined,
      'claim-B',
    ])
    expect(() => base.withClaim('')).toThrow(/apiClaim must be a non-empty string/)
  })
})
