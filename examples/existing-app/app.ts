// An existing Hono app — its own middleware, health check and token-protected API — that mounts the onOffice
// kit under /onoffice. The only additions are marked "onOffice"; nothing else of the app changes.
import { Hono } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import { onOffice, type OnOfficeEnv } from 'onoffice-kit/hono'
import { createClient, type KeyValue } from 'onoffice-kit'

export interface ExistingAppConfig {
  /** The app's own API token (its existing auth). */
  apiToken: string
  // onOffice: what the kit needs.
  onoffice: {
    publicUrl: string
    providerSecret: string
    sessionSecret: string
    encryptionKey: string
    kv: KeyValue
    endpoint?: string
    fetch?: typeof fetch
  }
  /** Log lines: method, path (never the query), status, time. Default `console.log`. */
  log?: (line: string) => void
}

export function createExistingApp(config: ExistingAppConfig): Hono {
  const app = new Hono()
  // Method, path, status and time — never the query: onOffice's signed URLs carry apiToken, apiClaim and the
  // signature, and a logged launch URL could be replayed within its freshness window.
  const log = config.log ?? console.log
  app.use(async (c, next) => {
    const start = Date.now()
    await next()
    log(`${c.req.method} ${c.req.path} ${c.res.status} ${Date.now() - start}ms`)
  })
  app.get('/health', (c) => c.json({ status: 'ok' }))
  app.use('/api/*', bearerAuth({ token: config.apiToken }))
  app.get('/api/projects', (c) => c.json([{ id: 1, name: 'Relaunch Website' }]))
  app.post('/api/projects', async (c) => c.json({ created: await c.req.json() }, 201))

  // onOffice: the kit's routes and the service, as one sub-app mounted under /onoffice.
  const oo = onOffice({ ...config.onoffice, client: createClient })
  const kit = new Hono<OnOfficeEnv>()
  kit.route('/', oo.routes()) // /onoffice/activate
  kit.use('/service/*', oo.frameHeaders())
  kit.get('/service', oo.launch(), async (c) => {
    const record = await c.var.onoffice.estate?.get({ data: ['objekttitel'] })
    return c.json({
      customer: c.var.onoffice.customerName,
      title: record?.elements.objekttitel ?? null,
      session: c.var.onoffice.sessionToken,
    })
  })
  kit.get('/service/api/me', oo.session(), (c) =>
    c.json({ customerWebId: c.var.onoffice.customerWebId, userId: c.var.onoffice.userId }),
  )
  app.route('/onoffice', kit)

  return app
}
