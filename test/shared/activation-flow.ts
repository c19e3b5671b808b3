// The activation → launch → session flow as one runner-agnostic scenario (own asserts, no vitest/node:assert),
// so the same code runs inside workerd on cloudflareKv (test/workerd), under `deno test` on denoKv (test/deno)
// and on Node (test/adapters). It mirrors the README's "Mounting into an existing Hono app" snippet, with the
// fake onOffice instead of production, and reads the installation back from the backend under test.
import { Hono } from 'hono'
import { onOffice } from '../../src/hono/index.ts'
import type { OnOfficeEnv } from '../../src/hono/index.ts'
import { createInstallationStore } from '../../src/store/index.ts'
import type { KeyValue } from '../../src/store/index.ts'
import { createFakeOnOffice, signLaunchUrl } from '../../src/testing/index.ts'

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

  // Activation: signed iframe URL → page with the activation token → POST with the API key.
  const act = await fake.startActivation({
    customerWebId,
    customerName: 'Muster GmbH',
    userId: '7',
  })
  const activationUrl = await signLaunchUrl({
    publicUrl: PUBLIC_URL,
    path: '/onoffice/activate',
    secret: PROVIDER_SECRET,
    params: {
      apiClaim: act.apiClaim,
      apiToken: act.apiToken,
      customerName: 'Muster GmbH',
      customerWebId,
      parameterCacheId: act.parameterCacheId,
      userId: '7',
    },
  })
  const page = await app.request(activationUrl)
  check(page.status === 200, `activation page status ${page.status}`)
  const token = /<input type="hidden" name="activation" value="([^"]+)">/.exec(
    await page.text(),
  )?.[1]
  check(token !== undefined, 'no activation token on the activation page')
  const done = await app.request(`${PUBLIC_URL}/onoffice/activate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ activation: token, apiKey: act.apiKey }),
  })
  const doneText = await done.text()
  check(
    done.status === 200 && doneText === 'active',
    `activation answered ${done.status} ${JSON.stringify(doneText.slice(0, 60))}`,
  )
  check(fake.isActivated(customerWebId), 'the fake saw no unlockProvider')

  // The record is in the backend under test, sealed, and opens with the key.
  const stored = await createInstallationStore(kv, { encryptionKey: ENCRYPTION_KEY }).get(
    customerWebId,
  )
  check(
    stored?.status === 'active' && stored.apiToken === act.apiToken,
    'installation record not readable from the KV after activation',
  )

  // Launch in English on estate 1, then a session write through the bound estate.
  const claim = fake.issueClaim(customerWebId, '7')
  const launchUrl = await signLaunchUrl({
    publicUrl: PUBLIC_URL,
    path: '/service/estate',
    secret: PROVIDER_SECRET,
    params: {
      customerWebId,
      userId: '7',
      customerName: 'Muster GmbH',
      apiClaim: claim,
      estateId: 1,
      language: 'ENG',
    },
  })
  const launched = await app.request(launchUrl, { headers: { accept: 'application/json' } })
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
