import { describe, expect, it } from 'vitest'
import { createLedger, memoryKv } from '../../src/index.ts'

const product = { name: 'Premium-Exposé', price: '25.10', quantity: '1', circleofusers: 'customer' }
const abo = {
  monthlyservicedescription: 'Exposé-Abo',
  monthlycosts: '9.90',
  durationinmonth: '6',
  noticeperiod: 'bis 3 Monate vor Vertragsende',
  automaticrenewal: '6 Monate',
  circleofusers: 'customer',
}

function setup(start = Date.UTC(2026, 11, 1)) {
  let t = start
  const ledger = createLedger(memoryKv(), { now: () => t })
  return {
    ledger,
    tick: (ms = 1000) => void (t += ms),
    day: (n: number) => void (t += n * 86_400_000),
  }
}

describe('createLedger', () => {
  it('a paid purchase is an entitlement; the order is bound to the transaction', async () => {
    const { ledger, tick } = setup()
    const o = await ledger.recordOrder({
      customerWebId: '21',
      userId: '7',
      parameterCacheId: 'pc',
      products: [product],
      total: '25.10',
    })
    tick()
    const t = await ledger.recordCallback({
      customerWebId: '21',
      transactionId: '900',
      status: 'success',
      orderId: o.orderId,
      raw: { status: 'success', transactionid: '900' },
    })
    expect(t).toMatchObject({
      status: 'success',
      orderId: o.orderId,
      order: { products: [product], userId: '7' },
    })
    expect(t.events).toEqual([
      {
        status: 'success',
        at: Date.UTC(2026, 11, 1) + 1000,
        raw: { status: 'success', transactionid: '900' },
      },
    ])
    expect(await ledger.has('21', 'Premium-Exposé')).toBe(true)
    expect(await ledger.has('22', 'Premium-Exposé')).toBe(false)
    expect(await ledger.entitlements('21')).toEqual([
      {
        product: 'Premium-Exposé',
        kind: 'purchase',
        transactionId: '900',
        since: Date.UTC(2026, 11, 1) + 1000,
      },
    ])
    expect((await ledger.get('900'))?.customerWebId).toBe('21')
    expect(await ledger.get('901')).toBeNull()
  })

  it('SEPA inprocess is pending, then success pays; a repeated delivery changes nothing', async () => {
    const { ledger, tick } = setup()
    const o = await ledger.recordOrder({
      customerWebId: '21',
      userId: '7',
      parameterCacheId: 'pc',
      products: [product],
    })
    await ledger.recordCallback({
      customerWebId: '21',
      transactionId: '5',
      status: 'inprocess',
      orderId: o.orderId,
    })
    expect((await ledger.get('5'))?.status).toBe('inprocess')
    expect(await ledger.has('21', 'Premium-Exposé')).toBe(false)
    tick()
    await ledger.recordCallback({
      customerWebId: '21',
      transactionId: '5',
      status: 'inprocess',
      orderId: o.orderId,
    })
    tick()
    const t = await ledger.recordCallback({
      customerWebId: '21',
      transactionId: '5',
      status: 'success',
      orderId: o.orderId,
    })
    expect(t.events.map((e) => e.status)).toEqual(['inprocess', 'success'])
    expect(await ledger.has('21', 'Premium-Exposé')).toBe(true)
  })

  it('an error pays nothing; a refund ends the entitlement', async () => {
    const { ledger } = setup()
    const o = await ledger.recordOrder({
      customerWebId: '21',
      userId: '7',
      parameterCacheId: 'pc',
      products: [product],
    })
    await ledger.recordCallback({
      customerWebId: '21',
      transactionId: '1',
      status: 'error',
      orderId: o.orderId,
      message: 'Karte abgelehnt',
    })
    expect(await ledger.entitlements('21')).toEqual([])
    await ledger.recordCallback({
      customerWebId: '21',
      transactionId: '2',
      status: 'success',
      orderId: o.orderId,
    })
    expect(await ledger.has('21', 'Premium-Exposé')).toBe(true)
    expect((await ledger.recordRefund('21', '2'))?.status).toBe('refunded')
    expect(await ledger.has('21', 'Premium-Exposé')).toBe(false)
    expect(await ledger.recordRefund('21', 'nope')).toBeNull()
    expect((await ledger.list('21')).map((t) => [t.transactionId, t.status])).toEqual([
      ['1', 'error'],
      ['2', 'refunded'],
    ])
  })

  it('a subscription runs until its cancellation date', async () => {
    const { ledger, day } = setup()
    const o = await ledger.recordOrder({
      customerWebId: '21',
      userId: '7',
      parameterCacheId: 'pc',
      abo,
    })
    await ledger.recordCallback({
      customerWebId: '21',
      transactionId: '3',
      status: 'success',
      orderId: o.orderId,
      aboId: 'abo-77',
    })
    expect(await ledger.subscriptions('21')).toMatchObject([
      { aboId: 'abo-77', product: 'Exposé-Abo', transactionId: '3' },
    ])
    expect(await ledger.has('21', 'Exposé-Abo')).toBe(true)
    await ledger.recordCancellation('21', 'abo-77', '2026-12-03')
    expect(await ledger.subscriptions('21')).toMatchObject([
      { aboId: 'abo-77', cancelationDate: '2026-12-03' },
    ])
    day(2)
    expect(await ledger.subscriptions('21')).toEqual([])
    expect(await ledger.has('21', 'Exposé-Abo')).toBe(false)
  })

  it('customers never see each other; ids with separators stay apart', async () => {
    const { ledger } = setup()
    await ledger.recordCallback({ customerWebId: 'a:b', transactionId: '1', status: 'success' })
    await ledger.recordCallback({ customerWebId: 'a', transactionId: 'b:1', status: 'success' })
    expect((await ledger.list('a:b')).map((t) => t.transactionId)).toEqual(['1'])
    expect((await ledger.list('a')).map((t) => t.transactionId)).toEqual(['b:1'])
  })

  it('rejects bad input with TypeErrors that name the field', async () => {
    const { ledger } = setup()
    expect(() => createLedger({} as never)).toThrow(/kv must be a KeyValue/)
    await expect(
      ledger.recordCallback({ customerWebId: '', transactionId: '1', status: 'success' }),
    ).rejects.toThrow(/customerWebId/)
    await expect(
      ledger.recordCallback({ customerWebId: '1', transactionId: '1', status: 'paid' as never }),
    ).rejects.toThrow(/status/)
    await expect(
      ledger.recordOrder({ customerWebId: '1', userId: '1', parameterCacheId: 'p' }),
    ).rejects.toThrow(/products or abo/)
    await expect(ledger.recordCancellation('1', 'a', '3.12.2026')).rejects.toThrow(/YYYY-MM-DD/)
  })
})
