import type { KvListOptions } from './kv.ts'

/** Default page size of {@link KeyValue.list}. */
export const KV_LIST_DEFAULT_LIMIT = 100
/** Largest page of {@link KeyValue.list} (Cloudflare KV's maximum, so every backend can honour it). */
export const KV_LIST_MAX_LIMIT = 1000

/**
 * Checks the arguments of a `KeyValue.list` call and fills in the defaults — one rule for every backend,
 * so a bad `limit` fails the same way everywhere.
 * @param prefix - the key prefix (may be empty).
 * @param options - `cursor` (string or null/omitted), `limit` (integer 1–1000, default 100).
 * @param where - the method's name for the message, e.g. `'memoryKv.list'`.
 * @returns the prefix, the cursor (`null` for the first page) and the limit.
 * @throws {TypeError} when `prefix` or `options.cursor` is not a string; {@link RangeError} when `options.limit` is
 *   not an integer 1–1000.
 * @example
 * const { prefix, cursor, limit } = resolveListOptions(p, options, 'myKv.list')
 */
export function resolveListOptions(
  prefix: unknown,
  options: KvListOptions | undefined,
  where: string,
): { prefix: string; cursor: string | null; limit: number } {
  if (typeof prefix !== 'string')
    throw new TypeError(
      `${where}: prefix must be a string (got ${typeof prefix}); '' lists every key`,
    )
  const cursor = options?.cursor ?? null
  if (cursor !== null && typeof cursor !== 'string')
    throw new TypeError(
      `${where}: options.cursor must be the cursor string of the previous page, or null`,
    )
  const limit = options?.limit ?? KV_LIST_DEFAULT_LIMIT
  if (
    typeof limit !== 'number' ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > KV_LIST_MAX_LIMIT
  ) {
    throw new RangeError(
      `${where}: options.limit must be an integer from 1 to ${KV_LIST_MAX_LIMIT}`,
    )
  }
  return { prefix, cursor, limit }
}

/**
 * The smallest string above every string that starts with `prefix` in code-point order (the prefix with its last
 * code point plus one), or `null` when there is none (`prefix` empty, or only U+10FFFF). Stores that order keys by
 * their UTF-8 bytes (Deno KV, SQLite's BINARY collation, PostgreSQL's `"C"` collation) list a prefix as the range
 * `[prefix, upper bound)`, which an index serves.
 * @param prefix - the key prefix.
 * @returns the exclusive upper bound, or `null` for "no upper bound".
 * @example
 * prefixUpperBound('installation:') // 'installation;'
 */
export function prefixUpperBound(prefix: string): string | null {
  const points = Array.from(prefix)
  while (points.length > 0) {
    const last = (points.pop() ?? '').codePointAt(0) ?? 0
    if (last < 0x10ffff) {
      // A lone surrogate cannot be encoded; the next encodable code point after the surrogate range is U+E000.
      const next = last + 1 >= 0xd800 && last + 1 <= 0xdfff ? 0xe000 : last + 1
      return points.join('') + String.fromCodePoint(next)
    }
  }
  return null
}
