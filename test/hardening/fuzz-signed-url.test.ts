import { describe, expect, it } from 'vitest'
import { signedUrlStringToSign, signUrl, verifySignedUrl } from '../../src/index.ts'
import { canary, PROVIDER_SECRET, prng, report, SEED, START, useCanary } from './harness.ts'

useCanary()

const N = Number(process.env.HARDENING_URL_MUTATIONS ?? 120_000)
const now = () => START

// Launch, activation and macro-heavy URLs: non-ASCII, reserved characters, `+`, arrays, empty values.
const BASES = [
  'https://provider.example/service?customerWebId=21&userId=17&customerName=M%C3%BCller+%26+S%C3%B6hne&apiClaim=a%2Bb%2Fc%3Dd&estateId=4711&language=ENG&UserLanguage=DEU&groupId=3',
  'https://provider.example/onoffice/activate?apiClaim=claim-xyz&apiToken=0123456789abcdef0123456789abcdef&customerName=Muster+GmbH&customerWebId=99&parameterCacheId=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&userId=1',
  'https://provider.example/hook?customerWebId=5&userId=2&apiClaim=c&imageIds=1%2C2%2C3&myParam=%7E%2A%27%28%29&empty=&arr%5B0%5D=x&arr%5B1%5D=y',
]

type Pair = [string, string]
const splitQuery = (u: string): { head: string; pairs: Pair[] } => {
  const i = u.indexOf('?')
  const pairs = u
    .slice(i + 1)
    .split('&')
    .map((p): Pair => {
      const eq = p.indexOf('=')
      return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)]
    })
  return { head: u.slice(0, i), pairs }
}
const join = (head: string, pairs: Pair[], raw?: string[]): string =>
  `${head}?${(raw ?? pairs.map(([k, v]) => `${k}=${v}`)).join('&')}`
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter(
  (ch) => ch !== '#',
)
/** Percent-decoding to bytes that never throws (stacked mutations leave stray '%'). */
function rawBytes(s: string): Uint8Array {
  const out: number[] = []
  for (let k = 0; k < s.length; k++) {
    const ch = s[k]!
    if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(k + 1, k + 3))) {
      out.push(parseInt(s.slice(k + 1, k + 3), 16))
      k += 2
    } else if (ch === '+') out.push(32)
    else out.push(...new TextEncoder().encode(ch))
  }
  return new Uint8Array(out)
}
const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0')

/** One mutation of a signed URL; `reencoding` marks those that keep the signed values (they SHOULD verify). */
function mutate(url: string, r: ReturnType<typeof prng>): { url: string; op: string } {
  const { head, pairs } = splitQuery(url)
  const p = pairs.map((x) => [...x] as Pair)
  const i = r.int(p.length)
  const target = p[i]!
  switch (r.int(12)) {
    case 0: {
      // flip one character of the query to another printable one
      const q = join(head, p).slice(head.length + 1)
      const at = r.int(q.length)
      return {
        url: `${head}?${q.slice(0, at)}${r.pick(PRINTABLE)}${q.slice(at + 1)}`,
        op: 'flip-char',
      }
    }
    case 1: {
      // flip one bit of one byte of the decoded value, re-encoded as %XX
      const bytes = rawBytes(target[1] || 'a')
      const at = r.int(bytes.length)
      bytes[at] = bytes[at]! ^ (1 << r.int(8))
      target[1] = [...bytes].map((b) => `%${hex2(b)}`).join('')
      return { url: join(head, p), op: 'flip-bit' }
    }
    case 2:
      p.splice(i, 1)
      return { url: join(head, p), op: 'drop-param' }
    case 3:
      p.splice(r.int(p.length + 1), 0, [...target])
      return { url: join(head, p), op: 'duplicate-param-same-value' }
    case 4:
      p.splice(r.int(p.length + 1), 0, [target[0], `${target[1]}x`])
      return { url: join(head, p), op: 'duplicate-param-other-value' }
    case 5: {
      for (let k = p.length - 1; k > 0; k--) {
        const j = r.int(k + 1)
        ;[p[k], p[j]] = [p[j]!, p[k]!]
      }
      return { url: join(head, p), op: 'reorder' }
    }
    case 6: {
      // re-encode: %XX for an unreserved character, '+' ↔ '%20', lower-case hex escapes
      const which = r.int(3)
      const side = r.int(2)
      let s = target[side]!
      if (which === 0 && /[A-Za-z0-9]/.test(s)) {
        const m = [...s.matchAll(/[A-Za-z0-9]/g)]
        const hit = m[r.int(m.length)]!
        s = `${s.slice(0, hit.index)}%${hex2(hit[0].charCodeAt(0))}${s.slice(hit.index + 1)}`
      } else if (which === 1) s = s.includes('+') ? s.replace('+', '%20') : s.replace('%20', '+')
      else s = s.replace(/%[0-9A-F]{2}/, (e) => e.toLowerCase())
      target[side] = s
      return { url: join(head, p), op: 'reencode' }
    }
    case 7: {
      const ts = p.find(([k]) => k === 'timestamp')
      if (ts) ts[1] = String(Number(ts[1]) + r.pick([-86400, -301, -61, -1, 1, 59, 61, 3600]))
      return { url: join(head, p), op: 'shift-timestamp' }
    }
    case 8: {
      const ts = p.find(([k]) => k === 'timestamp')
      if (ts)
        ts[1] = r.pick([
          `${ts[1]}.0`,
          ` ${ts[1]}`,
          `0${ts[1]}`,
          `${ts[1]}e0`,
          '-1',
          '',
          `${ts[1]}%00`,
          '99999999999999999999',
        ])
      return { url: join(head, p), op: 'malform-timestamp' }
    }
    case 9: {
      const sig = p.find(([k]) => k === 'signature')
      if (sig)
        sig[1] = r.pick([
          sig[1].toUpperCase(),
          sig[1].slice(0, -1),
          `${sig[1]}0`,
          '',
          sig[1].replace(/^./, (ch) => (ch === 'a' ? 'b' : 'a')),
          `${sig[1].slice(0, 32)}${'0'.repeat(32)}`,
        ])
      return { url: join(head, p), op: 'signature' }
    }
    case 10:
      p.splice(r.int(p.length + 1), 0, [
        r.pick([
          'extra',
          'customerWebId',
          'apiClaim',
          'x[]',
          'customerWebId[]',
          'customer.WebId',
          ' userId',
          'signature',
        ]),
        r.pick(['1', '', '%00', 'a%26b']),
      ])
      return { url: join(head, p), op: 'add-param' }
    default: {
      // rename a key in a way PHP treats as another name (or the same: ' ' and '.' become '_')
      target[0] = r.pick([
        `${target[0]}_`,
        target[0].toUpperCase(),
        `${target[0]}%00`,
        `${target[0]}[]`,
        target[0].replace(/^./, (ch) => `${ch}.`),
      ])
      return { url: join(head, p), op: 'rename-key' }
    }
  }
}

describe(`fuzz: mutated signed URLs (seed ${SEED}, HARDENING_SEED to reproduce)`, () => {
  it(`${N} mutations: never a wrong accept, never a throw; re-encodings of the same values verify`, async () => {
    report(`signed-URL fuzz seed=${SEED} mutations=${N}`)
    const r = prng(SEED)
    const signed = await Promise.all(BASES.map((b) => signUrl(b, PROVIDER_SECRET, { now })))
    const originals = await Promise.all(
      signed.map(async (u) => ({
        url: u,
        toSign: signedUrlStringToSign(u),
        sig: new URL(u).searchParams.get('signature')!,
        result: await verifySignedUrl(u, { secret: PROVIDER_SECRET, now }),
      })),
    )
    for (const o of originals) {
      expect(o.result.ok).toBe(true)
      canary.add(o.sig)
    }
    const stats = {
      accepted: 0,
      rejected: 0,
      sameCanonical: 0,
      sameCanonicalAccepted: 0,
      wrongAccepts: [] as string[],
      throws: [] as string[],
      missedReencodings: [] as string[],
    }
    const byOp = new Map<string, number>()
    for (let n = 0; n < N; n++) {
      const o = originals[n % originals.length]!
      let m = mutate(o.url, r)
      // 1–3 mutations stacked
      for (let extra = r.int(3); extra > 0; extra--)
        m = { url: mutate(m.url, r).url, op: `${m.op}+` }
      byOp.set(m.op, (byOp.get(m.op) ?? 0) + 1)
      let canonicalSame = false
      let sigSame = false
      let sigCount = 0
      try {
        canonicalSame = signedUrlStringToSign(m.url) === o.toSign
        const sigs = new URL(m.url).searchParams.getAll('signature')
        sigCount = sigs.length
        // Exactly the signature: upper-case hex is not what onOffice sends and is refused (malformed_signature).
        sigSame = sigs.length === 1 && sigs[0] === o.sig
      } catch {
        canonicalSame = false
      }
      let result: Awaited<ReturnType<typeof verifySignedUrl>>
      try {
        result = await verifySignedUrl(m.url, { secret: PROVIDER_SECRET, now })
      } catch (e) {
        stats.throws.push(`${m.op}: ${(e as Error).message}`)
        continue
      }
      if (!result.ok) {
        stats.rejected++
        canary.scan('verify result', JSON.stringify(result))
      } else stats.accepted++
      if (canonicalSame && sigSame) {
        stats.sameCanonical++
        if (result.ok) stats.sameCanonicalAccepted++
        // The same signed values, differently encoded: must verify unless a security param appears twice.
        else if (result.reason !== 'duplicate_param' && sigCount === 1)
          stats.missedReencodings.push(`${m.op} → ${result.reason}`)
      }
      if (result.ok) {
        const same =
          canonicalSame &&
          JSON.stringify(Object.entries(result.params).sort()) ===
            JSON.stringify(
              Object.entries((o.result as { params: Record<string, string> }).params).sort(),
            )
        if (!same) stats.wrongAccepts.push(`${m.op}: ${m.url}`)
      }
    }
    report(
      `signed-URL fuzz: ${JSON.stringify({ ...stats, wrongAccepts: stats.wrongAccepts.length, throws: stats.throws.length, missedReencodings: stats.missedReencodings.length, byOp: Object.fromEntries(byOp) })}`,
    )
    expect(stats.throws).toEqual([])
    expect(stats.wrongAccepts).toEqual([])
    expect(stats.missedReencodings).toEqual([])
    // The fuzzer must exercise both sides: plenty of rejections and plenty of accepted re-encodings.
    expect(stats.rejected).toBeGreaterThan(N / 2)
    expect(stats.sameCanonicalAccepted).toBeGreaterThan(N / 50)
  })
})
