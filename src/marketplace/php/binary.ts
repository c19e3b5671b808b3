/**
 * PHP strings are byte strings. To agree with PHP byte for byte (sorting, encoding, invalid UTF-8 in a
 * query), the canonicalisation works on "binary strings": JS strings whose every code unit is one byte
 * (0–255). These helpers convert between them and ordinary (UTF-16) strings.
 */

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

// Matches any code unit outside ASCII; ASCII-only strings are their own binary form.
const NON_ASCII = /[^\x00-\x7f]/

/**
 * UTF-8 bytes of `s` as a binary string. Lone surrogates become U+FFFD (as `TextEncoder` does).
 */
export function utf8ToBinary(s: string): string {
  if (!NON_ASCII.test(s)) return s
  return bytesToBinary(encoder.encode(s))
}

/** Bytes as a binary string (one code unit per byte). */
export function bytesToBinary(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[])
  }
  return out
}

/** The bytes of a binary string. */
export function binaryToBytes(b: string): Uint8Array {
  const out = new Uint8Array(b.length)
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i) & 0xff
  return out
}

/**
 * Decodes a binary string as UTF-8. Invalid sequences become U+FFFD — PHP would keep the raw bytes,
 * which a JS string cannot hold; the signature check itself never goes through this function.
 */
export function binaryToUtf8(b: string): string {
  if (!NON_ASCII.test(b)) return b
  return decoder.decode(binaryToBytes(b))
}
