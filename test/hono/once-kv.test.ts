import type { Hono } from 'hono'
import type { TestOnOffice } from './helpers.ts'
import { describe, expect, it } from 'vitest'
import { onOffice, OnOfficeOptionsError, callback } from '../../src/hono/index.ts'
import { memoryKv } from '../../src/store/index.ts'
import {
  createHarness,
  ENCRYPTION_KEY,
  fetchHeaders,
  PROVIDER_SECRET,
  PUBLIC_URL,
  SESSION_SECRET,
} from './helpers.ts'

// `onceKv`: the once-only marks (payment callbacks) go to a second store — on Workers a Durable Object next to
// KV for installations. Observed through the stores themselves, the way a provider would look into them.
describe('onOffice({ onceKv })', () => {
  it('keeps the callback marks in onceKv, not in kv, and still recognises a reload', async () => {
    const marks = memoryKv()
    const h = createHarness({ onceKv: marks }, (app: Hono, oo: TestOnOffice) => {
      app.get('/onoffice/paid', callback(oo), (c) => c.json(c.var.onoffice))
    })
    const url = await h.signed('/onoffice/paid', { status: 'success', transactionid: 'T-77' })
    const first = (await (await h.request(url, { headers: fetchHeaders })).json()) as {
      payment: { repeated: boolean }
    }
    const again = (await (await h.request(url, { headers: fetchHeaders })).json()) as {
      payment: { repeated: boolean }
    }
    expect([first.payment.repeated, again.payment.repeated]).toEqual([false, true])
    expect((await marks.list('')).keys.length).toBeGreaterThan(0)
    expect(h.kv.writes).toEqual([])
  })

  it('names the option when it is not a KeyValue', () => {
    const options = {
      publicUrl: PUBLIC_URL,
      providerSecret: PROVIDER_SECRET,
      sessionSecret: SESSION_SECRET,
      encryptionKey: ENCRYPTION_KEY,
      kv: memoryKv(),
    }
    expect(() => onOffice({ ...options, onceKv: {} as ReturnType<typeof memoryKv> })).toThrow(
      OnOfficeOptionsError,
    )
    expect(() => onOffice({ ...options, onceKv: {} as ReturnType<typeof memoryKv> })).toThrow(
      /onceKv/,
    )
  })
})
