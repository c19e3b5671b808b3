/** Validation of client options at construction. Messages name the option and why; never its value. */
import { configError, httpUrl } from '../core/check.ts'
import type { ClientOptions, OnOfficeRequestEvent, OnOfficeResponseEvent } from './types.ts'

/** Default actions per HTTP request. onOffice documents no limit; 100 keeps bodies well below any proxy limit. */
export const DEFAULT_MAX_ACTIONS = 100
/** onOffice's hard page size: a larger `listlimit` is silently answered with 20 records. */
export const MAX_LISTLIMIT = 500

export interface ResolvedOptions {
  token: string
  secret: string
  endpoint: string
  fetch: typeof fetch
  timeoutMs: number
  retries: number
  retryDelayMs: number
  maxActionsPerRequest: number
  microBatching: boolean
  now: () => number
  onRequest?: (event: OnOfficeRequestEvent) => void
  onResponse?: (event: OnOfficeResponseEvent) => void
}

const TOKEN_LENGTH = 32
const SECRET_LENGTH = 64

/** Throws the config error naming what is wrong with the credentials; the values themselves never appear. */
function checkCredentials(token: unknown, secret: unknown, what = 'createClient'): void {
  if (typeof token !== 'string' || token === '') configError(what, 'options.token', `must be the API token (a string of ${TOKEN_LENGTH} characters)`)
  if (typeof secret !== 'string' || secret === '') configError(what, 'options.secret', `must be the API secret (a string of ${SECRET_LENGTH} characters)`)
  if (token.length === SECRET_LENGTH && secret.length === TOKEN_LENGTH)
    configError(
      what,
      'options.token',
      `and options.secret look swapped: the token has ${SECRET_LENGTH} characters and the secret ${TOKEN_LENGTH}; the token is the ${TOKEN_LENGTH}-character one`,
    )
  if (token === secret) configError(what, 'options.token', `and options.secret are the same value; the secret is the ${SECRET_LENGTH}-character API key`)
  if (token.length !== TOKEN_LENGTH)
    configError(what, 'options.token', `must have ${TOKEN_LENGTH} characters, it has ${token.length} (is it the API token of the API user?)`)
  if (secret.length !== SECRET_LENGTH)
    configError(what, 'options.secret', `must have ${SECRET_LENGTH} characters, it has ${secret.length} (is it the API key shown at activation?)`)
}

function positiveInt(value: unknown, name: string, fallback: number, min: number, what: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) configError(what, `options.${name}`, `must be an integer ≥ ${min}`)
  return value
}

/** Validates {@link ClientOptions} and fills in defaults. */
export function resolveOptions(options: ClientOptions, what = 'createClient'): ResolvedOptions {
  if (typeof options !== 'object' || options === null) configError(what, 'options', '({ token, secret }) are required')
  checkCredentials(options.token, options.secret, what)
  const apiVersion = options.apiVersion ?? 'stable'
  if (apiVersion !== 'stable' && apiVersion !== 'latest') configError(what, 'options.apiVersion', "must be 'stable' or 'latest'")
  const endpoint = options.endpoint ?? `https://api.onoffice.de/api/${apiVersion}/api.php`
  httpUrl(what, 'options.endpoint', endpoint, 'the URL of api.php')
  for (const name of ['fetch', 'now', 'onRequest', 'onResponse'] as const)
    if (options[name] !== undefined && typeof options[name] !== 'function') configError(what, `options.${name}`, 'must be a function')
  const timeoutMs = options.timeoutMs ?? 30_000
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs))
    configError(what, 'options.timeoutMs', 'must be a positive number of milliseconds')
  const retryDelayMs = options.retryDelayMs ?? 200
  if (typeof retryDelayMs !== 'number' || !(retryDelayMs >= 0) || !Number.isFinite(retryDelayMs)) configError(what, 'options.retryDelayMs', 'must be a number ≥ 0')
  if (options.claim !== undefined && (typeof options.claim !== 'string' || options.claim === ''))
    configError(what, 'options.claim', 'must be a non-empty string (the apiClaim of the launch URL)')
  const userFetch = options.fetch
  const resolved: ResolvedOptions = {
    token: options.token,
    secret: options.secret,
    endpoint,
    // Called unbound: some runtimes (workerd) reject `fetch` invoked with a foreign `this`.
    fetch: userFetch ?? ((input, init) => fetch(input, init)),
    timeoutMs,
    retries: positiveInt(options.retries, 'retries', 2, 0, what),
    retryDelayMs,
    maxActionsPerRequest: positiveInt(options.maxActionsPerRequest, 'maxActionsPerRequest', DEFAULT_MAX_ACTIONS, 1, what),
    microBatching: options.microBatching ?? true,
    now: options.now ?? Date.now,
  }
  if (options.onRequest) resolved.onRequest = options.onRequest
  if (options.onResponse) resolved.onResponse = options.onResponse
  return resolved
}
