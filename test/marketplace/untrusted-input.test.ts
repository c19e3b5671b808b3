import { describe, expect, it } from 'vitest'
import {
  signOrder,
  signServiceMessage,
  signUrl,
  verifyCallback,
  verifyOrder,
  verifyServiceMessage,
  verifySignedUrl,
} from '../../src/index.ts'
import { timingSafeEqual } from '../../src/core/crypto.ts'

const PSEC = 'prov-secret-Zk3q9w7Xb2LmN8pQ'
const now = () => 1_700_000_000_000
const withSignature = (url: string, hex: string) => `${url}&signature=${hex}`

describe('signatures are lower-case hex only (PHP hash_hmac() output, compared with === by onOffice)', () => {
  it('signed URLs and payment callbacks: upper- or mixed-case hex is malformed_signature, lower case verifies', async () => {
    const signed = await signUrl(
      'https://provider.example/onoffice/result?status=success&transactionid=4711',
      PSEC,
      { now },
    )
    const hex = new URL(signed).searchParams.get('signature')!
    expect(hex).toMatch(/^[0-9a-f]{64}$/)
    const unsigned = signed.slice(0, signed.indexOf('&signature='))
    expect((await verifySignedUrl(signed, { secret: PSEC, now })).ok).toBe(true)
    expect((await verifyCallback(signed, { secret: PSEC, now })).ok).toBe(true)
    for (const spoiled of [hex.toUpperCase(), hex.replace(/[a-f]/, (c) => c.toUpperCase())]) {
      if (spoiled === hex) continue
      expect(
        await verifySignedUrl(withSignature(unsigned, spoiled), { secret: PSEC, now }),
      ).toEqual({ ok: false, reason: 'malformed_signature' })
      expect(await verifyCallback(withSignature(unsigned, spoiled), { secret: PSEC, now })).toEqual(
        { ok: false, reason: 'malformed_signature' },
      )
    }
  })

  it('orders and service messages: upper-case hex is malformed_signature', async () => {
    const order = await signOrder(
      {
        parametercacheid: 'pcid-1',
        callbackurl: 'https://provider.example/onoffice/result',
        products: [{ name: 'Report', price: '9.90', quantity: 1, circleofusers: 'customer' }],
      },
      PSEC,
      { now },
    )
    expect((await verifyOrder(order, PSEC, { now })).ok).toBe(true)
    expect(
      await verifyOrder({ ...order, signature: order.signature.toUpperCase() }, PSEC, { now }),
    ).toEqual({ ok: false, reason: 'malformed_signature' })
    const msg = await signServiceMessage('onOffice.service.refreshParentAndClose', 'pcid-1', PSEC, {
      now,
    })
    expect((await verifyServiceMessage(msg, PSEC, { now })).ok).toBe(true)
    expect(
      await verifyServiceMessage({ ...msg, signature: msg.signature.toUpperCase() }, PSEC, { now }),
    ).toEqual({ ok: false, reason: 'malformed_signature' })
  })
})

/** `url` with `extra` placed first in its query, where `URLSearchParams` / `c.req.query()` read it. */
const prepend = (url: string, extra: string) => url.replace('?', `?${extra}&`)

describe('a duplicated scalar parameter is refused (PHP keeps the last, c.req.query() the first)', () => {
  it('an attacker value placed before a signed non-security parameter: duplicate_param, not ok', async () => {
    const signed = await signUrl(
      'https://provider.example/onoffice/service?customerWebId=1&userId=2&apiClaim=c&estateId=4711&language=ENG&customerName=A',
      PSEC,
      { now },
    )
    expect((await verifySignedUrl(signed, { secret: PSEC, now })).ok).toBe(true)
    for (const extra of [
      'estateId=666',
      'language=DEU',
      'customerName=Evil',
      'myParam=x&myParam=y',
    ]) {
      const forged = prepend(signed, extra)
      expect(await verifySignedUrl(forged, { secret: PSEC, now }), extra).toEqual({
        ok: false,
        reason: 'duplicate_param',
      })
    }
  })

  it('after PHP name folding (" " and "." are "_", decoded names): still a duplicate', async () => {
    const signed = await signUrl(
      'https://provider.example/onoffice/service?customer_Name=A&x=1',
      PSEC,
      { now },
    )
    for (const extra of [
      'customer.Name=B',
      'customer%20Name=B',
      'customer%5FName=B',
      '%20customer_Name=B',
      'customer_Name[]=B',
      'customer.Name%00tail=B',
    ]) {
      expect(await verifySignedUrl(prepend(signed, extra), { secret: PSEC, now }), extra).toEqual({
        ok: false,
        reason: 'duplicate_param',
      })
    }
  })

  it('payment callback status / transactionid twice: duplicate_param', async () => {
    const signed = await signUrl(
      'https://provider.example/onoffice/result?status=error&transactionid=4711',
      PSEC,
      { now },
    )
    expect(await verifyCallback(prepend(signed, 'status=success'), { secret: PSEC, now })).toEqual({
      ok: false,
      reason: 'duplicate_param',
    })
    expect(await verifyCallback(prepend(signed, 'transactionid=1'), { secret: PSEC, now })).toEqual(
      { ok: false, reason: 'duplicate_param' },
    )
  })

  it('arrays may repeat their name (a[]=1&a[]=2), as PHP builds a list of them', async () => {
    const signed = await signUrl(
      'https://provider.example/onoffice/service?imageIds[]=1&imageIds[]=2&x[a]=1&x[b]=2&userId=2',
      PSEC,
      { now },
    )
    const r = await verifySignedUrl(signed, { secret: PSEC, now })
    expect(r.ok && r.params).toMatchObject({
      'imageIds[0]': '1',
      'imageIds[1]': '2',
      'x[a]': '1',
      'x[b]': '2',
    })
  })
})

/**
 * The data-access trace of a compare: which byte of which input it reads, in order. A constant-time compare
 * reads the same bytes in the same order wherever the first difference is; an early-exit compare stops at the
 * first difference. Counting reads is deterministic (no clock, no statistics), so the test cannot flake.
 */
function traceOf(
  compare: (a: Uint8Array, b: Uint8Array) => boolean,
  a: Uint8Array,
  b: Uint8Array,
): { result: boolean; trace: string } {
  const reads: string[] = []
  const observe = (bytes: Uint8Array, label: string) =>
    new Proxy(bytes, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads.push(`${label}${key}`)
        const value = Reflect.get(target, key, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  const result = compare(observe(a, 'a'), observe(b, 'b'))
  return { result, trace: reads.join(',') }
}

const earlyExit = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Traces for: equal, first byte differs, middle differs, last differs, every byte differs. */
function traces(compare: (a: Uint8Array, b: Uint8Array) => boolean) {
  const base = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff)
  const flip = (positions: number[]) => {
    const c = base.slice()
    for (const p of positions) c[p] = c[p]! ^ 0x5a
    return c
  }
  return [[], [0], [16], [31], Array.from({ length: 32 }, (_, i) => i)].map((positions) =>
    traceOf(compare, base, flip(positions)),
  )
}

describe('the constant-time compare (used by every signature check on Node)', () => {
  it('reads every byte of both inputs, in the same order, wherever the first difference is', () => {
    const t = traces(timingSafeEqual)
    expect(t.map((x) => x.result)).toEqual([true, false, false, false, false])
    expect(new Set(t.map((x) => x.trace)).size).toBe(1)
    expect(t[0]!.trace.split(',')).toHaveLength(64)
  })

  it('the same check catches an early-exit compare (so it is not vacuous)', () => {
    const t = traces(earlyExit)
    expect(t.map((x) => x.result)).toEqual([true, false, false, false, false])
    expect(new Set(t.map((x) => x.trace)).size).toBeGreaterThan(1)
  })
})
