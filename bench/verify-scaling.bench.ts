/**
 * Verify cost against query size: validly signed flat queries of growing size (bytes, then parameter count),
 * timed in the same run. `costRatio / sizeRatio` near 1 means linear growth; a quadratic path (the old
 * insertion sort of the flat-query path) shows as a ratio that grows with the size. Sizes stay under the
 * limits (16 KiB, 1,000 parameters): above them verification is refused before any work.
 */
import { signUrl, verifySignedUrl } from '../src/index.ts'
import type { BenchReport } from './run.ts'

const SECRET = 'provider-secret-0123456789'
const now = () => 1_700_000_000_000

async function msPerOp(url: string, budgetMs: number): Promise<number> {
  const verify = () => verifySignedUrl(url, { secret: SECRET, now })
  if (!(await verify()).ok) throw new Error('bench URL does not verify')
  for (let i = 0; i < 50; i++) await verify() // warm-up
  let n = 0
  const start = performance.now()
  while (performance.now() - start < budgetMs) {
    for (let i = 0; i < 20; i++) await verify()
    n += 20
  }
  return (performance.now() - start) / n
}

const byBytes = (bytes: number) =>
  signUrl(
    `https://provider.example/onoffice/service?customerWebId=1&userId=2&x=${'y'.repeat(bytes)}`,
    SECRET,
    { now },
  )
// Names in reverse order so the sort has work to do.
const byParams = (n: number) =>
  signUrl(
    `https://provider.example/onoffice/service?${Array.from({ length: n }, (_, i) => `p${String(n - i).padStart(4, '0')}=v`).join('&')}`,
    SECRET,
    { now },
  )

export default async function (): Promise<BenchReport> {
  const small = await msPerOp(await byBytes(1000), 500)
  const large = await msPerOp(await byBytes(16000), 500)
  const few = await msPerOp(await byParams(100), 500)
  const many = await msPerOp(await byParams(990), 500)
  const bytesLinearity = large / small / 16
  const paramsLinearity = many / few / 9.9
  return {
    title: 'verifySignedUrl cost vs query size (same run; ratio ≈ 1 is linear)',
    rows: [
      { what: 'query of ~1 KB (µs per verify)', value: Number((small * 1000).toFixed(1)) },
      { what: 'query of ~16 KB (µs per verify)', value: Number((large * 1000).toFixed(1)) },
      { what: 'cost ratio / size ratio (16×), bytes', value: Number(bytesLinearity.toFixed(2)) },
      { what: '100 parameters (µs per verify)', value: Number((few * 1000).toFixed(1)) },
      { what: '990 parameters (µs per verify)', value: Number((many * 1000).toFixed(1)) },
      {
        what: 'cost ratio / size ratio (9.9×), parameters',
        value: Number(paramsLinearity.toFixed(2)),
      },
    ],
    results: {
      verifyScalingBytesLinearity: Number(bytesLinearity.toFixed(2)),
      verifyScalingParamsLinearity: Number(paramsLinearity.toFixed(2)),
    },
  }
}
