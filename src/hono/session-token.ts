import { mintToken, verifyToken } from '../marketplace/index.ts'
import type { CallFacts } from './context.ts'
import type { RequestConfig, Runtime } from './runtime.ts'

/** Mints the session token for verified call facts (claim included; the token is encrypted). */
export async function mintSession(rt: Runtime, config: RequestConfig, facts: CallFacts): Promise<{ token: string; expiresAt: number }> {
  const ttlSec = rt.statics.sessionTtlSec
  const token = await mintToken('session', { ...facts }, { secret: config.sessionSecret, audience: config.publicUrl, ttlSec, now: rt.statics.now })
  return { token, expiresAt: Math.floor(rt.statics.now() / 1000) + ttlSec }
}

const isStr = (v: unknown): v is string => typeof v === 'string'
const isNullableStr = (v: unknown): v is string | null => v === null || typeof v === 'string'

function isFacts(p: Record<string, unknown>): boolean {
  const params = p.params
  return (
    isStr(p.customerWebId) && p.customerWebId !== '' && isStr(p.userId) && isStr(p.customerName) && isStr(p.claim) && p.claim !== '' &&
    isNullableStr(p.groupId) && isNullableStr(p.language) && isNullableStr(p.userLanguage) && isNullableStr(p.parameterCacheId) &&
    params !== null && typeof params === 'object' && !Array.isArray(params) && Object.values(params).every(isStr)
  )
}

/** Verifies a session token; `expired` / `invalid` (also: an activation token, or a payload of the wrong shape). */
export async function verifySession(
  rt: Runtime,
  config: RequestConfig,
  token: string,
): Promise<{ ok: true; facts: CallFacts; expiresAt: number } | { ok: false; reason: 'expired' | 'invalid' }> {
  const r = await verifyToken<Record<string, unknown>>('session', token, { secret: config.sessionSecret, audience: config.publicUrl, now: rt.statics.now })
  if (!r.ok) return { ok: false, reason: r.reason === 'expired' ? 'expired' : 'invalid' }
  if (!isFacts(r.payload)) return { ok: false, reason: 'invalid' }
  const p = r.payload as unknown as CallFacts
  const facts: CallFacts = {
    customerWebId: p.customerWebId,
    userId: p.userId,
    customerName: p.customerName,
    groupId: p.groupId,
    language: p.language,
    userLanguage: p.userLanguage,
    parameterCacheId: p.parameterCacheId,
    // verifyToken hands out a fresh payload per call: its params object is ours (no copy needed).
    params: p.params,
    claim: p.claim,
  }
  return { ok: true, facts, expiresAt: r.expiresAt }
}
