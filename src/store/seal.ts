import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose'
import { configError, longSecret, MIN_SECRET_BYTES } from '../core/check.ts'
import { hkdfAesGcmKey } from '../core/crypto.ts'
import { InstallationOpenError } from './errors.ts'
import { describeIssues, sealedPayloadSchema } from './installation-schema.ts'

/** HKDF `info` label: the AES key of installation records is bound to this purpose and format version. */
export const INSTALLATION_KEY_LABEL = 'onoffice-kit installation v1'
/** Key id used when a single `encryptionKey` is configured. */
export const DEFAULT_KID = 'k1'

/**
 * Key material for sealing installation secrets: one key (its id is `'k1'`), or several by key id with the
 * one that seals new writes named by `currentKid`. Each key is a string of at least 32 bytes, e.g. the
 * output of `openssl rand -base64 32`.
 */
export type InstallationKeyOptions = { encryptionKey: string } | InstallationKeyRing

/** Several keys by key id; `currentKid` names the one that seals new writes (key rotation). */
export interface InstallationKeyRing {
  keys: Record<string, string>
  currentKid: string
}

/** The configured keys, validated; derives (and caches) the AES-256-GCM key of each kid on first use. */
export interface KeyRing {
  readonly currentKid: string
  /** The derived key of `kid`, or `undefined` when no such kid is configured. */
  keyOf(kid: string): Promise<CryptoKey> | undefined
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * Validates key options and returns a {@link KeyRing}.
 * @param options - `{ encryptionKey }` or `{ keys, currentKid }`.
 * @param where - prefix of error messages, e.g. `'createInstallationStore'`.
 * @throws {OnOfficeConfigError} naming the option and the reason; never containing key material.
 * @example
 * const ring = createKeyRing({ keys: { k1: OLD, k2: NEW }, currentKid: 'k2' })
 */
export function createKeyRing(
  options: InstallationKeyOptions,
  where = 'createInstallationStore',
): KeyRing {
  if (!options || typeof options !== 'object')
    configError(where, 'options', 'are required: { encryptionKey } or { keys, currentKid }')
  const hasSingle = 'encryptionKey' in options && options.encryptionKey !== undefined
  const hasRing = 'keys' in options && options.keys !== undefined
  if (hasSingle && hasRing)
    configError(
      where,
      'options.encryptionKey',
      'or options.keys + options.currentKid: give one of them, not both',
    )
  let keys: Record<string, string>
  let currentKid: string
  if (hasSingle) {
    keys = { [DEFAULT_KID]: longSecret(where, 'options.encryptionKey', options.encryptionKey) }
    currentKid = DEFAULT_KID
  } else if (hasRing) {
    const ring = options as { keys: unknown; currentKid: unknown }
    if (typeof ring.keys !== 'object' || ring.keys === null || Array.isArray(ring.keys))
      configError(where, 'options.keys', 'must be an object mapping key id → key')
    const entries = Object.entries(ring.keys as Record<string, unknown>)
    if (entries.length === 0) configError(where, 'options.keys', 'must contain at least one key')
    keys = {}
    for (const [kid, key] of entries) {
      if (kid === '') configError(where, 'options.keys', 'has an empty key id')
      keys[kid] = longSecret(where, `options.keys[${JSON.stringify(kid)}]`, key)
    }
    if (typeof ring.currentKid !== 'string' || ring.currentKid === '') {
      configError(
        where,
        'options.currentKid',
        'is required with options.keys (the key id that seals new writes)',
      )
    }
    if (!Object.hasOwn(keys, ring.currentKid)) {
      const configured = Object.keys(keys)
        .map((k) => JSON.stringify(k))
        .join(', ')
      configError(
        where,
        'options.currentKid',
        `${JSON.stringify(ring.currentKid)} is not in options.keys (configured: ${configured})`,
      )
    }
    currentKid = ring.currentKid
  } else {
    configError(
      where,
      'options.encryptionKey',
      `is missing (a string of ≥ ${MIN_SECRET_BYTES} bytes, e.g. \`openssl rand -base64 32\`)`,
    )
  }
  return {
    currentKid,
    keyOf(kid) {
      return Object.hasOwn(keys, kid)
        ? hkdfAesGcmKey(keys[kid]!, INSTALLATION_KEY_LABEL)
        : undefined
    },
  }
}

/** The secrets sealed in a record. */
export interface InstallationSecrets {
  apiToken: string
  apiSecret: string
}

/**
 * Seals `secrets` for `customerWebId` as a compact JWE (`alg: 'dir'`, `enc: 'A256GCM'`, `kid` = the ring's
 * current kid). The plaintext carries `sub: customerWebId`, checked by {@link openSecrets}, so a sealed
 * blob copied into another customer's record does not open there, and `clear` — the canonical JSON of the
 * record's clear fields — so that a changed status or date in the KV is detected on open.
 */
export async function sealSecrets(
  ring: KeyRing,
  customerWebId: string,
  secrets: InstallationSecrets,
  clear: string,
): Promise<string> {
  const kid = ring.currentKid
  const key = await ring.keyOf(kid)!
  const plaintext = encoder.encode(
    JSON.stringify({
      sub: customerWebId,
      apiToken: secrets.apiToken,
      apiSecret: secrets.apiSecret,
      clear,
    }),
  )
  return new CompactEncrypt(plaintext)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid })
    .encrypt(key)
}

/**
 * Opens a JWE made by {@link sealSecrets} for `customerWebId`.
 * @returns the secrets and the kid that sealed them.
 * @throws {InstallationOpenError} unknown kid, failed decryption, another customer's secrets, or a malformed JWE.
 */
export async function openSecrets(
  ring: KeyRing,
  customerWebId: string,
  jwe: string,
): Promise<InstallationSecrets & { kid: string; clear: string | undefined }> {
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(jwe)
  } catch {
    throw new InstallationOpenError(
      'corrupt_record',
      customerWebId,
      undefined,
      'the sealed secrets are not a readable JWE.',
    )
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined
  if (kid === undefined || header.alg !== 'dir' || header.enc !== 'A256GCM') {
    throw new InstallationOpenError(
      'corrupt_record',
      customerWebId,
      kid,
      'the sealed secrets lack a key id or use an algorithm other than dir/A256GCM.',
    )
  }
  const key = ring.keyOf(kid)
  if (!key) {
    throw new InstallationOpenError(
      'unknown_kid',
      customerWebId,
      kid,
      `no key with id ${JSON.stringify(kid)} is configured. Add it to options.keys (keep old keys until every record has been re-written under options.currentKid).`,
    )
  }
  let plaintext: Uint8Array
  try {
    ;({ plaintext } = await compactDecrypt(jwe, await key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    }))
  } catch {
    throw new InstallationOpenError(
      'decrypt_failed',
      customerWebId,
      kid,
      `decryption failed: the key configured as ${JSON.stringify(kid)} is not the one that sealed this record, or the record was altered.`,
    )
  }
  let payload: unknown
  try {
    payload = JSON.parse(decoder.decode(plaintext))
  } catch {
    payload = undefined
  }
  const parsed = sealedPayloadSchema.safeParse(payload)
  if (!parsed.success) {
    throw new InstallationOpenError(
      'corrupt_record',
      customerWebId,
      kid,
      `the sealed payload is invalid (${describeIssues(parsed.error.issues)}).`,
    )
  }
  if (parsed.data.sub !== customerWebId) {
    throw new InstallationOpenError(
      'wrong_customer',
      customerWebId,
      kid,
      'the sealed secrets belong to another customer; the record was copied or altered. Re-activate the installation.',
    )
  }
  return {
    apiToken: parsed.data.apiToken,
    apiSecret: parsed.data.apiSecret,
    kid,
    clear: parsed.data.clear,
  }
}
