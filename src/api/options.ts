/** Validation of client options at construction. Messages name the option and why; never its value. */
import { configError, httpUrl } from '../core/check.ts'
import { createBreaker, type Breaker, type BreakerOptions } from './breaker.ts'
import type { ResponseCache } from './cache.ts'
import { createLimiter, type Limiter } from './limiter.ts'
import type { TracerLike } from './telemetry.ts'
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
  customerWebId?: string
  cache?: ResponseCache
  cacheReads: 'safe' | 'all'
  limiter: Limiter
  breaker?: Breaker
  maxRetryAfterMs: number
  tracer?: TracerLike
}

// Limits and breakers are per isolate, not per client: the Hono layer builds a client per request, and
// fairness between customers only works if every client of a customer queues in the same lane.
const limiters = new Map<string, Limiter>()
const breakers = new Map<string, Breaker>()

function sharedLimiter(maxConcurrent: number, rate: ClientOptions['ratePerCustomer']): Limiter {
  const key = `${maxConcurrent}/${rate ? `${rate.perSec}/${rate.burst ?? ''}` : ''}`
  let l = limiters.get(key)
  if (!l) {
    l = createLimiter(rate ? { maxConcurrent, rate } : { maxConcurrent })
    limiters.set(key, l)
  }
  return l
}

function sharedBreaker(endpoint: string, o: BreakerOptions): Breaker {
  const key = `${endpoint} ${o.failureThreshold ?? ''}/${o.openMs ?? ''}`
  let b = breakers.get(key)
  if (!b) {
    b = createBreaker(o)
    breakers.set(key, b)
  }
  return b
}

const TOKEN_LENGTH = 32
const SECRET_LENGTH = 64

/** Throws the config error naming what is wrong with the credentials; the values themselves never appear. */
function checkCredentials(token: unknown, secret: unknown, what = 'createClient'): void {
  if (typeof token !== 'string' || token === '')
    configError(
      what,
      'options.token',
      `must be the API token (a string of ${TOKEN_LENGTH} characters)`,
    )
  if (typeof secret !== 'string' || secret === '')
    configError(
      what,
      'options.secret',
      `must be the API secret (a string of ${SECRET_LENGTH} characters)`,
    )
  if (token.length === SECRET_LENGTH && secret.length === TOKEN_LENGTH)
    configError(
      what,
      'options.token',
      `and options.secret look swapped: the token has ${SECRET_LENGTH} characters and the secret ${TOKEN_LENGTH}; the token is the ${TOKEN_LENGTH}-character one`,
    )
  if (token === secret)
    configError(
      what,
      'options.token',
      `and options.secret are the same value; the secret is the ${SECRET_LENGTH}-character API key`,
    )
  if (token.length !== TOKEN_LENGTH)
    configError(
      what,
      'options.token',
      `must have ${TOKEN_LENGTH} characters, it has ${token.length} (is it the API token of the API user?)`,
    )
  if (secret.length !== SECRET_LENGTH)
    configError(
      what,
      'options.secret',
      `must have ${SECRET_LENGTH} characters, it has ${secret.length} (is it the API key shown at activation?)`,
    )
}

function positiveInt(
  value: unknown,
  name: string,
  fallback: number,
  min: number,
  what: string,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    configError(what, `options.${name}`, `must be an integer ≥ ${min}`)
  return value
}

function cacheReadsOf(value: unknown, what: string): 'safe' | 'all' {
  if (value === undefined) return 'safe'
  if (value !== 'safe' && value !== 'all')
    throw new TypeError(`${what}: options.cacheReads must be 'safe' or 'all'`)
  return value
}

function nonNegativeMs(value: unknown, name: string, fallback: number, what: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value))
    throw new TypeError(`${what}: options.${name} must be a number ≥ 0 (ms)`)
  return value
}

/** Validates {@link ClientOptions} and fills in defaults. */
export function resolveOptions(options: ClientOptions, what = 'createClient'): ResolvedOptions {
  if (typeof options !== 'object' || options === null)
    configError(what, 'options', '({ token, secret }) are required')
  checkCredentials(options.token, options.secret, what)
  const apiVersion = options.apiVersion ?? 'stable'
  if (apiVersion !== 'stable' && apiVersion !== 'latest')
    configError(what, 'options.apiVersion', "must be 'stable' or 'latest'")
  const endpoint = options.endpoint ?? `https://api.onoffice.de/api/${apiVersion}/api.php`
  httpUrl(what, 'options.endpoint', endpoint, 'the URL of api.php')
  for (const name of ['fetch', 'now', 'onRequest', 'onResponse'] as const)
    if (options[name] !== undefined && typeof options[name] !== 'function')
      configError(what, `options.${name}`, 'must be a function')
  const timeoutMs = options.timeoutMs ?? 30_000
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs))
    configError(what, 'options.timeoutMs', 'must be a positive number of milliseconds')
  const retryDelayMs = options.retryDelayMs ?? 200
  if (typeof retryDelayMs !== 'number' || !(retryDelayMs >= 0) || !Number.isFinite(retryDelayMs))
    configError(what, 'options.retryDelayMs', 'must be a number ≥ 0')
  if (options.claim !== undefined && (typeof options.claim !== 'string' || options.claim === ''))
    configError(
      what,
      'options.claim',
      'must be a non-empty string (the apiClaim of the launch URL)',
    )
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
    maxActionsPerRequest: positiveInt(
      options.maxActionsPerRequest,
      'maxActionsPerRequest',
      DEFAULT_MAX_ACTIONS,
      1,
      what,
    ),
    microBatching: options.microBatching ?? true,
    now: options.now ?? Date.now,
    cacheReads: cacheReadsOf(options.cacheReads, what),
    limiter: sharedLimiter(
      positiveInt(options.maxConcurrentPerCustomer, 'maxConcurrentPerCustomer', 4, 1, what),
      options.ratePerCustomer,
    ),
    maxRetryAfterMs: nonNegativeMs(options.maxRetryAfterMs, 'maxRetryAfterMs', 10_000, what),
  }
  if (options.onRequest) resolved.onRequest = options.onRequest
  if (options.onResponse) resolved.onResponse = options.onResponse
  if (options.customerWebId !== undefined) {
    if (typeof options.customerWebId !== 'string' || options.customerWebId === '')
      throw new TypeError(`${what}: options.customerWebId must be a non-empty string`)
    resolved.customerWebId = options.customerWebId
  }
  if (options.userId !== undefined && (typeof options.userId !== 'string' || options.userId === ''))
    throw new TypeError(
      `${what}: options.userId must be a non-empty string (the userId of the launch)`,
    )
  if (options.cache !== undefined) {
    const c = options.cache
    if (
      !c ||
      typeof c.get !== 'function' ||
      typeof c.put !== 'function' ||
      typeof c.bump !== 'function'
    )
      throw new TypeError(
        `${what}: options.cache must be a ResponseCache (kvCache(kv) or cacheApi(caches.default))`,
      )
    resolved.cache = c
  }
  if (options.tracer !== undefined) {
    if (!options.tracer || typeof options.tracer.startActiveSpan !== 'function')
      throw new TypeError(
        `${what}: options.tracer must be an OpenTelemetry Tracer (trace.getTracer('onoffice-kit'))`,
      )
    resolved.tracer = options.tracer
  }
  if (options.circuitBreaker !== undefined && options.circuitBreaker !== false) {
    if (typeof options.circuitBreaker !== 'object' || options.circuitBreaker === null)
      throw new TypeError(
        `${what}: options.circuitBreaker must be { failureThreshold?, openMs? } or false`,
      )
    resolved.breaker = sharedBreaker(endpoint, {
      ...options.circuitBreaker,
      now: options.circuitBreaker.now ?? resolved.now,
    })
  }
  return resolved
}
