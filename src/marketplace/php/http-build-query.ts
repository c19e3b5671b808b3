/**
 * PHP `http_build_query`, byte-exact: nested arrays/objects/Maps flatten to `a[b][0]` (brackets
 * encoded as `%5B`/`%5D`), `null`/`undefined` are dropped, booleans print `1`/`0`, integers as decimals,
 * other numbers like PHP floats (see php-float.ts), empty nested arrays produce nothing. No sorting.
 */
import { utf8ToBinary } from './binary.ts'
import { phpFloatToString } from './php-float.ts'
import {
  entriesOf,
  integerKey,
  isContainer,
  type PhpArray,
  type QueryContainer,
  type QueryInput,
} from './php-array.ts'
import { rawurlencodeBinary, urlencodeBinary } from './urlencode.ts'

/** Options of {@link httpBuildQuery}. */
export interface HttpBuildQueryOptions {
  /** `'RFC1738'` (default, PHP_QUERY_RFC1738: space → `+`) or `'RFC3986'` (space → `%20`, `~` kept). */
  encoding?: 'RFC1738' | 'RFC3986'
  /** Joins pairs; default `'&'`. */
  separator?: string
  /** Prefixed to integer keys of the top level only (PHP's `$numeric_prefix`); default `''`. */
  numericPrefix?: string
}

/** A scalar as the binary string PHP would print, or null when http_build_query drops it. */
function scalarToBinary(value: QueryInput): string | null {
  switch (typeof value) {
    case 'string':
      return utf8ToBinary(value)
    case 'boolean':
      return value ? '1' : '0'
    case 'bigint':
      return value.toString()
    case 'number':
      // PHP keeps integers as ints; everything else JS holds as a number is a PHP float.
      return Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : phpFloatToString(value)
    case 'undefined':
      return null
    default:
      if (value === null) return null
      throw new TypeError(`httpBuildQuery: unsupported value of type ${typeof value}`)
  }
}

function build(
  out: string[],
  entries: Iterable<[string, QueryInput | PhpArray]>,
  prefix: string | null,
  encode: (b: string) => string,
  numericPrefix: string,
  // Internal callers pass keys and string values that are already binary strings.
  binaryKeys: boolean,
): void {
  for (const [rawKey, value] of entries) {
    const keyBin = binaryKeys ? rawKey : utf8ToBinary(rawKey)
    let key = encode(keyBin)
    if (prefix === null && numericPrefix && integerKey(keyBin) !== null)
      key = encode(utf8ToBinary(numericPrefix)) + key
    const name = prefix === null ? key : `${prefix}%5B${key}%5D`
    if (value instanceof Map) {
      build(
        out,
        value.entries() as Iterable<[string, QueryInput]>,
        name,
        encode,
        numericPrefix,
        binaryKeys,
      )
    } else if (isContainer(value as QueryInput)) {
      build(out, entriesOf(value as QueryContainer), name, encode, numericPrefix, binaryKeys)
    } else {
      const s =
        binaryKeys && typeof value === 'string' ? value : scalarToBinary(value as QueryInput)
      if (s !== null) out.push(`${name}=${encode(s)}`)
    }
  }
}

/**
 * PHP `http_build_query($data, $numericPrefix, $separator, $encoding)`.
 *
 * @param data - a plain object, an array or a Map (nesting allowed). Keys are used in the given order.
 * @param options - `encoding` (default `'RFC1738'`), `separator` (default `'&'`), `numericPrefix`.
 * @example
 * ```ts
 * httpBuildQuery({ t: true, n: null, arr: ['x'], m: { b: 1 } }) // 't=1&arr%5B0%5D=x&m%5Bb%5D=1'
 * httpBuildQuery({ s: 'a b' }, { encoding: 'RFC3986' })       // 's=a%20b'
 * ```
 */
export function httpBuildQuery(data: QueryContainer, options: HttpBuildQueryOptions = {}): string {
  const encode = options.encoding === 'RFC3986' ? rawurlencodeBinary : urlencodeBinary
  if (
    options.encoding !== undefined &&
    options.encoding !== 'RFC1738' &&
    options.encoding !== 'RFC3986'
  ) {
    throw new TypeError("httpBuildQuery: options.encoding must be 'RFC1738' or 'RFC3986'")
  }
  const out: string[] = []
  build(out, entriesOf(data), null, encode, options.numericPrefix ?? '', false)
  return out.join(options.separator ?? '&')
}

/** http_build_query of an already-binary PHP array (keys and values are binary strings). Internal. */
export function httpBuildQueryBinary(
  data: Iterable<[string, PhpArray | string]>,
  encoding: 'RFC1738' | 'RFC3986',
): string {
  const out: string[] = []
  build(
    out,
    data as Iterable<[string, QueryInput | PhpArray]>,
    null,
    encoding === 'RFC3986' ? rawurlencodeBinary : urlencodeBinary,
    '',
    true,
  )
  return out.join('&')
}
