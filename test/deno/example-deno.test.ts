// examples/deno under `deno test`: the example's fetch handler on denoKv(Deno.openKv(':memory:')) with the fake
// onOffice in-process — activation → launch in ENG → session write. Runs with examples/deno/deno.json (the
// 'onoffice-kit/…' import map), see `npm run test:deno`.
import assert from 'node:assert/strict'
import { denoKv } from '../../adapters/deno-kv.ts'
import { activate, createFakeOnOffice, launchUrl } from '../../src/testing/index.ts'
import { createApp } from '../../examples/deno/app.ts'

const PUBLIC_URL = 'https://deno.example'
const PROVIDER_SECRET = 'deno-example-provider-secret'
const SESSION_SECRET = 'deno-example-session-secret-0123456789abcdef'
const ENCRYPTION_KEY = 'deno-example-encryption-key-0123456789abcdef'

Deno.test('examples/deno: activation → launch (ENG) → session write on Deno KV', async () => {
  const kv = await Deno.openKv(':memory:')
  try {
    const fake = createFakeOnOffice()
    const app = createApp({
      publicUrl: PUBLIC_URL,
      providerSecret: PROVIDER_SECRET,
      sessionSecret: SESSION_SECRET,
      encryptionKey: ENCRYPTION_KEY,
      kv: denoKv(kv),
      endpoint: fake.endpoint,
      fetch: fake.fetch,
    })
    const handle = (url: string, init?: RequestInit) => app.fetch(new Request(url, init))

    const act = await activate(app, fake, {
      publicUrl: PUBLIC_URL,
      secret: PROVIDER_SECRET,
      customerName: 'Muster GmbH',
    })
    assert.equal(act.answer.text, 'active')
    assert.ok(act.fake.activated, 'the fake saw unlockProvider')

    const launch = await launchUrl(fake, {
      publicUrl: PUBLIC_URL,
      secret: PROVIDER_SECRET,
      path: '/onoffice/service',
      customerName: 'Muster GmbH',
      params: { parameterCacheId: undefined, estateId: 1, language: 'ENG' },
    })
    const claim = new URL(launch).searchParams.get('apiClaim')!
    const page = await (await handle(launch)).text()
    assert.ok(
      page.includes(`<h1 id="title">${fake.estates.get(1)!.texts.ENG!.objekttitel}</h1>`),
      'English title',
    )
    const session = /const SESSION = "([^"]+)"/.exec(page)?.[1]
    assert.ok(session, 'session token on the page')

    const saved = await handle(`${PUBLIC_URL}/onoffice/service/api/title`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: '{"objekttitel":"Deno house"}',
    })
    assert.equal(saved.status, 200)
    const modify = fake.receivedActions({ kind: 'modify', resourcetype: 'estate' })[0]
    assert.equal(modify?.parameters.estatelanguage, 'ENG')
    assert.ok(modify?.claimIs(claim), 'the launch claim was sent')
    assert.equal(fake.estates.get(1)!.texts.ENG!.objekttitel, 'Deno house')
  } finally {
    kv.close()
  }
})
