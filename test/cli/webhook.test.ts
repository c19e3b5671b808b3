// `onoffice-kit webhook`: a signed webhook call to a service served on 127.0.0.1 (a Hono app with webhook(oo) over
// the fake onOffice, the customer activated through its own routes). The answer is printed as the service gave it.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onOffice, type OnOfficeWebhookEnv, webhook } from '../../src/hono/index.ts'
import { memoryKv } from '../../src/store/index.ts'
import { createFakeOnOffice } from '../../src/testing/index.ts'
import { activateThroughRoutes } from '../shared/activate-through-routes.ts'
import { run } from './helpers.ts'

const SECRET = 'cli-webhook-secret-9Qx2'
const CUSTOMER = '4242'

describe('webhook against a service on 127.0.0.1', () => {
  const fake = createFakeOnOffice()
  let server: ReturnType<typeof serve>
  let base = ''
  let claim = ''
  beforeAll(async () => {
    let app: Hono<OnOfficeWebhookEnv> | undefined
    server = serve({
      fetch: (req) => app?.fetch(req) ?? new Response('starting', { status: 503 }),
      hostname: '127.0.0.1',
      port: 0,
    })
    await new Promise<void>((r) => server.once('listening', () => r()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const oo = onOffice({
      publicUrl: base,
      providerSecret: SECRET,
      sessionSecret: 'session-secret-0123456789abcdefghijklmnop',
      encryptionKey: 'encryption-key-0123456789abcdefghijklmnop',
      kv: memoryKv(),
      endpoint: fake.endpoint,
      fetch: fake.fetch,
    })
    app = new Hono<OnOfficeWebhookEnv>()
    app.route('/onoffice', oo.routes())
    app.get('/webhooks/estate', webhook(oo), (c) =>
      c.json({
        customerWebId: c.var.onoffice.customerWebId,
        estateId: c.var.onoffice.params.estateId,
        note: c.var.onoffice.params.note,
      }),
    )
    await activateThroughRoutes(app, fake, {
      publicUrl: base,
      secret: SECRET,
      customerWebId: CUSTOMER,
      userId: '7',
    })
    claim = fake.issueClaim(CUSTOMER, '7')
  })
  afterAll(async () => {
    await new Promise((r) => server.close(r))
  })

  const identity = () => [
    '--param',
    `customerWebId=${CUSTOMER}`,
    '--param',
    'userId=7',
    '--param',
    `apiClaim=${claim}`,
  ]

  it('sends a signed GET the service accepts; prints status and body; exit 0', async () => {
    const r = await run([
      'webhook',
      `${base}/webhooks/estate`,
      ...identity(),
      '--param',
      'estateId=1',
      '--param',
      'note=a=b c',
      '--secret',
      SECRET,
    ])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.lines[0]).toBe('200 OK')
    expect(JSON.parse(r.lines[1]!)).toEqual({
      customerWebId: CUSTOMER,
      estateId: '1',
      note: 'a=b c',
    })
  })

  it('the secret from ONOFFICE_PROVIDER_SECRET; the URL’s own parameters are kept and signed', async () => {
    const r = await run(['webhook', `${base}/webhooks/estate?estateId=2`, ...identity()], {
      ONOFFICE_PROVIDER_SECRET: SECRET,
    })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.lines[1]!)).toMatchObject({ estateId: '2' })
  })

  it('a wrong secret: the service’s 403 and its body are printed, exit 1, the secret is not', async () => {
    const r = await run([
      'webhook',
      `${base}/webhooks/estate`,
      ...identity(),
      '--param',
      'estateId=3',
      '--secret',
      'another-secret',
    ])
    expect(r.code).toBe(1)
    expect(r.lines[0]).toBe('403 Forbidden')
    expect(r.lines.length).toBeGreaterThan(1)
    expect(r.out + r.err).not.toContain('another-secret')
  })

  it('notes missing identity parameters on stderr and still sends', async () => {
    const r = await run([
      'webhook',
      `${base}/webhooks/estate`,
      '--param',
      'estateId=4',
      '--secret',
      SECRET,
    ])
    expect(r.err).toBe(
      'note: no customerWebId, userId, apiClaim: onOffice always sends them, so the service will likely refuse the call',
    )
    expect(r.code).toBe(1)
    expect(r.lines[0]).toMatch(/^4\d\d /)
  })

  it('a service that is not running: "not sent", exit 1', async () => {
    const closed = serve({ fetch: () => new Response(''), hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((r) => closed.once('listening', () => r()))
    const port = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    const r = await run([
      'webhook',
      `http://127.0.0.1:${port}/hook`,
      ...identity(),
      '--secret',
      SECRET,
    ])
    expect(r.code).toBe(1)
    expect(r.lines[0]).toMatch(
      new RegExp(`^not sent: could not reach http://127\\.0\\.0\\.1:${port}/hook: .*ECONNREFUSED`),
    )
  })
})

describe('webhook: wrong usage is exit 2 with a message that says what is wrong', () => {
  const cases: [string[], RegExp][] = [
    [['webhook', '--secret', 's'], /the webhook URL \(first argument\) is required/],
    [['webhook', 'ftp://x.example/h', '--secret', 's'], /the webhook URL must be an http\(s\) URL/],
    [['webhook', 'not-a-url', '--secret', 's'], /must be an absolute URL such as http:\/\/127/],
    [['webhook', 'http://127.0.0.1:1/h', '--param', 'novalue', '--secret', 's'], /key=value/],
    [['webhook', 'http://127.0.0.1:1/h', '--param', '=x', '--secret', 's'], /non-empty key/],
    [
      ['webhook', 'http://127.0.0.1:1/h', '--param', 'a=1', '--param', 'a=2', '--secret', 's'],
      /--param a is given twice/,
    ],
    [
      ['webhook', 'http://127.0.0.1:1/h', '--param', 'signature=x', '--secret', 's'],
      /--param signature is set by the signer/,
    ],
    [
      ['webhook', 'http://127.0.0.1:1/h'],
      /--secret is required \(or set ONOFFICE_PROVIDER_SECRET\)/,
    ],
    [['webhook', 'http://127.0.0.1:1/h', '--secret', 's', '--timeout', '0'], /--timeout must be/],
    [['webhook', 'http://127.0.0.1:1/h', '--secret', 's', '--nope'], /nope/],
  ]
  for (const [argv, message] of cases) {
    it(argv.slice(1).join(' '), async () => {
      const r = await run(argv)
      expect(r.code).toBe(2)
      expect(r.err).toMatch(message)
      expect(r.out).toBe('')
    })
  }

  it('--help prints the usage, and the main help lists the command', async () => {
    const help = await run(['webhook', '--help'])
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/^Usage: onoffice-kit webhook <url> --param key=value/)
    expect((await run(['--help'])).out).toMatch(/\n {2}webhook {13}send a signed webhook call/)
  })
})
