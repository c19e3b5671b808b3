import { base64url, CompactEncrypt, EncryptJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { mintToken, verifyToken } from '../../src/index.ts'

const secret = 'session-secret-0123456789abcdef-0123456789'
const audience = 'https://provider.example/onoffice'
const T = 1_700_000_000
const at = (sec: number) => () => sec * 1000
const mint = (
  typ: 'activation' | 'session' = 'session',
  ttlSec = 900,
  extra: Partial<Parameters<typeof mintToken>[2]> = {},
) =>
  mintToken(
    typ,
    { customerWebId: '12345', userId: '17' },
    { secret, audience, ttlSec, now: at(T), ...extra },
  )
const verify = (
  typ: 'activation' | 'session',
  token: string,
  extra: Partial<Parameters<typeof verifyToken>[2]> = {},
) =>
  verifyToken<{ customerWebId: string; userId: string }>(typ, token, {
    secret,
    audience,
    now: at(T + 1),
    ...extra,
  })

describe('mintToken / verifyToken', () => {
  it('round trip returns the payload without registered claims', async () => {
    const token = await mint()
    expect(token.split('.')).toHaveLength(5)
    expect(await verify('session', token)).toEqual({
      ok: true,
      payload: { customerWebId: '12345', userId: '17' },
      expiresAt: T + 900,
    })
  })
  it('the token is encrypted (payload not readable)', async () => {
    const token = await mint()
    expect(token).not.toContain(base64url.encode('12345'))
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[0]!)))).toEqual({
      alg: 'dir',
      enc: 'A256GCM',
    })
  })
  it('typ confusion fails both ways', async () => {
    expect(await verify('activation', await mint('session'))).toEqual({
      ok: false,
      reason: 'wrong_type',
    })
    expect(await verify('session', await mint('activation'))).toEqual({
      ok: false,
      reason: 'wrong_type',
    })
  })
  it('expiry with leeway', async () => {
    const token = await mint('session', 60)
    expect((await verify('session', token, { now: at(T + 64) })).ok).toBe(true)
    expect(await verify('session', token, { now: at(T + 66) })).toEqual({
      ok: false,
      reason: 'expired',
    })
    expect((await verify('session', token, { now: at(T + 70), leewaySec: 15 })).ok).toBe(true)
    expect(await verify('session', token, { now: at(T + 61), leewaySec: 0 })).toEqual({
      ok: false,
      reason: 'expired',
    })
  })
  it('issued in the future beyond leeway is invalid', async () => {
    expect(await verify('session', await mint(), { now: at(T - 60) })).toEqual({
      ok: false,
      reason: 'invalid',
    })
  })
  it('wrong audience, other secret → invalid', async () => {
    const token = await mint()
    expect(await verify('session', token, { audience: 'https://other.example' })).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(
      await verify('session', token, { secret: 'another-session-secret-0123456789abcdef' }),
    ).toEqual({ ok: false, reason: 'invalid' })
  })
  it('tampering: header, truncation, ciphertext, garbage, alg none, re-encrypted with another key', async () => {
    const token = await mint()
    const parts = token.split('.')
    const header = base64url.encode(JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid: 'x' }))
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1)
    const variants = [
      [header, ...parts.slice(1)].join('.'),
      [base64url.encode(JSON.stringify({ alg: 'none', enc: 'A256GCM' })), ...parts.slice(1)].join(
        '.',
      ),
      token.slice(0, -3),
      parts.slice(0, 4).join('.'),
      [parts[0], parts[1], parts[2], flip(parts[3]!), parts[4]].join('.'),
      [parts[0], parts[1], flip(parts[2]!), parts[3], parts[4]].join('.'),
      [parts[0], parts[1], parts[2], parts[3], flip(parts[4]!)].join('.'),
      '',
      'garbage',
      'a.b.c.d.e',
      `${base64url.encode('{"alg":"none"}')}.${base64url.encode('{"typ":"session"}')}.`,
      await new EncryptJWT({ typ: 'session', customerWebId: 'x' })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setIssuer('onoffice-kit')
        .setAudience(audience)
        .setIssuedAt(T)
        .setExpirationTime(T + 900)
        .encrypt(new Uint8Array(32).fill(7)),
      await new CompactEncrypt(new TextEncoder().encode('not json'))
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .encrypt(new Uint8Array(32)),
    ]
    for (const v of variants)
      expect(await verify('session', v)).toEqual({ ok: false, reason: 'invalid' })
  })
  it('options are validated at call time (without echoing values)', async () => {
    await expect(
      mintToken('session', {}, { secret: 'short', audience, ttlSec: 60 }),
    ).rejects.toThrow(/at least 32 bytes/)
    await expect(verifyToken('session', 'x', { secret: 'short', audience })).rejects.toThrow(
      TypeError,
    )
    await expect(mintToken('session', {}, { secret, audience, ttlSec: 0 })).rejects.toThrow(
      /ttlSec/,
    )
    await expect(mintToken('session', {}, { secret, audience: '', ttlSec: 60 })).rejects.toThrow(
      /audience/,
    )
    await expect(
      mintToken('other' as 'session', {}, { secret, audience, ttlSec: 60 }),
    ).rejects.toThrow(/typ/)
    await expect(
      mintToken('session', { typ: 'activation' }, { secret, audience, ttlSec: 60 }),
    ).rejects.toThrow(/reserved claim name 'typ'/)
    await expect(verifyToken('session', 'x', { secret, audience, leewaySec: -1 })).rejects.toThrow(
      /leewaySec/,
    )
  })
})
