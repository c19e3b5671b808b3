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

const HEX64 = /^[0-9a-fA-F]{64}$/

/** 64 hex characters (either case) as 32 bytes, or null when the text is not exactly that. */
export function hex64ToBytes(hex: string): Uint8Array | null {
  if (!HEX64.test(hex)) return null
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}
