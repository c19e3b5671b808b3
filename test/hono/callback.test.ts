import type { Hono } from 'hono'
import { callback } from '../../src/hono/index.ts'
import type { TestOnOffice } from './helpers.ts'
import { describe, expect, it } from 'vitest'
import { callbackKey } from '../../src/hono/middleware/callback.ts'
import { createHarness, fetchHeaders, useCanary } from './helpers.ts'

useCanary()

type Paid = {
  payment: { status: string; transactionId?: string; aboId?: string; repeated: boolean }
}

function routes(app: Hono, oo: TestOnOffice): void {
  app.get('/onoffice/paid', callback(oo), (c) => c.json(c.var.onoffice))
}

async function paid(
  h: ReturnType<typeof createHarness>,
  params: Record<string, string>,
): Promise<Paid['payment']> {
  const res = await h.request(await h.signed('/onoffice/paid', params), { headers: fetchHeaders })
  expect(res.status).toBe(200)
  return ((await res.json()) as Paid).payment
}

describe('callback() idempotency: transaction + status', () => {
  it('SEPA: inprocess then success for the same transaction are two events; a reload of either is a repeat', async () => {
    const h = createHarness({}, routes)
    expect(await paid(h, { status: 'inprocess', transactionid: '1100135697' })).toEqual({
      status: 'inprocess',
      transactionId: '1100135697',
      repeated: false,
    })
    // The user reloads the callback page (same signed URL or a re-signed one): same event.
    expect((await paid(h, { status: 'inprocess', transactionid: '1100135697' })).repeated).toBe(
      true,
    )
    h.advance(3 * 24 * 3600 - 10)
    // Days later the direct debit is collected: a new status is a new event — not swallowed as a repeat.
    expect(await paid(h, { status: 'success', transactionid: '1100135697' })).toEqual({
      status: 'success',
      transactionId: '1100135697',
      repeated: false,
    })
    expect((await paid(h, { status: 'success', transactionid: '1100135697' })).repeated).toBe(true)
    expect((await paid(h, { status: 'inprocess', transactionid: '1100135697' })).repeated).toBe(
      true,
    )
  })

  it('the same reloaded URL is a repeat; other transactions are independent', async () => {
    const h = createHarness({}, routes)
    const url = await h.signed('/onoffice/paid', {
      status: 'success',
      transactionid: 'T-1',
      ref: '42',
    })
    const first = (await (await h.request(url, { headers: fetchHeaders })).json()) as Paid
    const reload = (await (await h.request(url, { headers: fetchHeaders })).json()) as Paid
    expect([first.payment.repeated, reload.payment.repeated]).toEqual([false, true])
    expect((await paid(h, { status: 'success', transactionid: 'T-2' })).repeated).toBe(false)
  })

  it('subscriptions without a transactionid are keyed by aboid + status; transaction and abo ids never collide', async () => {
    const h = createHarness({}, routes)
    expect((await paid(h, { status: 'success', aboid: '77' })).repeated).toBe(false)
    expect((await paid(h, { status: 'success', aboid: '77' })).repeated).toBe(true)
    expect((await paid(h, { status: 'success', transactionid: '77' })).repeated).toBe(false)
    expect((await paid(h, { status: 'error', aboid: '77' })).repeated).toBe(false)
  })

  it('an error without any id is never deduplicated (nothing to key it by) and writes nothing', async () => {
    const h = createHarness({}, routes)
    const before = h.kv.writes.length
    expect((await paid(h, { status: 'error', message: 'Karte abgelehnt' })).repeated).toBe(false)
    expect((await paid(h, { status: 'error', message: 'Karte abgelehnt' })).repeated).toBe(false)
    expect(h.kv.writes.length).toBe(before)
  })

  it('callbackKey', () => {
    expect(callbackKey({ status: 'inprocess', transactionId: '1', aboId: '9' })).toBe(
      'tx:1:inprocess',
    )
    expect(callbackKey({ status: 'success', transactionId: '1' })).toBe('tx:1:success')
    expect(callbackKey({ status: 'success', aboId: '9' })).toBe('abo:9:success')
    expect(callbackKey({ status: 'error' })).toBeUndefined()
  })
})
