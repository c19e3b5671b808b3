/**
 * Fast path of the signed-URL canonicalisation for the query shape onOffice actually sends: flat
 * `name=value` pairs with plain names. It yields exactly what the exact path
 * (`http_build_query(ksort(parse_str(query)))` on binary strings, parse-str.ts / ksort.ts /
 * http-build-query.ts) yields, without building the PHP array, the binary strings or the sort keys.
 *
 * Why it is the same, piece by piece:
 * - **Names.** Only names made of `A–Z a–z 0–9 _ -` that start with a letter or `_` are taken. PHP files
 *   such a name as it is (nothing to decode, no ` `/`.`/`[` mangling, no NUL cut), `urlencode` leaves it
 *   as it is, and it is neither an integer key nor a numeric string, so `ksort` compares it byte by byte —
 *   which for ASCII is JS's `<`.
 * - **Values.** `urlencode(urldecode(raw))` is computed byte by byte straight from the raw text (`+` →
 *   `+`, `%XX` → the table entry of byte XX, a `%` not followed by two hex digits → `%25`, any other
 *   character → its table entry), the same loop as the exact path without the intermediate string, so
 *   malformed escapes and invalid UTF-8 come out byte-identical.
 * - **Duplicates.** Later values win and the name keeps its first position, as in a PHP array.
 *
 * It returns `null` — the caller then takes the exact path — for anything else: an empty name, any
 * other character in a name (`%`, `+`, `[`, `]`, `.`, space, …), a name starting with a digit or `-`
 * (possibly numeric, which `ksort` orders numerically), or a code unit above 0x7F anywhere (raw non-ASCII,
 * which a parsed URL's query never contains).
 */
import { binaryToUtf8 } from './binary.ts'
import { hexValue, URLENCODE_TABLE, urldecodeBinary } from './urlencode.ts'

// Per ASCII code unit: 1 = may start a name (letter, `_`), 2 = may follow (digit, `-`), 0 = not in a name.
const NAME = new Uint8Array(128)
// Per ASCII code unit: 1 = `urlencode` keeps it and it needs no decoding (`A–Z a–z 0–9 - _ .`).
const KEEP = new Uint8Array(128)
for (let c = 0; c < 128; c++) {
  const alpha = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
  const digit = c >= 0x30 && c <= 0x39
  NAME[c] = alpha || c === 0x5f ? 1 : digit || c === 0x2d ? 2 : 0
  KEEP[c] = alpha || digit || c === 0x2d || c === 0x5f || c === 0x2e ? 1 : 0
}

const NON_ASCII = /[^\x00-\x7f]/

/** A flat query: parallel arrays in query order (duplicates included). */
export interface FlatQuery {
  readonly names: string[]
  /** Each piece as it is in the query, `name=raw` (value still percent-encoded) or `name`. */
  readonly pieces: string[]
  /** Index of each distinct name's last occurrence (the value PHP keeps), names in `ksort` order. */
  readonly sorted: number[]
  /** True when some name occurs more than once. */
  readonly hasDuplicates: boolean
}

/**
 * Splits `query` (without `?`) the way `parse_str` does, or returns `null` when it is not a flat
 * query of plain names (see the module notes); then the exact path must be used.
 */
export function parseFlatQuery(query: string): FlatQuery | null {
  // One native scan instead of a check per character: a parsed URL's query is always ASCII.
  if (NON_ASCII.test(query)) return null
  const names: string[] = []
  const pieces: string[] = []
  const len = query.length
  let start = 0
  while (start <= len) {
    let end = query.indexOf('&', start)
    if (end < 0) end = len
    if (end > start) {
      if (NAME[query.charCodeAt(start)] !== 1) return null
      let eq = start + 1
      for (; eq < end; eq++) {
        const c = query.charCodeAt(eq)
        if (c === 0x3d) break // '='
        if (NAME[c] === 0) return null
      }
      names.push(query.slice(start, eq))
      pieces.push(query.slice(start, end))
    }
    start = end + 1
  }
  return sortNames(names, pieces)
}

function sortNames(names: string[], pieces: string[]): FlatQuery {
  const n = names.length
  // Indices in byte order of their names (JS's < on ASCII), n·log n; the sort is stable, so equal names keep
  // query order and the last of each run is the occurrence PHP keeps (later values win).
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((a, b) => {
    const x = names[a]!
    const y = names[b]!
    return x < y ? -1 : x > y ? 1 : 0
  })
  const sorted: number[] = []
  let hasDuplicates = false
  for (let k = 0; k < n; k++) {
    const i = order[k]!
    if (k + 1 < n && names[order[k + 1]!] === names[i]) {
      hasDuplicates = true
      continue
    }
    sorted.push(i)
  }
  return { names, pieces, sorted, hasDuplicates }
}

/** The raw value PHP keeps for `name` (its last occurrence), or undefined. */
export function flatRawValue(q: FlatQuery, name: string): string | undefined {
  for (let i = q.names.length - 1; i >= 0; i--) if (q.names[i] === name) return rawValue(q, i)
  return undefined
}

/** The raw value of piece `i` (`''` for a piece without `=`). */
function rawValue(q: FlatQuery, i: number): string {
  const piece = q.pieces[i]!
  const from = q.names[i]!.length + 1
  return piece.length >= from ? piece.slice(from) : ''
}

/** `urldecode(raw)` as a binary string (see binary.ts); raw text without `%`/`+` is returned as it is. */
export function flatDecodeBinary(raw: string): string {
  return raw.indexOf('%') < 0 && raw.indexOf('+') < 0 ? raw : urldecodeBinary(raw)
}

/**
 * `s` with `urlencode(urldecode(…))` applied to its part from `from` on, without the intermediate byte
 * string (see the module notes); `s` itself when that changes nothing.
 */
function recode(raw: string, from: number): string {
  const len = raw.length
  let out = ''
  let run = 0 // start of the pending run of characters that stay as they are
  for (let i = from; i < len; i++) {
    const c = raw.charCodeAt(i)
    if (KEEP[c] === 1 || c === 0x2b) continue // kept as is; '+' decodes to ' ' which encodes to '+'
    let enc: string
    let next = i + 1
    if (c === 0x25 && i + 2 < len) {
      const h = hexValue(raw.charCodeAt(i + 1))
      const l = hexValue(raw.charCodeAt(i + 2))
      if (h >= 0 && l >= 0) {
        enc = URLENCODE_TABLE[(h << 4) | l]!
        next = i + 3
      } else enc = '%25'
    } else enc = URLENCODE_TABLE[c]!
    out += raw.slice(run, i) + enc
    run = next
    i = next - 1
  }
  return run === 0 ? raw : out + raw.slice(run)
}

/** `http_build_query(ksort(parse_str(query) minus omit))` of a flat query, RFC 1738 form. */
export function flatCanonicalQuery(q: FlatQuery, omit: string): string {
  let out = ''
  for (const idx of q.sorted) {
    const name = q.names[idx]!
    if (name === omit) continue
    const piece = q.pieces[idx]!
    // The piece as it is (`name=value`) unless re-encoding changes the value.
    const pair = piece.length > name.length ? recode(piece, name.length + 1) : name + '='
    out = out === '' ? pair : out + '&' + pair
  }
  return out
}

// Per ASCII code unit: the value of a hex digit (either case), else -1 (code units ≥ 128 read undefined).
const HEX = new Int8Array(128).fill(-1)
for (let c = 0; c < 128; c++) HEX[c] = hexValue(c)

/** One `%XX` at `i` of `raw` as a byte, or -1 when there is none. */
function escapedByte(raw: string, i: number): number {
  if (i + 2 >= raw.length || raw.charCodeAt(i) !== 0x25) return -1
  const h = HEX[raw.charCodeAt(i + 1)]!
  const l = HEX[raw.charCodeAt(i + 2)]!
  return h >= 0 && l >= 0 ? (h << 4) | l : -1
}

/**
 * `urldecode(raw)` decoded as UTF-8, or null when that needs the byte-exact decoder: a `%` not followed
 * by two hex digits, bytes that are not well-formed UTF-8 (overlong, surrogate, above U+10FFFF, cut
 * short) or a code unit above 0x7F. Well-formed input decodes the same either way.
 */
function decodeUtf8Escapes(raw: string): string | null {
  if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return raw
  const len = raw.length
  let out = ''
  let run = 0
  for (let i = 0; i < len; i++) {
    const c = raw.charCodeAt(i)
    if (c === 0x2b) {
      out += raw.slice(run, i) + ' '
      run = i + 1
      continue
    }
    if (c > 0x7f) return null
    if (c !== 0x25) continue
    const b = escapedByte(raw, i)
    if (b < 0) return null
    let cp: number
    let end = i + 3
    if (b < 0x80) cp = b
    else {
      // Lead byte: how many continuation bytes follow, and the smallest code point that needs them.
      let more: number
      let min: number
      if (b >= 0xc2 && b <= 0xdf) {
        more = 1
        cp = b & 0x1f
        min = 0x80
      } else if (b >= 0xe0 && b <= 0xef) {
        more = 2
        cp = b & 0x0f
        min = 0x800
      } else if (b >= 0xf0 && b <= 0xf4) {
        more = 3
        cp = b & 0x07
        min = 0x10000
      } else return null
      for (; more > 0; more--, end += 3) {
        const cont = escapedByte(raw, end)
        if (cont < 0 || (cont & 0xc0) !== 0x80) return null
        cp = (cp << 6) | (cont & 0x3f)
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null
    }
    out += raw.slice(run, i) + String.fromCodePoint(cp)
    run = end
    i = end - 1
  }
  return run === 0 ? raw : out + raw.slice(run)
}

/** `urldecode(raw)` as UTF-8 text, exactly as `binaryToUtf8(urldecodeBinary(raw))` gives it. */
function decodeText(raw: string): string {
  return decodeUtf8Escapes(raw) ?? binaryToUtf8(urldecodeBinary(raw))
}

/** The parameters as `parse_str` gives them (UTF-8 text, PHP array order), without `omit`. */
export function flatParams(q: FlatQuery, omit: string): Record<string, string> {
  const out: Record<string, string> = {}
  const { names } = q
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!
    if (name === omit) continue
    const value = decodeText(rawValue(q, i))
    // A plain assignment to "__proto__" would set the prototype instead of an own property.
    if (name === '__proto__')
      Object.defineProperty(out, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    else out[name] = value
  }
  return out
}
