// Fast acknowledge inside workerd: a signed webhook is answered 200 while its work is still waiting, the work is
// kept alive by ctx.waitUntil and completes afterwards (seen in the fake onOffice), on a real KV binding.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { cloudflareKv } from '../../adapters/cloudflare.ts'
import { acknowledge, onOffice, type OnOfficeEnv, webhook } from '../../src/hono/index.ts'
import { createClient, signWebhookRequest } from '../../src/index.ts'
import { createFakeOnOffice } from '../../src/testing/index.ts'
import { activateThroughRoutes } from '../shared/activate-through-routes.ts'

const PUBLIC_URL = 'https://provider.example'
const PROVIDER_SECRET = 'prov-secret-Zk3q9w7Xb2LmN8pQ'

describe('acknowledge() in workerd', () => {
  it('answers a signed webhook before the work finishes; waitUntil keeps the work alive until it is done', async () => {
    const customerWebId = `ack-${Math.random().toString(36).slice(2, 8)}`
    const fake = createFakeOnOffice()
    const oo = onOffice({
      client: createClient,
      publicUrl: PUBLIC_URL,
      providerSecret: PROVIDER_SECRET,
      sessionSecret: 'session-secret-0123456789abcdefghijklmnop',
      encryptionKey: 'encryption-key-0123456789abcdefghijklmnop',
      kv: cloudflareKv(env.TEST_KV),
      endpoint: fake.endpoint,
      fetch: fake.fetch,
    })
    let open = () => {}
    const gate = new Promise<void>((r) => {
      open = r
    })
    const app = new Hono<OnOfficeEnv>()
    app.route('/onoffice', oo.routes())
    app.get('/webhooks/estate', webhook(oo), (c) => {
      const { client, params } = c.var.onoffice
      return acknowledge(c, async () => {
        await gate
        await client.estates.modify(params.estateId ?? '', { objekttitel: 'per Webhook' })
      })
    })

    await activateThroughRoutes(app, fake, {
      publicUrl: PUBLIC_URL,
      secret: PROVIDER_SECRET,
      customerWebId,
      userId: '7',
    })

    const title = () => {
      const e = fake.estates.get(1)!
      return e.texts[e.mainLanguage]?.objekttitel
    }
    const request = await signWebhookRequest(
      `${PUBLIC_URL}/webhooks/estate`,
      { customerWebId, userId: '7', apiClaim: fake.issueClaim(customerWebId, '7'), estateId: 1 },
      PROVIDER_SECRET,
    )
    const ctx = createExecutionContext()
    const res = await app.fetch(request.clone(), env, ctx)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ accepted: true })
    expect(title()).not.toBe('per Webhook')

    open()
    await waitOnExecutionContext(ctx)
    // No polling: waitOnExecutionContext returned only because the work was registered with waitUntil and ended.
    expect(title()).toBe('per Webhook')

    // The acknowledged delivery is done in the store: onOffice's retry of the same URL does not run it again.
    const replay = await app.fetch(request.clone(), env, createExecutionContext())
    expect(await replay.json()).toEqual({ repeated: true })
  })
})
