/**
 * PHP `parse_str` (the query parser behind `$_GET`), byte-exact:
 *
 * - split on `&` (empty pieces skipped), then at the first `=`; a piece without `=` has value `''`;
 * - key and value are `urldecode`d: `+` → space, `%XX` (either case) → byte, an invalid escape stays;
 * - later duplicates win (the position of the first occurrence is kept, as in a PHP array);
 * - key mangling: leading spaces dropped; in the name before the first `[`, `.` and ` ` become `_`
 *   (`a.b` → `a_b`); a key cut at a NUL byte; mangled names that would newly start with `__Host-` /
 *   `__Secure-` are discarded;
 * - `a[b][c]=v` and `a[]=v` build nested arrays (at most 64 levels, else the variable is dropped);
 *   text after a closing `]` that is not `[` is ignored; an unclosed `[` at the first level becomes `_`
 *   together with any later ` `, `.` or `[` (`a[b.c` → `a_b_c`);
 * - canonical integer keys (`5`, not `05`) are integer keys; `a[]` appends at the next integer index
 *   (PHP ≥ 8.3 rule: after `a[-5]` comes `-4`; PHP 8.2 would use 0 there).
 */
import { binaryToUtf8 } from './binary.ts'
import { INT64_MAX, integerKey, type PhpArray, type PhpValue } from './php-array.ts'
import { urldecodeBinary } from './urlencode.ts'

const MAX_NESTING = 64
// Next free integer index of each array (PHP's nNextFreeElement); absent = no integer key yet.
const nextFree = new WeakMap<PhpArray, bigint>()

function setKey(table: PhpArray, key: string, value: PhpValue): void {
  table.set(key, value)
  const int = integerKey(key)
  if (int !== null) {
    const next = nextFree.get(table)
    if (next === undefined || int >= next)
      nextFree.set(table, int < INT64_MAX ? int + 1n : INT64_MAX)
  }
}

function append(table: PhpArray, value: PhpValue): boolean {
  const next = nextFree.get(table) ?? 0n
  if (next === INT64_MAX && table.has(String(next))) return false
  setKey(table, String(next), value)
  return true
}

const isCSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f'

/**
 * php_register_variable_ex on binary strings. Returns true when the variable lands on a top-level name that
 * already holds a scalar, or is a scalar on a name already taken: PHP keeps the last value silently.
 */
function register(top: PhpArray, rawName: string, value: string): boolean {
  let start = 0
  while (rawName[start] === ' ') start++
  const nameOrig = rawName.slice(start)
  let varName = ''
  let p = 0
  let isArray = false
  for (; p < nameOrig.length; p++) {
    const c = nameOrig[p]!
    if (c === ' ' || c === '.') varName += '_'
    else if (c === '[') {
      isArray = true
      break
    } else varName += c
  }
  if (varName.startsWith('__Host-') && !nameOrig.startsWith('__Host-')) return false
  if (varName.startsWith('__Secure-') && !nameOrig.startsWith('__Secure-')) return false
  if (varName.length === 0) return false
  if (!isArray) {
    const taken = top.has(varName)
    setKey(top, varName, value)
    return taken
  }
  // An array may repeat its name (`a[]=1&a[]=2`), not follow a scalar of that name.
  let duplicate = typeof top.get(varName) === 'string'
  const rest = nameOrig.slice(p) // starts with '['
  let table = top
  let index: string | null = varName
  let pos = 0
  let nest = 0
  for (;;) {
    if (++nest > MAX_NESTING) {
      top.delete(varName)
      return duplicate
    }
    let ip = pos + 1
    const indexStart = ip
    if (isCSpace(rest[ip])) ip++
    let close: number
    let newIndex: string | null
    if (rest[ip] === ']') {
      close = ip
      newIndex = null
    } else {
      close = rest.indexOf(']', ip)
      if (close < 0) {
        // Not an index: at the first level the '[' and the rest become part of the name.
        if (nest === 1) {
          index = varName + '_' + rest.slice(indexStart).replace(/[ .[]/g, '_')
          duplicate = top.has(index)
        }
        break
      }
      newIndex = rest.slice(indexStart, close)
    }
    let child: PhpValue | undefined
    if (index === null) {
      child = new Map()
      if (!append(table, child)) return duplicate
    } else {
      child = table.get(index)
      if (!(child instanceof Map)) {
        child = new Map()
        setKey(table, index, child)
      }
    }
    table = child
    index = newIndex
    pos = close + 1
    if (rest[pos] !== '[') break
  }
  if (index === null) append(table, value)
  else setKey(table, index, value)
  return duplicate
}

/**
 * parse_str on a raw query, keeping bytes (keys and values are binary strings, see binary.ts) and
 * PHP's array order. Internal: the signature check canonicalises from this.
 */
export function parseStrBinary(query: string): PhpArray {
  return parseStrChecked(query).array
}

/**
 * {@link parseStrBinary} and whether a top-level scalar was given twice under the name PHP files it under
 * (after the name mangling above; arrays may repeat their name). onOffice never signs a scalar twice; PHP
 * keeps the last value while `URLSearchParams` keeps the first, so a signed URL with one is refused.
 */
export function parseStrChecked(query: string): { array: PhpArray; duplicate: boolean } {
  const result: PhpArray = new Map()
  let duplicate = false
  if (query.startsWith('?')) query = query.slice(1)
  for (const piece of query.split('&')) {
    if (piece === '') continue
    const eq = piece.indexOf('=')
    let key = urldecodeBinary(eq < 0 ? piece : piece.slice(0, eq))
    const nul = key.indexOf('\0')
    if (nul >= 0) key = key.slice(0, nul)
    if (register(result, key, eq < 0 ? '' : urldecodeBinary(piece.slice(eq + 1)))) duplicate = true
  }
  return { array: result, duplicate }
}

/** The result of {@link parseStr}: strings and nested objects. */
export type ParsedQuery = { [key: string]: string | ParsedQuery }

function define(target: ParsedQuery, key: string, value: string | ParsedQuery): void {
  // defineProperty so that a key named "__proto__" is an own property, not the prototype.
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

function toObject(arr: PhpArray): ParsedQuery {
  const out: ParsedQuery = {}
  for (const [k, v] of arr)
    define(out, binaryToUtf8(k), typeof v === 'string' ? binaryToUtf8(v) : toObject(v))
  return out
}

/**
 * PHP `parse_str($query, $result)` — see the module notes for the exact rules (`+` as space, invalid
 * `%` escapes kept, later duplicates win, `a[b]`/`a[]` nesting, `.`/space in names → `_`).
 *
 * Keys and values are decoded as UTF-8 (invalid byte sequences become U+FFFD; the signature check
 * works on the raw bytes and is not affected). Returned as plain objects, so integer-like keys are
 * listed first by JS — use `ksort` if order matters.
 *
 * @param query - the query, with or without a leading `?`.
 * @example
 * ```ts
 * parseStr('a=1&a=2&b[x]=3&c[]=4&d.e=5&f=%7e+g')
 * // { a: '2', b: { x: '3' }, c: { '0': '4' }, d_e: '5', f: '~ g' }
 * ```
 */
export function parseStr(query: string): ParsedQuery {
  return toObject(parseStrBinary(query))
}
