import { mintToken, verifyToken } from '../marketplace/index.ts'
import { factsOf } from './context.ts'
import type { CallFacts } from './context.ts'
import type { RequestConfig, Runtime } from './runtime.ts'

/**
 * Mints the session token for verified call facts (the token is encrypted). It carries only what `session()`
 * rebuilds the facts from: the visible params (`p`) and the claim (`c`) — every other fact is one of the params,
 * so the token stays small (it travels in every request's `Authorization` header).
 */
export async function mintSession(rt: Runtime, config: RequestConfig, facts: CallFacts): Promise<{ token: string; expiresAt: number }> {
  const ttlSec = rt.statics.sessionTtlSec
  const token = await mintToken('session', { p: facts.params, c: facts.claim }, { secret: config.sessionSecret, audience: config.publicUrl, ttlSec, now: rt.statics.now })
  return { token, expiresAt: Math.floor(rt.statics.now() / 1000) + ttlSec }
}

const isStr = (v: unknown): v is string => typeof v === 'string'
const isParams = (v: unknown): v is Record<string, string> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isStr)

/** Verifies a session token; `expired` / `invalid` (also: an activation token, or a payload of the wrong shape). */
export async function verifySession(
  rt: Runtime,
  config: RequestConfig,
  token: string,
): Promise<{ ok: true; facts: CallFacts; expiresAt: number } | { ok: false; reason: 'expired' | 'invalid' }> {
  const r = await verifyToken<Record<string, unknown>>('session', token, { secret: config.sessionSecret, audience: config.publicUrl, now: rt.statics.now })
  if (!r.ok) return { ok: false, reason: r.reason === 'expired' ? 'expired' : 'invalid' }
  const p = r.payload
  // verifyToken hands out a fresh payload per call: its params object is ours (no copy needed).
  if (!isParams(p.p) || !isStr(p.c)) return { ok: false, reason: 'invalid' }
  const facts = factsOf(p.p, p.c)
  return facts ? { ok: true, facts, expiresAt: r.expiresAt } : { ok: false, reason: 'invalid' }
}
