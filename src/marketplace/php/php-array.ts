/**
 * The shapes the PHP emulation works with. A PHP array is ordered and keeps integer keys where they were
 * inserted, which a JS object cannot (it moves integer-like keys first), so internally a `Map` is used.
 */

/** A parsed PHP array: keys in insertion order; values are strings or nested arrays. */
export type PhpArray = Map<string, PhpValue>
/** A value inside a parsed PHP array. */
export type PhpValue = string | PhpArray

/**
 * What `httpBuildQuery`, `ksort` and the signers accept: plain objects, arrays and `Map`s nest; `null`
 * and `undefined` are dropped by `http_build_query`; booleans become `1`/`0`; numbers print as PHP
 * prints them.
 */
export type QueryInput =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | readonly QueryInput[]
  | ReadonlyMap<string, QueryInput>
  | { readonly [key: string]: QueryInput }

/** A container `QueryInput` (the top level of a query). */
export type QueryContainer =
  | readonly QueryInput[]
  | ReadonlyMap<string, QueryInput>
  | { readonly [key: string]: QueryInput }

const INT_KEY = /^(?:0|-?[1-9][0-9]*)$/
const INT64_MAX = 9223372036854775807n
const INT64_MIN = -9223372036854775808n

/**
 * PHP's `ZEND_HANDLE_NUMERIC_STR`: a key that is a canonical decimal integer within 64 bits becomes an
 * integer key (`"5"` → 5), anything else (`"05"`, `"-0"`, `" 5"`) stays a string key.
 */
export function integerKey(key: string): bigint | null {
  if (key.length > 20 || !INT_KEY.test(key)) return null
  const v = BigInt(key)
  return v > INT64_MAX || v < INT64_MIN ? null : v
}

export { INT64_MAX, INT64_MIN }

/** Entries of a container input, in its own order (array indices as strings). */
export function entriesOf(value: QueryContainer): Array<[string, QueryInput]> {
  if (Array.isArray(value)) return (value as readonly QueryInput[]).map((v, i) => [String(i), v])
  if (value instanceof Map)
    return [...(value as ReadonlyMap<string, QueryInput>).entries()].map(([k, v]) => [String(k), v])
  return Object.entries(value as { readonly [key: string]: QueryInput })
}

/** True for arrays, Maps and plain objects (anything `http_build_query` would recurse into). */
export function isContainer(value: QueryInput): value is QueryContainer {
  return typeof value === 'object' && value !== null
}
