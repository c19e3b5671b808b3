import { describe, expect, it } from 'vitest'
import { mintToken, verifyToken } from '../../src/marketplace/index.ts'
import type { TokenType } from '../../src/marketplace/index.ts'
import {
  canary,
  prng,
  PUBLIC_URL,
  report,
  SEED,
  SESSION_SECRET,
  START,
  useCanary,
} from './harness.ts'

useCanary()

const N = Number(process.env.HARDENING_TOKEN_MUTATIONS ?? 50_000)
const now = () => START
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const b64 = (s: string) => Buffer.from(s).toString('base64url')

/** Decoded bytes of each segment (Node decodes leniently: trailing bits ignored), for the "same bytes" class. */
const decoded = (t: string): string =>
  t
    .split('.')
    .map((s) => Buffer.from(s, 'base64url').toString('hex'))
    .join('.')

function mutate(
  token: string,
  other: string,
  r: ReturnType<typeof prng>,
): { token: string; op: string } {
  const parts = token.split('.')
  const i = r.int(parts.length)
  switch (r.int(10)) {
    case 0: {
      const s = parts[i] ?? ''
      const at = r.int(Math.max(1, s.length))
      parts[i] = `${s.slice(0, at)}${r.pick([...B64URL])}${s.slice(at + 1)}`
      return { token: parts.join('.'), op: 'flip-char' }
    }
    case 1: {
      const bytes = Buffer.from(parts[i] ?? '', 'base64url')
      if (bytes.length) bytes[r.int(bytes.length)]! ^= 1 << r.int(8)
      parts[i] = bytes.toString('base64url')
      return { token: parts.join('.'), op: 'flip-bit' }
    }
    case 2:
      parts.splice(i, 1)
      return { token: parts.join('.'), op: 'drop-segment' }
    case 3:
      parts.splice(i, 0, parts[i] ?? '')
      return { token: parts.join('.'), op: 'duplicate-segment' }
    case 4:
      parts[i] = other.split('.')[i] ?? ''
      return { token: parts.join('.'), op: 'splice-other-token' }
    case 5:
      return { token: token.slice(0, r.int(token.length)), op: 'truncate' } // stacked: may be short
    case 6:
      parts[0] = b64(
        JSON.stringify(
          r.pick([
            { alg: 'none', enc: 'A256GCM' },
            { alg: 'dir', enc: 'A128GCM' },
            { alg: 'dir', enc: 'A256CBC-HS512' },
            { alg: 'A256KW', enc: 'A256GCM' },
            { alg: 'dir', enc: 'A256GCM', zip: 'DEF' },
            { alg: 'dir', enc: 'A256GCM', crit: ['x'] },
            {},
          ]),
        ),
      )
      return { token: parts.join('.'), op: 'header' }
    case 7:
      parts[i] = r.pick([
        '',
        '=',
        'AAAA',
        `${parts[i] ?? ''}=`,
        ` ${parts[i] ?? ''}`,
        (parts[i] ?? '').toUpperCase(),
      ])
      return { token: parts.join('.'), op: 'segment-garbage' }
    case 8:
      parts[3] = (parts[3] ?? '').slice(0, r.int((parts[3] ?? '').length))
      return { token: parts.join('.'), op: 'truncate-ciphertext' }
    default: {
      // swap IV and tag, or ciphertext and tag
      const [a, b] = r.pick([
        [2, 4],
        [3, 4],
        [2, 3],
      ] as const)
      ;[parts[a], parts[b]] = [parts[b] ?? '', parts[a] ?? '']
      return { token: parts.join('.'), op: 'swap-segments' }
    }
  }
}

describe(`fuzz: mutated session and activation tokens (seed ${SEED})`, () => {
  for (const typ of ['session', 'activation'] as const) {
    it(`${N} mutated ${typ} tokens never verify and never throw`, async () => {
      const r = prng(SEED ^ (typ === 'session' ? 1 : 2))
      const payload = {
        customerWebId: '21',
        userId: '17',
        claim: 'fuzz-claim-value-123456',
        params: { estateId: '4711' },
      }
      canary.add(payload.claim)
      const opts = { secret: SESSION_SECRET, audience: PUBLIC_URL, ttlSec: 900, now }
      const token = await mintToken(typ, payload, opts)
      const other = await mintToken(typ, { ...payload, customerWebId: '22' }, opts)
      const otherTyp: TokenType = typ === 'session' ? 'activation' : 'session'
      const wrongTyp = await mintToken(otherTyp, payload, opts)
      expect((await verifyToken(typ, token, opts)).ok).toBe(true)
      expect(await verifyToken(typ, wrongTyp, opts)).toEqual({ ok: false, reason: 'wrong_type' })
      const original = decoded(token)
      const stats = {
        accepted: 0,
        sameBytesAccepted: 0,
        wrongAccepts: [] as string[],
        throws: [] as string[],
        reasons: {} as Record<string, number>,
      }
      for (let n = 0; n < N; n++) {
        let m = mutate(token, other, r)
        for (let extra = r.int(2); extra > 0; extra--)
          m = { token: mutate(m.token, other, r).token, op: `${m.op}+` }
        if (m.token === token) continue
        let res: Awaited<ReturnType<typeof verifyToken>>
        try {
          res = await verifyToken(typ, m.token, {
            secret: SESSION_SECRET,
            audience: PUBLIC_URL,
            now,
          })
        } catch (e) {
          stats.throws.push(`${m.op}: ${(e as Error).name}`)
          continue
        }
        if (!res.ok) {
          stats.reasons[res.reason] = (stats.reasons[res.reason] ?? 0) + 1
          canary.scan('verifyToken result', JSON.stringify(res))
          continue
        }
        stats.accepted++
        // Only a different spelling of the very same bytes (base64url trailing bits) may open — with the same payload.
        if (
          decoded(m.token) === original &&
          JSON.stringify(res.payload) === JSON.stringify(payload)
        )
          stats.sameBytesAccepted++
        else stats.wrongAccepts.push(m.op)
      }
      report(
        `${typ}-token fuzz seed=${SEED} mutations=${N}: ${JSON.stringify({ ...stats, wrongAccepts: stats.wrongAccepts.length, throws: stats.throws.length })}`,
      )
      expect(stats.throws).toEqual([])
      expect(stats.wrongAccepts).toEqual([])
    })
  }
})
