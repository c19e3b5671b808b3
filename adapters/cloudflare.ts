/**
 * `onoffice-kit/cloudflare`: {@link KeyValue} stores on Cloudflare — Workers KV (`cloudflareKv`, eventually
 * consistent, for installation records), a Durable Object (`durableObjectKv` + the `OnOfficeStoreObject` class,
 * strongly consistent, for the replay guard, callback marks and the ledger) and D1 (`d1Kv`, strongly consistent).
 * @module
 */
import type { KeyValue, KvPutOptions } from '../src/store/kv.ts'
import { resolveListOptions } from '../src/store/kv-list.ts'

export {
  durableObjectKv,
  OnOfficeStoreObject,
  type DurableObjectKvOptions,
  type DurableObjectNamespaceLike,
  type DurableObjectStateLike,
  type DurableObjectStorageLike,
  type DurableObjectStubLike,
  type DurableObjectTransactionLike,
} from './cloudflare/durable-object.ts'
export {
  d1Kv,
  type D1DatabaseLike,
  type D1KvOptions,
  type D1PreparedStatementLike,
} from './cloudflare/d1.ts'
import { assertTtlSec } from '../src/store/ttl.ts'

/**
 * The part of Cloudflare's `KVNamespace` binding this adapter uses. Declared structurally so the kit does
 * not depend on `@cloudflare/workers-types`; the real binding (`env.MY_KV`) satisfies it.
 */
export interface KVNamespaceLike {
  get(key: string, type: 'text'): Promise<string | null>
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>
  delete(key: string): Promise<void>
  list(options: {
    prefix?: string
    cursor?: string
    limit?: number
  }): Promise<KVNamespaceListResultLike>
}

/** What `KVNamespace.list()` resolves to (the fields this adapter reads). */
export type KVNamespaceListResultLike =
  | { list_complete: false; keys: { name: string }[]; cursor: string }
  | { list_complete: true; keys: { name: string }[]; cursor?: string }

/** Cloudflare KV rejects an `expirationTtl` below 60 seconds. */
export const CLOUDFLARE_KV_MIN_TTL_SEC = 60

/**
 * A {@link KeyValue} on a Cloudflare KV namespace binding. TTLs below KV's 60-second minimum are rounded
 * up to 60 s, so a short-lived record lives a little longer rather
 * than failing the write.
 *
 * **`putIfAbsent` is best effort.** KV is eventually consistent: a write is visible at once in the
 * location that made it but takes up to ~60 seconds to reach other Cloudflare locations, and KV has no
 * compare-and-set. `putIfAbsent` therefore reads, then writes if it saw nothing. Two requests in the same
 * location a few milliseconds apart, or in two locations within a minute, can both see "absent" and both
 * get `true`. For the kit this means replay protection (signed-URL and callback idempotency via
 * `replayGuard`) is per-location best effort on KV: the signature's freshness window still bounds a
 * replay, but "exactly once" is not guaranteed. If you need strict once-only semantics, back the replay
 * guard with a Durable Object or another strongly consistent store (D1, Redis) and keep KV for
 * installation records, which are written rarely and read often — what KV is made for.
 *
 * @param namespace the KV binding from `env`, e.g. `env.ONOFFICE_KV` (declared under `kv_namespaces` in `wrangler.toml`)
 * @example
 * ```ts
 * import { cloudflareKv } from 'onoffice-kit/cloudflare'
 * import { createInstallationStore } from 'onoffice-kit'
 *
 * export default {
 *   async fetch(request: Request, env: { ONOFFICE_KV: KVNamespace; ENCRYPTION_KEY: string }) {
 *     const installations = createInstallationStore(cloudflareKv(env.ONOFFICE_KV), { encryptionKey: env.ENCRYPTION_KEY })
 *     // …
 *   },
 * }
 * ```
 */
export function cloudflareKv(namespace: KVNamespaceLike): KeyValue {
  if (
    !namespace ||
    typeof namespace.get !== 'function' ||
    typeof namespace.put !== 'function' ||
    typeof namespace.delete !== 'function' ||
    typeof namespace.list !== 'function'
  ) {
    throw new TypeError(
      'cloudflareKv: namespace must be a KV namespace binding (env.YOUR_BINDING) with get, put, delete and list; check kv_namespaces in wrangler.toml',
    )
  }
  const putOptions = (options?: KvPutOptions) => {
    assertTtlSec(options?.ttlSec, 'cloudflareKv: options.ttlSec')
    if (options?.ttlSec === undefined) return undefined
    return { expirationTtl: Math.max(CLOUDFLARE_KV_MIN_TTL_SEC, options.ttlSec) }
  }
  return {
    consistency: 'eventual',
    get: async (key) => namespace.get(key, 'text'),
    // async so that a bad TTL rejects like every other failure instead of throwing synchronously
    put: async (key, value, options) => namespace.put(key, value, putOptions(options)),
    delete: async (key) => namespace.delete(key),
    async putIfAbsent(key, value, options) {
      // Read-then-write: no atomic primitive exists on KV (see the function's docs).
      if ((await namespace.get(key, 'text')) !== null) return false
      await namespace.put(key, value, putOptions(options))
      return true
    },
    async list(prefix, options) {
      const { cursor, limit } = resolveListOptions(prefix, options, 'cloudflareKv.list')
      // KV lists are eventually consistent too: a key written elsewhere in the last ~60 s may be missing.
      const page = await namespace.list({ prefix, limit, ...(cursor === null ? {} : { cursor }) })
      return { keys: page.keys.map((k) => k.name), cursor: page.list_complete ? null : page.cursor }
    },
  }
}
