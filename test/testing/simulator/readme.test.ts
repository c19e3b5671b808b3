import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createFakeOnOffice, createSimulator } from '../../../src/testing/index.ts'
import { run } from '../../cli/helpers.ts'

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const section = readme.slice(
  readme.indexOf('## The local onOffice (simulator and CLI)'),
  readme.indexOf('## Installation records'),
)

describe('README: The local onOffice (simulator and CLI)', () => {
  it('exists', () => {
    expect(section.length).toBeGreaterThan(500)
  })

  it('the snippet works as written (without the server)', async () => {
    const fake = createFakeOnOffice({ origin: 'http://127.0.0.1:8790' })
    expect(fake.endpoint).toBe('http://127.0.0.1:8790/api/stable/api.php')
    const sim = createSimulator({
      provider: 'http://127.0.0.1:8788/onoffice',
      providerSecret: 'readme-secret',
      fake,
    })
    const res = await sim.fetch('/sim/activate', { method: 'POST' })
    const body = (await res.json()) as { activationUrl: string }
    expect(body.activationUrl.startsWith('http://127.0.0.1:8788/onoffice/activate?')).toBe(true)
    for (const path of [
      '/sim/activate',
      '/sim/launch',
      '/sim/message',
      '/sim/pay',
      '/sim/cancel',
      '/sim/status',
    ])
      expect(section).toContain(path)
  })

  it('documents every command, and every documented command has --help', async () => {
    for (const cmd of ['simulate', 'sign-url', 'verify-url', 'check-credentials']) {
      expect(section).toContain(`onoffice-kit ${cmd}`)
      expect((await run([cmd, '--help'])).code).toBe(0)
    }
    for (const env of [
      'ONOFFICE_PROVIDER_SECRET',
      'ONOFFICE_API_TOKEN',
      'ONOFFICE_API_SECRET',
      'ONOFFICE_ENDPOINT',
      'ONOFFICE_API_CLAIM',
    ])
      expect(section).toContain(env)
  })
})
