import { describe, expect, it } from 'vitest'
import { verifySignedUrl } from '../../src/marketplace/index.ts'
import { run } from './helpers.ts'

const SECRET = 'cli-provider-secret-4Tz8'
const BASE =
  'http://127.0.0.1:8788/onoffice/service?customerWebId=12345&userId=17&apiClaim=claim-value-xyz&estateId=1&language=ENG'

describe('sign-url → verify-url', () => {
  it('signs a URL that verifies, and verify-url prints ok with the parameters (claim masked)', async () => {
    const signed = await run(['sign-url', BASE, '--secret', SECRET])
    expect(signed.code).toBe(0)
    const url = signed.out.trim()
    expect(url).toMatch(/&signature=[0-9a-f]{64}$/)
    expect(new URL(url).searchParams.get('timestamp')).toMatch(/^\d+$/)
    expect((await verifySignedUrl(url, { secret: SECRET })).ok).toBe(true)

    const ok = await run(['verify-url', url, '--secret', SECRET])
    expect(ok.code).toBe(0)
    expect(ok.lines[0]).toMatch(/^ok: signature valid, timestamp \d+ \(\d+ s old\)$/)
    expect(ok.out).toContain('  customerWebId = 12345')
    expect(ok.out).toContain('  language = ENG')
    expect(ok.out).toContain('  apiClaim = [hidden, 15 characters; --show-secrets]')
    expect(ok.out).not.toContain('claim-value-xyz')
    expect(ok.out).not.toContain('signature =')

    const shown = await run(['verify-url', url, '--secret', SECRET, '--show-secrets'])
    expect(shown.out).toContain('  apiClaim = claim-value-xyz')
  })

  it('verify-url with a wrong secret: reason bad_signature, exit 1', async () => {
    const url = (await run(['sign-url', BASE, '--secret', SECRET])).out.trim()
    const r = await run(['verify-url', url, '--secret', 'another-secret'])
    expect(r.code).toBe(1)
    expect(r.lines[0]).toBe('not ok: bad_signature')
    expect(r.out).toMatch(/different provider secret/)
    expect(r.out).not.toContain(SECRET)
  })

  it('verify-url: tampered, unsigned and stale URLs', async () => {
    const url = (await run(['sign-url', BASE, '--secret', SECRET])).out.trim()
    expect(
      (await run(['verify-url', url.replace('estateId=1', 'estateId=2'), '--secret', SECRET]))
        .lines[0],
    ).toBe('not ok: bad_signature')
    expect((await run(['verify-url', BASE, '--secret', SECRET])).lines[0]).toBe(
      'not ok: missing_signature',
    )
    const old = (
      await run(['sign-url', `${BASE}&timestamp=1700000000`, '--secret', SECRET])
    ).out.trim()
    const stale = await run(['verify-url', old, '--secret', SECRET])
    expect(stale.code).toBe(1)
    expect(stale.lines[0]).toBe('not ok: stale')
    expect(
      (await run(['verify-url', old, '--secret', SECRET, '--max-age', '999999999'])).code,
    ).toBe(0)
  })

  it('verify-url --public-url: a URL seen behind a proxy verifies against the public base', async () => {
    const url = (
      await run([
        'sign-url',
        'https://provider.example/onoffice/activate?customerWebId=1',
        '--secret',
        SECRET,
      ])
    ).out.trim()
    const internal = url.replace('https://provider.example', 'http://10.0.0.5:3000')
    expect((await run(['verify-url', internal, '--secret', SECRET])).code).toBe(1)
    expect(
      (
        await run([
          'verify-url',
          internal,
          '--secret',
          SECRET,
          '--public-url',
          'https://provider.example',
        ])
      ).code,
    ).toBe(0)
  })

  it('takes the secret from ONOFFICE_PROVIDER_SECRET', async () => {
    const env = { ONOFFICE_PROVIDER_SECRET: SECRET }
    const url = (await run(['sign-url', BASE], env)).out.trim()
    expect((await run(['verify-url', url], env)).code).toBe(0)
    expect((await run(['verify-url', url, '--secret', 'wrong'], env)).code).toBe(1)
  })

  it('usage errors exit 2 with a message; --help exits 0', async () => {
    const noSecret = await run(['sign-url', BASE])
    expect(noSecret.code).toBe(2)
    expect(noSecret.err).toContain('--secret is required (or set ONOFFICE_PROVIDER_SECRET)')
    const noUrl = await run(['verify-url', '--secret', SECRET])
    expect(noUrl.code).toBe(2)
    expect(noUrl.err).toContain('the URL (first argument) is required')
    expect((await run(['sign-url', 'not a url', '--secret', SECRET])).code).toBe(2)
    const unknown = await run(['verify-url', BASE, '--secret', SECRET, '--bogus'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/bogus/)
    expect((await run(['verify-url', BASE, '--secret', SECRET, '--max-age', '0'])).code).toBe(2)
    for (const cmd of ['sign-url', 'verify-url', 'check-credentials', 'simulate']) {
      const help = await run([cmd, '--help'])
      expect(help.code, cmd).toBe(0)
      expect(help.out, cmd).toContain(`Usage: onoffice-kit ${cmd}`)
    }
    expect((await run(['--help'])).out).toContain('Commands:')
    expect((await run([])).code).toBe(2)
    const bogus = await run(['bogus'])
    expect(bogus.code).toBe(2)
    expect(bogus.err).toContain('unknown command "bogus"')
  })
})
