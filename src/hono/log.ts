/**
 * The kit's only log line: `[onoffice-kit] <what>` plus an error's name and (shortened) message. Callers pass
 * fixed descriptions; errors from the kit's own layers never carry a secret, claim, token or HMAC in their message.
 */
export function log(what: string, err?: unknown): void {
  let detail = ''
  if (err instanceof Error) detail = `: ${err.name}: ${err.message.slice(0, 300)}`
  else if (err !== undefined) detail = `: ${typeof err}`
  console.error(`[onoffice-kit] ${what}${detail}`)
}
