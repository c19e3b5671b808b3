/**
 * PHP's `urlencode` (RFC 1738 form: space → `+`) and `rawurlencode` (RFC 3986), byte-exact, and the
 * matching `urldecode` used by `parse_str`.
 */
import { utf8ToBinary } from './binary.ts'

const HEX = '0123456789ABCDEF'

// Precomputed per byte: the encoded form, so encoding is one table lookup per byte.
function table(keep: string, spaceAsPlus: boolean): string[] {
  const t: string[] = []
  for (let b = 0; b < 256; b++) {
    const c = String.fromCharCode(b)
    if (
      (b >= 0x30 && b <= 0x39) ||
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      keep.includes(c)
    )
      t.push(c)
    else if (spaceAsPlus && b === 0x20) t.push('+')
    else t.push('%' + HEX[b >> 4]! + HEX[b & 15]!)
  }
  return t
}

const RFC1738 = table('-_.', true)
const RFC3986 = table('-_.~', false)

/** `urlencode` of each byte (index = byte value); shared with the flat-query fast path. Internal. */
export const URLENCODE_TABLE: readonly string[] = RFC1738
// Strings made only of these need no work in either encoding.
const SAFE = /^[A-Za-z0-9_.-]*$/

function encodeWith(t: string[], binary: string): string {
  if (SAFE.test(binary)) return binary
  let out = ''
  for (let i = 0; i < binary.length; i++) out += t[binary.charCodeAt(i) & 0xff]!
  return out
}

/** `urlencode` of a binary string (internal; see binary.ts). */
export function urlencodeBinary(binary: string): string {
  return encodeWith(RFC1738, binary)
}

/** `rawurlencode` of a binary string (internal; see binary.ts). */
export function rawurlencodeBinary(binary: string): string {
  return encodeWith(RFC3986, binary)
}

/**
 * PHP `urlencode` (RFC 1738 / `PHP_QUERY_RFC1738`): keeps `A–Z a–z 0–9 - _ .`, turns a space into `+`
 * and every other UTF-8 byte into upper-case `%XX` (so `~` → `%7E`, `*` → `%2A`).
 *
 * @param value - any string; encoded as UTF-8 (a lone surrogate becomes U+FFFD).
 * @example
 * ```ts
 * phpUrlencode('a b~*ü') // 'a+b%7E%2A%C3%BC'
 * ```
 */
export function phpUrlencode(value: string): string {
  return encodeWith(RFC1738, utf8ToBinary(value))
}

/**
 * PHP `rawurlencode` (RFC 3986 / `PHP_QUERY_RFC3986`): keeps `A–Z a–z 0–9 - _ . ~`, every other UTF-8
 * byte (space included) becomes upper-case `%XX`.
 *
 * @example
 * ```ts
 * phpRawurlencode('a b~*') // 'a%20b~%2A'
 * ```
 */
export function phpRawurlencode(value: string): string {
  return encodeWith(RFC3986, utf8ToBinary(value))
}

/** The value of one hex digit's code unit (either case), or -1. Internal. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0x41 && c <= 0x46) return c - 0x37
  if (c >= 0x61 && c <= 0x66) return c - 0x57
  return -1
}

/**
 * PHP `urldecode` on a binary string: `+` → space, `%XX` (either hex case) → that byte, and a `%` not
 * followed by two hex digits stays as it is. Code units above 0xFF (raw non-ASCII in the input) are
 * first turned into their UTF-8 bytes.
 */
export function urldecodeBinary(s: string): string {
  if (!/[%+]/.test(s)) return utf8ToBinary(s)
  const src = utf8ToBinary(s)
  let out = ''
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i)
    if (c === 0x2b) out += ' '
    else if (c === 0x25 && i + 2 < src.length) {
      const h = hexValue(src.charCodeAt(i + 1))
      const l = hexValue(src.charCodeAt(i + 2))
      if (h >= 0 && l >= 0) {
        out += String.fromCharCode((h << 4) | l)
        i += 2
      } else out += '%'
    } else out += src[i]!
  }
  return out
}
