/**
 * One call through the client: prepare the action, then — for reads the response cache may serve — look it
 * up, or send it through the batcher; a write invalidates the customer's cached reads of its resourcetype.
 * Every call is an INTERNAL span (`onoffice <kind> <resourcetype>`) when a tracer is configured.
 */
import { isReadKind } from './actions.ts'
import type { Batcher, SettledOk } from './batcher.ts'
import { cacheKey, generationScope, tokenScope, type CacheScope } from './cache.ts'
import { prepareAction, type PreparedAction } from './envelope.ts'
import type { ResolvedOptions } from './options.ts'
import { SPAN_KIND, withSpan, type KitSpan } from './telemetry.ts'
import type { ActionInput, ActionResult } from './types.ts'

/** Whose call it is: the claim sent as `extendedclaim`, and the user it belongs to (for the cache). */
export interface CallScope {
  claim: string | undefined
  userId: string | undefined
}

/** Reads the kit knows are safe to cache for every user with the same rights: they change rarely. */
const SAFE_READS = new Set(['fields', 'basicsettings'])

// Identical misses of the same scope share one request, across every client of this isolate.
const inflight = new Map<string, Promise<ActionResult>>()
const tokenHashes = new WeakMap<ResolvedOptions, Promise<string>>()

function customerOf(opts: ResolvedOptions): Promise<string> {
  if (opts.customerWebId !== undefined) return Promise.resolve(opts.customerWebId)
  let h = tokenHashes.get(opts)
  if (!h) {
    h = tokenScope(opts.token)
    tokenHashes.set(opts, h)
  }
  return h
}

const parse = (json: string): ActionResult => JSON.parse(json) as ActionResult

function cacheable(
  opts: ResolvedOptions,
  scope: CallScope,
  action: ActionInput,
  prepared: PreparedAction,
): boolean {
  if (!opts.cache || !isReadKind(prepared.kind)) return false
  const mode = action.cache ?? 'default'
  if (mode === 'no-store') return false
  // A claim carries a user's rights: without knowing the user, its results must not be shared.
  if (scope.claim !== undefined && scope.userId === undefined) return false
  return (
    mode === 'force-cache' ||
    opts.cacheReads === 'all' ||
    SAFE_READS.has(prepared.resourcetype.toLowerCase())
  )
}

async function cachedRead(
  batcher: Batcher,
  opts: ResolvedOptions,
  scope: CallScope,
  action: ActionInput,
  prepared: PreparedAction,
  span: KitSpan,
): Promise<ActionResult> {
  const cache = opts.cache!
  const who: CacheScope = { customer: await customerOf(opts), user: scope.userId ?? '' }
  let key: string
  try {
    const generation = await cache.generation(generationScope(who.customer, prepared.resourcetype))
    key = await cacheKey(prepared, who, opts.endpoint, generation)
  } catch {
    // A failing cache store must never fail the call.
    span.set('onoffice.cache', 'error')
    return send(batcher, prepared, action.signal)
  }
  const fetchAndStore = (): Promise<ActionResult> => {
    let p = inflight.get(key)
    if (!p) {
      p = batcher
        .enqueue(prepared, action.signal)
        .then(async (settled: SettledOk) => {
          if (settled.cacheable) {
            await cache
              .put(key, { json: JSON.stringify(settled.value), storedAt: opts.now() })
              .catch(() => {})
          }
          return settled.value
        })
        .finally(() => inflight.delete(key))
      inflight.set(key, p)
      return p
    }
    return p.then((v) => structuredClone(v))
  }
  if (action.cache !== 'reload') {
    const hit = await cache.get(key).catch(() => null)
    if (hit) {
      const age = opts.now() - hit.storedAt
      if (age < cache.ttlSec * 1000) {
        span.set('onoffice.cache', 'hit')
        return parse(hit.json)
      }
      if (age < (cache.ttlSec + cache.swrSec) * 1000) {
        span.set('onoffice.cache', 'stale')
        fetchAndStore().catch(() => {})
        return parse(hit.json)
      }
    }
  }
  span.set('onoffice.cache', 'miss')
  return fetchAndStore()
}

const send = (batcher: Batcher, prepared: PreparedAction, signal: AbortSignal | undefined) =>
  batcher.enqueue(prepared, signal).then((s) => s.value)

async function invalidate(opts: ResolvedOptions, resourcetype: string): Promise<void> {
  const cache = opts.cache
  if (!cache) return
  const customer = await customerOf(opts)
  // Every user of the customer reads under the same generation scope: one bump invalidates them all.
  await cache.bump(generationScope(customer, resourcetype)).catch(() => {})
}

/** The `call` function of a client over `batcher`, in `scope`. */
export function callThrough(
  batcher: Batcher,
  opts: ResolvedOptions,
  scope: CallScope,
): (action: ActionInput) => Promise<ActionResult> {
  return (action) => {
    let prepared: PreparedAction
    try {
      prepared = prepareAction(action, scope.claim)
    } catch (error) {
      return Promise.reject(error)
    }
    const attributes = {
      'onoffice.action': prepared.kind,
      'onoffice.resourcetype': prepared.resourcetype,
    }
    return withSpan(
      opts.tracer,
      `onoffice ${prepared.kind} ${prepared.resourcetype}`,
      SPAN_KIND.INTERNAL,
      attributes,
      async (span) => {
        try {
          const result = cacheable(opts, scope, action, prepared)
            ? await cachedRead(batcher, opts, scope, action, prepared, span)
            : await send(batcher, prepared, action.signal)
          span.set('onoffice.errorcode', 0)
          if (result.cntabsolute !== null) span.set('onoffice.cntabsolute', result.cntabsolute)
          return result
        } catch (error) {
          const code = (error as { errorCode?: unknown }).errorCode
          if (typeof code === 'number') span.set('onoffice.errorcode', code)
          throw error
        } finally {
          if (!isReadKind(prepared.kind)) await invalidate(opts, prepared.resourcetype)
        }
      },
    )
  }
}
