import { describe, expect, it } from 'vitest'
import {
  checkFreshness,
  DEFAULT_FRESHNESS,
  freshnessWindow,
  parseTimestamp,
  signatureBytes,
  verifyHmacSha256,
} from '../../src/core/signature.ts'
import { PSEC, T6_SIG, T6_TO_SIGN, T7_SIG, T7_TO_SIGN } from '../vectors.ts'

describe('verifyHmacSha256 (golden vectors)', () => {
  const given = signatureBytes(T6_SIG)!
  it.each<[string, readonly string[], string, boolean]>([
    ['T6 under the provider secret', [PSEC], T6_TO_SIGN, true],
    ['rotation: the second secret matches', ['another-secret-abcdefgh', PSEC], T6_TO_SIGN, true],
    ['rotation: the first secret matches', [PSEC, 'another-secret-abcdefgh'], T6_TO_SIGN, true],
    ['wrong secret', ['another-secret-abcdefgh'], T6_TO_SIGN, false],
    ['another message', [PSEC], T7_TO_SIGN, false],
  ])('%s', async (_name, secrets, toSign, ok) => {
    expect(await verifyHmacSha256(secrets, toSign, given)).toBe(ok)
  })

  it('T7 verifies; one flipped bit does not', async () => {
    const t7 = signatureBytes(T7_SIG)!
    expect(await verifyHmacSha256([PSEC], T7_TO_SIGN, t7)).toBe(true)
    t7[31]! ^= 1
    expect(await verifyHmacSha256([PSEC], T7_TO_SIGN, t7)).toBe(false)
  })
})

describe('signatureBytes: what onOffice produces (64 lower-case hex digits) and nothing else', () => {
  it.each<[unknown, boolean]>([
    [T6_SIG, true],
    [T6_SIG.toUpperCase(), false],
    [T6_SIG.slice(0, 63), false],
    [`${T6_SIG}0`, false],
    [`${T6_SIG.slice(0, 63)}g`, false],
    [123, false],
    [undefined, false],
  ])('%s → %s', (hex, ok) => {
    expect(signatureBytes(hex) !== null).toBe(ok)
  })
})

describe('parseTimestamp', () => {
  it.each<[string, number | null]>([
    ['1700000000', 1700000000],
    ['0', 0],
    ['123456789012345', 123456789012345],
    ['1234567890123456', null],
    ['', null],
    ['1e9', null],
    ['-1', null],
    [' 1', null],
    ['1.0', null],
  ])('%j → %s', (text, value) => {
    expect(parseTimestamp(text)).toBe(value)
  })
})

describe('checkFreshness: two-sided window', () => {
  const now = 1_700_000_000
  it.each<[string, number, 'stale' | 'future' | null]>([
    ['now', now, null],
    ['at the max age', now - 300, null],
    ['one second too old', now - 301, 'stale'],
    ['at the max future', now + 60, null],
    ['one second too far ahead', now + 61, 'future'],
  ])('%s', (_name, ts, expected) => {
    expect(checkFreshness(ts, now, DEFAULT_FRESHNESS)).toBe(expected)
  })

  it('the window comes from the options, defaults 300 / 60, 0 is refused', () => {
    expect(freshnessWindow('fn', {})).toEqual({ maxAgeSec: 300, maxFutureSec: 60 })
    expect(freshnessWindow('fn', { maxAgeSec: 10, maxFutureSec: 1 })).toEqual({
      maxAgeSec: 10,
      maxFutureSec: 1,
    })
    expect(() => freshnessWindow('fn', { maxFutureSec: 0 })).toThrow(/opts\.maxFutureSec/)
  })
})
