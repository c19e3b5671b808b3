import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { verifySignedUrl } from '../../../src/marketplace/index.ts'
import type { FakeOnOffice, Simulator } from '../../../src/testing/index.ts'
import { run } from '../../cli/helpers.ts'
import { writeSectionBlocks } from '../../shared/readme-blocks.ts'

// The README block starts a server with @hono/node-server's serve(); here it records what it was given instead.
const served = vi.hoisted(
  () =>
    [] as Array<{
      fetch: (request: Request) => Response | Promise<Response>
      hostname?: string
      port?: number
    }>,
)
vi.mock('@hono/node-server', () => ({
  serve: (options: (typeof served)[number]) => void served.push(options),
}))
afterAll(() => vi.unstubAllEnvs())

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const section = readme.slice(
  readme.indexOf('## The local onOffice (simulator and CLI)'),
  readme.indexOf('## Installation records'),
)

describe('README: The local onOffice (simulator and CLI)', () => {
  it('exists', () => {
    expect(section.length).toBeGreaterThan(500)
  })

  it('the snippet works as written: the server it starts serves the simulator, signing with the secret from the env', async () => {
    vi.stubEnv('ONOFFICE_PROVIDER_SECRET', 'readme-secret')
    const [block] = writeSectionBlocks('README.md', '## The local onOffice (simulator and CLI)', [
      'fake',
      'sim',
    ])
    const { fake, sim } = (await import(block!)) as {
      fake: FakeOnOffice
      sim: Simulator
    }
    expect(fake.endpoint).toBe('http://127.0.0.1:8790/api/stable/api.php')
    // serve() is @hono/node-server's: replaced here (no port is bound), what it was given is driven in-process.
    expect(served).toHaveLength(1)
    expect(served[0]).toMatchObject({ hostname: '127.0.0.1', port: 8790 })
    expect(served[0]!.fetch).toBe(sim.app.fetch)
    const res = await served[0]!.fetch(
      new Request('http://127.0.0.1:8790/sim/activate', { method: 'POST' }),
    )
    const body = (await res.json()) as { activationUrl: string }
    expect(body.activationUrl.startsWith('http://127.0.0.1:8788/onoffice/activate?')).toBe(true)
    expect(
      await verifySignedUrl(body.activationUrl, {
        secret: 'readme-secret',
        publicUrl: 'http://127.0.0.1:8788/onoffice',
      }),
    ).toMatchObject({ ok: true })
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
