// examples/node/server.ts with REDIS_URL: a real redis-server (free 127.0.0.1 port, no persistence) and the fake
// onOffice served on 127.0.0.1; the activation lands as a sealed installation record in Redis.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { createClient } from 'redis'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { serve, type ServerHandle } from '../../adapters/node.ts'
import { createFakeOnOffice } from '../../src/testing/index.ts'
import { activate, ENCRYPTION_KEY, PROVIDER_SECRET, SESSION_SECRET } from '../examples/helpers.ts'

const children: ChildProcess[] = []
let fakeServer: ServerHandle | undefined

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => ok(port))
    })
  })

/** Spawns a process and resolves with the first match of `ready` in its output. */
function start(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  what: string,
): Promise<RegExpExecArray> {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  return new Promise((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`${what} not ready within 20 s:\n${out}`)),
      20_000,
    )
    child.once('error', (e: NodeJS.ErrnoException) =>
      fail(
        e.code === 'ENOENT'
          ? new Error(`${cmd} is not installed (apt-get install -y redis-server)`)
          : e,
      ),
    )
    child.once('exit', (code) => fail(new Error(`${what} exited (${code}):\n${out}`)))
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = ready.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
  })
}

let redisPort = 0
let appUrl = ''
let publicUrl = ''
const fake = createFakeOnOffice()

beforeAll(async () => {
  redisPort = await freePort()
  await start(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    process.env,
    /ready to accept connections/i,
    'redis-server',
  )
  fakeServer = await serve(fake.app, { port: 0, hostname: '127.0.0.1', handleSignals: false })
  const appPort = await freePort()
  publicUrl = `http://127.0.0.1:${appPort}`
  const m = await start(
    process.execPath,
    ['--import', 'tsx', 'examples/node/server.ts'],
    {
      ...process.env,
      PORT: String(appPort),
      HOST: '127.0.0.1',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      PUBLIC_URL: publicUrl,
      PROVIDER_SECRET,
      SESSION_SECRET,
      ENCRYPTION_KEY,
      ONOFFICE_ENDPOINT: `${fakeServer.url}/api/stable/api.php`,
    },
    /on (http:\/\/127\.0\.0\.1:\d+) \(store: (\w+)\)/,
    'examples/node/server.ts',
  )
  expect(m[2]).toBe('redis')
  appUrl = m[1]!
}, 40_000)

afterAll(async () => {
  for (const c of children.reverse()) {
    if (c.exitCode !== null) continue
    const gone = new Promise((ok) => c.once('exit', ok))
    c.kill('SIGTERM')
    await gone
  }
  await fakeServer?.close()
})

it('examples/node with REDIS_URL keeps the installation in Redis', async () => {
  expect(appUrl).toBe(publicUrl)
  const { apiKey } = await activate((url, init) => fetch(url, init), fake, publicUrl)
  const client = await createClient({ url: `redis://127.0.0.1:${redisPort}` }).connect()
  try {
    const keys = await client.keys('*')
    expect(keys.some((k) => k.includes('12345'))).toBe(true)
    const raw = (await Promise.all(keys.map((k) => client.get(k)))).join('\n')
    expect(raw).not.toContain(apiKey) // the API secret is sealed at rest
  } finally {
    await client.quit()
  }
})
