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

/** A flat query: parallel arrays in query order (duplicates included), values still percent-encoded. */
export interface FlatQuery {
  readonly names: string[]
  readonly rawValues: string[]
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
  const names: string[] = []
  const rawValues: string[] = []
  const len = query.length
  let start = 0
  while (start <= len) {
    let end = query.indexOf('&', start)
    if (end < 0) end = len
    if (end > start) {
      let i = start
      const first = query.charCodeAt(i)
      if (first > 0x7f || NAME[first] !== 1) return null
      for (i++; i < end; i++) {
        const c = query.charCodeAt(i)
        if (c === 0x3d) break // '='
        if (c > 0x7f || NAME[c] === 0) return null
      }
      const eq = i
      for (i++; i < end; i++) if (query.charCodeAt(i) > 0x7f) return null
      names.push(query.slice(start, eq))
      rawValues.push(eq < end ? query.slice(eq + 1, end) : '')
    }
    start = end + 1
  }
  return sortNames(names, rawValues)
}

function sortNames(names: string[], rawValues: string[]): FlatQuery {
  const n = names.length
  const order: number[] = []
  // Stable insertion sort by byte order (tiny n; equal names stay in query order).
  for (let i = 0; i < n; i++) {
    const name = names[i]!
    let j = order.length
    while (j > 0 && names[order[j - 1]!]! > name) j--
    order.splice(j, 0, i)
  }
  // Keep each name's last occurrence (later duplicates win).
  const sorted: number[] = []
  let hasDuplicates = false
  for (let k = 0; k < n; k++) {
    const idx = order[k]!
    if (sorted.length > 0 && names[sorted[sorted.length - 1]!] === names[idx]) {
      sorted[sorted.length - 1] = idx
      hasDuplicates = true
    } else sorted.push(idx)
  }
  return { names, rawValues, sorted, hasDuplicates }
}

/** True when any of `names` occurs more than once in `q`. */
export function flatHasDuplicateOf(q: FlatQuery, names: ReadonlySet<string>): boolean {
  if (!q.hasDuplicates) return false
  const seen = new Set<string>()
  for (const name of q.names) {
    if (!names.has(name)) continue
    if (seen.has(name)) return true
    seen.add(name)
  }
  return false
}

/** The raw value PHP keeps for `name` (its last occurrence), or undefined. */
export function flatRawValue(q: FlatQuery, name: string): string | undefined {
  for (let i = q.names.length - 1; i >= 0; i--) if (q.names[i] === name) return q.rawValues[i]
  return undefined
}

/** `urldecode(raw)` as a binary string (see binary.ts); raw text without `%`/`+` is returned as it is. */
export function flatDecodeBinary(raw: string): string {
  return raw.indexOf('%') < 0 && raw.indexOf('+') < 0 ? raw : urldecodeBinary(raw)
}

/** `urlencode(urldecode(raw))` without the intermediate byte string (see the module notes). */
function recode(raw: string): string {
  const len = raw.length
  let out = ''
  let run = 0 // start of the pending run of characters that stay as they are
  for (let i = 0; i < len; i++) {
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
    out += (out === '' ? '' : '&') + name + '=' + recode(q.rawValues[idx]!)
  }
  return out
}

/** `urldecode(raw)` as UTF-8 text, as `binaryToUtf8(urldecodeBinary(raw))` gives it. */
function decodeText(raw: string): string {
  if (raw.indexOf('%') < 0) return raw.indexOf('+') < 0 ? raw : raw.replaceAll('+', ' ')
  try {
    // decodeURIComponent succeeds only on well-formed escapes of valid UTF-8, where it equals the
    // byte decoding; everything else (stray '%', invalid UTF-8) goes the exact way.
    return decodeURIComponent(raw.indexOf('+') < 0 ? raw : raw.replaceAll('+', ' '))
  } catch {
    return binaryToUtf8(urldecodeBinary(raw))
  }
}

/** The parameters as `parse_str` gives them (UTF-8 text, PHP array order), without `omit`. */
export function flatParams(q: FlatQuery, omit: string): Record<string, string> {
  const out: Record<string, string> = {}
  const { names, rawValues } = q
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!
    if (name === omit) continue
    const value = decodeText(rawValues[i]!)
    // A plain assignment to "__proto__" would set the prototype instead of an own property.
    if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true })
    else out[name] = value
  }
  return out
}
