import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { serve } from '../../adapters/node.ts'

const get = (url: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })

describe('serve', () => {
  it('serves a fetch app on 127.0.0.1 and reports the bound port', async () => {
    const server = await serve(
      { fetch: (req) => new Response(`hello ${new URL(req.url).pathname}`) },
      { port: 0, hostname: '127.0.0.1', handleSignals: false },
    )
    try {
      expect(server.port).toBeGreaterThan(0)
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
      expect(await get(`${server.url}/x`)).toEqual({ status: 200, body: 'hello /x' })
    } finally {
      await server.close()
    }
  })

  it('close() lets an in-flight request finish, refuses new ones, then runs onShutdown', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let started!: () => void
    const inFlight = new Promise<void>((r) => (started = r))
    const events: string[] = []
    const server = await serve(
      {
        fetch: async () => {
          started()
          await gate
          return new Response('finished')
        },
      },
      {
        port: 0,
        hostname: '127.0.0.1',
        handleSignals: false,
        onShutdown: () => void events.push('onShutdown'),
      },
    )
    const pending = get(`${server.url}/slow`)
    await inFlight
    const closed = server.close().then(() => events.push('closed'))
    await expect(get(`${server.url}/new`)).rejects.toThrow(/ECONNREFUSED|ECONNRESET/)
    release()
    expect(await pending).toEqual({ status: 200, body: 'finished' })
    await closed
    expect(events).toEqual(['onShutdown', 'closed'])
    await server.close() // idempotent
  })

  it('validates its arguments', async () => {
    await expect(serve({} as never)).rejects.toThrow(/fetch/)
    await expect(serve({ fetch: () => new Response() }, { port: 70_000 })).rejects.toThrow(
      /options.port/,
    )
  })

  it('on SIGTERM it finishes the in-flight request, runs onShutdown and exits 0', async () => {
    const script = fileURLToPath(new URL('./fixtures/serve-child.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /listening (\S+)/.exec(out)
        if (m?.[1]) resolve(m[1])
      })
      child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${out}`)))
    })
    const pending = get(`${url}/slow`)
    await new Promise((r) => setTimeout(r, 100)) // let the request reach the handler
    child.kill('SIGTERM')
    expect(await pending).toEqual({ status: 200, body: 'finished' })
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    expect(out).toContain('onShutdown ran')
  }, 20_000)
})
