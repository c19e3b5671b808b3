/**
 * `onoffice-kit/deno-kv`: the {@link KeyValue} store on Deno KV — `Deno.openKv()` in Deno / Deno Deploy,
 * or the `@deno/kv` npm package on Node (same API; `onoffice-kit/node`'s `fileKv` uses it).
 * @module
 */
import type { KeyValue, KvPutOptions } from '../src/store/kv.ts'
import { prefixUpperBound, resolveListOptions } from '../src/store/kv-list.ts'
import { assertTtlSec } from '../src/store/ttl.ts'

/** A Deno KV key: `Deno.KvKey`. */
export type DenoKvKey = readonly (string | number | bigint | boolean | Uint8Array)[]

/** The part of `Deno.AtomicOperation` this adapter uses. */
export interface DenoKvAtomicLike {
  check(...checks: { key: DenoKvKey; versionstamp: string | null }[]): DenoKvAtomicLike
  set(key: DenoKvKey, value: unknown, options?: { expireIn?: number }): DenoKvAtomicLike
  commit(): Promise<{ ok: boolean }>
}

/**
 * The part of `Deno.Kv` this adapter uses, declared structurally so both `Deno.Kv` and the `@deno/kv`
 * handle fit without either type being a dependency.
 */
export interface DenoKvLike {
  get(key: DenoKvKey): Promise<{ value: unknown; versionstamp: string | null }>
  set(key: DenoKvKey, value: unknown, options?: { expireIn?: number }): Promise<unknown>
  delete(key: DenoKvKey): Promise<void>
  atomic(): DenoKvAtomicLike
  list(
    selector: DenoKvListSelector,
    options?: { limit?: number; cursor?: string },
  ): AsyncIterable<{ key: readonly unknown[]; value: unknown; versionstamp: string }> & {
    readonly cursor: string
  }
}

/** A `Deno.KvListSelector`: the forms this adapter passes to `list()`. */
export type DenoKvListSelector = { prefix: DenoKvKey } | { start: DenoKvKey; end: DenoKvKey }

/** Options of {@link denoKv}. */
export interface DenoKvOptions {
  /** Key prefix (the first parts of every Deno KV key). Default `['onoffice-kit']`. */
  prefix?: DenoKvKey
  /** Clock in milliseconds, for TTLs. Default `Date.now`. */
  now?: () => number
}

/**
 * Deno KV stores at most 64 KiB per serialized value. A string is serialized as one byte per character
 * when all its characters are Latin-1, two bytes otherwise; this adapter refuses values that would not fit
 * with a message that says so, instead of Deno's generic error.
 */
export const DENO_KV_MAX_VALUE_BYTES = 65_536
// Room for the record envelope ({ v, x }) around the string.
const ENVELOPE_BYTES = 64

type Stored = { v: string; x?: number }

/**
 * A {@link KeyValue} on Deno KV. Keys become `[...prefix, key]`. `putIfAbsent` is atomic: a compare-and-set
 * on the entry's versionstamp (`atomic().check({ key, versionstamp })`, `null` when the key is absent).
 * TTLs use `expireIn` for cleanup, and the expiry time is also stored with the value and checked on every
 * read, because Deno KV deletes expired keys lazily ("may still be visible for some additional time") —
 * so a value is never returned after its TTL, and `now` makes TTLs testable.
 *
 * Limit: a value must serialize to at most 64 KiB ({@link DENO_KV_MAX_VALUE_BYTES}); larger values throw a
 * `RangeError`. The kit's own records (installations, replay markers) are far below that.
 *
 * Defaults: `prefix` `['onoffice-kit']`, `now` `Date.now`.
 *
 * @param kv `await Deno.openKv()` (run Deno with `--unstable-kv`), or `await openKv(path)` from `@deno/kv`
 * @example
 * ```ts
 * import { denoKv } from 'onoffice-kit/deno-kv'
 * import { createInstallationStore } from 'onoffice-kit'
 *
 * const kv = denoKv(await Deno.openKv())
 * const installations = createInstallationStore(kv, { encryptionKey: Deno.env.get('ENCRYPTION_KEY')! })
 * ```
 */
export function denoKv(kv: DenoKvLike, options: DenoKvOptions = {}): KeyValue {
  if (
    !kv ||
    typeof kv.get !== 'function' ||
    typeof kv.set !== 'function' ||
    typeof kv.atomic !== 'function' ||
    typeof kv.list !== 'function'
  ) {
    throw new TypeError(
      'denoKv: kv must be a Deno.Kv (await Deno.openKv()) or an @deno/kv handle (await openKv(path))',
    )
  }
  const prefix = options.prefix ?? ['onoffice-kit']
  if (!Array.isArray(prefix))
    throw new TypeError(
      "denoKv: options.prefix must be an array of key parts, e.g. ['onoffice-kit']",
    )
  const now = options.now ?? Date.now
  const keyOf = (key: string): DenoKvKey => [...prefix, key]

  const live = (entry: { value: unknown; versionstamp: string | null }): string | null => {
    if (entry.versionstamp === null) return null
    const stored = entry.value
    if (typeof stored === 'string') return stored // written by something other than this adapter
    if (!isStored(stored)) return null
    if (stored.x !== undefined && stored.x <= now()) return null
    return stored.v
  }
  const encode = (
    key: string,
    value: string,
    options?: KvPutOptions,
  ): [Stored, { expireIn: number } | undefined] => {
    checkSize(key, value)
    assertTtlSec(options?.ttlSec, 'denoKv: options.ttlSec')
    if (options?.ttlSec === undefined) return [{ v: value }, undefined]
    const ttlMs = options.ttlSec * 1000
    return [{ v: value, x: now() + ttlMs }, { expireIn: ttlMs }]
  }

  return {
    async get(key) {
      return live(await kv.get(keyOf(key)))
    },
    async put(key, value, options) {
      const [stored, setOptions] = encode(key, value, options)
      await kv.set(keyOf(key), stored, setOptions)
    },
    async delete(key) {
      await kv.delete(keyOf(key))
    },
    async putIfAbsent(key, value, options) {
      const [stored, setOptions] = encode(key, value, options)
      const k = keyOf(key)
      // A failed check means another writer changed the entry between our read and commit; read again.
      for (let attempt = 0; attempt < 32; attempt++) {
        const entry = await kv.get(k)
        if (live(entry) !== null) return false
        const result = await kv
          .atomic()
          .check({ key: k, versionstamp: entry.versionstamp })
          .set(k, stored, setOptions)
          .commit()
        if (result.ok) return true
      }
      throw new Error(
        'denoKv: putIfAbsent lost 32 compare-and-set races in a row on one key; the key is under heavy write contention',
      )
    },
    async list(p, options) {
      const { cursor, limit } = resolveListOptions(p, options, 'denoKv.list')
      // Our keys are [...prefix, string]; a string prefix of the last part is the range [p, successor of p).
      const upper = prefixUpperBound(p)
      const selector: DenoKvListSelector =
        upper === null ? { prefix } : { start: keyOf(p), end: keyOf(upper) }
      const iterator = kv.list(selector, { limit, ...(cursor === null ? {} : { cursor }) })
      const keys: string[] = []
      let seen = 0
      for await (const entry of iterator) {
        seen++
        const last = entry.key[prefix.length]
        if (
          entry.key.length !== prefix.length + 1 ||
          typeof last !== 'string' ||
          !last.startsWith(p)
        )
          continue
        if (live(entry) !== null) keys.push(last)
      }
      // Fewer raw entries than asked for means the range is exhausted; expired or foreign entries only shorten a page.
      return { keys, cursor: seen < limit ? null : iterator.cursor }
    },
  }
}

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false
  const v = (value as { v?: unknown }).v
  const x = (value as { x?: unknown }).x
  return typeof v === 'string' && (x === undefined || typeof x === 'number')
}

function checkSize(key: string, value: string): void {
  // eslint-disable-next-line no-control-regex
  const bytes = /^[\u0000-\u00ff]*$/.test(value) ? value.length : value.length * 2
  if (bytes + ENVELOPE_BYTES > DENO_KV_MAX_VALUE_BYTES) {
    throw new RangeError(
      `denoKv: the value for key ${JSON.stringify(key.slice(0, 80))} is ${bytes} bytes serialized; Deno KV stores at most ${DENO_KV_MAX_VALUE_BYTES} bytes per value`,
    )
  }
}
