// A small onOffice service on Node: activation routes, a launched property page, a session-protected write.
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
  /** onOffice `api.php`; default production. Point it at a fake onOffice in development. */
  endpoint?: string
  /** For tests: the fake's in-process fetch. */
  fetch?: typeof fetch
}

/** Builds the service; `server.ts` picks the store and serves it. */
export function createApp(config: AppConfig): Hono<OnOfficeEnv> {
  const oo = onOffice({ ...config, client: createClient }) // static options: a misconfiguration throws here, at startup
  const app = new Hono<OnOfficeEnv>()
  app.get('/health', (c) => c.json({ ok: true }))
  app.route('/onoffice', oo.routes())
  app.use('/onoffice/service/*', oo.frameHeaders())

  app.get('/onoffice/service', oo.launch(), async (c) => {
    const { estate, customerName, sessionToken } = c.var.onoffice
    const record = await estate?.get({ data: ['objekttitel', 'ort'] })
    return c.html(html`<!doctype html><meta charset="utf-8"><title>${customerName}</title>
<h1 id="title">${String(record?.elements.objekttitel ?? '')}</h1><p>${customerName}</p>
<form id="f"><input id="t" name="objekttitel" value="${String(record?.elements.objekttitel ?? '')}"><button>Save</button></form>
<script>
document.getElementById('f').onsubmit = async (e) => { e.preventDefault()
  await fetch('service/api/title', { method: 'POST', headers: { authorization: 'Bearer ' + ${raw(JSON.stringify(sessionToken).replace(/</g, '\\u003c'))}, 'content-type': 'application/json' },
    body: JSON.stringify({ objekttitel: document.getElementById('t').value }) }) }
</script>`)
  })
  app.post('/onoffice/service/api/title', oo.session(), async (c) => {
    const { objekttitel } = await c.req.json<{ objekttitel?: unknown }>()
    if (typeof objekttitel !== 'string')
      return c.json({ error: 'objekttitel must be a string' }, 400)
    await c.var.onoffice.estate?.modify({ objekttitel }) // written in the launched language
    return c.json({ ok: true })
  })
  return app
}
