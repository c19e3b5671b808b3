import type { Context } from 'hono'
import {
  MAX_SIGNED_QUERY_LENGTH,
  MAX_SIGNED_QUERY_PARAMS,
  signedUrlStringToSign,
  verifySignedUrl,
} from '../marketplace/index.ts'
import type { SignedUrlFailureReason } from '../marketplace/index.ts'
import { log } from './log.ts'
import type { RequestConfig, Runtime } from './runtime.ts'

/** The failure a rejected signed URL answers with: an authentic but old (or future) link is `expired_link`. */
export function linkFailure(reason: SignedUrlFailureReason): 'expired_link' | 'bad_link' {
  return reason === 'stale' || reason === 'future' ? 'expired_link' : 'bad_link'
}

// What usually causes each refusal, for the developer reading the log.
const CAUSES: Record<SignedUrlFailureReason, string> = {
  bad_signature:
    'the two usual causes: `publicUrl` is not the URL onOffice calls (scheme, host, port and mount path as registered in the Marketplace — the base above must match it), or `providerSecret` is not the provider secret of this service',
  malformed_signature:
    'the signature is not 64 hex characters: the URL was changed on its way, or was not signed by onOffice',
  missing_signature:
    'the URL carries no signature: it was not opened from onOffice (or a proxy dropped the query)',
  missing_timestamp: 'the URL carries no timestamp: it was not signed by onOffice',
  bad_timestamp:
    'the timestamp is not a whole number of seconds: the URL was not signed by onOffice',
  stale:
    "the link is older than `maxAgeSec`: an old link was reloaded, or this server's clock is behind",
  future: "the timestamp lies in the future: this server's clock is behind onOffice's",
  duplicate_param:
    'a parameter occurs twice in the query (onOffice never sends a name twice; arrays a[]= excepted): the URL was tampered with',
  too_large: `the query is longer than ${MAX_SIGNED_QUERY_LENGTH} bytes or has more than ${MAX_SIGNED_QUERY_PARAMS} parameters (PHP's max_input_vars; onOffice never signs more): refused before any other work`,
}

const logged = new WeakMap<Runtime, Set<SignedUrlFailureReason>>()

/**
 * One developer line per failure kind and `onOffice()` instance: what was checked (the base URL built from
 * `publicUrl` and the request path, the parameter names, the timestamp's age) and the usual causes. Never the
 * secret, the signature or any parameter value.
 */
function logRefusal(
  rt: Runtime,
  c: Context,
  config: RequestConfig,
  reason: SignedUrlFailureReason,
): void {
  let seen = logged.get(rt)
  if (!seen) logged.set(rt, (seen = new Set()))
  if (seen.has(reason)) return
  seen.add(reason)
  const url = new URL(c.req.url)
  if (reason === 'too_large') {
    // Nothing of an oversized query is parsed, not even for the log.
    log(
      `signed onOffice URL refused (too_large) for ${c.req.method} ${url.pathname}: query of ${url.search.length} bytes. ${CAUSES[reason]}. (Logged once per reason.)`,
    )
    return
  }
  let base: string
  try {
    // The exact base the signature was checked over (the string to sign without its query, which holds values).
    base = signedUrlStringToSign(url, { publicUrl: config.publicUrl }).split('?')[0] ?? ''
  } catch {
    base = `${config.publicUrl} + ${url.pathname}`
  }
  const names = [...new Set(url.searchParams.keys())].map((n) => n.slice(0, 40)).sort()
  const shown = names.length > 30 ? [...names.slice(0, 30), `… ${names.length - 30} more`] : names
  const ts = url.searchParams.get('timestamp')
  const age =
    ts !== null && /^\d{1,12}$/.test(ts)
      ? `${Math.round(rt.statics.now() / 1000 - Number(ts))} s old (accepted: ${config.maxAgeSec} s)`
      : 'missing or not a number'
  log(
    `signed onOffice URL refused (${reason}) for ${c.req.method} ${url.pathname}: checked against base ${base}; ` +
      `parameters: ${shown.join(', ') || '(none)'}; timestamp ${age}. ${CAUSES[reason]}. (Logged once per reason.)`,
  )
}

/**
 * Verifies the request's signed onOffice URL against the configured `publicUrl` (scheme, host and port come
 * from it, never from `Host` / `X-Forwarded-*`); throws the `bad_link` / `expired_link` failure. Returns the params.
 */
export async function verifyRequest(
  rt: Runtime,
  c: Context,
  config: RequestConfig,
): Promise<Record<string, string>> {
  const result = await verifySignedUrl(c.req.url, {
    secret: config.providerSecrets,
    publicUrl: config.publicUrl,
    now: rt.statics.now,
    maxAgeSec: config.maxAgeSec,
  })
  if (result.ok) return result.params
  logRefusal(rt, c, config, result.reason)
  throw await rt.fail(c, linkFailure(result.reason))
}
