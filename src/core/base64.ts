/**
 * Standard base64 (RFC 4648 §4, with `=` padding, as PHP's `base64_encode`/`base64_decode` strict) for file
 * contents of any size. Framework-free and `node:*`-free: runs in workerd, Deno and Node alike.
 *
 * Uses the runtime's native `Uint8Array.prototype.toBase64` / `Uint8Array.fromBase64` where present; elsewhere a
 * table encoder that writes ASCII bytes and decodes them once with `TextDecoder` (linear, no string concatenation).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

// 12-bit lookups: one table read yields two output characters, stored as one 16-bit unit in platform byte order.
let pairs: Uint16Array | undefined
function pairTable(): Uint16Array {
  if (pairs) return pairs
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
  pairs = new Uint16Array(4096)
  for (let i = 0; i < 4096; i++) {
    const first = ALPHABET.charCodeAt(i >> 6)
    const second = ALPHABET.charCodeAt(i & 63)
    pairs[i] = little ? first | (second << 8) : (first << 8) | second
  }
  return pairs
}

let decodeTable: Int16Array | undefined
function charTable(): Int16Array {
  if (decodeTable) return decodeTable
  decodeTable = new Int16Array(256).fill(-1)
  for (let i = 0; i < 64; i++) decodeTable[ALPHABET.charCodeAt(i)] = i
  return decodeTable
}

type Native = { toBase64?: () => string }
const ascii = new TextDecoder()

/** Base64 of `bytes`, padded. Linear in the input; one output string, no intermediate strings. */
export function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as Native).toBase64
  if (typeof native === 'function') return native.call(bytes)
  const table = pairTable()
  const n = bytes.length
  const full = n - (n % 3)
  const out = new Uint8Array(Math.ceil(n / 3) * 4)
  const out16 = new Uint16Array(out.buffer)
  let o = 0
  for (let i = 0, w = 0; i < full; i += 3, w += 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out16[w] = table[v >> 12]!
    out16[w + 1] = table[v & 4095]!
  }
  o = (full / 3) * 4
  if (n - full === 1) {
    const v = bytes[full]! << 16
    out[o] = ALPHABET.charCodeAt(v >> 18)
    out[o + 1] = ALPHABET.charCodeAt((v >> 12) & 63)
    out[o + 2] = 61
    out[o + 3] = 61
  } else if (n - full === 2) {
    const v = (bytes[full]! << 16) | (bytes[full + 1]! << 8)
    out[o] = ALPHABET.charCodeAt(v >> 18)
    out[o + 1] = ALPHABET.charCodeAt((v >> 12) & 63)
    out[o + 2] = ALPHABET.charCodeAt((v >> 6) & 63)
    out[o + 3] = 61
  }
  // Every byte is ASCII: UTF-8 decoding is the identity and yields a one-byte string.
  return ascii.decode(out)
}

/**
 * The bytes of a strict base64 string (length a multiple of 4, `=` only at the end, no whitespace), or `null`
 * when it is not one. Linear in the input.
 */
export function decodeBase64(text: string): Uint8Array | null {
  if (typeof text !== 'string' || text.length % 4 !== 0) return null
  const table = charTable()
  const len = text.length
  let pad = 0
  if (len > 0 && text.charCodeAt(len - 1) === 61)
    pad = len > 1 && text.charCodeAt(len - 2) === 61 ? 2 : 1
  const out = new Uint8Array((len / 4) * 3 - pad)
  let o = 0
  for (let i = 0; i < len; i += 4) {
    const last = i + 4 === len
    const c0 = text.charCodeAt(i)
    const c1 = text.charCodeAt(i + 1)
    const c2 = text.charCodeAt(i + 2)
    const c3 = text.charCodeAt(i + 3)
    const a = c0 < 256 ? table[c0]! : -1
    const b = c1 < 256 ? table[c1]! : -1
    if (a < 0 || b < 0) return null
    if (last && pad === 2) {
      if ((b & 15) !== 0) return null
      out[o++] = (a << 2) | (b >> 4)
      break
    }
    const c = c2 < 256 ? table[c2]! : -1
    if (c < 0) return null
    if (last && pad === 1) {
      if ((c & 3) !== 0) return null
      out[o++] = (a << 2) | (b >> 4)
      out[o++] = ((b & 15) << 4) | (c >> 2)
      break
    }
    const d = c3 < 256 ? table[c3]! : -1
    if (d < 0) return null
    const v = (a << 18) | (b << 12) | (c << 6) | d
    out[o++] = v >> 16
    out[o++] = (v >> 8) & 255
    out[o++] = v & 255
  }
  return out
}
