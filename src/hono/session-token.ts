import { mintToken, verifyToken } from '../marketplace/index.ts'
import { factsOf } from './context.ts'
import type { CallFacts } from './context.ts'
import type { RequestConfig, Runtime } from './runtime.ts'

/** The longest value one launch parameter may have for the session token to carry it: 2,048 characters. */
export const MAX_SESSION_PARAM_CHARS = 2048
/**
 * The longest session token the kit mints: 8,192 characters. It travels in every request's `Authorization`
 * header, and servers and proxies refuse request headers of 8–16 KiB — a larger token would make every session
 * request fail with a 401 instead of the launch failing with a clear page.
 */
export const MAX_SESSION_TOKEN_CHARS = 8192

/**
 * Mints the session token for verified call facts (the token is encrypted). It carries only what `session()`
 * rebuilds the facts from: the visible params (`p`) and the claim (`c`) — every other fact is one of the params,
 * so the token stays small. Over {@link MAX_SESSION_PARAM_CHARS} per parameter or {@link MAX_SESSION_TOKEN_CHARS}
 * in total it mints nothing and says which limit (for the developer log; never a value).
 */
export async function mintSession(
  rt: Runtime,
  config: RequestConfig,
  facts: CallFacts,
): Promise<{ ok: true; token: string; expiresAt: number } | { ok: false; limit: string }> {
  for (const [name, value] of Object.entries(facts.params)) {
    if (value.length > MAX_SESSION_PARAM_CHARS)
      return {
        ok: false,
        limit: `parameter ${JSON.stringify(name.slice(0, 40))} has ${value.length} characters, more than MAX_SESSION_PARAM_CHARS (${MAX_SESSION_PARAM_CHARS})`,
      }
  }
  if (facts.claim.length > MAX_SESSION_PARAM_CHARS)
    return {
      ok: false,
      limit: `apiClaim has ${facts.claim.length} characters, more than MAX_SESSION_PARAM_CHARS (${MAX_SESSION_PARAM_CHARS})`,
    }
  const ttlSec = config.sessionTtlSec
  const token = await mintToken(
    'session',
    { p: facts.params, c: facts.claim },
    { secret: config.sessionSecret, audience: config.publicUrl, ttlSec, now: rt.statics.now },
  )
  if (token.length > MAX_SESSION_TOKEN_CHARS)
    return {
      ok: false,
      limit: `the session token would have ${token.length} characters, more than MAX_SESSION_TOKEN_CHARS (${MAX_SESSION_TOKEN_CHARS}): too many or too long launch parameters`,
    }
  return { ok: true, token, expiresAt: Math.floor(rt.statics.now() / 1000) + ttlSec }
}

const isStr = (v: unknown): v is string => typeof v === 'string'
const isParams = (v: unknown): v is Record<string, string> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isStr)

/** Verifies a session token; `expired` / `invalid` (also: an activation token, or a payload of the wrong shape). */
export async function verifySession(
  rt: Runtime,
  config: RequestConfig,
  token: string,
): Promise<
  { ok: true; facts: CallFacts; expiresAt: number } | { ok: false; reason: 'expired' | 'invalid' }
> {
  const r = await verifyToken<Record<string, unknown>>('session', token, {
    secret: config.sessionSecret,
    audience: config.publicUrl,
    now: rt.statics.now,
  })
  if (!r.ok) return { ok: false, reason: r.reason === 'expired' ? 'expired' : 'invalid' }
  const p = r.payload
  // verifyToken hands out a fresh payload per call: its params object is ours (no copy needed).
  if (!isParams(p.p) || !isStr(p.c)) return { ok: false, reason: 'invalid' }
  const facts = factsOf(p.p, p.c)
  return facts ? { ok: true, facts, expiresAt: r.expiresAt } : { ok: false, reason: 'invalid' }
}
