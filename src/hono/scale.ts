/**
 * Operating at scale in the Hono layer: the response cache, per-customer limits, the circuit breaker and the
 * tracer that `onOffice()` passes to every client it builds, and the spans of launches, sessions, callbacks,
 * webhooks and activations. The client half (keys, generations, lanes, breaker) is `src/api`; this file only
 * decides what each Hono-built client gets.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { BreakerOptions } from '../api/breaker.ts'
import type { ResponseCache } from '../api/cache.ts'
import { kvCache } from '../api/cache.ts'
import type { RateLimit } from '../api/limiter.ts'
import type { TracerLike } from '../api/telemetry.ts'
import { SPAN_KIND, withSpan } from '../api/telemetry.ts'
import type { ClientOptions } from '../api/types.ts'
import type { KeyValue } from '../store/kv.ts'
import { isOnOfficeFailureException } from './failure.ts'
import { OnOfficeOptionsError } from './options.ts'

/** Default lifetime of the kit's default cache (field configuration, basic settings): one hour. */
export const DEFAULT_HONO_CACHE_TTL_SEC = 3600

/** The scale options of `onOffice()` after validation. */
export interface ScaleStatics {
  /** `false`: no cache; `undefined`: the default `kvCache(kv, { ttlSec: 3600 })` over the kit's `kv`. */
  cache: ResponseCache | false | undefined
  cacheReads: 'safe' | 'all' | undefined
  tracer: TracerLike | undefined
  maxConcurrentPerCustomer: number | undefined
  ratePerCustomer: RateLimit | undefined
  circuitBreaker: BreakerOptions | false | undefined
}

/** What `validateScale` reads (the scale part of `OnOfficeOptions`). */
export interface ScaleOptionsInput {
  cache?: ResponseCache | false
  cacheReads?: 'safe' | 'all'
  tracer?: TracerLike
  maxConcurrentPerCustomer?: number
  ratePerCustomer?: RateLimit
  circuitBreaker?: BreakerOptions | false
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** Validates the scale options at construction (throws `OnOfficeOptionsError` naming the option). */
export function validateScale(o: ScaleOptionsInput): ScaleStatics {
  const c = o.cache as unknown
  if (
    c !== undefined &&
    c !== false &&
    !(
      isObject(c) &&
      typeof c.get === 'function' &&
      typeof c.put === 'function' &&
      typeof c.generation === 'function' &&
      typeof c.bump === 'function'
    )
  ) {
    throw new OnOfficeOptionsError(
      'cache',
      'must be a response cache (kvCache(kv, { ttlSec }) or cacheApi(caches.default)) or false',
    )
  }
  if (o.cacheReads !== undefined && o.cacheReads !== 'safe' && o.cacheReads !== 'all')
    throw new OnOfficeOptionsError('cacheReads', "must be 'safe' or 'all'")
  const t = o.tracer as unknown
  if (t !== undefined && !(isObject(t) && typeof t.startActiveSpan === 'function')) {
    throw new OnOfficeOptionsError(
      'tracer',
      "must be an OpenTelemetry Tracer (trace.getTracer('onoffice-kit'))",
    )
  }
  const m = o.maxConcurrentPerCustomer
  if (m !== undefined && !(typeof m === 'number' && Number.isInteger(m) && m >= 1))
    throw new OnOfficeOptionsError('maxConcurrentPerCustomer', 'must be an integer ≥ 1')
  const r = o.ratePerCustomer as unknown
  if (
    r !== undefined &&
    !(isObject(r) && typeof r.perSec === 'number' && r.perSec > 0 && Number.isFinite(r.perSec))
  ) {
    throw new OnOfficeOptionsError('ratePerCustomer', 'must be { perSec, burst? } with perSec > 0')
  }
  const b = o.circuitBreaker as unknown
  if (b !== undefined && b !== false && !isObject(b))
    throw new OnOfficeOptionsError(
      'circuitBreaker',
      'must be { failureThreshold?, openMs? } or false',
    )
  return {
    cache: o.cache,
    cacheReads: o.cacheReads,
    tracer: o.tracer,
    maxConcurrentPerCustomer: m,
    ratePerCustomer: o.ratePerCustomer,
    circuitBreaker: o.circuitBreaker,
  }
}

// One default cache per kit KV (a binding resolved per request is the same object every time).
const defaultCaches = new WeakMap<KeyValue, ResponseCache>()

/**
 * The scale part of the options of a client the Hono layer builds for a customer: its `customerWebId` (so
 * cache and limits are partitioned by customer), the cache (the default one over `kv` unless `cache: false`),
 * limits, breaker and tracer. The user comes with the claim (`claim` + `userId`) at the call site. `kv: null`
 * for a client that only writes (activation's `unlockProvider`): no cache, so no generation is bumped in the KV.
 */
export function scaleClientOptions(
  s: ScaleStatics,
  kv: KeyValue | null,
  customerWebId: string,
): Partial<ClientOptions> {
  const out: Partial<ClientOptions> = { customerWebId }
  let cache = kv ? s.cache : false
  if (cache === undefined && kv) {
    cache = defaultCaches.get(kv)
    if (!cache) {
      cache = kvCache(kv, { ttlSec: DEFAULT_HONO_CACHE_TTL_SEC })
      defaultCaches.set(kv, cache)
    }
  }
  if (cache) out.cache = cache
  if (s.cacheReads) out.cacheReads = s.cacheReads
  if (s.tracer) out.tracer = s.tracer
  if (s.maxConcurrentPerCustomer !== undefined)
    out.maxConcurrentPerCustomer = s.maxConcurrentPerCustomer
  if (s.ratePerCustomer) out.ratePerCustomer = s.ratePerCustomer
  if (s.circuitBreaker) out.circuitBreaker = s.circuitBreaker
  return out
}

/** The failure reason of an error the kit threw (`bad_link`, `not_activated`, …), else `'handler_error'`. */
function reasonOf(err: unknown): string {
  if (isOnOfficeFailureException(err)) return err.failure.reason
  return err instanceof HTTPException ? `http_${err.status}` : 'handler_error'
}

/**
 * Runs a middleware or handler inside one span (`onoffice.launch`, `onoffice.session`, …; INTERNAL, the
 * server span is the framework's). Attributes: the route template, the response status and, on a failure,
 * `onoffice.failure.reason` — never a parameter value, claim, token or signature. Without a tracer the
 * middleware is returned as it is.
 */
export function traced<M extends MiddlewareHandler>(
  tracer: TracerLike | undefined,
  name: string,
  mw: M,
): M {
  if (!tracer) return mw
  const wrapped: MiddlewareHandler = (c: Context, next) =>
    withSpan(
      tracer,
      name,
      SPAN_KIND.INTERNAL,
      { 'http.request.method': c.req.method },
      async (span) => {
        try {
          const res = await mw(c, next)
          const error = c.error
          if (error) span.set('onoffice.failure.reason', reasonOf(error))
          span.set('http.response.status_code', (res ?? c.res).status)
          span.end(error ? reasonOf(error) : undefined)
          return res
        } catch (err) {
          const reason = reasonOf(err)
          span.set('onoffice.failure.reason', reason)
          if (err instanceof HTTPException) span.set('http.response.status_code', err.status)
          // A string, not the error: a handler's message may carry anything.
          span.end(reason)
          throw err
        }
      },
    )
  return wrapped as M
}
