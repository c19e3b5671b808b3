// acknowledge(): a webhook is answered at once and its work runs after the answer. Here on Node (app.request passes
// no execution context: the work runs detached); test/workerd/webhook-acknowledge.test.ts covers waitUntil.
import { describe, expect, it } from 'vitest'
import { acknowledge, webhook } from '../../src/hono/index.ts'
import { createHarness, fetchHeaders, useCanary } from './helpers.ts'

useCanary()

/** A promise the test opens by hand. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {}
  const wait = new Promise<void>((r) => {
    open = r
  })
  return { wait, open }
}

function setup(work: (client: import('../../src/index.ts').OnOfficeClient) => Promise<void>) {
  const failures: unknown[] = []
  const h = createHarness({}, (app, oo) => {
    app.get('/hook', webhook(oo), (c) =>
      acknowledge(c, () => work(c.var.onoffice.client), {
        onError: (err) => void failures.push(err),
      }),
    )
  })
  const title = () => {
    const e = h.fake.estates.get(1)!
    return e.texts[e.mainLanguage]?.objekttitel
  }
  const deliver = async () => {
    const url = await h.signed('/hook', {
      customerWebId: '300',
      userId: '1',
      apiClaim: h.fake.issueClaim('300', '1'),
      estateId: 1,
    })
    return { url, res: await h.request(url, { headers: fetchHeaders }) }
  }
  return { h, failures, title, deliver }
}

describe('acknowledge on Node (no execution context: the work runs detached)', () => {
  it('answers 200 before the work finishes; the work then writes through the delivery’s claim', async () => {
    const g = gate()
    const s = setup(async (client) => {
      await g.wait
      await client.estates.modify(1, { objekttitel: 'nach dem Webhook' })
    })
    await s.h.activate('300')
    const { res } = await s.deliver()
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({ accepted: true })
    expect(s.title()).not.toBe('nach dem Webhook')
    g.open()
    await expect.poll(s.title).toBe('nach dem Webhook')
    expect(s.failures).toEqual([])
  })

  it('a failing work goes to onError, the answer stays 200, and the acknowledged URL counts as done', async () => {
    const s = setup(async () => {
      throw new Error('index down')
    })
    await s.h.activate('300')
    const { url, res } = await s.deliver()
    expect(res.status).toBe(200)
    await expect.poll(() => s.failures.length).toBe(1)
    expect((s.failures[0] as Error).message).toBe('index down')
    const replay = await s.h.request(url, { headers: fetchHeaders })
    expect(await replay.json()).toEqual({ repeated: true })
  })

  it('a work that throws synchronously is reported the same way', async () => {
    const s = setup(() => {
      throw new Error('sync')
    })
    await s.h.activate('300')
    expect((await s.deliver()).res.status).toBe(200)
    await expect.poll(() => s.failures.length).toBe(1)
  })

  it('checks its arguments and names them', async () => {
    const h = createHarness({}, (app, oo) => {
      app.get('/no-work', webhook(oo), (c) => acknowledge(c, 'x' as never))
      app.get('/bad-hook', webhook(oo), (c) => acknowledge(c, () => {}, { onError: 1 as never }))
    })
    await h.activate('301')
    const params = { customerWebId: '301', userId: '1', apiClaim: h.fake.issueClaim('301', '1') }
    const errors: string[] = []
    h.app.onError((err) => {
      errors.push(err.message)
      return new Response('x', { status: 500 })
    })
    await h.request(await h.signed('/no-work', params), { headers: fetchHeaders })
    await h.request(await h.signed('/bad-hook', params), { headers: fetchHeaders })
    expect(errors).toEqual([
      'acknowledge: work must be a function',
      'acknowledge: opts.onError must be a function',
    ])
  })
})
