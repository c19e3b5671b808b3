/**
 * `onoffice-kit/node`: running the kit on Node — `fileKv(path)`, the embedded default store (a SQLite file
 * through `@deno/kv`), and `serve(app)` over `@hono/node-server` with graceful shutdown.
 * Both peers are optional and loaded on first use, so a Redis-only deployment needs no `@deno/kv`.
 * @module
 */
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import type { KeyValue } from '../src/store/kv.ts'
import { denoKv, type DenoKvOptions } from './deno-kv.ts'

/** A {@link KeyValue} backed by a file, with `close()` to release it. */
export interface FileKv extends KeyValue {
  /** Closes the database. Later calls reject. Idempotent. */
  close(): Promise<void>
}

/**
 * The embedded store for Node: Deno KV's SQLite engine (`@deno/kv`, prebuilt for Node) in one file —
 * durable, atomic `putIfAbsent`, TTLs, no server to run. Good for one machine; use `redisKv` from
 * `onoffice-kit/redis` when several instances share state. The file (and its directory) is created on first
 * use; the same file can be opened by Deno (`Deno.openKv(path)`). Values are limited to 64 KiB (see `denoKv`).
 *
 * Opened lazily on the first operation; call `close()` on shutdown (e.g. `serve(app, { onShutdown: () => kv.close() })`).
 *
 * Defaults: `prefix` `['onoffice-kit']`, `now` `Date.now` (as `denoKv`).
 *
 * @param path a file path such as `./data/onoffice.sqlite`, or `':memory:'` for a throwaway database
 * @example
 * ```ts
 * import { fileKv } from 'onoffice-kit/node'
 * import { createInstallationStore } from 'onoffice-kit'
 *
 * const kv = fileKv('./data/onoffice.sqlite')
 * const installations = createInstallationStore(kv, { encryptionKey: process.env.ENCRYPTION_KEY! })
 * ```
 */
export function fileKv(path: string, options: DenoKvOptions = {}): FileKv {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new TypeError(
      "fileKv: path must be a file path such as ./data/onoffice.sqlite (or ':memory:'); for tests without a file use memoryKv()",
    )
  }
  let handle: { close(): void } | undefined
  let opening: Promise<KeyValue> | undefined
  let closed = false

  const open = (): Promise<KeyValue> => {
    if (closed) return Promise.reject(new Error(`fileKv: the store at ${path} is closed`))
    opening ??= (async () => {
      let openKv: typeof import('@deno/kv').openKv
      try {
        ;({ openKv } = await import('@deno/kv'))
      } catch (cause) {
        throw new Error(
          'fileKv needs the optional peer dependency @deno/kv: npm install @deno/kv',
          { cause },
        )
      }
      if (path !== ':memory:') await mkdir(dirname(path), { recursive: true })
      const kv = await openKv(path)
      handle = kv
      return denoKv(kv, options)
    })()
    return opening
  }

  return {
    get: async (key) => (await open()).get(key),
    put: async (key, value, putOptions) => (await open()).put(key, value, putOptions),
    delete: async (key) => (await open()).delete(key),
    putIfAbsent: async (key, value, putOptions) =>
      (await open()).putIfAbsent(key, value, putOptions),
    list: async (prefix, listOptions) => (await open()).list(prefix, listOptions),
    async close() {
      if (closed) return
      closed = true
      // Wait for a pending open so its handle is released too.
      await opening?.catch(() => undefined)
      handle?.close()
      handle = undefined
    },
  }
}

/** Options of {@link serve}. */
export interface ServeOptions {
  /** TCP port; `0` picks a free one (read it from the handle). Default `3000`. */
  port?: number
  /** Interface to listen on. Default: all interfaces (what Node does without a host). */
  hostname?: string
  /** Close gracefully on SIGINT and SIGTERM, then exit the process. Default `true`. */
  handleSignals?: boolean
  /** How long in-flight requests may take during shutdown before their connections are cut. Default `10_000` ms. */
  shutdownTimeoutMs?: number
  /** Runs after the server stopped, before the process exits — close stores here. */
  onShutdown?: () => void | Promise<void>
}

/** A running server. */
export interface ServerHandle {
  /** The port actually bound (useful with `port: 0`). */
  port: number
  /** Base URL to reach the server, e.g. `http://127.0.0.1:3000`. */
  url: string
  /** Stops accepting connections, lets in-flight requests finish (up to `shutdownTimeoutMs`), runs `onShutdown`. Idempotent. */
  close(): Promise<void>
}

/** Anything with a Web `fetch` handler: a Hono app, or `{ fetch }`. */
export interface FetchApp {
  fetch(request: Request, ...rest: never[]): Response | Promise<Response>
}

/**
 * Serves a Hono app (or any `{ fetch }`) on Node through `@hono/node-server`, resolving once it listens.
 * On SIGINT/SIGTERM it stops accepting connections, lets in-flight requests finish, runs `onShutdown`
 * and exits — so a deploy or Ctrl-C never cuts an activation in half.
 *
 * Defaults: `port` 3000, all interfaces, `handleSignals` true, `shutdownTimeoutMs` 10 000.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono'
 * import { fileKv, serve } from 'onoffice-kit/node'
 *
 * const kv = fileKv('./data/onoffice.sqlite')
 * const app = new Hono().get('/', (c) => c.text('ok'))
 * const server = await serve(app, { port: 3000, onShutdown: () => kv.close() })
 * console.log(`listening on ${server.url}`)
 * ```
 */
export async function serve(app: FetchApp, options: ServeOptions = {}): Promise<ServerHandle> {
  if (!app || typeof app.fetch !== 'function')
    throw new TypeError('serve: app must have a fetch(request) handler, e.g. a Hono app')
  const port = options.port ?? 3000
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new RangeError(
      `serve: options.port must be an integer 0–65535, got ${String(options.port)}`,
    )
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000
  if (!(shutdownTimeoutMs >= 0))
    throw new RangeError(
      `serve: options.shutdownTimeoutMs must be ≥ 0 ms, got ${String(options.shutdownTimeoutMs)}`,
    )

  let nodeServe: typeof import('@hono/node-server').serve
  try {
    ;({ serve: nodeServe } = await import('@hono/node-server'))
  } catch (cause) {
    throw new Error(
      'serve needs the optional peer dependency @hono/node-server: npm install @hono/node-server',
      { cause },
    )
  }

  const server = await new Promise<Server>((resolve, reject) => {
    const s = nodeServe({
      fetch: (request) => app.fetch(request),
      port,
      ...(options.hostname ? { hostname: options.hostname } : {}),
    }) as Server
    s.once('listening', () => resolve(s))
    s.once('error', reject)
  })
  const address = server.address() as AddressInfo
  const host =
    options.hostname && options.hostname !== '0.0.0.0' && options.hostname !== '::'
      ? options.hostname
      : '127.0.0.1'
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      removeSignalHandlers()
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs)
        // A keep-alive socket turns idle once its in-flight response is sent and would otherwise hold
        // close() open for the keep-alive timeout; close idle sockets until the server is down.
        const sweep = setInterval(() => server.closeIdleConnections(), 50)
        timer.unref()
        sweep.unref()
        server.close(() => {
          clearTimeout(timer)
          clearInterval(sweep)
          resolve()
        })
        server.closeIdleConnections()
      })
      await options.onShutdown?.()
    })()
    return closing
  }

  const onSignal = (signal: NodeJS.Signals) => {
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`serve: shutdown after ${signal} failed:`, error)
        process.exit(1)
      },
    )
  }
  const handleSignals = options.handleSignals ?? true
  if (handleSignals) {
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
  }
  function removeSignalHandlers() {
    if (!handleSignals) return
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }

  return { port: address.port, url, close }
}
