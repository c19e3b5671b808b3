import { decodeProtectedHeader } from 'jose'
import { InstallationOpenError } from './errors.ts'
import {
  describeIssues,
  installationInputSchema,
  RECORD_FORMAT,
  storedRecordSchema,
  type Installation,
  type InstallationInput,
  type StoredRecord,
} from './installation-schema.ts'
import { checkKeyValue, type KeyValue } from './kv.ts'
import { resolveListOptions } from './kv-list.ts'
import { takeLease, tryLease, type RecordLease } from './record-lease.ts'
import { clock, configError } from '../core/check.ts'
import { canonical } from '../core/json.ts'
import {
  createKeyRing,
  openSecrets,
  sealSecrets,
  type InstallationKeyOptions,
  type KeyRing,
} from './seal.ts'

/** Optional settings of {@link createInstallationStore}. */
export interface InstallationStoreExtra {
  /** Clock in milliseconds (default `Date.now`); sets `updatedAt`. */
  now?: () => number
  /**
   * Key prefix in the KV (default `'installation:'`); records live under `${prefix}v1:${customerWebId}`, their
   * write leases under `${prefix}lease:${customerWebId}`.
   */
  prefix?: string
}

/**
 * The inputs of {@link createInstallationStore} as one object: what a configuration module for
 * `npx onoffice-kit rewrap --config <module>` exports (as its default export, or a function returning it).
 * @example
 * ```ts
 * // onoffice.config.mjs
 * import { createClient } from 'redis'
 * import { redisKv } from 'onoffice-kit/redis'
 * export default async () => {
 *   const client = await createClient({ url: process.env.REDIS_URL }).connect()
 *   return {
 *     kv: redisKv(client),
 *     keys: { k1: process.env.INSTALLATION_KEY_K1, k2: process.env.INSTALLATION_KEY_K2 },
 *     currentKid: 'k2',
 *     close: () => client.quit(),
 *   }
 * }
 * ```
 */
export type InstallationStoreConfig = InstallationKeyOptions & {
  /** Where the records live. */
  kv: KeyValue
  /** The store's key prefix, when you set `extra.prefix` (default `'installation:'`). */
  prefix?: string
  /** Called once the command is done, e.g. to disconnect a Redis or PostgreSQL client. */
  close?: () => unknown
}

/** Installation records, one per customerWebId, with the API token and secret sealed at rest. */
export interface InstallationStore {
  /**
   * The installation of `customerWebId` (active or blocked), or `null` when there is none.
   * @throws {InstallationOpenError} when a record exists but cannot be opened (names the kid, never the key).
   */
  get(customerWebId: string): Promise<Installation | null>
  /**
   * Upsert: writes the installation (re-activation replaces token and secret), sealed with the current key.
   * Sets `updatedAt` to now and `version` to the previous version + 1 (1 for a new record).
   * Concurrent writes of the same customer: the last one wins.
   * @throws {TypeError} for invalid input (message names the fields, never their values).
   */
  put(input: InstallationInput): Promise<Installation>
  /**
   * Sets the status to `blocked` (and re-seals with the current key). No-op when there is no record.
   * @throws {InstallationOpenError} when the record cannot be opened.
   */
  markBlocked(customerWebId: string): Promise<void>
  /** Removes the installation; removing an absent one is not an error. */
  delete(customerWebId: string): Promise<void>
  /**
   * One page of the installations, opened. A record that cannot be opened does not stop the listing: it is
   * an entry with `ok: false` and its {@link InstallationOpenError} (`reason`, `kid`). Each listed record costs
   * one KV read (a few in parallel); pass `cursor` back for the next page until it is `null`.
   *
   * A page holds at most `limit` entries and may hold fewer — even none — before the end (the backend's
   * `list` pages that way, and a record deleted between listing and reading is left out). Records written
   * or deleted during a listing may or may not appear; Redis may list a record twice (its `SCAN`).
   *
   * @param options - `cursor` (from the previous page; omitted = first page), `limit` (1–1000, default 100).
   * @throws {TypeError} for a cursor that is not a string; {@link RangeError} for a bad `limit`.
   * @example
   * ```ts
   * let cursor: string | null = null
   * do {
   *   const page = await installations.list({ cursor })
   *   for (const e of page.entries) console.log(e.customerWebId, e.ok ? e.installation.status : e.error.reason)
   *   cursor = page.cursor
   * } while (cursor !== null)
   * ```
   */
  list(options?: InstallationListOptions): Promise<InstallationPage>
  /**
   * Re-seals, one page at a time, every record still sealed under a key id other than the ring's
   * `currentKid`, so the old key can be dropped (key rotation). Idempotent: a record already under the
   * current kid is counted `alreadyCurrent` and neither decrypted nor written, so a second pass writes
   * nothing. Resumable: pass the returned `cursor` until it is `null`; after a crash or a KV error, run it
   * again with the last cursor it returned (re-doing a page is harmless).
   *
   * The re-sealed record keeps its clear fields, `updatedAt` and `version` (its content is unchanged, so a
   * reader caching by version is right to keep its copy); the clear fields are sealed with the secrets
   * again, so the `altered_record` check still holds — and records written before that check existed gain it.
   *
   * Concurrent writes are not lost: `put`, `markBlocked`, `delete` and `rewrap` each write a record only
   * while holding its lease (a `putIfAbsent` key beside it, held for milliseconds; see the README,
   * "Installation lifecycle"). A record whose lease is held by a write is retried briefly, then counted
   * `busy` — run another pass. Exact where `putIfAbsent` is atomic (Redis, Deno KV, PostgreSQL, `fileKv`,
   * `memoryKv`). Not on Cloudflare KV (`consistency: 'eventual'`): it allows one write per key per second and
   * has no atomic `putIfAbsent`, so no lease is taken there, and a write landing between the rewrap's read and
   * its put of that same record (milliseconds, or ~60 s for a write from another location) is overwritten —
   * run rewrap at a quiet hour there.
   *
   * @param options - `cursor` (omitted = first page), `limit` (1–1000 records per call, default 100),
   *   `currentKid`: the kid you expect to seal with — a mismatch with the store's ring throws instead of
   *   re-sealing every record under the wrong key (a stale configuration).
   * @returns the counts of this page and the cursor of the next (`null` after the last page).
   * @throws {OnOfficeConfigError} when `options.currentKid` differs from the ring's; {@link RangeError} for a
   *   bad `limit`; the KV's error when it fails.
   * @example
   * ```ts
   * const store = createInstallationStore(kv, { keys: { k1: OLD, k2: NEW }, currentKid: 'k2' })
   * let cursor: string | null = null
   * do {
   *   const r = await store.rewrap({ cursor, currentKid: 'k2' })
   *   console.log(r.rewrapped, r.alreadyCurrent, r.busy, r.failed)
   *   cursor = r.cursor
   * } while (cursor !== null)
   * ```
   */
  rewrap(options?: RewrapOptions): Promise<RewrapResult>
}

/** Options of {@link InstallationStore.list}. */
export interface InstallationListOptions {
  /** The `cursor` of the previous page; omitted or `null` = the first page. Opaque. */
  cursor?: string | null
  /** The most records one page holds, 1–1000. Default 100. */
  limit?: number
}

/** One listed record: opened, or the reason it could not be opened. */
export type InstallationListEntry =
  | {
      ok: true
      customerWebId: string
      installation: Installation
      /** The key id that sealed the record. */
      kid: string
      /** Whether `kid` is the ring's `currentKid` (else `rewrap` re-seals it). */
      current: boolean
    }
  | {
      ok: false
      customerWebId: string
      /** Why it did not open (`error.reason`, `error.kid`); the message never holds secrets. */
      error: InstallationOpenError
    }

/** One page of {@link InstallationStore.list}. */
export interface InstallationPage {
  entries: InstallationListEntry[]
  /** Pass it as `cursor` for the next page; `null` when the listing is complete. */
  cursor: string | null
}

/** Options of {@link InstallationStore.rewrap}. */
export interface RewrapOptions {
  /** The `cursor` a previous call returned; omitted or `null` = start at the first record. */
  cursor?: string | null
  /** Records examined by this call, 1–1000. Default 100. */
  limit?: number
  /** The kid you expect new seals to use; when given it must equal the store's `currentKid`. */
  currentKid?: string
}

/** What one {@link InstallationStore.rewrap} call did. `scanned` = `rewrapped + alreadyCurrent + busy + failed`. */
export interface RewrapResult {
  /** Pass it as `cursor` to continue; `null` when this call reached the end. */
  cursor: string | null
  /** The key id records are sealed under now. */
  currentKid: string
  /** Records read (a record deleted meanwhile is not counted). */
  scanned: number
  /** Records re-sealed under `currentKid` by this call. */
  rewrapped: number
  /** Records that were already under `currentKid`. */
  alreadyCurrent: number
  /** Records left as they are because a concurrent write held their lease: run another pass. */
  busy: number
  /** Records that cannot be opened (unknown kid, wrong key, altered, corrupt): see `failures`. */
  failed: number
  /** The failed records of this call, with why. */
  failures: Array<{ customerWebId: string; error: InstallationOpenError }>
}

const DEFAULT_PREFIX = 'installation:'
/** Records read at once by `list` and `rewrap`. */
const PAGE_PARALLELISM = 8
/** Attempts of `rewrap` on a record whose lease a write holds (writes hold it for milliseconds). */
const REWRAP_LEASE_ATTEMPTS = 4
/** Opened installations kept per store (LRU); each entry is tied to the exact stored value it was opened from. */
const OPENED_CACHE_SIZE = 1000

/**
 * Installation records in any {@link KeyValue}. `apiToken` and `apiSecret` are sealed together as a
 * compact JWE (`dir` / `A256GCM`, `kid` in the protected header) under an AES-256-GCM key derived with
 * HKDF-SHA-256 from your key material; the other fields are stored as clear JSON beside it and validated
 * on read. The sealed secrets are bound to their customerWebId: copied to another customer's record they
 * fail to open.
 *
 * Rotation: configure `{ keys: { k1: OLD, k2: NEW }, currentKid: 'k2' }`. Records sealed under `k1` still
 * open; each is re-sealed under `k2` on its next `put` or `markBlocked`, and {@link InstallationStore.rewrap}
 * re-seals the rest. Remove `k1` once a full rewrap pass, run after every instance seals with `k2`, reports
 * nothing busy or failed.
 *
 * Writes take a short per-record lease (a `putIfAbsent` key `${prefix}lease:${customerWebId}`, released
 * after the write) so that they and `rewrap` never overwrite each other's newer content — except on a KV
 * with `consistency: 'eventual'` (Cloudflare KV), see {@link InstallationStore.rewrap}.
 *
 * @param kv - where records live.
 * @param keyOptions - `{ encryptionKey }` (kid `'k1'`) or `{ keys, currentKid }`; each key a string of
 *   ≥ 32 bytes, e.g. `openssl rand -base64 32`.
 * @param extra - `now` (default `Date.now`), `prefix` (default `'installation:'`).
 * @throws {TypeError} at construction, naming the option and why (missing key, short key, currentKid not in keys, …).
 * @example
 * const installations = createInstallationStore(memoryKv(), { encryptionKey: env.INSTALLATION_KEY })
 * await installations.put({ customerWebId: '21', customerName: 'Muster GmbH', status: 'active',
 *   apiToken, apiSecret, activatedAt: Date.now(), activatedByUserId: '7', parameterCacheId, isRegularCustomer: false })
 * const inst = await installations.get('21') // { ..., apiToken, apiSecret, version: 1 }
 */
export function createInstallationStore(
  kv: KeyValue,
  keyOptions: InstallationKeyOptions,
  extra: InstallationStoreExtra = {},
): InstallationStore {
  const where = 'createInstallationStore'
  checkKeyValue(where, 'kv', kv)
  const ring: KeyRing = createKeyRing(keyOptions, where)
  const now = clock(where, 'extra.now', extra.now)
  const prefix = extra.prefix ?? DEFAULT_PREFIX
  if (typeof prefix !== 'string') configError(where, 'extra.prefix', 'must be a string')

  const keyOf = (customerWebId: unknown, method: string): string => {
    if (typeof customerWebId !== 'string' || customerWebId === '') {
      throw new TypeError(`installations.${method}: customerWebId must be a non-empty string`)
    }
    return `${prefix}v${RECORD_FORMAT}:${customerWebId}`
  }

  const readRecord = async (customerWebId: string, key: string): Promise<StoredRecord | null> => {
    const raw = await kv.get(key)
    return raw === null ? null : parseRecord(customerWebId, raw)
  }

  const parseRecord = (customerWebId: string, raw: string): StoredRecord => {
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch {
      throw new InstallationOpenError(
        'corrupt_record',
        customerWebId,
        undefined,
        'the stored value is not JSON.',
      )
    }
    const parsed = storedRecordSchema.safeParse(json)
    if (!parsed.success) {
      throw new InstallationOpenError(
        'corrupt_record',
        customerWebId,
        undefined,
        `the stored value is not a valid installation record (${describeIssues(parsed.error.issues)}).`,
      )
    }
    if (parsed.data.customerWebId !== customerWebId) {
      throw new InstallationOpenError(
        'wrong_customer',
        customerWebId,
        undefined,
        'the stored record belongs to another customer; it was copied or altered. Re-activate the installation.',
      )
    }
    return parsed.data
  }

  // The clear fields exactly as a read yields them (the stored-record schema drops anything it does not know).
  const clearOf = (
    clear: Omit<StoredRecord, 'format' | 'sealed'>,
  ): Omit<StoredRecord, 'format' | 'sealed'> => {
    const {
      format: _f,
      sealed: _s,
      ...parsed
    } = storedRecordSchema.parse({ format: RECORD_FORMAT, ...clear, sealed: '-' })
    return parsed
  }

  const open = async (
    record: StoredRecord,
  ): Promise<{ installation: Installation; kid: string }> => {
    const {
      apiToken,
      apiSecret,
      kid,
      clear: sealedClear,
    } = await openSecrets(ring, record.customerWebId, record.sealed)
    const { format: _format, sealed: _sealed, ...clear } = record
    // Records sealed before the clear fields were bound carry no copy; they are bound on their next write.
    if (sealedClear !== undefined && sealedClear !== canonical(clear)) {
      throw new InstallationOpenError(
        'altered_record',
        record.customerWebId,
        kid,
        'its clear fields (status, dates, names) differ from the copy sealed with the secrets: the record was changed outside the kit. Re-activate the installation.',
      )
    }
    return { installation: { ...clear, apiToken, apiSecret }, kid }
  }

  // The stored record of `installation`, sealed under the current kid with its clear fields bound.
  const sealRecord = async (installation: Installation): Promise<StoredRecord> => {
    const { apiToken, apiSecret, ...clear } = installation
    // The clear fields are sealed with the secrets, as they will read back after the schema parse.
    const sealed = await sealSecrets(
      ring,
      installation.customerWebId,
      { apiToken, apiSecret },
      canonical(clearOf(clear)),
    )
    return { format: RECORD_FORMAT, ...clear, sealed }
  }

  // Every store write runs under the record's lease, so `rewrap` (which takes it too) never puts back a
  // record this write replaced. `build` reads the current record inside the lease; `null` = nothing to write.
  const leasedWrite = async <T>(
    customerWebId: string,
    build: () => Promise<{ value: string | null; result: T } | null>,
  ): Promise<T | undefined> => {
    const key = keyOf(customerWebId, 'write')
    for (let attempt = 0; ; attempt++) {
      const lease = await take(customerWebId)
      try {
        const built = await build()
        if (built === null) return undefined
        // Stalled past the lease (a very slow KV): another writer may hold it now, so never write; read again
        // under a new lease, and after 3 tries give up.
        if (!lease.fresh()) {
          if (attempt < 2) continue
          throw new Error(
            `installations: the KV is too slow to write ${JSON.stringify(customerWebId)} under its record lease`,
          )
        }
        opened.delete(customerWebId)
        if (built.value === null) await kv.delete(key)
        else await kv.put(key, built.value)
        return built.result
      } finally {
        await lease.release()
      }
    }
  }

  const leaseKeyOf = (customerWebId: string) => `${prefix}lease:${customerWebId}`
  // Cloudflare KV allows one write per key per second and its putIfAbsent is best effort: a lease there would
  // make an activation fail (the release is a second write of the lease key) and protect little.
  const leased = kv.consistency !== 'eventual'
  const noLease: RecordLease = { fresh: () => true, release: async () => undefined }
  const take = (customerWebId: string) =>
    leased ? takeLease(kv, leaseKeyOf(customerWebId)) : Promise.resolve(noLease)
  const tryTake = (customerWebId: string) =>
    leased ? tryLease(kv, leaseKeyOf(customerWebId)) : Promise.resolve(noLease)
  const recordPrefix = `${prefix}v${RECORD_FORMAT}:`

  // Opened records by customerWebId, keyed on the exact stored bytes: a hit needs the KV to return the very
  // value that was opened, so a put, block or delete from any instance or isolate is seen on the next read —
  // only the unseal (AES-GCM + schema parse) is skipped, never the KV read.
  const opened = new Map<
    string,
    { raw: string; installation: Readonly<Installation>; kid: string }
  >()

  const openRaw = async (
    customerWebId: string,
    raw: string,
    remember: boolean,
  ): Promise<{ installation: Installation; kid: string }> => {
    const hit = opened.get(customerWebId)
    if (hit?.raw === raw) {
      // Refresh LRU position; hand out a copy so a caller cannot alter the cached record.
      opened.delete(customerWebId)
      opened.set(customerWebId, hit)
      return { installation: { ...hit.installation }, kid: hit.kid }
    }
    const result = await open(parseRecord(customerWebId, raw))
    if (remember) {
      opened.delete(customerWebId)
      opened.set(customerWebId, {
        raw,
        installation: Object.freeze({ ...result.installation }),
        kid: result.kid,
      })
      if (opened.size > OPENED_CACHE_SIZE) opened.delete(opened.keys().next().value!)
    }
    return result
  }

  // One record of a rewrap pass.
  type Outcome = 'gone' | 'rewrapped' | 'alreadyCurrent' | 'busy' | InstallationOpenError
  const rewrapOne = async (customerWebId: string, key: string): Promise<Outcome> => {
    const peek = await kv.get(key)
    if (peek === null) return 'gone'
    try {
      // Cheap check first, without a lease or a decryption: an idempotent second pass only reads.
      if (sealedKid(parseRecord(customerWebId, peek)) === ring.currentKid) return 'alreadyCurrent'
    } catch (err) {
      if (err instanceof InstallationOpenError) return err
      throw err
    }
    let lease = await tryTake(customerWebId)
    for (let n = 1; !lease && n < REWRAP_LEASE_ATTEMPTS; n++) {
      await new Promise((resolve) => setTimeout(resolve, 5 * 4 ** n))
      lease = await tryTake(customerWebId)
    }
    if (!lease) return 'busy'
    try {
      // Read again under the lease: a write may have landed since the peek.
      const raw = await kv.get(key)
      if (raw === null) return 'gone'
      let installation: Installation
      let kid: string
      try {
        ;({ installation, kid } = await open(parseRecord(customerWebId, raw)))
      } catch (err) {
        if (err instanceof InstallationOpenError) return err
        throw err
      }
      if (kid === ring.currentKid) return 'alreadyCurrent'
      // Same clear fields, updatedAt and version: only the seal changes.
      const resealed = await sealRecord(installation)
      // Past the write window a stale-lease takeover may already be writing: leave the record to the next pass.
      if (!lease.fresh()) return 'busy'
      await kv.put(key, JSON.stringify(resealed))
      return 'rewrapped'
    } finally {
      await lease.release()
    }
  }

  const listKeys = async (options: InstallationListOptions | undefined, where: string) => {
    const { cursor, limit } = resolveListOptions(recordPrefix, options, where)
    // Only listing needs `list`: an older custom store still reads and writes installations.
    if (typeof kv.list !== 'function')
      configError(where, 'kv', 'must have list() to list or rewrap')
    const page = await kv.list(recordPrefix, { cursor, limit })
    return { keys: page.keys.filter((k) => k.startsWith(recordPrefix)), cursor: page.cursor }
  }

  return {
    async get(customerWebId) {
      const raw = await kv.get(keyOf(customerWebId, 'get'))
      if (raw === null) {
        opened.delete(customerWebId)
        return null
      }
      return (await openRaw(customerWebId, raw, true)).installation
    },

    async put(input) {
      const parsed = installationInputSchema.safeParse(input)
      if (!parsed.success) {
        throw new TypeError(
          `installations.put: invalid installation (${describeIssues(parsed.error.issues)})`,
        )
      }
      const data = parsed.data
      const key = keyOf(data.customerWebId, 'put')
      const written = await leasedWrite(data.customerWebId, async () => {
        // Re-activation must succeed even when the old record cannot be opened (lost key, corruption): only
        // its version counter is read, leniently.
        const installation = {
          ...data,
          updatedAt: now(),
          version: previousVersion(await kv.get(key)) + 1,
        }
        return { value: JSON.stringify(await sealRecord(installation)), result: installation }
      })
      return written!
    },

    async markBlocked(customerWebId) {
      const key = keyOf(customerWebId, 'markBlocked')
      await leasedWrite(customerWebId, async () => {
        const record = await readRecord(customerWebId, key)
        if (!record) return null
        const { installation } = await open(record)
        const blocked = {
          ...installation,
          status: 'blocked' as const,
          updatedAt: now(),
          version: installation.version + 1,
        }
        return { value: JSON.stringify(await sealRecord(blocked)), result: undefined }
      })
    },

    async delete(customerWebId) {
      keyOf(customerWebId, 'delete')
      await leasedWrite(customerWebId, async () => ({ value: null, result: undefined }))
    },

    async list(options) {
      const { keys, cursor } = await listKeys(options, 'installations.list')
      const entries = await mapPool(keys, async (key): Promise<InstallationListEntry | null> => {
        const customerWebId = key.slice(recordPrefix.length)
        const raw = await kv.get(key)
        if (raw === null) return null
        try {
          // Served from the opened cache when it holds this exact value, but a listing does not fill it.
          const { installation, kid } = await openRaw(customerWebId, raw, false)
          return { ok: true, customerWebId, installation, kid, current: kid === ring.currentKid }
        } catch (error) {
          if (error instanceof InstallationOpenError) return { ok: false, customerWebId, error }
          throw error
        }
      })
      return { entries: entries.filter((e) => e !== null), cursor }
    },

    async rewrap(options) {
      if (options?.currentKid !== undefined && options.currentKid !== ring.currentKid) {
        configError(
          'installations.rewrap',
          'options.currentKid',
          `must be the store's currentKid ${JSON.stringify(ring.currentKid)}: create the store with the key ring whose currentKid is the new key`,
        )
      }
      const { keys, cursor } = await listKeys(options, 'installations.rewrap')
      const outcomes = await mapPool(keys, (key) => rewrapOne(key.slice(recordPrefix.length), key))
      const result: RewrapResult = {
        cursor,
        currentKid: ring.currentKid,
        scanned: 0,
        rewrapped: 0,
        alreadyCurrent: 0,
        busy: 0,
        failed: 0,
        failures: [],
      }
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome === 'gone') continue
        result.scanned++
        if (outcome instanceof InstallationOpenError) {
          result.failed++
          result.failures.push({
            customerWebId: keys[i]!.slice(recordPrefix.length),
            error: outcome,
          })
        } else result[outcome]++
      }
      return result
    },
  }
}

/** The kid in the protected header of a record's JWE (not decrypted). */
function sealedKid(record: StoredRecord): string | undefined {
  try {
    const kid = decodeProtectedHeader(record.sealed).kid
    return typeof kid === 'string' ? kid : undefined
  } catch {
    return undefined
  }
}

/** `fn` over `items` with at most {@link PAGE_PARALLELISM} running at once; results in input order. */
async function mapPool<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(PAGE_PARALLELISM, items.length) }, worker))
  return results
}

function previousVersion(raw: string | null): number {
  if (raw === null) return 0
  try {
    const version: unknown = (JSON.parse(raw) as { version?: unknown } | null)?.version
    return typeof version === 'number' && Number.isSafeInteger(version) && version > 0 ? version : 0
  } catch {
    return 0
  }
}
