import { describe, expect, it } from 'vitest'
import { decodeBase64, encodeBase64 } from '../../src/core/base64.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)

// RFC 4648 §10 test vectors.
const VECTORS: Array<[string, string]> = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
]

describe('base64 (RFC 4648)', () => {
  it('encodes and decodes the RFC 4648 vectors', () => {
    for (const [plain, encoded] of VECTORS) {
      expect(encodeBase64(utf8(plain))).toBe(encoded)
      expect(decodeBase64(encoded)).toEqual(utf8(plain))
    }
  })

  it('round-trips every byte value and every length mod 3 against btoa', () => {
    for (let n = 0; n < 300; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255)
      const expected = btoa(String.fromCharCode(...bytes))
      expect(encodeBase64(bytes)).toBe(expected)
      expect(decodeBase64(expected)).toEqual(bytes)
    }
  })

  it('refuses what is not strict base64: bad length, characters, padding inside or with leftover bits', () => {
    for (const bad of [
      'Zg=',
      'Zm9',
      'Zm9v\n',
      'Zm 9',
      'Zg==Zg==',
      'Z===',
      'Zh==',
      'Zm9=',
      'Zm-_',
      'Zm9vYmF€',
    ])
      expect(decodeBase64(bad)).toBeNull()
  })
})
