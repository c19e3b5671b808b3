/**
 * PHP 8 `ksort($array)` with default flags (SORT_REGULAR), emulated exactly for consistent inputs:
 *
 * - Integer keys (`"5"`, `"-3"` — PHP stores canonical decimal keys as ints) compare numerically.
 * - Two string keys compare with `zendi_smart_strcmp`: if BOTH are numeric strings (`"1e3"`, `" 5"`,
 *   `"05"`, `"1.5"`) they compare as numbers, otherwise byte by byte (UTF-8, so `UserLanguage` sorts
 *   before `apiClaim` and `Z` before `a`).
 * - An integer key against a string key: numerically if the string is numeric, else the integer's
 *   decimal text is compared byte-wise with the string.
 * - The sort is stable (PHP ≥ 8.0), so keys that compare equal (`"1.0"` vs `"1"`) keep insertion order.
 *
 * Mixing numeric and non-numeric keys can make PHP's comparison non-transitive; then PHP's result
 * depends on its sort algorithm (zend_sort) and ours may differ. onOffice's parameter names are
 * never numeric, so the signed-URL and order paths are unaffected.
 */
import { utf8ToBinary } from './binary.ts'
import {
  entriesOf,
  INT64_MAX,
  INT64_MIN,
  integerKey,
  isContainer,
  type QueryContainer,
  type QueryInput,
} from './php-array.ts'

type Numeric =
  | { long: bigint; double: number; isLong: true; oflow: 0 }
  | { long: 0n; double: number; isLong: false; oflow: -1 | 0 | 1 }

const NUMERIC =
  /^[ \t\n\r\v\f]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)[ \t\n\r\v\f]*$/
const INTEGER = /^[+-]?[0-9]+$/

/** PHP's `is_numeric_string_ex` (PHP 8: leading and trailing whitespace allowed). */
function numeric(s: string): Numeric | null {
  const m = NUMERIC.exec(s)
  if (!m) return null
  const core = m[1]!
  if (INTEGER.test(core)) {
    const v = BigInt(core)
    if (v <= INT64_MAX && v >= INT64_MIN)
      return { long: v, double: Number(v), isLong: true, oflow: 0 }
    return { long: 0n, double: Number(core), isLong: false, oflow: v > 0n ? 1 : -1 }
  }
  return { long: 0n, double: Number(core), isLong: false, oflow: 0 }
}

function sign(n: number): number {
  return n > 0 ? 1 : n < 0 ? -1 : 0
}

// zend_binary_strcmp on binary strings: code units are bytes, so `<` is memcmp + length.
function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function smartStrcmp(a: string, b: string, na: Numeric | null, nb: Numeric | null): number {
  if (!na || !nb) return byteCompare(a, b)
  if (na.oflow !== 0 && na.oflow === nb.oflow && na.double - nb.double === 0)
    return byteCompare(a, b)
  if (!na.isLong || !nb.isLong) {
    let d1 = na.double
    let d2 = nb.double
    if (na.isLong) {
      if (nb.oflow) return -1 * nb.oflow
      d1 = Number(na.long)
    } else if (nb.isLong) {
      if (na.oflow) return na.oflow
      d2 = Number(nb.long)
    } else if (d1 === d2 && !Number.isFinite(d1)) {
      return byteCompare(a, b)
    }
    return sign(d1 - d2)
  }
  return na.long > nb.long ? 1 : na.long < nb.long ? -1 : 0
}

/** A key prepared for comparison: its bytes and how PHP would see it. */
interface SortKey {
  bytes: string
  int: bigint | null
  num: Numeric | null | undefined
}

function prepare(binaryKey: string): SortKey {
  return { bytes: binaryKey, int: integerKey(binaryKey), num: undefined }
}

function num(k: SortKey): Numeric | null {
  if (k.num === undefined) k.num = numeric(k.bytes)
  return k.num
}

function compare(a: SortKey, b: SortKey): number {
  if (a.int !== null && b.int !== null) return a.int > b.int ? 1 : a.int < b.int ? -1 : 0
  if (a.int === null && b.int === null) {
    // Fast path: only strings starting like a number can be numeric.
    return smartStrcmp(a.bytes, b.bytes, num(a), num(b))
  }
  // One integer key, one string key (zend_compare long <-> string).
  const [i, s, flip] = a.int !== null ? [a, b, 1] : [b, a, -1]
  const n = num(s)
  let r: number
  if (n === null) r = byteCompare(i.bytes, s.bytes)
  else if (n.isLong) r = i.int! > n.long ? 1 : i.int! < n.long ? -1 : 0
  else r = sign(Number(i.int!) - n.double)
  return r * flip
}

/**
 * Compares two keys the way PHP 8 `ksort` (SORT_REGULAR) does. Keys are given as binary strings
 * (one code unit per byte); see php/binary.ts.
 */
export function compareBinaryKeys(a: string, b: string): number {
  return compare(prepare(a), prepare(b))
}

/** Sorts `[binaryKey, value]` entries like PHP `ksort` (stable). Internal. */
export function ksortBinaryEntries<V>(entries: Array<[string, V]>): Array<[string, V]> {
  const decorated = entries.map((e) => ({ k: prepare(e[0]), e }))
  decorated.sort((x, y) => compare(x.k, y.k))
  return decorated.map((d) => d.e)
}

/**
 * PHP 8 `ksort` with default flags: the keys of `input` in PHP's order (see the module notes for
 * numeric keys). Returns a `Map` because a JS object cannot hold integer-like keys in any order but
 * ascending.
 *
 * @param input - a plain object, an array or a Map; keys are compared as UTF-8 bytes.
 * @returns a new Map in sorted order (the input is not changed).
 * @example
 * ```ts
 * [...ksort({ apiClaim: 'x', UserLanguage: 'DEU', '10': 'a', '9': 'b' }).keys()]
 * // ['9', '10', 'UserLanguage', 'apiClaim']
 * ```
 */
export function ksort<T>(
  input: ReadonlyMap<string, T> | readonly T[] | { readonly [key: string]: T },
): Map<string, T> {
  const entries = entriesOf(input as QueryContainer) as unknown as Array<[string, T]>
  const decorated = entries.map((e) => ({ k: prepare(utf8ToBinary(e[0])), e }))
  decorated.sort((x, y) => compare(x.k, y.k))
  return new Map(decorated.map((d) => d.e))
}

/**
 * `ksort` applied at every level (what onOffice's order signer does): every array, Map and plain
 * object becomes a sorted `Map`; other values are returned unchanged. List arrays keep index order.
 *
 * @example
 * ```ts
 * ksortRecursive({ b: { y: 1, x: 2 }, a: [3, 4] })
 * // Map { 'a' => Map { '0' => 3, '1' => 4 }, 'b' => Map { 'x' => 2, 'y' => 1 } }
 * ```
 */
export function ksortRecursive(value: QueryInput): QueryInput {
  if (!isContainer(value)) return value
  const sorted = ksort(value as ReadonlyMap<string, QueryInput>)
  for (const [k, v] of sorted) sorted.set(k, ksortRecursive(v))
  return sorted
}
