import type { AddressInfo } from 'node:net'
import { createFakeOnOffice } from '../testing/fake/index.ts'
import { createSimulator, type Simulator } from '../testing/simulator/index.ts'
import { httpUrl, integer, parse, required } from './args.ts'
import { EXIT, stopSignal, UsageError, type CliIo } from './io.ts'

export const SIMULATE_HELP = `Usage: onoffice-kit simulate --provider <url> --secret <provider secret> [--port 8790] [--host 127.0.0.1]

Starts a local onOffice on one port: the Marketplace host page (activate your provider, open your
service on demo properties in DEU/ENG, buy through the payment dialog, see what was bought, fire a
signed webhook at your service) and the fake onOffice API at
/api/stable/api.php. Ctrl-C stops it.

Options:
  --provider <url>     your public base URL where routes() is mounted, e.g. http://127.0.0.1:8788/onoffice
                       (activation: <provider>/activate)
  --service-url <url>  your service URL (default <provider>/service)
  --webhook-url <url>  your webhook URL for "Webhook auslösen" (default <provider>/webhook)
  --secret <s>         the provider secret your app uses (or set ONOFFICE_PROVIDER_SECRET)
  --port <n>           default 8790 (0 = any free port)
  --host <h>           default 127.0.0.1
  -h, --help           this help

Your app: onOffice({ endpoint: 'http://127.0.0.1:8790/api/stable/api.php', frameAncestors: ['http://127.0.0.1:8790'], … })`

/** A running simulator. */
export interface RunningSimulator {
  /** The host page, e.g. `http://127.0.0.1:8790/`. */
  url: string
  /** The fake API's api.php on the same server. */
  endpoint: string
  simulator: Simulator
  close(): Promise<void>
}

/** Serves fake + simulator on one port (the fake's `origin` is the real listening address). */
export async function startSimulation(p: {
  provider: string
  secret: string
  serviceUrl?: string
  webhookUrl?: string
  port: number
  host: string
}): Promise<RunningSimulator> {
  let handler: ((req: Request) => Response | Promise<Response>) | undefined
  // Loaded here, not at the top: every other command (and --help) works without the optional peer.
  let serve: typeof import('@hono/node-server').serve
  try {
    ;({ serve } = await import('@hono/node-server'))
  } catch (cause) {
    throw new Error(
      'simulate needs the optional peer dependency @hono/node-server: npm install @hono/node-server',
      { cause },
    )
  }
  const server = serve({
    fetch: (req) => (handler ? handler(req) : new Response('starting', { status: 503 })),
    hostname: p.host,
    port: p.port,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve())
    server.once('error', reject)
  })
  const port = (server.address() as AddressInfo).port
  const displayHost =
    p.host === '0.0.0.0' || p.host === '::'
      ? '127.0.0.1'
      : p.host.includes(':')
        ? `[${p.host}]`
        : p.host
  const origin = `http://${displayHost}:${port}`
  const fake = createFakeOnOffice({ origin })
  const simulator = createSimulator({
    provider: p.provider,
    providerSecret: p.secret,
    fake,
    ...(p.serviceUrl ? { serviceUrl: p.serviceUrl } : {}),
    ...(p.webhookUrl ? { webhookUrl: p.webhookUrl } : {}),
  })
  handler = simulator.app.fetch
  return {
    url: `${origin}/`,
    endpoint: fake.endpoint,
    simulator,
    close: () =>
      new Promise<void>((resolve) => {
        fake.faults.clear()
        server.close(() => resolve())
        // Keep-alive sockets of the browser would hold close() open.
        ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
      }),
  }
}

/** `simulate`: runs until Ctrl-C (or `io.signal`). */
export async function simulateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    {
      provider: { type: 'string' },
      'service-url': { type: 'string' },
      'webhook-url': { type: 'string' },
      secret: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
    },
    0,
  )
  if (values.help) {
    io.out(SIMULATE_HELP)
    return EXIT.ok
  }
  // The base where routes() is mounted (the simulator appends /activate and /service), not the activation URL itself.
  const provider = httpUrl(
    required(values.provider, io, 'provider'),
    '--provider',
    'http://127.0.0.1:8788/onoffice (where your routes() are mounted)',
  )
  if (/\/activate\/?$/.test(new URL(provider).pathname)) {
    throw new UsageError(
      '--provider is the base where your routes() are mounted, e.g. http://127.0.0.1:8788/onoffice — without /activate (the simulator appends it)',
    )
  }
  const serviceUrl =
    values['service-url'] === undefined
      ? undefined
      : httpUrl(values['service-url'], '--service-url', 'http://127.0.0.1:8788/onoffice/service')
  const webhookUrl =
    values['webhook-url'] === undefined
      ? undefined
      : httpUrl(values['webhook-url'], '--webhook-url', 'http://127.0.0.1:8788/onoffice/webhook')
  const secret = required(values.secret, io, 'secret', 'ONOFFICE_PROVIDER_SECRET')
  const port = integer(values.port, 'port', 8790, 0, 65535)
  const host = values.host ?? '127.0.0.1'

  let running: RunningSimulator
  try {
    running = await startSimulation({
      provider,
      secret,
      port,
      host,
      ...(serviceUrl ? { serviceUrl } : {}),
      ...(webhookUrl ? { webhookUrl } : {}),
    })
  } catch (err) {
    const code = (err as { code?: string }).code
    io.err(
      code === 'EADDRINUSE'
        ? `port ${port} is in use: pick another with --port`
        : `could not start: ${err instanceof Error ? err.message : String(err)}`,
    )
    return EXIT.failed
  }
  const origin = running.url.replace(/\/$/, '')
  const base = provider.replace(/\/+$/, '')
  io.out(`onOffice simulator (onoffice-kit) for ${base}

  open           ${running.url}
  API endpoint   ${running.endpoint}   → onOffice({ endpoint }) of your app
  activation     ${base}/activate
  service        ${serviceUrl ?? `${base}/service`}
  webhook        ${webhookUrl ?? `${base}/webhook`}
  allow framing  onOffice({ frameAncestors: ['${origin}'] }) so the page may show your iframe

Ctrl-C to stop.`)
  const stop = stopSignal(io)
  const signal = stop.signal
  if (!signal.aborted)
    await new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    )
  stop.dispose()
  io.out('stopping the simulator …')
  await running.close()
  return EXIT.ok
}
