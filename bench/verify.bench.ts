/**
 * Signed-URL verification throughput vs a bare HMAC-SHA256 of the same string-to-sign, same run, with the
 * same HMAC primitive verifySignedUrl uses (the synchronous one where the runtime has it, else WebCrypto with
 * the cached key): the ratio is the cost of PHP-exact canonicalisation and the checks around it.
 */
import { hmacSha256, hmacSha256Sync } from '../src/core/crypto.ts'
import { signedUrlStringToSign, signUrl, verifySignedUrl } from '../src/index.ts'
import type { BenchReport } from './run.ts'

const SECRET = 'provider-secret-0123456789'
const T = 1_700_000_000
const now = () => T * 1000

async function perSecond(fn: () => Promise<unknown>, ms: number): Promise<number> {
  for (let i = 0; i < 2000; i++) await fn() // warm-up
  let n = 0
  const start = performance.now()
  while (performance.now() - start < ms) {
    for (let i = 0; i < 200; i++) await fn()
    n += 200
  }
  return n / ((performance.now() - start) / 1000)
}

export default async function (): Promise<BenchReport> {
  // T7-shaped service launch: 13 params, non-ASCII, reserved characters, mixed-case keys.
  const url = await signUrl(
    'https://provider.example/onoffice/service?apiClaim=a%2Bb%2Fc%3Dd%7Ee%2Af&customerName=M%C3%BCller+H%C3%A4user&customerWebId=12345&estateId=4711&groupId=3&imageIds=1%2C2%2C3&language=DEU&parameterCacheId=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&userId=17&UserLanguage=ENG&myParam=x',
    SECRET,
    { now },
  )
  const toSign = signedUrlStringToSign(url)
  const check = await verifySignedUrl(url, { secret: SECRET, now })
  if (!check.ok) throw new Error('bench URL does not verify')

  const rounds: Array<{ hmac: number; verify: number }> = []
  for (let r = 0; r < 3; r++) {
    const hmac = await perSecond(
      hmacSha256Sync
        ? async () => hmacSha256Sync!(SECRET, toSign)
        : () => hmacSha256(SECRET, toSign),
      700,
    )
    const verify = await perSecond(() => verifySignedUrl(url, { secret: SECRET, now }), 700)
    rounds.push({ hmac, verify })
  }
  const best = (k: 'hmac' | 'verify') => Math.max(...rounds.map((x) => x[k]))
  const hmac = best('hmac')
  const verify = best('verify')
  const ratio = hmac / verify
  return {
    title: 'verifySignedUrl vs bare HMAC-SHA256 of the same string',
    rows: [
      {
        what: `bare HMAC-SHA256 (${hmacSha256Sync ? 'synchronous node:crypto' : 'WebCrypto, cached key'})`,
        opsPerSec: Math.round(hmac),
      },
      {
        what: 'verifySignedUrl (parse_str, ksort, http_build_query, checks, HMAC verify)',
        opsPerSec: Math.round(verify),
      },
      { what: 'overhead ratio (target ≤ 3×)', opsPerSec: Number(ratio.toFixed(2)) },
    ],
    results: {
      verifyOpsPerSec: Math.round(verify),
      verifyBaselineHmacOpsPerSec: Math.round(hmac),
      verifyOverheadRatio: Number(ratio.toFixed(2)),
    },
  }
}
