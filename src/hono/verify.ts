import type { Context } from 'hono'
import { verifySignedUrl } from '../marketplace/index.ts'
import type { SignedUrlFailureReason } from '../marketplace/index.ts'
import type { RequestConfig, Runtime } from './runtime.ts'

/** The failure a rejected signed URL answers with: an authentic but old (or future) link is `expired_link`. */
export function linkFailure(reason: SignedUrlFailureReason): 'expired_link' | 'bad_link' {
  return reason === 'stale' || reason === 'future' ? 'expired_link' : 'bad_link'
}

/**
 * Verifies the request's signed onOffice URL against the configured `publicUrl` (scheme, host and port come
 * from it, never from `Host` / `X-Forwarded-*`); throws the `bad_link` / `expired_link` failure. Returns the params.
 */
export async function verifyRequest(rt: Runtime, c: Context, config: RequestConfig): Promise<Record<string, string>> {
  const result = await verifySignedUrl(c.req.url, {
    secret: config.providerSecrets,
    publicUrl: config.publicUrl,
    now: rt.statics.now,
    maxAgeSec: rt.statics.maxAgeSec,
  })
  if (result.ok) return result.params
  throw await rt.fail(c, linkFailure(result.reason))
}
