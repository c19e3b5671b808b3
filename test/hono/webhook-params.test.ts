// webhook({ params, modules, recordParams }): the typed record and declared parameters on c.var.onoffice, a
// declaration the signed URL breaks answers 400 bad_webhook, and invalid options throw when the route is built.
import { describe, expect, it } from 'vitest'
import { webhook } from '../../src/hono/index.ts'
import { createHarness, fetchHeaders, useCanary } from './helpers.ts'

useCanary()

function setup() {
  return createHarness({}, (app, oo) => {
    app.route('/onoffice', oo.routes())
    app.get(
      '/hook',
      webhook(oo, { params: { priority: 'integer', source: ['crm', 'portal'] } }),
      (c) =>
        c.json({
          kind: c.var.onoffice.kind,
          record: c.var.onoffice.record,
          custom: c.var.onoffice.custom,
          params: c.var.onoffice.params,
        }),
    )
    app.get(
      '/hook/addresses',
      webhook(oo, { modules: ['address'], recordParams: { address: 'adr' } }),
      (c) => c.json({ record: c.var.onoffice.record, custom: c.var.onoffice.custom }),
    )
  })
}

const identity = (h: ReturnType<typeof setup>) => ({
  customerWebId: '500',
  userId: '1',
  apiClaim: h.fake.issueClaim('500', '1'),
})

describe('webhook(): typed parameters on c.var.onoffice', () => {
  it('an estate delivery: record { module, id }, declared params typed, unknown ones kept in params', async () => {
    const h = setup()
    await h.activate('500')
    const url = await h.signed('/hook', {
      ...identity(h),
      estateId: 4711,
      priority: '-2',
      source: 'crm',
      extra: 'kept',
    })
    const res = await h.request(url, { headers: fetchHeaders })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({
      kind: 'webhook',
      record: { module: 'estate', id: '4711' },
      custom: { priority: -2, source: 'crm' },
      params: { estateId: '4711', priority: '-2', source: 'crm', extra: 'kept' },
    })
    expect(body.params).not.toHaveProperty('apiClaim')
  })

  it('absent declared params are null; no record param → record null; modules and recordParams apply', async () => {
    const h = setup()
    await h.activate('500')
    const plain = await h.request(await h.signed('/hook', identity(h)), { headers: fetchHeaders })
    expect(await plain.json()).toMatchObject({
      record: null,
      custom: { priority: null, source: null },
    })
    const adr = await h.request(
      await h.signed('/hook/addresses', { ...identity(h), estateId: 1, adr: 15005 }),
      { headers: fetchHeaders },
    )
    expect(await adr.json()).toEqual({ record: { module: 'address', id: '15005' }, custom: {} })
  })

  it('a declared parameter with a wrong value: 400 bad_webhook, the handler does not run', async () => {
    const h = setup()
    await h.activate('500')
    const res = await h.request(
      await h.signed('/hook', { ...identity(h), estateId: 1, source: 'fax' }),
      { headers: fetchHeaders },
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'bad_webhook' })
  })

  it('invalid options throw when the route is built, naming the option', () => {
    expect(() =>
      createHarness({}, (app, o) => {
        app.get('/x', webhook(o, { params: { n: 'number' as never } }), (c) => c.text('x'))
      }),
    ).toThrow(/webhook\(\): opts\.params\.n/)
    expect(() =>
      createHarness({}, (app, o) => {
        app.get('/x', webhook(o, { modules: ['contact' as never] }), (c) => c.text('x'))
      }),
    ).toThrow(/webhook\(\): opts\.modules/)
  })
})
