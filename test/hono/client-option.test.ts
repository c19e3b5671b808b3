import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { createApi, createClient, memoryKv, type ClientOptions } from '../../src/index.ts'
import { onOffice, OnOfficeOptionsError } from '../../src/hono/index.ts'
import { activate, createFakeOnOffice, launchUrl } from '../../src/testing/index.ts'

// `onOffice({ client })`: what every client of the kit is. The default is the API without resources (a bundle that
// never uses them does not carry them); `createClient` adds them, and `c.var.onoffice.estate` / `.images`.

const publicUrl = 'https://provider.example'
const secret = 'test-provider-secret'

function setup() {
  const fake = createFakeOnOffice()
  const options = {
    publicUrl,
    providerSecret: secret,
    sessionSecret: 'test-session-secret-of-32-bytes-or-more',
    encryptionKey: 'test-encryption-key-of-32-bytes-or-more',
    kv: memoryKv(),
    endpoint: fake.endpoint,
    fetch: fake.fetch,
  }
  return { fake, options }
}

describe('onOffice({ client })', () => {
  it('default: activation unlocks, and the launch has the API without resources, bound to the claim', async () => {
    const { fake, options } = setup()
    const oo = onOffice(options)
    const app = new Hono().route('/onoffice', oo.routes())
    app.get('/service', oo.launch(), async (c) => {
      const { client, params } = c.var.onoffice
      const { records } = await client.read('estate', {
        data: ['objekttitel'],
        filter: { Id: [{ op: '=', val: Number(params.estateId) }] },
      })
      const elements = records[0]?.elements
      return c.json({
        title: elements && !Array.isArray(elements) ? elements.objekttitel : null,
        resources: ['estates', 'files', 'marketplace'].filter((r) => r in client),
        estate: 'estate' in c.var.onoffice ? c.var.onoffice.estate : 'absent',
      })
    })
    const { customerWebId } = await activate(app, fake, { publicUrl, secret })
    expect(fake.isActivated(customerWebId)).toBe(true)

    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const res = await app.request(
      await launchUrl(fake, { publicUrl, secret, path: '/service', params: { estateId: 1 } }),
    )
    await app.request(
      await launchUrl(fake, { publicUrl, secret, path: '/service', params: { estateId: 2 } }),
    )
    // Once per kit, why estate is null: plain JavaScript has no compile error to say it.
    expect(errors.mock.calls.map((a) => String(a[0]))).toEqual([
      '[onoffice-kit] c.var.onoffice.estate and .images are null: the kit’s client has no resources — pass onOffice({ client: createClient }) (logged once)',
    ])
    errors.mockRestore()
    expect(res.status).toBe(200)
    const body = (await res.json()) as { title: unknown; resources: string[]; estate: unknown }
    expect(body.title).toBe(fake.estates.get(1)?.texts.DEU?.objekttitel)
    expect(body.resources).toEqual([])
    // The type has no `estate` without resources; at run time it reads null.
    expect(body.estate).toBeNull()
    const [read] = fake.receivedActions({ resourcetype: 'estate' })
    expect(read?.hasClaim).toBe(true)
  })

  it('createClient: the resources and the bound estate', async () => {
    const { fake, options } = setup()
    const oo = onOffice({ ...options, client: createClient })
    const app = new Hono().route('/onoffice', oo.routes())
    app.get('/service', oo.launch(), async (c) => {
      const record = await c.var.onoffice.estate?.get({ data: ['objekttitel'] })
      return c.json({
        title: record?.elements.objekttitel ?? null,
        settings: typeof c.var.onoffice.client.settings.basic,
      })
    })
    await activate(app, fake, { publicUrl, secret })
    const res = await app.request(
      await launchUrl(fake, { publicUrl, secret, path: '/service', params: { estateId: 1 } }),
    )
    expect(await res.json()).toEqual({
      title: fake.estates.get(1)?.texts.DEU?.objekttitel,
      settings: 'function',
    })
  })

  it('your own factory gets the kit’s options (credentials, claim, customer) and is the client', async () => {
    const seen: Array<{
      claim: boolean
      customerWebId: string | undefined
      endpoint: string | undefined
    }> = []
    const { fake, options } = setup()
    const custom = (o: ClientOptions) => {
      seen.push({
        claim: typeof o.claim === 'string',
        customerWebId: o.customerWebId,
        endpoint: o.endpoint,
      })
      return createApi({ ...o, retries: 0 })
    }
    const oo = onOffice({ ...options, client: custom })
    const app = new Hono().route('/onoffice', oo.routes())
    app.get('/service', oo.launch(), async (c) => {
      await c.var.onoffice.client.read('estate', { data: ['Id'], listlimit: 1 })
      return c.text('ok')
    })
    const { customerWebId } = await activate(app, fake, { publicUrl, secret })
    const res = await app.request(await launchUrl(fake, { publicUrl, secret, path: '/service' }))
    expect(res.status).toBe(200)
    // The activation's unlock client (claim added by withClaim), then the launch's claim-bound client.
    expect(seen).toEqual([
      { claim: false, customerWebId, endpoint: fake.endpoint },
      { claim: true, customerWebId, endpoint: fake.endpoint },
    ])
  })

  it('a client that is not a function is refused at construction, naming the option', () => {
    const { options } = setup()
    for (const client of [
      createClient({ token: 'a'.repeat(32), secret: 'b'.repeat(64) }),
      'createClient',
    ]) {
      let error: unknown
      try {
        // @ts-expect-error: a client or a name instead of a factory
        onOffice({ ...options, client })
      } catch (err) {
        error = err
      }
      expect(error).toBeInstanceOf(OnOfficeOptionsError)
      expect((error as OnOfficeOptionsError).option).toBe('client')
      expect((error as Error).message).toMatch(/client factory such as createClient/)
    }
  })
})
