/**
 * HMAC v2 of an onOffice API action (reference §1.4):
 * `base64(HMAC-SHA256(secret, timestamp + token + resourcetype + actionid))`.
 * WebCrypto everywhere, so it runs unchanged in workerd, Deno and Node; where the runtime hands out
 * `node:crypto` through `process.getBuiltinModule` (never imported), hot verification paths may use the
 * synchronous {@link hmacSha256Sync}, which yields the same bytes.
 */

const encoder = new TextEncoder()

// Importing a key is the expensive part of a WebCrypto HMAC; one client signs every action with the
// same secret, so the imported key is kept per secret. The cache is bounded so that a process that
// serves many customers does not keep every secret's key forever.
const MAX_CACHED_KEYS = 256
const keyCache = new Map<string, Promise<CryptoKey>>()

/**
 * An imported HMAC-SHA256 key for `secret`, cached (LRU, 256 entries).
 * @param secret - the raw secret; UTF-8 encoded as PHP's `hash_hmac` does.
 */
export function hmacSha256Key(secret: string): Promise<CryptoKey> {
  const cached = keyCache.get(secret)
  if (cached) {
    // Re-insert to mark as recently used.
    keyCache.delete(secret)
    keyCache.set(secret, cached)
    return cached
  }
  const key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ])
  // A failed import must not poison the cache.
  key.catch(() => keyCache.delete(secret))
  keyCache.set(secret, key)
  if (keyCache.size > MAX_CACHED_KEYS) {
    const oldest = keyCache.keys().next().value
    if (oldest !== undefined) keyCache.delete(oldest)
  }
  return key
}

interface NodeHmac {
  createHmac(algorithm: 'sha256', key: string): { update(data: string): { digest(): Uint8Array } }
}

function builtinCrypto(): NodeHmac | undefined {
  // No `node:*` import (the core runs unchanged in workerd without nodejs_compat and in browsers): the module is
  // asked for only where the runtime offers `process.getBuiltinModule` (Node ≥ 20.16, Deno, workerd with
  // nodejs_compat). Anything unexpected means "not available".
  try {
    const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule
    const mod = typeof get === 'function' ? (get('node:crypto') as Partial<NodeHmac> | undefined) : undefined
    return typeof mod?.createHmac === 'function' ? (mod as NodeHmac) : undefined
  } catch {
    return undefined
  }
}

const nodeCrypto = builtinCrypto()

/**
 * Synchronous raw HMAC-SHA256 of `message` (UTF-8) under `secret` (UTF-8), or `undefined` when the runtime has no
 * synchronous HMAC — then use {@link hmacSha256}. Same bytes as {@link hmacSha256}; a WebCrypto call costs a job
 * dispatch and a thread-pool hop (tens of µs in Node), Node's `createHmac` a few µs.
 * @internal For hot verification paths; compare the result in constant time.
 */
export const hmacSha256Sync: ((secret: string, message: string) => Uint8Array) | undefined = nodeCrypto
  ? (secret, message) => nodeCrypto.createHmac('sha256', secret).update(message).digest()
  : undefined

/** Raw HMAC-SHA256 of `message` (UTF-8) under `secret`. */
export async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  const key = await hmacSha256Key(secret)
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)))
}

/** Standard base64 with padding, as PHP's `base64_encode`. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!)
  return btoa(binary)
}

/** Lower-case hex, as PHP's `hash_hmac` without `$binary`. */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += bytes[i]!.toString(16).padStart(2, '0')
  return out
}

/**
 * HMAC v2 of one onOffice API action.
 *
 * @param token - the API user's token (32 characters for real users).
 * @param secret - the API user's secret (64 characters for real users).
 * @param timestamp - unix seconds; must be exactly the `timestamp` sent in the same action.
 * @param resourcetype - e.g. `estate`, `unlockProvider`.
 * @param actionid - the full action URN, e.g. `ACTION_IDS.read`.
 * @returns the base64 HMAC to send as `hmac` with `hmac_version: 2`.
 * @example
 * ```ts
 * const hmac = await hmacV2(token, secret, 1700000000, 'estate', ACTION_IDS.read)
 * ```
 */
export async function hmacV2(
  token: string,
  secret: string,
  timestamp: number,
  resourcetype: string,
  actionid: string,
): Promise<string> {
  return toBase64(await hmacSha256(secret, `${timestamp}${token}${resourcetype}${actionid}`))
}
