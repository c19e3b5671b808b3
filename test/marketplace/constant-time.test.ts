import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hex64ToBytes } from '../../src/marketplace/constant-time.ts'

// The table-driven decoder must accept and decode exactly what /^[0-9a-fA-F]{64}$/ + parseInt did.
function reference(hex: string): Uint8Array | null {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

const hexChar = fc.constantFrom(...'0123456789abcdefABCDEF')
const sig = fc.array(hexChar, { minLength: 64, maxLength: 64 }).map((a) => a.join(''))
// A signature with one character replaced by anything (non-hex ASCII, non-ASCII whose low byte is a hex digit, …).
const spoiled = fc.tuple(sig, fc.nat(63), fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('g', 'G', ' ', '\0', 'Ā', 'İ', '\u0130', '\u0141', 'ａ', '١', 'x')))
  .map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1))

describe('hex64ToBytes', () => {
  it('agrees with the regex + parseInt decoder on valid, spoiled and arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(sig, spoiled, fc.string({ maxLength: 70 }), sig.map((s) => s.slice(1)), sig.map((s) => s + '0')), (s) => {
        expect(hex64ToBytes(s)).toEqual(reference(s))
      }),
      { numRuns: 5000 },
    )
  })
})
