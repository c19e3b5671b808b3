/**
 * Checks a `ttlSec` option: absent is allowed (no expiry), anything else must be a positive integer.
 * Every KeyValue backend and the replay guard share this rule, so a bad TTL fails the same way everywhere.
 * @param ttlSec - the value to check.
 * @param where - the option's name for the message, e.g. `'memoryKv.put: options.ttlSec'`.
 * @throws {TypeError} when `ttlSec` is present and not a positive integer.
 * @example
 * assertTtlSec(opts?.ttlSec, 'myKv.put: options.ttlSec')
 */
export function assertTtlSec(ttlSec: unknown, where: string): asserts ttlSec is number | undefined {
  if (ttlSec === undefined) return
  if (typeof ttlSec !== 'number' || !Number.isInteger(ttlSec) || ttlSec <= 0) {
    throw new TypeError(
      `${where} must be a positive integer number of seconds (got ${describe(ttlSec)})`,
    )
  }
}

// TTLs are not secret; showing the offending value makes the mistake obvious (e.g. 0.5 or "60").
function describe(value: unknown): string {
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 20))}`
  return value === null ? 'null' : typeof value
}
