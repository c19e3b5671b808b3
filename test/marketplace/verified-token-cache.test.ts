import { afterEach, describe, expect, it, vi } from 'vitest'
import { mintToken, verifyToken } from '../../src/marketplace/index.ts'

// verifyToken remembers tokens it decrypted; a hit must still honour expiry, typ, secret and audience.
const SECRET = 'verified-cache-secret-0123456789abcdef'
const OTHER = 'verified-cache-other-0123456789abcdefgh'
const AUD = 'https://provider.example'
const T = 1_800_000_000_000

afterEach(() => vi.restoreAllMocks())

describe('verifyToken: verified-token cache', () => {
  it('decrypts a repeated token once and returns equal, independent payloads', async () => {
    const token = await mintToken('session', { customerWebId: '1', params: { a: 'b' } }, { secret: SECRET, audience: AUD, ttlSec: 900, now: () => T })
    const decrypt = vi.spyOn(crypto.subtle, 'decrypt')
    const a = await verifyToken<{ params: Record<string, string> }>('session', token, { secret: SECRET, audience: AUD, now: () => T })
    const b = await verifyToken<{ params: Record<string, string> }>('session', token, { secret: SECRET, audience: AUD, now: () => T })
    expect(decrypt).toHaveBeenCalledTimes(1)
    expect(a).toEqual(b)
    if (!a.ok || !b.ok) throw new Error('should verify')
    a.payload.params.a = 'changed'
    expect(b.payload.params.a).toBe('b')
  })

  it('re-checks expiry on every hit (with the same whole-second rule as jose)', async () => {
    const token = await mintToken('session', { x: 1 }, { secret: SECRET, audience: AUD, ttlSec: 60, now: () => T })
    expect((await verifyToken('session', token, { secret: SECRET, audience: AUD, now: () => T })).ok).toBe(true)
    expect(await verifyToken('session', token, { secret: SECRET, audience: AUD, now: () => T + 64_000 })).toMatchObject({ ok: true })
    expect(await verifyToken('session', token, { secret: SECRET, audience: AUD, now: () => T + 65_000 })).toEqual({ ok: false, reason: 'expired' })
  })

  it('a hit under another secret, audience or typ is not a hit', async () => {
    const token = await mintToken('activation', { x: 1 }, { secret: SECRET, audience: AUD, ttlSec: 60, now: () => T })
    expect((await verifyToken('activation', token, { secret: SECRET, audience: AUD, now: () => T })).ok).toBe(true)
    expect(await verifyToken('activation', token, { secret: OTHER, audience: AUD, now: () => T })).toEqual({ ok: false, reason: 'invalid' })
    expect(await verifyToken('activation', token, { secret: SECRET, audience: 'https://other.example', now: () => T })).toEqual({ ok: false, reason: 'invalid' })
    expect(await verifyToken('session', token, { secret: SECRET, audience: AUD, now: () => T })).toEqual({ ok: false, reason: 'wrong_type' })
  })

  it('a hit returns exactly what the first decryption returned (no registered claims) and re-checks iat', async () => {
    const token = await mintToken('session', { customerWebId: '1', n: 2, nested: { k: ['v'] } }, { secret: SECRET, audience: AUD, ttlSec: 900, now: () => T + 60_000 })
    // First seen by a verifier whose clock is behind: iat is in its future → invalid, and nothing is remembered as valid.
    expect(await verifyToken('session', token, { secret: SECRET, audience: AUD, now: () => T })).toEqual({ ok: false, reason: 'invalid' })
    const miss = await verifyToken('session', token, { secret: SECRET, audience: AUD, now: () => T + 60_000 })
    const hit = await verifyToken('session', token, { secret: SECRET, audience: AUD, now: () => T + 60_000 })
    expect(miss).toEqual({ ok: true, payload: { customerWebId: '1', n: 2, nested: { k: ['v'] } }, expiresAt: (T + 60_000) / 1000 + 900 })
    expect(hit).toEqual(miss)
    // The cached entry is also checked against a clock that is behind.
    expect(await verifyToken('session', token, { secret: SECRET, audience: AUD, now: () => T })).toEqual({ ok: false, reason: 'invalid' })
  })
})
