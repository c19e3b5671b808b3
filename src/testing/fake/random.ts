const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** `length` random alphanumeric characters, the alphabet of onOffice API tokens and secrets. */
export function randomAlnum(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  let out = ''
  // 248 = 4 * 62: bytes above it are dropped so every character is equally likely.
  for (const b of bytes) if (b < 248) out += ALNUM[b % 62]
  return out.length === length ? out : out + randomAlnum(length - out.length)
}

/** An opaque base64url claim like the newer `apiClaim`s (`-`/`_`, dot-separated part). */
export function randomClaim(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(48))
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  const b64 = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  return `${b64.slice(0, 16)}.${b64.slice(16)}`
}
