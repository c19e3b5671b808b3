import { afterEach, describe, expect, it, vi } from 'vitest'
import { log, scrub } from '../../src/hono/log.ts'
import { createHarness, fetchHeaders, PROVIDER_SECRET } from './helpers.ts'

const SECRET = 'Zr8k3Jq0pW2xV9mN4bT6yH1cL5dF7gA0Zr8k3Jq0pW2xV9mN4bT6yH1cL5dF7gA0'

describe('log', () => {
  afterEach(() => vi.restoreAllMocks())

  it('keeps a foreign error message readable but drops credentials from it', () => {
    const lines: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line))
    log(
      'kv read failed',
      new Error(`connect ECONNREFUSED redis://default:hunter2@10.0.0.5:6379 (token ${SECRET})`),
    )
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(
      '[onoffice-kit] kv read failed: Error: connect ECONNREFUSED redis://[redacted]@10.0.0.5:6379',
    )
    expect(lines[0]).not.toContain('hunter2')
    expect(lines[0]).not.toContain(SECRET.slice(0, 24))
  })

  it('leaves ordinary words, codes and short ids alone', () => {
    expect(scrub('Error 137: The HMAC is invalid. customerWebId 12345')).toBe(
      'Error 137: The HMAC is invalid. customerWebId 12345',
    )
  })

  it('logs only the type of a non-Error value', () => {
    const lines: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line))
    log('hook failed', SECRET)
    expect(lines).toEqual(['[onoffice-kit] hook failed: string'])
  })
})

describe('a refused signed URL tells the developer what was checked', () => {
  afterEach(() => vi.restoreAllMocks())

  it('once per failure kind: the base URL from publicUrl + path, the parameter names, the age, the usual causes — no secret or value', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line))
    // The provider configured the wrong secret: every launch onOffice signs is refused.
    const h = createHarness({ providerSecret: 'not-the-provider-secret-of-this-service' })
    const url = await h.signed('/service', {
      customerWebId: '7001',
      userId: '17',
      customerName: 'Muster Immobilien',
      apiClaim: 'claim-value-x',
      estateId: '42',
    })
    h.advance(12)
    expect((await h.request(url, { headers: fetchHeaders })).status).toBe(403)
    expect(lines).toHaveLength(1)
    const line = lines[0]!
    expect(line).toContain(
      '[onoffice-kit] signed onOffice URL refused (bad_signature) for GET /service: checked against base https://provider.example/service;',
    )
    expect(line).toContain(
      'parameters: apiClaim, customerName, customerWebId, estateId, signature, timestamp, userId;',
    )
    expect(line).toContain('timestamp 12 s old (accepted: 300 s)')
    expect(line).toContain('`publicUrl` is not the URL onOffice calls')
    expect(line).toContain('`providerSecret` is not the provider secret of this service')
    const signature = new URL(url).searchParams.get('signature')!
    for (const secretOrValue of [
      PROVIDER_SECRET,
      'not-the-provider-secret',
      signature,
      'claim-value-x',
      'Muster Immobilien',
      '7001',
      '42',
    ]) {
      expect(line).not.toContain(secretOrValue)
    }

    // The same kind again: no second line. Another kind (an old link): its own line with its own cause.
    expect((await h.request(url, { headers: fetchHeaders })).status).toBe(403)
    expect(lines).toHaveLength(1)
    const good = createHarness()
    const old = await good.signed('/service', {
      customerWebId: '7002',
      userId: '17',
      apiClaim: 'c',
    })
    good.advance(400)
    expect((await good.request(old, { headers: fetchHeaders })).status).toBe(403)
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('(stale)')
    expect(lines[1]).toContain('timestamp 400 s old (accepted: 300 s)')
    expect(lines[1]).toContain('older than `maxAgeSec`')
  })
})
