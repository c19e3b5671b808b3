import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hmacSha256, toHex } from '../../src/core/crypto.ts'
import {
  flatCanonicalQuery,
  flatDecodeBinary,
  flatParams,
  flatRawValue,
  parseFlatQuery,
} from '../../src/marketplace/php/flat-query.ts'
import { httpBuildQueryBinary } from '../../src/marketplace/php/http-build-query.ts'
import { ksortBinaryEntries } from '../../src/marketplace/php/ksort.ts'
import { parseStr, parseStrBinary } from '../../src/marketplace/php/parse-str.ts'
import {
  canonicalQuery,
  exactCanonicalQuery,
  signedUrlStringToSign,
  verifySignedUrl,
} from '../../src/marketplace/signed-url.ts'

// The flat-query fast path must give byte for byte what the exact PHP emulation gives. Both sit behind one seam
// (canonicalQuery / exactCanonicalQuery in signed-url.ts); the exact one is the oracle, and the PHP primitives
// composed directly are a second one.
const SECRET = 'provider-secret-0123456789'
const T = 1_700_000_000
const now = () => T * 1000
const RUNS = 5000

function exactCanonical(query: string): string {
  const entries = [...parseStrBinary(query)].filter(([k]) => k !== 'signature')
  return httpBuildQueryBinary(ksortBinaryEntries(entries), 'RFC1738')
}

// Names: plain ones (security names, mixed case, `__proto__`), and every kind the fast path must refuse.
const plainName = fc.oneof(
  fc.constantFrom(
    'apiClaim',
    'customerWebId',
    'userId',
    'timestamp',
    'signature',
    'UserLanguage',
    'userlanguage',
    'a',
    'A',
    'B_',
    '_x',
    '__proto__',
    'constructor',
    'toString',
    'a-b',
    'Z9',
    'parameterCacheId',
    'apiToken',
  ),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/),
)
const oddName = fc.oneof(
  fc.constantFrom(
    '5',
    '05',
    '-3',
    '0',
    '1e3',
    '1.5',
    '+1',
    ' 5',
    '9223372036854775808',
    '-',
    '',
    'a[b]',
    'a[]',
    'a[b',
    'a]b',
    'a.b',
    'a b',
    ' a',
    'a+b',
    'a%5Bb%5D',
    '%61piClaim',
    'sig%6Eature',
    'a%00b',
    '__Host-x',
    '__Host.x',
    'a%',
    'a%2',
  ),
  fc.stringMatching(/^[ -~]{0,6}$/).map((s) => s.replace(/[&=#]/g, '')),
)
const name = fc.oneof({ weight: 4, arbitrary: plainName }, { weight: 1, arbitrary: oddName })

const bytesEscaped = (bytes: number[], lower: boolean) =>
  bytes
    .map((b) => '%' + b.toString(16).padStart(2, '0')[lower ? 'toLowerCase' : 'toUpperCase']())
    .join('')
// Values: UTF-8 text encoded several ways, reserved characters raw, malformed escapes, invalid UTF-8.
const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(encodeURIComponent),
  fc
    .string({ unit: 'binary', maxLength: 6 })
    .map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, 'x')).replace(/%20/g, '+')),
  fc.stringMatching(/^[ -~]{0,8}$/).map((s) => s.replace(/[&#]/g, '')),
  fc
    .array(fc.integer({ min: 0, max: 255 }), { maxLength: 5 })
    .chain((b) => fc.boolean().map((lower) => bytesEscaped(b, lower))),
  fc.constantFrom(
    '',
    '%',
    '%2',
    '%G1',
    '%%41',
    '%C3',
    '%C3x',
    '%C3%28',
    '%E2%82',
    '%ED%A0%80',
    '%F4%90%80%80',
    '%C0%AF',
    '%EF%BB%BF',
    '%e2%82%ac',
    '+%2B+',
    '%00',
    'a=b',
    '%7e%2a',
    'M%C3%BCller+H%C3%A4user',
    '1700000000',
  ),
  // UTF-8 edges: shortest/longest of each length, overlong forms, surrogates, beyond U+10FFFF, stray bytes.
  fc.constantFrom(
    '%C2%80',
    '%DF%BF',
    '%E0%A0%80',
    '%E0%9F%BF',
    '%E0%80%80',
    '%EF%BF%BF',
    '%F0%90%80%80',
    '%F0%8F%BF%BF',
    '%F0%9F%98%80',
    '%f0%9f%98%80x',
    '%F4%8F%BF%BF',
    '%80',
    '%BF%C3',
    '%C1%BF',
    '%F5%80%80%80',
    '%FE',
    '%FF',
    '%C3%BC%',
    '%E2%82%AC%E2%82',
  ),
)

const pieces = fc.array(fc.tuple(name, value, fc.constantFrom('=', '=', '=', '')), {
  maxLength: 14,
})
const toQuery = (ps: Array<[string, string, string]>, empties: boolean) =>
  ps.map(([k, v, eq]) => (eq === '' ? k : `${k}=${v}`)).join(empties ? '&&' : '&')

describe('flat-query fast path ≡ exact PHP path', () => {
  it('string-to-sign, parameters and the values the verifier reads are identical on arbitrary queries', () => {
    let taken = 0
    fc.assert(
      fc.property(pieces, fc.boolean(), (ps, empties) => {
        const query = toQuery(ps, empties)
        const flat = parseFlatQuery(query)
        if (!flat) return
        taken++
        expect(flatCanonicalQuery(flat, 'signature')).toBe(exactCanonical(query))
        const expected = Object.entries(parseStr(query)).filter(([k]) => k !== 'signature')
        expect(Object.entries(flatParams(flat, 'signature'))).toEqual(expected)
        const bin = parseStrBinary(query)
        for (const n of ['signature', 'timestamp', ...ps.map((p) => p[0])]) {
          const raw = flatRawValue(flat, n)
          expect(raw === undefined ? undefined : flatDecodeBinary(raw)).toBe(bin.get(n))
        }
      }),
      { numRuns: RUNS },
    )
    // The property says something only if the fast path was actually taken often.
    expect(taken).toBeGreaterThan(RUNS / 4)
  })

  it('refuses (→ exact path) every query with a name PHP would decode, mangle, nest or sort numerically', () => {
    for (const q of [
      '5=a',
      '05=a',
      '-3=a',
      'a[b]=1',
      'a[]=1',
      'a.b=1',
      'a+b=1',
      ' a=1',
      'a%5B=1',
      '=1',
      'a=1&=2',
      'a=ü',
      'ä=1',
      '?a=1',
      'a\0=1',
    ]) {
      expect(parseFlatQuery(q), q).toBeNull()
    }
    expect(parseFlatQuery('a=1&&b=%zz&c&d=%C3')).not.toBeNull()
  })

  it('canonicalQuery (fast where it applies) reads every signed query exactly as the exact path does (validly signed, tampered, duplicated, malformed)', async () => {
    let ok = 0
    let fastTaken = 0
    const base = 'https://provider.example/onoffice/service'
    await fc.assert(
      fc.asyncProperty(
        pieces,
        fc.boolean(),
        fc.constantFrom('sign', 'sign', 'tamper', 'none', 'garbage'),
        async (ps, withTs, mode) => {
          let query = toQuery(ps, false)
          if (withTs) query += `${query ? '&' : ''}timestamp=${T}`
          const toSign = exactCanonicalQuery(query).toSign(base)
          expect(canonicalQuery(query).toSign(base)).toBe(toSign)
          const sig = toHex(await hmacSha256(SECRET, toSign))
          const signedQuery =
            mode === 'none'
              ? query
              : `${query}&signature=${mode === 'sign' ? sig : mode === 'tamper' ? sig.replace(/^./, (c) => (c === '0' ? '1' : '0')) : 'xyz'}`
          if (parseFlatQuery(signedQuery)) fastTaken++
          const a = canonicalQuery(signedQuery)
          const b = exactCanonicalQuery(signedQuery)
          // Everything verifySignedUrl reads from the query: the same from both paths.
          expect(a.duplicate).toBe(b.duplicate)
          for (const n of ['signature', 'timestamp', ...ps.map((p) => p[0])])
            expect(a.value(n), n).toBe(b.value(n))
          expect(a.toSign(base)).toBe(b.toSign(base))
          if (!a.duplicate) expect(Object.entries(a.params())).toEqual(Object.entries(b.params()))
          const r = await verifySignedUrl(`${base}?${signedQuery}`, { secret: SECRET, now })
          if (r.ok) {
            expect(Object.getPrototypeOf(r.params)).toBe(Object.prototype)
            ok++
          }
        },
      ),
      { numRuns: RUNS },
    )
    expect(ok).toBeGreaterThan(RUNS / 10)
    expect(fastTaken).toBeGreaterThan(RUNS / 10)
  }, 60_000)

  it('T7 golden vector through the fast path', () => {
    const T7_TO_SIGN =
      'https://provider.example/onoffice/service?UserLanguage=ENG&apiClaim=a%2Bb%2Fc%3Dd%7Ee%2Af&customerName=M%C3%BCller+H%C3%A4user&customerWebId=12345&estateId=4711&groupId=3&imageIds=1%2C2%2C3&language=DEU&myParam=x&parameterCacheId=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&timestamp=1700000000&userId=17'
    const query = T7_TO_SIGN.split('?')[1]!.split('&').reverse().join('&')
    expect(parseFlatQuery(query)).not.toBeNull()
    expect(
      signedUrlStringToSign(`https://provider.example/onoffice/service?${query}&signature=00`),
    ).toBe(T7_TO_SIGN)
  })
})
