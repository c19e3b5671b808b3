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
import type { KeyValue } from './kv.ts'
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
  /** Key prefix in the KV (default `'installation:'`); records live under `${prefix}v1:${customerWebId}`. */
  prefix?: string
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
}

const DEFAULT_PREFIX = 'installation:'
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
 * open; each is re-sealed under `k2` on its next `put` or `markBlocked`. Remove `k1` only when no record
 * uses it any more.
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
  if (
    !kv ||
    typeof kv.get !== 'function' ||
    typeof kv.put !== 'function' ||
    typeof kv.delete !== 'function'
  ) {
    configError(where, 'kv', 'must be a KeyValue (get, put, delete, putIfAbsent)')
  }
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

  const open = async (record: StoredRecord): Promise<Installation> => {
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
    return { ...clear, apiToken, apiSecret }
  }

  const write = async (
    key: string,
    installation: InstallationInput,
    previousVersion: number,
  ): Promise<Installation> => {
    const { apiToken, apiSecret, ...input } = installation
    const clear = { ...input, updatedAt: now(), version: previousVersion + 1 }
    // The clear fields are sealed with the secrets, as they will read back after the schema parse.
    const sealed = await sealSecrets(
      ring,
      installation.customerWebId,
      { apiToken, apiSecret },
      canonical(clearOf(clear)),
    )
    const { updatedAt, version } = clear
    const record: StoredRecord = { format: RECORD_FORMAT, ...clear, sealed }
    await kv.put(key, JSON.stringify(record))
    return { ...installation, updatedAt, version }
  }

  // Opened records by customerWebId, keyed on the exact stored bytes: a hit needs the KV to return the very
  // value that was opened, so a put, block or delete from any instance or isolate is seen on the next read —
  // only the unseal (AES-GCM + schema parse) is skipped, never the KV read.
  const opened = new Map<string, { raw: string; installation: Readonly<Installation> }>()

  return {
    async get(customerWebId) {
      const raw = await kv.get(keyOf(customerWebId, 'get'))
      if (raw === null) {
        opened.delete(customerWebId)
        return null
      }
      const hit = opened.get(customerWebId)
      if (hit?.raw === raw) {
        // Refresh LRU position; hand out a copy so a caller cannot alter the cached record.
        opened.delete(customerWebId)
        opened.set(customerWebId, hit)
        return { ...hit.installation }
      }
      const installation = await open(parseRecord(customerWebId, raw))
      opened.delete(customerWebId)
      opened.set(customerWebId, { raw, installation: Object.freeze({ ...installation }) })
      if (opened.size > OPENED_CACHE_SIZE) opened.delete(opened.keys().next().value!)
      return installation
    },

    async put(input) {
      const parsed = installationInputSchema.safeParse(input)
      if (!parsed.success) {
        throw new TypeError(
          `installations.put: invalid installation (${describeIssues(parsed.error.issues)})`,
        )
      }
      const key = keyOf(parsed.data.customerWebId, 'put')
      // Re-activation must succeed even when the old record cannot be opened (lost key, corruption): only
      // its version counter is read, leniently.
      return write(key, parsed.data, previousVersion(await kv.get(key)))
    },

    async markBlocked(customerWebId) {
      const key = keyOf(customerWebId, 'markBlocked')
      const record = await readRecord(customerWebId, key)
      if (!record) return
      const { updatedAt: _u, version, ...current } = await open(record)
      await write(key, { ...current, status: 'blocked' }, version)
    },

    async delete(customerWebId) {
      opened.delete(customerWebId)
      await kv.delete(keyOf(customerWebId, 'delete'))
    },
  }
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
