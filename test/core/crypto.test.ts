import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  boundedCache,
  hkdfAesGcmKey,
  hmacSha256,
  hmacSha256Sync,
  lowerHexToBytes,
  timingSafeEqual,
  timingSafeEqualText,
  toBase64,
  toHex,
} from '../../src/core/crypto.ts'
import { PSEC, T6_SIG, T6_TO_SIGN } from '../vectors.ts'

describe('HMAC-SHA256', () => {
  it('WebCrypto and the synchronous node:crypto path give the golden T6 signature and the same bytes', async () => {
    expect(toHex(await hmacSha256(PSEC, T6_TO_SIGN))).toBe(T6_SIG)
    expect(hmacSha256Sync).toBeTypeOf('function') // Node offers process.getBuiltinModule
    expect(toHex(hmacSha256Sync!(PSEC, T6_TO_SIGN))).toBe(T6_SIG)
    for (const [secret, msg] of [
      ['ünïcödé-secret-€', 'mäßage ✓'],
      ['k', ''],
    ] as const) {
      expect(toHex(hmacSha256Sync!(secret, msg))).toBe(toHex(await hmacSha256(secret, msg)))
    }
  })
})

describe('encodings', () => {
  it('hex and base64 as PHP prints them', () => {
    expect(toHex(new Uint8Array([0, 9, 171, 255]))).toBe('0009abff')
    expect(toBase64(new Uint8Array([1, 2, 3, 250]))).toBe('AQID+g==')
  })

  it('lowerHexToBytes decodes exactly lower-case hex of the given length', () => {
    const reference = (hex: string): Uint8Array | null =>
      /^[0-9a-f]{64}$/.test(hex)
        ? Uint8Array.from({ length: 32 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16))
        : null
    const sig = fc
      .array(fc.constantFrom(...'0123456789abcdef'), { minLength: 64, maxLength: 64 })
      .map((a) => a.join(''))
    const spoiled = fc
      .tuple(sig, fc.nat(63), fc.constantFrom('A', 'F', 'g', ' ', '\0', 'Ā', 'ａ', '١', '\u0161'))
      .map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1))
    fc.assert(
      fc.property(
        fc.oneof(
          sig,
          spoiled,
          sig.map((s) => s.toUpperCase()),
          fc.string({ maxLength: 70 }),
          sig.map((s) => s.slice(1)),
        ),
        (s) => {
          expect(lowerHexToBytes(s, 32)).toEqual(reference(s))
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('timingSafeEqual', () => {
  it.each([
    [[1, 2, 3], [1, 2, 3], true],
    [[1, 2, 3], [1, 2, 4], false],
    [[9, 2, 3], [1, 2, 3], false],
    [[1, 2], [1, 2, 3], false],
    [[], [], true],
  ])('%j vs %j → %s', (a, b, equal) => {
    expect(timingSafeEqual(new Uint8Array(a), new Uint8Array(b))).toBe(equal)
  })

  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['xbc', 'abc', false],
    ['ab', 'abc', false],
  ])('text %s vs %s → %s', (a, b, equal) => {
    expect(timingSafeEqualText(a, b)).toBe(equal)
  })
})

describe('boundedCache', () => {
  it('evicts the least recently used entry; a get refreshes', () => {
    const c = boundedCache<number>(2)
    c.set('a', 1)
    c.set('b', 2)
    expect(c.get('a')).toBe(1)
    c.set('c', 3)
    expect([c.peek('a'), c.peek('b'), c.peek('c')]).toEqual([1, undefined, 3])
    c.delete('a')
    expect(c.size).toBe(1)
  })
})

describe('hkdfAesGcmKey', () => {
  it('is HKDF-SHA-256 (empty salt, info = label) → AES-256-GCM, bound to the label', async () => {
    const secret = 'hkdf-test-secret-0123456789abcdef0123'
    const ikm = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      'HKDF',
      false,
      ['deriveKey'],
    )
    const independent = await crypto.subtle.deriveKey(
      {
        name: 'HKDF',
        hash: 'SHA-256',
        salt: new Uint8Array(0),
        info: new TextEncoder().encode('label A'),
      },
      ikm,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    )
    const iv = new Uint8Array(12)
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv },
      await hkdfAesGcmKey(secret, 'label A'),
      new TextEncoder().encode('hello'),
    )
    expect(
      new TextDecoder().decode(
        await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, independent, sealed),
      ),
    ).toBe('hello')
    const other = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv },
      await hkdfAesGcmKey(secret, 'label B'),
      new TextEncoder().encode('hello'),
    )
    await expect(
      crypto.subtle.decrypt({ name: 'AES-GCM', iv }, independent, other),
    ).rejects.toThrow()
    expect(await hkdfAesGcmKey(secret, 'label A')).toBe(await hkdfAesGcmKey(secret, 'label A'))
  })
})
