/**
 * Option checks shared by every layer. Each throws {@link OnOfficeConfigError} with a message that names the
 * option and the rule, never the value (a value might be a secret). `where` is the function or factory the
 * option belongs to (the message prefix), `option` the option as the caller wrote it (`opts.secret`).
 */
import { OnOfficeConfigError } from './errors.ts'
import { utf8 } from './crypto.ts'

/** Minimum length of secret key material (session secret, installation keys), in UTF-8 bytes. */
export const MIN_SECRET_BYTES = 32

/**
 * Throws the kit's config error for `option`.
 * @example
 * ```ts
 * if (typeof opts.fetch !== 'function') configError('createClient', 'options.fetch', 'must be a function')
 * ```
 */
export function configError(where: string, option: string, rule: string): never {
  throw new OnOfficeConfigError(option, `${where}: ${option} ${rule}`, rule)
}

/**
 * The secrets to try: a non-empty string or a non-empty list of them; a blank (whitespace-only) entry is
 * refused (it is an unset variable, not a secret).
 * @example
 * ```ts
 * const secrets = secretList('verifySignedUrl', 'opts.secret', opts.secret) // ['s1', 's2']
 * ```
 */
export function secretList(where: string, option: string, value: unknown): readonly string[] {
  const list: unknown = typeof value === 'string' ? [value] : value
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((s) => typeof s === 'string' && s.trim() !== '')
  ) {
    configError(
      where,
      option,
      'must be a non-empty string or a non-empty array of non-empty strings (the provider secret; several for rotation)',
    )
  }
  return list as readonly string[]
}

/**
 * A secret of at least {@link MIN_SECRET_BYTES} UTF-8 bytes.
 * @example
 * ```ts
 * longSecret('mintToken', 'opts.secret', opts.secret)
 * ```
 */
export function longSecret(where: string, option: string, value: unknown): string {
  const hint = `(e.g. \`openssl rand -base64 32\`)`
  if (typeof value !== 'string' || value === '')
    configError(
      where,
      option,
      `is missing: it must be a string of at least ${MIN_SECRET_BYTES} bytes ${hint}`,
    )
  // A string of ≥ 32 UTF-16 units has ≥ 32 UTF-8 bytes: the encode runs only for short strings (hot path).
  if (value.length < MIN_SECRET_BYTES && utf8(value).byteLength < MIN_SECRET_BYTES) {
    configError(
      where,
      option,
      `is too short: it must be at least ${MIN_SECRET_BYTES} bytes ${hint}`,
    )
  }
  return value
}

/**
 * A non-empty string.
 * @example
 * ```ts
 * nonEmptyString('mintToken', 'opts.audience', opts.audience, "the provider's publicUrl")
 * ```
 */
export function nonEmptyString(
  where: string,
  option: string,
  value: unknown,
  what: string,
): string {
  if (typeof value !== 'string' || value === '')
    configError(where, option, `must be a non-empty string (${what})`)
  return value
}

/**
 * An absolute http(s) URL.
 * @example
 * ```ts
 * httpUrl('createClient', 'options.endpoint', 'https://api.onoffice.de/api/stable/api.php', 'the URL of api.php')
 * ```
 */
export function httpUrl(where: string, option: string, value: unknown, what: string): URL {
  let url: URL | undefined
  if (typeof value === 'string') {
    try {
      url = new URL(value)
    } catch {
      url = undefined
    }
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    configError(where, option, `must be an absolute http(s) URL, ${what}`)
  return url
}

// Where plain http is still a secure origin (browsers treat loopback as potentially trustworthy).
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * An absolute `https` URL without credentials; `http` only for `localhost`, `127.0.0.1` and `[::1]`.
 * @example
 * ```ts
 * secureUrl('onOffice()', 'publicUrl', 'https://provider.example', 'the public origin onOffice calls')
 * ```
 */
export function secureUrl(where: string, option: string, value: unknown, what: string): URL {
  if (typeof value !== 'string' || value === '') configError(where, option, `is required: ${what}`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    configError(where, option, `must be an absolute URL: ${what}`)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    configError(
      where,
      option,
      `must use https (http is allowed only for localhost, 127.0.0.1 and [::1]): ${what}`,
    )
  if (url.username !== '' || url.password !== '')
    configError(where, option, 'must not contain credentials')
  return url
}

/**
 * A finite number of seconds greater than 0, or `fallback` when `undefined` (required without a fallback).
 * 0 is an error, never "off".
 * @example
 * ```ts
 * const maxAge = positiveSeconds('verifySignedUrl', 'opts.maxAgeSec', opts.maxAgeSec, 300)
 * ```
 */
export function positiveSeconds(
  where: string,
  option: string,
  value: unknown,
  fallback?: number,
): number {
  if (value === undefined && fallback !== undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    configError(
      where,
      option,
      'must be a finite number of seconds greater than 0 (0 or less is not allowed, it never means "off")',
    )
  }
  return value
}

/**
 * A finite number of seconds ≥ 0, or `fallback` when `undefined`.
 * @example
 * ```ts
 * const leeway = nonNegativeSeconds('verifyToken', 'opts.leewaySec', opts.leewaySec, 5)
 * ```
 */
export function nonNegativeSeconds(
  where: string,
  option: string,
  value: unknown,
  fallback: number,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    configError(where, option, 'must be a finite number of seconds ≥ 0')
  return value
}

/**
 * The clock option: a function returning milliseconds; default `Date.now`.
 * @example
 * ```ts
 * const now = clock('verifySignedUrl', 'opts.now', opts.now)
 * ```
 */
export function clock(where: string, option: string, value: unknown): () => number {
  if (value === undefined) return Date.now
  if (typeof value !== 'function')
    configError(where, option, 'must be a function returning milliseconds (like Date.now)')
  return value as () => number
}

/**
 * Unix seconds from a millisecond clock.
 * @example
 * ```ts
 * nowSec(() => 1_700_000_000_500) // 1700000000
 * ```
 */
export function nowSec(now: () => number): number {
  return Math.floor(now() / 1000)
}
