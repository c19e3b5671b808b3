/**
 * The kit's only log line: `[onoffice-kit] <what>` plus an error's name and (shortened) message. Callers pass
 * fixed descriptions; errors from the kit's own layers never carry a secret, claim, token or HMAC in their message.
 * Errors from elsewhere (a KV client, a user's store, an `onError` hook) may: a Redis URL with its password, a
 * token echoed by a library. So the message is scrubbed before it is printed — credentials in URLs and every
 * run of 24 or more token-like characters (API tokens are 32, secrets 64, claims and HMACs longer) are replaced.
 */
export function log(what: string, err?: unknown): void {
  let detail = ''
  if (err instanceof Error) detail = `: ${err.name}: ${scrub(err.message.slice(0, 300))}`
  else if (err !== undefined) detail = `: ${typeof err}`
  console.error(`[onoffice-kit] ${what}${detail}`)
}

/** Removes what could be a credential from a foreign error message. Exported for tests. */
export function scrub(message: string): string {
  return message
    .replace(/(\/\/)[^\s/@]*@/g, '$1[redacted]@')
    .replace(/[A-Za-z0-9+/_=.~-]{24,}/g, '[redacted]')
}
