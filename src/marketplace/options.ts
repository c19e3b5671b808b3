/**
 * Validation of options shared by the verifiers. Messages name the option and the rule, never a value
 * (a value might be a secret).
 */

/** The secrets to try, validated: a non-empty string or a non-empty list of non-empty strings. */
export function secretList(fn: string, secret: unknown): readonly string[] {
  const list = typeof secret === 'string' ? [secret] : secret
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string' && s.length > 0)) {
    throw new TypeError(`${fn}: opts.secret must be a non-empty string or a non-empty array of non-empty strings (the provider secret; several for rotation)`)
  }
  return list as readonly string[]
}

/** A freshness window in seconds: a finite number > 0 (0 is an error, never "off"). */
export function windowSec(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${fn}: opts.${name} must be a finite number of seconds greater than 0 (a window of 0 or less is not allowed)`)
  }
  return value
}

/** The clock option: a function returning milliseconds; default `Date.now`. */
export function clock(fn: string, now: unknown): () => number {
  if (now === undefined) return Date.now
  if (typeof now !== 'function') throw new TypeError(`${fn}: opts.now must be a function returning milliseconds (like Date.now)`)
  return now as () => number
}

/** Unix seconds from a millisecond clock. */
export function nowSec(now: () => number): number {
  return Math.floor(now() / 1000)
}
