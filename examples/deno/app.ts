// The onOffice service for Deno: activation routes, a launched property page and a session-protected write.
import { Hono } from 'hono'
import { html, raw } from 'hono/html'
import { createClient, type KeyValue } from 'onoffice-kit'
import { onOffice, type OnOfficeEnv } from 'onoffice-kit/hono'

export interface AppConfig {
  publicUrl: string
  providerSecret: string
  sessionSecret: string
  encryptionKey: string
  kv: KeyValue
  endpoint?: string
  /** For tests: the fake's in-process fetch. */
  fetch?: typeof fetch
}

export function createApp(config: AppConfig): Hono<OnOfficeEnv> {
  const oo = onOffice({ ...config, client: createClient })
  const app = new Hono<OnOfficeEnv>()
  app.get('/health', (c) => c.json({ ok: true, runtime: 'deno' }))
  app.route('/onoffice', oo.routes())
  app.use('/onoffice/service/*', oo.frameHeaders())
  app.get('/onoffice/service', oo.launch(), async (c) => {
    const { estate, customerName, sessionToken } = c.var.onoffice
    const record = await estate?.get({ data: ['objekttitel'] })
    return c.html(html`<!doctype html><meta charset="utf-8"><title>${customerName}</title>
<h1 id="title">${String(record?.elements.objekttitel ?? '')}</h1>
<script>const SESSION = ${raw(JSON.stringify(sessionToken).replace(/</g, '\\u003c'))}</script>`)
  })
  app.post('/onoffice/service/api/title', oo.session(), async (c) => {
    const { objekttitel } = await c.req.json<{ objekttitel?: unknown }>()
    if (typeof objekttitel !== 'string')
      return c.json({ error: 'objekttitel must be a string' }, 400)
    await c.var.onoffice.estate?.modify({ objekttitel })
    return c.json({ ok: true })
  })
  return app
}
