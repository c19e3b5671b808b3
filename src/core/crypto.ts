/**
 * The crypto primitives the kit's layers share: HMAC-SHA256 (WebCrypto, plus the synchronous `node:crypto` path
 * where the runtime hands it out), constant-time compare, hex and base64, and AES-256-GCM keys derived with
 * HKDF-SHA-256. Every imported or derived key lives in ONE bounded cache.
 *
 * No `node:*` import: the core runs unchanged in workerd without nodejs_compat and in browsers.
 */

import { encodeBase64 } from './base64.ts'

const encoder = new TextEncoder()

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text)
}

/** A map bounded to `max` entries; the least recently used entry is evicted first. */
export interface BoundedCache<V> {
  /** The value for `key`, marked as most recently used; `undefined` on a miss. */
  get(key: string): V | undefined
  /** The value for `key` without marking it used. */
  peek(key: string): V | undefined
  set(key: string, value: V): void
  delete(key: string): void
  readonly size: number
}

/**
 * A bounded LRU map — the one eviction rule of every cache in the kit.
 * @example
 * ```ts
 * const seen = boundedCache<string>(1000)
 * seen.set('k', 'v')
 * seen.get('k') // 'v'
 * ```
 */
export function boundedCache<V>(max: number): BoundedCache<V> {
  const map = new Map<string, V>()
  return {
    get(key) {
      const hit = map.get(key)
      if (hit !== undefined) {
        map.delete(key)
        map.set(key, hit)
      }
      return hit
    },
    peek: (key) => map.get(key),
    set(key, value) {
      map.delete(key)
      map.set(key, value)
      if (map.size > max) map.delete(map.keys().next().value!)
    },
    delete: (key) => void map.delete(key),
    get size() {
      return map.size
    },
  }
}

// Importing or deriving a key is the expensive part of a WebCrypto operation, and the same few secrets are used
// on every request. Bounded, so a process serving many customers (or rotating keys) does not keep every key.
const MAX_CACHED_KEYS = 256
const keys = boundedCache<Promise<CryptoKey>>(MAX_CACHED_KEYS)

function cachedKey(id: string, make: () => Promise<CryptoKey>): Promise<CryptoKey> {
  const hit = keys.get(id)
  if (hit) return hit
  const key = make()
  // A failed import must not poison the cache.
  key.catch(() => {
    if (keys.peek(id) === key) keys.delete(id)
  })
  keys.set(id, key)
  return key
}

/**
 * An imported HMAC-SHA256 key for `secret` (UTF-8, as PHP's `hash_hmac`), from the shared key cache.
 * @example
 * ```ts
 * const ok = await crypto.subtle.verify('HMAC', await hmacSha256Key(secret), signature, utf8(message))
 * ```
 */
export function hmacSha256Key(secret: string): Promise<CryptoKey> {
  return cachedKey(`hmac\0${secret}`, () =>
    crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]),
  )
}

/**
 * The AES-256-GCM key derived from `secret` with HKDF-SHA-256 (empty salt, `info` = `label`), non-extractable,
 * from the shared key cache. The label binds the key to one purpose and format version.
 * @example
 * ```ts
 * const key = await hkdfAesGcmKey(env.SESSION_SECRET, 'onoffice-kit token v1')
 * ```
 */
export function hkdfAesGcmKey(secret: string, label: string): Promise<CryptoKey> {
  return cachedKey(`aes\0${label}\0${secret}`, async () => {
    const ikm = await crypto.subtle.importKey('raw', utf8(secret), 'HKDF', false, ['deriveKey'])
    return crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(label) },
      ikm,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    )
  })
}

interface NodeHmac {
  createHmac(algorithm: 'sha256', key: string): { update(data: string): { digest(): Uint8Array } }
}

function builtinCrypto(): NodeHmac | undefined {
  // Asked for only where the runtime offers `process.getBuiltinModule` (Node ≥ 20.16, Deno, workerd with
  // nodejs_compat). Anything unexpected means "not available".
  try {
    const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
      ?.getBuiltinModule
    const mod =
      typeof get === 'function' ? (get('node:crypto') as Partial<NodeHmac> | undefined) : undefined
    return typeof mod?.createHmac === 'function' ? (mod as NodeHmac) : undefined
  } catch {
    return undefined
  }
}

const nodeCrypto = builtinCrypto()

/**
 * Synchronous raw HMAC-SHA256 of `message` under `secret` (both UTF-8), or `undefined` where the runtime has
 * none. Same bytes as {@link hmacSha256}.
 *
 * Fast path for `launchOverheadUs ≤ 1.5 × honoJwtOverheadUs` (bench/in-process.bench.ts): a WebCrypto call costs a
 * job dispatch and a thread-pool hop on every launch, `createHmac` a few µs. Switched off, launch cost ~20 µs more
 * (1.39 × vs 1.41 × honoJwt in runs on a loaded machine: inside the noise of a target met by ~0.1 ×); see
 * docs/PERFORMANCE.md before removing it.
 * @example
 * ```ts
 * const mac = hmacSha256Sync ? hmacSha256Sync(secret, message) : await hmacSha256(secret, message)
 * ```
 */
export const hmacSha256Sync: ((secret: string, message: string) => Uint8Array) | undefined =
  nodeCrypto
    ? (secret, message) => nodeCrypto.createHmac('sha256', secret).update(message).digest()
    : undefined

/**
 * Raw HMAC-SHA256 of `message` (UTF-8) under `secret` (UTF-8), through WebCrypto.
 * @example
 * ```ts
 * toHex(await hmacSha256('key', 'message'))
 * ```
 */
export async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.sign('HMAC', await hmacSha256Key(secret), utf8(message)),
  )
}

/**
 * Constant-time comparison of two byte arrays: the time depends only on the lengths, never on where the
 * first difference is, so a signature cannot be guessed byte by byte from response times.
 * @example
 * ```ts
 * timingSafeEqual(expected, given) // true only for equal bytes
 * ```
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/**
 * Constant-time comparison of two strings (UTF-16 code units); for tokens and keys that are not bytes yet.
 * @example
 * ```ts
 * timingSafeEqualText(request.headers.get('x-api-key') ?? '', expectedKey)
 * ```
 */
export function timingSafeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/**
 * Standard base64 with padding, as PHP's `base64_encode`.
 * @example
 * ```ts
 * toBase64(new Uint8Array([1, 2, 3])) // 'AQID'
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  return encodeBase64(bytes)
}

const HEX = '0123456789abcdef'

/**
 * Lower-case hex, as PHP's `hash_hmac` without `$binary`.
 * @example
 * ```ts
 * toHex(new Uint8Array([171, 205])) // 'abcd'
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]! >> 4]! + HEX[bytes[i]! & 15]!
  return out
}

// Per code unit below 128: the value of a lower-case hex digit, or -1.
const LOWER_HEX_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < 16; i++) LOWER_HEX_VALUE[HEX.charCodeAt(i)] = i

/**
 * Bytes of a lower-case hex string of exactly `2 × length` characters, or `null` for anything else (upper-case
 * digits included: onOffice's signatures are `hash_hmac` output, always lower case, compared with `===`).
 * @example
 * ```ts
 * lowerHexToBytes('abcd', 2) // Uint8Array [171, 205]
 * lowerHexToBytes('ABCD', 2) // null
 * ```
 */
export function lowerHexToBytes(hex: string, length: number): Uint8Array<ArrayBuffer> | null {
  if (hex.length !== 2 * length) return null
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) {
    // Code units ≥ 128 read as undefined from the table, which is not ≥ 0.
    const h = LOWER_HEX_VALUE[hex.charCodeAt(2 * i)]!
    const l = LOWER_HEX_VALUE[hex.charCodeAt(2 * i + 1)]!
    if (!(h >= 0 && l >= 0)) return null
    out[i] = (h << 4) | l
  }
  return out
}
