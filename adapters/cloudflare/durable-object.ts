import type { KeyValue, KvListPage, KvPutOptions } from '../../src/store/kv.ts'
import { resolveListOptions } from '../../src/store/kv-list.ts'
import { assertTtlSec } from '../../src/store/ttl.ts'

/** The part of a Durable Object stub this adapter uses: `fetch` (no RPC, so the class needs no `cloudflare:workers` import). */
export interface DurableObjectStubLike {
  fetch(
    input: string,
    init: { method: 'POST'; headers: Record<string, string>; body: string },
  ): Promise<Response>
}

/**
 * The part of a `DurableObjectNamespace` binding this adapter uses; the real binding (`env.ONOFFICE_STORE`,
 * declared under `durable_objects.bindings` in `wrangler.toml`) satisfies it.
 */
export interface DurableObjectNamespaceLike<Id = unknown> {
  idFromName(name: string): Id
  get(id: Id): DurableObjectStubLike
}

/** Options of {@link durableObjectKv}. */
export interface DurableObjectKvOptions {
  /** Name of the one object that holds the store (`idFromName(name)`). Default `'onoffice-kit'`. */
  name?: string
}

/** The part of `DurableObjectStorage` (`ctx.storage`) the store object uses. */
export interface DurableObjectStorageLike {
  get(key: string): Promise<unknown>
  put(key: string, value: unknown): Promise<void>
  delete(key: string): Promise<boolean>
  list(options: {
    prefix?: string
    startAfter?: string
    end?: string
    limit?: number
  }): Promise<Map<string, unknown>>
  transaction<T>(closure: (txn: DurableObjectTransactionLike) => Promise<T>): Promise<T>
  getAlarm(): Promise<number | null>
  setAlarm(scheduledTime: number): Promise<void>
}

/** The part of a storage transaction the store object uses. */
export interface DurableObjectTransactionLike {
  get(key: string): Promise<unknown>
  put(key: string, value: unknown): Promise<void>
  delete(key: string): Promise<boolean>
  getAlarm(): Promise<number | null>
  setAlarm(scheduledTime: number): Promise<void>
}

/** The part of `DurableObjectState` (the constructor's first argument) the store object uses. */
export interface DurableObjectStateLike {
  storage: DurableObjectStorageLike
}

/** One operation sent from {@link durableObjectKv} to {@link OnOfficeStoreObject}. */
type Op =
  | { op: 'get'; key: string }
  | { op: 'put'; key: string; value: string; ttlSec?: number }
  | { op: 'delete'; key: string }
  | { op: 'putIfAbsent'; key: string; value: string; ttlSec?: number }
  | { op: 'list'; prefix: string; cursor: string | null; limit: number }

type Stored = { v: string; x?: number }

// Storage layout: values under `v:<key>`; for each value with a TTL an index entry `x:<expiry ms, 15 digits>:<key>`,
// so the alarm deletes what expired with one ordered range read instead of a scan of every value.
const VALUE = 'v:'
const EXPIRY = 'x:'
const EXPIRY_DIGITS = 15
// Index entries the alarm handles per run; more reschedule the alarm at once.
const SWEEP_BATCH = 500
// The stub's URL is never on the network; the host only names the protocol in logs.
const OP_URL = 'https://onoffice-kit-store.internal/op'

const expiryKey = (at: number, key: string) =>
  `${EXPIRY}${String(at).padStart(EXPIRY_DIGITS, '0')}:${key}`

/**
 * The Durable Object class behind {@link durableObjectKv}: a strongly consistent {@link KeyValue} on Durable
 * Object storage. Export it from your Worker's entry module and bind it (see {@link durableObjectKv}).
 *
 * - `putIfAbsent` is atomic: the object is single-threaded and the check and the write run in one storage
 *   transaction, so of any number of concurrent requests, from any location, exactly one wins.
 * - TTLs: the expiry is stored with the value and checked on every read (an expired value is never returned);
 *   an alarm set for the earliest expiry deletes expired values, so the storage does not grow with old
 *   replay markers.
 * - `list(prefix)` is an ordered range read (keys in UTF-8 order; the cursor is the last key of the page).
 *
 * Limits are Durable Object storage's: a key at most 2 KiB, a value at most 2 MiB on SQLite-backed objects
 * (`new_sqlite_classes`, the default for new classes) and 128 KiB on key-value-backed ones.
 *
 * @example
 * ```ts
 * // src/worker.ts — the class must be exported from the entry module under the name in wrangler.toml
 * export { OnOfficeStoreObject } from 'onoffice-kit/cloudflare'
 * ```
 */
export class OnOfficeStoreObject {
  readonly #storage: DurableObjectStorageLike

  /**
   * Called by the runtime; you do not construct it yourself.
   * @param state - the object's state (`ctx`); only `state.storage` is used.
   */
  constructor(state: DurableObjectStateLike) {
    this.#storage = state.storage
  }

  /**
   * Answers one store operation sent by {@link durableObjectKv}: a POST with a JSON body, answered with
   * `{ result }` (200) or `{ error }` (400 for a malformed operation, 500 for a storage failure).
   * @param request - the operation.
   * @returns the JSON answer.
   */
  async fetch(request: Request): Promise<Response> {
    let op: Op
    try {
      op = parseOp(await request.json())
    } catch (error) {
      return Response.json(
        { error: error instanceof Error ? error.message : String(error) },
        { status: 400 },
      )
    }
    try {
      return Response.json({ result: await this.#run(op) })
    } catch (error) {
      return Response.json(
        { error: error instanceof Error ? error.message : String(error) },
        { status: 500 },
      )
    }
  }

  /** Deletes the values whose TTL has passed and sets the alarm for the next expiry. Called by the runtime. */
  async alarm(): Promise<void> {
    const now = Date.now()
    const due = await this.#storage.list({
      prefix: EXPIRY,
      end: expiryKey(now + 1, ''),
      limit: SWEEP_BATCH,
    })
    for (const indexKey of due.keys()) {
      const at = Number(indexKey.slice(EXPIRY.length, EXPIRY.length + EXPIRY_DIGITS))
      const key = indexKey.slice(EXPIRY.length + EXPIRY_DIGITS + 1)
      await this.#storage.transaction(async (txn) => {
        const stored = asStored(await txn.get(VALUE + key))
        // A later put may have replaced the value (and its expiry); delete only the value this entry indexed.
        if (stored?.x === at) await txn.delete(VALUE + key)
        await txn.delete(indexKey)
      })
    }
    const next = await this.#storage.list({ prefix: EXPIRY, limit: 1 })
    const first = next.keys().next()
    if (!first.done)
      await this.#storage.setAlarm(
        Math.max(now, Number(first.value.slice(EXPIRY.length, EXPIRY.length + EXPIRY_DIGITS))),
      )
  }

  async #run(op: Op): Promise<string | boolean | null | KvListPage> {
    const now = Date.now()
    switch (op.op) {
      case 'get': {
        const stored = asStored(await this.#storage.get(VALUE + op.key))
        return stored && !expired(stored, now) ? stored.v : null
      }
      case 'put':
        await this.#storage.transaction(async (txn) => {
          await write(
            txn,
            op.key,
            op.value,
            op.ttlSec,
            now,
            asStored(await txn.get(VALUE + op.key)),
          )
        })
        return null
      case 'delete':
        await this.#storage.transaction(async (txn) => {
          const stored = asStored(await txn.get(VALUE + op.key))
          if (stored?.x !== undefined) await txn.delete(expiryKey(stored.x, op.key))
          await txn.delete(VALUE + op.key)
        })
        return null
      case 'putIfAbsent':
        // One transaction in a single-threaded object: no other operation runs between the check and the write.
        return this.#storage.transaction(async (txn) => {
          const stored = asStored(await txn.get(VALUE + op.key))
          if (stored && !expired(stored, now)) return false
          await write(txn, op.key, op.value, op.ttlSec, now, stored)
          return true
        })
      case 'list': {
        const raw = await this.#storage.list({
          prefix: VALUE + op.prefix,
          ...(op.cursor === null ? {} : { startAfter: VALUE + op.cursor }),
          limit: op.limit,
        })
        const keys: string[] = []
        let last: string | null = null
        for (const [k, value] of raw) {
          last = k.slice(VALUE.length)
          const stored = asStored(value)
          if (stored && !expired(stored, now)) keys.push(last)
        }
        return { keys, cursor: raw.size < op.limit ? null : last }
      }
    }
  }
}

async function write(
  txn: DurableObjectTransactionLike,
  key: string,
  value: string,
  ttlSec: number | undefined,
  now: number,
  previous: Stored | null,
): Promise<void> {
  if (previous?.x !== undefined) await txn.delete(expiryKey(previous.x, key))
  if (ttlSec === undefined) {
    await txn.put(VALUE + key, { v: value } satisfies Stored)
    return
  }
  const x = now + ttlSec * 1000
  await txn.put(VALUE + key, { v: value, x } satisfies Stored)
  await txn.put(expiryKey(x, key), 1)
  const alarm = await txn.getAlarm()
  if (alarm === null || alarm > x) await txn.setAlarm(x)
}

const expired = (stored: Stored, now: number) => stored.x !== undefined && stored.x <= now

function asStored(value: unknown): Stored | null {
  if (typeof value !== 'object' || value === null) return null
  const { v, x } = value as { v?: unknown; x?: unknown }
  if (typeof v !== 'string' || (x !== undefined && typeof x !== 'number')) return null
  return x === undefined ? { v } : { v, x }
}

// The object is reachable only through its binding, but it still checks what it is sent: a malformed body is
// a 400 with a message, never a half-done write.
function parseOp(body: unknown): Op {
  if (typeof body !== 'object' || body === null)
    throw new TypeError('OnOfficeStoreObject: the body must be a JSON object')
  const b = body as Record<string, unknown>
  const str = (name: string): string => {
    const v = b[name]
    if (typeof v !== 'string') throw new TypeError(`OnOfficeStoreObject: ${name} must be a string`)
    return v
  }
  const ttl = (): number | undefined => {
    assertTtlSec(b.ttlSec ?? undefined, 'OnOfficeStoreObject: ttlSec')
    return (b.ttlSec ?? undefined) as number | undefined
  }
  switch (b.op) {
    case 'get':
    case 'delete':
      return { op: b.op, key: str('key') }
    case 'put':
    case 'putIfAbsent': {
      const ttlSec = ttl()
      return ttlSec === undefined
        ? { op: b.op, key: str('key'), value: str('value') }
        : { op: b.op, key: str('key'), value: str('value'), ttlSec }
    }
    case 'list': {
      const { prefix, cursor, limit } = resolveListOptions(
        b.prefix,
        { cursor: b.cursor as string | null, limit: b.limit as number },
        'OnOfficeStoreObject.list',
      )
      return { op: 'list', prefix, cursor, limit }
    }
    default:
      throw new TypeError(
        'OnOfficeStoreObject: op must be one of get, put, delete, putIfAbsent, list',
      )
  }
}

/**
 * A strongly consistent {@link KeyValue} on a Durable Object ({@link OnOfficeStoreObject}): `putIfAbsent` is
 * atomic across every Worker instance and location, TTLs are exact to the millisecond (checked on read,
 * cleaned by an alarm), `list` is ordered. Use it for what must happen once — the replay guard, payment
 * callback marks, the purchase ledger — and keep installation records in Workers KV (`cloudflareKv`), which is
 * read-heavy and global. Every operation is one request to the object (a single object handles on the order
 * of a thousand requests per second).
 *
 * Declare the binding and the class in `wrangler.toml`, and export the class from your entry module:
 * ```toml
 * [[durable_objects.bindings]]
 * name = "ONOFFICE_STORE"
 * class_name = "OnOfficeStoreObject"
 *
 * [[migrations]]
 * tag = "onoffice-store-v1"
 * new_sqlite_classes = ["OnOfficeStoreObject"]
 * ```
 *
 * Defaults: `name` `'onoffice-kit'` (one object holds the store).
 *
 * @param namespace - the Durable Object namespace binding, e.g. `env.ONOFFICE_STORE`.
 * @param options - `name`: the object's name (`idFromName`).
 * @throws {TypeError} when `namespace` is not a Durable Object namespace binding or `options.name` is not a
 *   non-empty string; methods reject with a TypeError for a bad TTL and with an Error when the object fails.
 * @example
 * ```ts
 * import { replayGuard } from 'onoffice-kit'
 * import { durableObjectKv, OnOfficeStoreObject, type DurableObjectNamespaceLike } from 'onoffice-kit/cloudflare'
 *
 * export { OnOfficeStoreObject }
 * export default {
 *   async fetch(request: Request, env: { ONOFFICE_STORE: DurableObjectNamespaceLike }) {
 *     const guard = replayGuard(durableObjectKv(env.ONOFFICE_STORE))
 *     return new Response((await guard.firstSeen('callback:42:success', 3600)) ? 'first' : 'again')
 *   },
 * }
 * ```
 */
export function durableObjectKv<Id>(
  namespace: DurableObjectNamespaceLike<Id>,
  options: DurableObjectKvOptions = {},
): KeyValue {
  if (
    !namespace ||
    typeof namespace.idFromName !== 'function' ||
    typeof namespace.get !== 'function'
  ) {
    throw new TypeError(
      'durableObjectKv: namespace must be a Durable Object namespace binding (env.YOUR_BINDING); check durable_objects.bindings in wrangler.toml',
    )
  }
  const name = options.name ?? 'onoffice-kit'
  if (typeof name !== 'string' || name === '')
    throw new TypeError('durableObjectKv: options.name must be a non-empty string')
  let stub: DurableObjectStubLike | undefined

  const call = async (op: Op): Promise<unknown> => {
    stub ??= namespace.get(namespace.idFromName(name))
    const response = await stub.fetch(OP_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(op),
    })
    const body = (await response.json().catch(() => null)) as {
      result?: unknown
      error?: unknown
    } | null
    if (!response.ok || body === null || !('result' in body)) {
      const message = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`
      throw new Error(`durableObjectKv: the store object failed ${op.op}: ${message}`)
    }
    return body.result
  }
  const ttl = (options: KvPutOptions | undefined, where: string) => {
    assertTtlSec(options?.ttlSec, `durableObjectKv.${where}: options.ttlSec`)
    return options?.ttlSec === undefined ? {} : { ttlSec: options.ttlSec }
  }
  const checkKey = (key: unknown, where: string) => {
    if (typeof key !== 'string')
      throw new TypeError(`durableObjectKv.${where}: key must be a string (got ${typeof key})`)
  }
  const checkValue = (value: unknown, where: string) => {
    if (typeof value !== 'string')
      throw new TypeError(
        `durableObjectKv.${where}: value must be a string (got ${typeof value}); store JSON.stringify(...) for objects`,
      )
  }

  return {
    async get(key) {
      checkKey(key, 'get')
      const result = await call({ op: 'get', key })
      return typeof result === 'string' ? result : null
    },
    async put(key, value, options) {
      checkKey(key, 'put')
      checkValue(value, 'put')
      await call({ op: 'put', key, value, ...ttl(options, 'put') })
    },
    async delete(key) {
      checkKey(key, 'delete')
      await call({ op: 'delete', key })
    },
    async putIfAbsent(key, value, options) {
      checkKey(key, 'putIfAbsent')
      checkValue(value, 'putIfAbsent')
      return (
        (await call({ op: 'putIfAbsent', key, value, ...ttl(options, 'putIfAbsent') })) === true
      )
    },
    async list(prefix, options) {
      const resolved = resolveListOptions(prefix, options, 'durableObjectKv.list')
      const result = (await call({ op: 'list', ...resolved })) as KvListPage
      return { keys: result.keys, cursor: result.cursor }
    },
  }
}
