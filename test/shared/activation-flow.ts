// The activation → launch → session flow as one runner-agnostic scenario (own asserts, no vitest/node:assert),
// so the same code runs inside workerd on cloudflareKv (test/workerd), under `deno test` on denoKv (test/deno)
// and on Node (test/adapters). It mirrors the README's "Mounting into an existing Hono app" snippet, with the
// fake onOffice instead of production, and reads the installation back from the backend under test.
import { Hono } from 'hono'
import { onOffice } from '../../src/hono/index.ts'
import type { OnOfficeEnv } from '../../src/hono/index.ts'
import { createInstallationStore } from '../../src/store/index.ts'
import { createClient } from '../../src/api/index.ts'
import type { KeyValue } from '../../src/store/index.ts'
import { activate, createFakeOnOffice, launchUrl } from '../../src/testing/index.ts'

const PUBLIC_URL = 'https://provider.example'
const PROVIDER_SECRET = 'prov-secret-Zk3q9w7Xb2LmN8pQ'
const SESSION_SECRET = 'session-secret-0123456789abcdefghijklmnop'
const ENCRYPTION_KEY = 'encryption-key-0123456789abcdefghijklmnop'

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`activation flow: ${what}`)
}

/** Runs the whole flow against `kv`; throws with a message naming the step that broke. */
export async function runActivationFlow(
  kv: KeyValue,
  customerWebId = `cw-${Math.random().toString(36).slice(2, 8)}`,
): Promise<void> {
  const fake = createFakeOnOffice()
  const oo = onOffice({
    client: createClient,
    publicUrl: PUBLIC_URL,
    providerSecret: PROVIDER_SECRET,
    sessionSecret: SESSION_SECRET,
    encryptionKey: ENCRYPTION_KEY,
    kv,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
  })
  const app = new Hono<OnOfficeEnv>()
  app.route('/onoffice', oo.routes())
  app.get('/service/estate', oo.launch(), async (c) => {
    const record = await c.var.onoffice.estate?.get({ data: ['objekttitel'] })
    return c.json({
      customerName: c.var.onoffice.customerName,
      title: record?.elements.objekttitel ?? null,
      session: c.var.onoffice.sessionToken,
    })
  })
  app.post('/service/api/title', oo.session(), async (c) => {
    const { objekttitel } = await c.req.json<{ objekttitel: string }>()
    await c.var.onoffice.estate?.modify({ objekttitel })
    return c.json({ ok: true })
  })

  // Activation: signed iframe URL → page with the activation token → POST with the API key (throws with the step).
  const act = await activate(app, fake, {
    publicUrl: PUBLIC_URL,
    secret: PROVIDER_SECRET,
    customerWebId,
    customerName: 'Muster GmbH',
    userId: '7',
  })
  check(act.answer.text === 'active', 'activation did not answer active')
  check(act.fake.activated && fake.isActivated(customerWebId), 'the fake saw no unlockProvider')

  // The record is in the backend under test, sealed, and opens with the key.
  const stored = await createInstallationStore(kv, { encryptionKey: ENCRYPTION_KEY }).get(
    customerWebId,
  )
  check(
    stored?.status === 'active' && stored.apiToken === act.apiToken,
    'installation record not readable from the KV after activation',
  )

  // Launch in English on estate 1, then a session write through the bound estate.
  const url = await launchUrl(fake, {
    publicUrl: PUBLIC_URL,
    secret: PROVIDER_SECRET,
    path: '/service/estate',
    customerWebId,
    userId: '7',
    customerName: 'Muster GmbH',
    params: { estateId: 1, language: 'ENG' },
  })
  const launched = await app.request(url, { headers: { accept: 'application/json' } })
  check(launched.status === 200, `launch status ${launched.status}`)
  const body = (await launched.json()) as { customerName: string; title: unknown; session: string }
  check(body.customerName === 'Muster GmbH', 'launch context lost the customer name')
  check(
    body.title === fake.estates.get(1)?.texts.ENG?.objekttitel,
    'launch read the wrong estate title',
  )

  const write = await app.request(`${PUBLIC_URL}/service/api/title`, {
    method: 'POST',
    headers: { authorization: `Bearer ${body.session}`, 'content-type': 'application/json' },
    body: JSON.stringify({ objekttitel: 'Sonnige Wohnung' }),
  })
  check(write.status === 200, `session write status ${write.status}`)
  check(
    fake.estates.get(1)?.texts.ENG?.objekttitel === 'Sonnige Wohnung',
    'the session write did not reach the ENG text of estate 1',
  )
  check(
    fake.estates.get(1)?.texts.DEU?.objekttitel !== 'Sonnige Wohnung',
    'the session write changed the DEU text',
  )

  // Without a session the API answers 401 + relaunch.
  const anonymous = await app.request(`${PUBLIC_URL}/service/api/title`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: '{}',
  })
  check(
    anonymous.status === 401 && anonymous.headers.get('x-onoffice-relaunch') === '1',
    `no-session request answered ${anonymous.status}`,
  )
}
