/**
 * Constant-time comparison of two byte arrays: the time taken depends only on the lengths, never on
 * where the first difference is, so a signature cannot be guessed byte by byte from response times.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

// Per code unit below 128: the value of a hex digit (either case), or -1.
const HEX_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i
}

/** 64 hex characters (either case) as 32 bytes, or null when the text is not exactly that. */
export function hex64ToBytes(hex: string): Uint8Array | null {
  if (hex.length !== 64) return null
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) {
    const hi = hex.charCodeAt(2 * i)
    const lo = hex.charCodeAt(2 * i + 1)
    // Code units ≥ 128 read as undefined from the table, which is not ≥ 0.
    const h = HEX_VALUE[hi]!
    const l = HEX_VALUE[lo]!
    if (!(h >= 0 && l >= 0)) return null
    out[i] = (h << 4) | l
  }
  return out
}
