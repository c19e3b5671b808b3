import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTION_IDS } from '../../src/api/actions.ts'
import { hmacV2 } from '../../src/api/hmac.ts'
import { verifySignedUrl } from '../../src/marketplace/index.ts'
import { createFakeOnOffice } from '../../src/testing/index.ts'
import { run } from './helpers.ts'

describe('check-credentials against a fake served on 127.0.0.1', () => {
  const fake = createFakeOnOffice()
  let server: ReturnType<typeof serve>
  let endpoint = ''
  beforeAll(async () => {
    server = serve({ fetch: fake.app.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((r) => server.once('listening', () => r()))
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stable/api.php`
  })
  afterAll(async () => {
    await new Promise((r) => server.close(r))
  })

  it('ok for a working API user; prints CI values, never the secret', async () => {
    const { token, secret } = fake.addApiUser()
    const r = await run([
      'check-credentials',
      '--token',
      token,
      '--secret',
      secret,
      '--endpoint',
      endpoint,
    ])
    expect(r.code).toBe(0)
    expect(r.lines[0]).toBe(`ok: the credentials work (basicsettings read from ${endpoint})`)
    expect(r.out).toContain('  color = #2a6ebb')
    expect(r.out).not.toContain(secret)
    expect(r.out).not.toContain(token)
  })

  it('reads token, secret and endpoint from the environment', async () => {
    const { token, secret } = fake.addApiUser()
    const r = await run(['check-credentials'], {
      ONOFFICE_API_TOKEN: token,
      ONOFFICE_API_SECRET: secret,
      ONOFFICE_ENDPOINT: endpoint,
    })
    expect(r.code).toBe(0)
  })

  it('a wrong secret: error 137 with the hint, exit 1', async () => {
    const { token } = fake.addApiUser()
    const r = await run([
      'check-credentials',
      '--token',
      token,
      '--secret',
      'x'.repeat(64),
      '--endpoint',
      endpoint,
    ])
    expect(r.code).toBe(1)
    expect(r.lines[0]).toBe('not ok: onOffice error 137 (auth): The HMAC is invalid.')
    expect(r.out).toMatch(/not swapped/)
  })

  it('an unknown token: error 22 explained', async () => {
    const r = await run([
      'check-credentials',
      '--token',
      't'.repeat(32),
      '--secret',
      's'.repeat(64),
      '--endpoint',
      endpoint,
    ])
    expect(r.code).toBe(1)
    expect(r.lines[0]).toMatch(/^not ok: onOffice error 22 \(auth\)/)
  })

  it('lengths and swapped token/secret are explained before any request', async () => {
    const { token, secret } = fake.addApiUser()
    const before = fake.received.length
    const swapped = await run([
      'check-credentials',
      '--token',
      secret,
      '--secret',
      token,
      '--endpoint',
      endpoint,
    ])
    expect(swapped.code).toBe(1)
    expect(swapped.out).toMatch(/^not ok: options.token and options.secret look swapped/)
    const short = await run([
      'check-credentials',
      '--token',
      token,
      '--secret',
      secret.slice(0, 60),
      '--endpoint',
      endpoint,
    ])
    expect(short.code).toBe(1)
    expect(short.out).toContain('options.secret must have 64 characters, it has 60')
    expect(fake.received.length).toBe(before)
    expect(swapped.out + short.out).not.toContain(secret.slice(0, 20))
  })

  it('a marketplace API user without claim: 193 and the --claim advice; with a claim: ok', async () => {
    const act = await fake.startActivation({ customerWebId: '777', userId: '17' })
    const ts = Math.floor(Date.now() / 1000)
    await fake.fetch(fake.endpoint, {
      method: 'POST',
      body: JSON.stringify({
        token: act.apiToken,
        request: {
          actions: [
            {
              actionid: ACTION_IDS.do,
              resourceid: '',
              identifier: '',
              resourcetype: 'unlockProvider',
              timestamp: ts,
              hmac_version: 2,
              hmac: await hmacV2(act.apiToken, act.apiKey, ts, 'unlockProvider', ACTION_IDS.do),
              parameters: { extendedclaim: act.apiClaim, parameterCacheId: act.parameterCacheId },
            },
          ],
        },
      }),
    })
    expect(fake.isActivated('777')).toBe(true)
    const noClaim = await run([
      'check-credentials',
      '--token',
      act.apiToken,
      '--secret',
      act.apiKey,
      '--endpoint',
      endpoint,
    ])
    expect(noClaim.code).toBe(1)
    expect(noClaim.lines[0]).toMatch(/^not ok: onOffice error 193 \(claim\)/)
    expect(noClaim.out).toContain('pass --claim <apiClaim>')
    const claim = fake.issueClaim('777', '17')
    expect(
      (
        await run([
          'check-credentials',
          '--token',
          act.apiToken,
          '--secret',
          act.apiKey,
          '--endpoint',
          endpoint,
          '--claim',
          claim,
        ])
      ).code,
    ).toBe(0)
    fake.block('777')
    const blocked = await run([
      'check-credentials',
      '--token',
      act.apiToken,
      '--secret',
      act.apiKey,
      '--endpoint',
      endpoint,
      '--claim',
      claim,
    ])
    expect(blocked.code).toBe(1)
    expect(blocked.out).toMatch(/must activate again/)
  })

  it('a clock that is off: 136 explained', async () => {
    const { token, secret } = fake.addApiUser()
    fake.faults.next({ type: 'error', code: 136 }, { times: 5 })
    const r = await run([
      'check-credentials',
      '--token',
      token,
      '--secret',
      secret,
      '--endpoint',
      endpoint,
    ])
    fake.faults.clear()
    expect(r.code).toBe(1)
    expect(r.lines[0]).toMatch(/^not ok: onOffice error 136 \(clock\)/)
    expect(r.out).toMatch(/NTP/)
  })

  it('an endpoint that is not api.php or not reachable', async () => {
    const { token, secret } = fake.addApiUser()
    const wrong = await run([
      'check-credentials',
      '--token',
      token,
      '--secret',
      secret,
      '--endpoint',
      endpoint.replace('/api/stable/api.php', '/nope'),
    ])
    expect(wrong.code).toBe(1)
    expect(wrong.out).toMatch(/^not ok: /)
    const closed = await run([
      'check-credentials',
      '--token',
      token,
      '--secret',
      secret,
      '--endpoint',
      'http://127.0.0.1:1/api/stable/api.php',
    ])
    expect(closed.code).toBe(1)
    expect(closed.out).toMatch(
      /^not ok: no answer from http:\/\/127\.0\.0\.1:1\/api\/stable\/api\.php \(network\)/,
    )
    expect((await run(['check-credentials', '--secret', secret])).code).toBe(2)
  })
})

describe('simulate', () => {
  it('serves the host page and the fake API on one port, signs for the provider, stops on the signal', async () => {
    const stop = new AbortController()
    const lines: string[] = []
    const { runCli } = await import('../../src/cli/index.ts')
    const done = runCli(
      ['simulate', '--provider', 'http://127.0.0.1:8788/onoffice', '--port', '0'],
      {
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
        env: { ONOFFICE_PROVIDER_SECRET: 'sim-cli-secret' },
        signal: stop.signal,
      },
    )
    try {
      await expect
        .poll(() => lines.join('\n'), { timeout: 5000 })
        .toMatch(/open +http:\/\/127\.0\.0\.1:\d+\//)
      const text = lines.join('\n')
      const url = /open +(http:\/\/127\.0\.0\.1:\d+\/)/.exec(text)![1]!
      expect(text).toContain(`API endpoint   ${url}api/stable/api.php`)
      expect(text).toContain('activation     http://127.0.0.1:8788/onoffice/activate')
      expect(text).not.toContain('sim-cli-secret')

      const page = await fetch(url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('id="activate"')
      const act = (await (await fetch(`${url}sim/activate`, { method: 'POST' })).json()) as {
        activationUrl: string
        apiKey: string
      }
      expect((await verifySignedUrl(act.activationUrl, { secret: 'sim-cli-secret' })).ok).toBe(true)
      const api = await fetch(`${url}api/stable/api.php`, { method: 'POST', body: '{}' })
      expect(api.status).toBe(200)
      expect(((await api.json()) as { status: { code: number } }).status.code).toBeGreaterThan(0)
    } finally {
      stop.abort()
    }
    expect(await done).toBe(0)
    expect(lines.at(-1)).toBe('stopping the simulator …')
  })

  it('--webhook-url: "Webhook auslösen" sends the signed GET there and reports the answer', async () => {
    const seen: string[] = []
    const hook = serve({
      fetch: (req) => {
        seen.push(req.url)
        return new Response('received', { status: 202 })
      },
      hostname: '127.0.0.1',
      port: 0,
    })
    await new Promise<void>((r) => hook.once('listening', () => r()))
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/estate`
    const stop = new AbortController()
    const lines: string[] = []
    const { runCli } = await import('../../src/cli/index.ts')
    const done = runCli(
      [
        'simulate',
        '--provider',
        'http://127.0.0.1:8788/onoffice',
        '--webhook-url',
        hookUrl,
        '--port',
        '0',
      ],
      {
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
        env: { ONOFFICE_PROVIDER_SECRET: 'sim-cli-secret' },
        signal: stop.signal,
      },
    )
    try {
      await expect
        .poll(() => lines.join('\n'), { timeout: 5000 })
        .toMatch(/open +http:\/\/127\.0\.0\.1:\d+\//)
      const text = lines.join('\n')
      expect(text).toContain(`webhook        ${hookUrl}`)
      const url = /open +(http:\/\/127\.0\.0\.1:\d+\/)/.exec(text)![1]!
      const fired = await fetch(`${url}sim/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"estateId":1}',
      })
      expect(await fired.json()).toMatchObject({ ok: true, status: 202, body: 'received' })
      expect(seen).toHaveLength(1)
      const v = await verifySignedUrl(seen[0]!, { secret: 'sim-cli-secret' })
      expect(v.ok && v.params.estateId).toBe('1')
    } finally {
      stop.abort()
      await new Promise((r) => hook.close(r))
    }
    expect(await done).toBe(0)
    expect(
      (
        await run([
          'simulate',
          '--provider',
          'http://x/o',
          '--webhook-url',
          'nope',
          '--secret',
          's',
        ])
      ).code,
    ).toBe(2)
  })

  it('needs --provider and a secret; a busy port exits 1', async () => {
    expect((await run(['simulate', '--secret', 's'])).code).toBe(2)
    expect((await run(['simulate', '--provider', 'http://127.0.0.1:8788/onoffice'])).code).toBe(2)
    // The example in the message is what --provider takes (the mount base), and the activation URL itself is refused.
    const bad = await run(['simulate', '--provider', '127.0.0.1:8788/onoffice', '--secret', 's'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain(
      '--provider must be an absolute URL such as http://127.0.0.1:8788/onoffice (where your routes() are mounted)',
    )
    const activation = await run([
      'simulate',
      '--provider',
      'http://127.0.0.1:8788/onoffice/activate',
      '--secret',
      's',
    ])
    expect(activation.code).toBe(2)
    expect(activation.err).toContain('without /activate')
    const blocker = serve({ fetch: () => new Response('x'), hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((r) => blocker.once('listening', () => r()))
    try {
      const port = String((blocker.address() as AddressInfo).port)
      const r = await run([
        'simulate',
        '--provider',
        'http://127.0.0.1:8788/onoffice',
        '--secret',
        's',
        '--port',
        port,
      ])
      expect(r.code).toBe(1)
      expect(r.err).toContain(`port ${port} is in use`)
    } finally {
      await new Promise((r) => blocker.close(r))
    }
  })
})
