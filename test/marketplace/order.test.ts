import { describe, expect, it } from 'vitest'
import {
  buildOrder,
  OrderValidationError,
  signOrder,
  verifyOrder,
  verifyServiceMessage,
  signServiceMessage,
  type OrderInput,
} from '../../src/index.ts'

const PCID = '6802c44a-7ac0-4210-a3d4-e5581e3fa0b6'
const SECRET = 'provider-secret-0123456789'
const now = () => 1_700_000_000_000
const base = { parametercacheid: PCID, callbackurl: 'https://provider.example/onoffice/result' }
const product = { name: 'Report', price: '9.90', quantity: 1, circleofusers: 'customer' as const }
const abo = {
  durationinmonth: 6,
  noticeperiod: '3 Monate',
  automaticrenewal: '6 Monate',
  monthlycosts: '25.30',
  monthlyservicedescription: 'Abo',
  circleofusers: '' as const,
}

function issues(input: unknown): string[] {
  try {
    buildOrder(input as OrderInput)
  } catch (e) {
    expect(e).toBeInstanceOf(OrderValidationError)
    return (e as OrderValidationError).issues.map((i) => `${i.path} ${i.message}`.trim())
  }
  throw new Error('expected a validation error')
}

describe('buildOrder', () => {
  it('computes totals in exact cents', () => {
    const o = buildOrder({
      ...base,
      products: [
        { ...product, price: '0.10', quantity: 3 },
        { ...product, price: '0.20', quantity: '1' },
      ],
    })
    expect(o).toMatchObject({
      totalprice: '0.50',
      products: [{ quantity: '3' }, { quantity: '1' }],
    })
    expect(
      buildOrder({ ...base, products: [{ ...product, price: '19999999.99', quantity: 999 }] }),
    ).toMatchObject({ totalprice: '19979999990.01' })
  })
  it('checks a given totalprice', () => {
    expect(
      buildOrder({ ...base, totalprice: '19.80', products: [{ ...product, quantity: 2 }] }),
    ).toMatchObject({ totalprice: '19.80' })
    expect(
      issues({ ...base, totalprice: '19.81', products: [{ ...product, quantity: 2 }] }),
    ).toEqual(['totalprice does not match the sum of price × quantity (19.80)'])
  })
  it('normalises abo durations', () => {
    expect(buildOrder({ ...base, abo })).toEqual({ ...base, abo: { ...abo, durationinmonth: '6' } })
  })
  it.each<[string, unknown, RegExp]>([
    [
      'price without two decimals',
      { ...base, products: [{ ...product, price: '25.1' }] },
      /^products\[0\]\.price must be a price string with exactly two decimals/,
    ],
    [
      'price as number',
      { ...base, products: [{ ...product, price: 25.1 }] },
      /^products\[0\]\.price /,
    ],
    [
      'negative price',
      { ...base, products: [{ ...product, price: '-1.00' }] },
      /^products\[0\]\.price /,
    ],
    [
      'zero quantity',
      { ...base, products: [{ ...product, quantity: 0 }] },
      /^products\[0\]\.quantity must be a positive whole number/,
    ],
    [
      'fractional quantity',
      { ...base, products: [{ ...product, quantity: '1.5' }] },
      /^products\[0\]\.quantity /,
    ],
    [
      'bad circleofusers',
      { ...base, products: [{ ...product, circleofusers: 'everyone' }] },
      /^products\[0\]\.circleofusers must be 'customer', 'group', 'user' or ''/,
    ],
    [
      'empty name',
      { ...base, products: [{ ...product, name: '' }] },
      /^products\[0\]\.name must not be empty/,
    ],
    ['no products', { ...base, products: [] }, /^products must contain at least one product/],
    ['neither', { ...base }, /needs exactly one of products .* or abo/],
    ['both', { ...base, products: [product], abo }, /needs exactly one of products .* or abo/],
    [
      'totalprice with abo',
      { ...base, abo, totalprice: '25.30' },
      /^totalprice is only used with products/,
    ],
    [
      'relative callbackurl',
      { ...base, callbackurl: '/result', abo },
      /^callbackurl must be an absolute http\(s\) URL/,
    ],
    ['missing parametercacheid', { callbackurl: base.callbackurl, abo }, /^parametercacheid /],
    ['unknown field', { ...base, abo, totalPrice: '1.00' }, /unknown field\(s\) totalPrice/],
    [
      'abo monthlycosts',
      { ...base, abo: { ...abo, monthlycosts: '25' } },
      /^abo\.monthlycosts must be a price string/,
    ],
    [
      'abo duration',
      { ...base, abo: { ...abo, durationinmonth: 'six' } },
      /^abo\.durationinmonth must be a positive whole number/,
    ],
  ])('%s', (_name, input, message) => {
    const list = issues(input)
    expect(list.some((m) => message.test(m))).toBe(true)
  })
  it('the error message names fields, not values', () => {
    try {
      buildOrder({
        ...base,
        parametercacheid: '',
        products: [{ ...product, name: 'SECRET-NAME', price: '1' }],
      } as OrderInput)
    } catch (e) {
      expect(String(e)).toMatch(/products\[0\]\.price/)
      expect(String(e)).not.toContain('SECRET-NAME')
    }
  })
})

describe('signOrder / verifyOrder', () => {
  it('round trip through JSON, then tamper', async () => {
    const signed = await signOrder({ ...base, products: [product] }, SECRET, { now })
    const posted = JSON.parse(JSON.stringify(signed)) as Record<string, unknown>
    expect(await verifyOrder(posted, SECRET, { now })).toMatchObject({
      ok: true,
      order: { totalprice: '9.90' },
    })
    expect(await verifyOrder(posted, ['rotated', SECRET], { now })).toMatchObject({ ok: true })
    expect(await verifyOrder({ ...posted, totalprice: '0.01' }, SECRET, { now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    })
    expect(await verifyOrder({ ...posted, signature: 'x' }, SECRET, { now })).toEqual({
      ok: false,
      reason: 'malformed_signature',
    })
    expect(await verifyOrder({ ...posted, signature: undefined }, SECRET, { now })).toEqual({
      ok: false,
      reason: 'missing_signature',
    })
    expect(await verifyOrder({ ...posted, timestamp: undefined }, SECRET, { now })).toEqual({
      ok: false,
      reason: 'missing_timestamp',
    })
    expect(await verifyOrder({ ...posted, timestamp: -1 }, SECRET, { now })).toEqual({
      ok: false,
      reason: 'bad_timestamp',
    })
    expect(await verifyOrder(posted, SECRET, { now: () => now() + 301_000 })).toEqual({
      ok: false,
      reason: 'stale',
    })
    expect(await verifyOrder(posted, SECRET, { now: () => now() - 61_000 })).toEqual({
      ok: false,
      reason: 'future',
    })
    await expect(verifyOrder(posted, SECRET, { now, maxAgeSec: 0 })).rejects.toThrow(/maxAgeSec/)
  })
  it('signOrder rejects invalid orders before signing', async () => {
    await expect(
      signOrder({ ...base, products: [{ ...product, price: '9.9' }] }, SECRET, { now }),
    ).rejects.toThrow(OrderValidationError)
  })
  it('signature covers names with spaces as %20 (RFC 3986)', async () => {
    const a = await signOrder({ ...base, products: [{ ...product, name: 'a b' }] }, SECRET, { now })
    const b = await signOrder({ ...base, products: [{ ...product, name: 'a+b' }] }, SECRET, { now })
    expect(a.signature).not.toBe(b.signature)
  })
})

describe('service messages', () => {
  it('validates the type and verifies', async () => {
    await expect(
      signServiceMessage(
        'onOffice.service.reload' as 'onOffice.service.refreshParent',
        PCID,
        SECRET,
      ),
    ).rejects.toThrow(/type must be one of/)
    const m = await signServiceMessage('onOffice.service.closeProviderWindow', PCID, SECRET, {
      now,
    })
    expect(await verifyServiceMessage(m, SECRET, { now })).toEqual({
      ok: true,
      type: 'onOffice.service.closeProviderWindow',
      parameterCacheId: PCID,
      timestamp: 1_700_000_000,
    })
    expect(
      await verifyServiceMessage({ ...m, onOfficeType: 'onOffice.service.refreshParent' }, SECRET, {
        now,
      }),
    ).toEqual({ ok: false, reason: 'bad_signature' })
  })
})
