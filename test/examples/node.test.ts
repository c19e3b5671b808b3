// examples/node: the app on memoryKv and on fileKv (temp file, survives a restart), and server.ts as a process.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { memoryKv } from 'onoffice-kit'
import { fileKv } from 'onoffice-kit/node'
import { createFakeOnOffice } from 'onoffice-kit/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../../examples/node/app.ts'
import { activate, ENCRYPTION_KEY, launchUrl, PROVIDER_SECRET, SESSION_SECRET } from './helpers.ts'

const PUBLIC_URL = 'https://node.example'
const dir = mkdtempSync(join(tmpdir(), 'onoffice-node-example-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const config = (fake: ReturnType<typeof createFakeOnOffice>) => ({
  publicUrl: PUBLIC_URL,
  providerSecret: PROVIDER_SECRET,
  sessionSecret: SESSION_SECRET,
  encryptionKey: ENCRYPTION_KEY,
  endpoint: fake.endpoint,
  fetch: fake.fetch,
})

describe('examples/node', () => {
  it('activation → launch → session write on memoryKv', async () => {
    const fake = createFakeOnOffice()
    const app = createApp({ ...config(fake), kv: memoryKv() })
    const request = (url: string, init?: RequestInit) => app.request(url, init)
    await activate(request, fake, PUBLIC_URL)
    const { url, claim } = await launchUrl(fake, PUBLIC_URL, { estateId: 2, language: 'ENG' })
    const page = await (await request(url)).text()
    expect(page).toContain(`<h1 id="title">${fake.estates.get(2)!.texts.ENG!.objekttitel}</h1>`)
    const session = /'Bearer ' \+ "([^"]+)"/.exec(page)?.[1]
    expect(session).toBeTruthy()
    const saved = await request(`${PUBLIC_URL}/onoffice/service/api/title`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: '{"objekttitel":"Loft by the park"}',
    })
    expect(saved.status).toBe(200)
    const modify = fake.receivedActions({ kind: 'modify', resourcetype: 'estate' })[0]!
    expect(modify.parameters).toMatchObject({ estatelanguage: 'ENG' })
    expect(modify.claimIs(claim)).toBe(true)
    expect(fake.estates.get(2)!.texts.ENG!.objekttitel).toBe('Loft by the park')
  })

  it('on fileKv the installation survives a restart of the app', async () => {
    const fake = createFakeOnOffice()
    const path = join(dir, 'onoffice.sqlite')
    const first = fileKv(path)
    const app1 = createApp({ ...config(fake), kv: first })
    await activate((u, i) => app1.request(u, i), fake, PUBLIC_URL)
    await first.close()

    const second = fileKv(path)
    try {
      const app2 = createApp({ ...config(fake), kv: second })
      const { url } = await launchUrl(fake, PUBLIC_URL, { estateId: 1, language: 'ENG' })
      const res = await app2.request(url)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain(fake.estates.get(1)!.texts.ENG!.objekttitel!)
    } finally {
      await second.close()
    }
  })

  it('server.ts starts on a free 127.0.0.1 port with the file store and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/node/server.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_FILE: join(dir, 'server.sqlite'),
        PUBLIC_URL,
        PROVIDER_SECRET,
        SESSION_SECRET,
        ENCRYPTION_KEY,
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      let out = ''
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString()
          const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
          if (m) resolve(m[1]!)
        })
        child.stderr.on('data', (d: Buffer) => (out += d.toString()))
        child.on('exit', (code) => reject(new Error(`server.ts exited (${code}): ${out}`)))
      })
      expect(out).toContain('(store: file)')
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true })
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 30_000)
})
