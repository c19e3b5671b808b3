/**
 * Worker size: `wrangler deploy --dry-run --minify --outdir <tmp>` of examples/workers (root wrangler.toml) vs a
 * baseline Worker that uses Hono + jose + zod/mini only (bench/fixtures/baseline-worker), same run, same wrangler.
 * The kit's share in gzip KiB = gzip(example) − gzip(baseline). The example's own application code (pages,
 * routes) is counted in that share, so it is an upper bound of the kit alone; the esbuild metafile breakdown
 * (minified bytes by source directory) is printed beside it.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import type { BenchReport } from './run.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const wrangler = join(root, 'node_modules', '.bin', 'wrangler')
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }

interface Built {
  bytes: number
  gzip: number
  byDir: Record<string, number>
}

async function build(config: string): Promise<Built> {
  const out = await mkdtemp(join(tmpdir(), 'oo-size-'))
  try {
    await run(wrangler, ['deploy', '--dry-run', '--minify', '--outdir', out, '--metafile', join(out, 'meta.json'), '--config', config], { cwd: root, env, maxBuffer: 16 * 2 ** 20 })
    const js = (await readdir(out)).filter((f) => f.endsWith('.js'))
    let code = ''
    for (const f of js) code += await readFile(join(out, f), 'utf8')
    const meta = JSON.parse(await readFile(join(out, 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }
    const byDir: Record<string, number> = {}
    for (const o of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(o.inputs)) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)
        const dir = m ? m[1]! : /(?:^|\/)(src\/[^/]+|adapters|examples\/[^/]+)/.exec(input)?.[1] ?? 'other'
        byDir[dir] = (byDir[dir] ?? 0) + bytesInOutput
      }
    }
    return { bytes: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).byteLength, byDir }
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}

const kib = (n: number) => Number((n / 1024).toFixed(1))

export default async function (): Promise<BenchReport> {
  const example = await build(join(root, 'wrangler.toml'))
  const baseline = await build(join(root, 'bench', 'fixtures', 'baseline-worker', 'wrangler.toml'))
  const kitGzip = example.gzip - baseline.gzip
  const kitMinified = Object.entries(example.byDir).filter(([d]) => d.startsWith('src/') || d === 'adapters').reduce((a, [, b]) => a + b, 0)
  const exampleApp = Object.entries(example.byDir).filter(([d]) => d.startsWith('examples/')).reduce((a, [, b]) => a + b, 0)
  return {
    title: 'Worker size: wrangler deploy --dry-run --minify, examples/workers vs Hono + jose + zod/mini baseline',
    rows: [
      { bundle: 'examples/workers (kit + example app)', minifiedKiB: kib(example.bytes), gzipKiB: kib(example.gzip) },
      { bundle: 'baseline (Hono + jose + zod/mini)', minifiedKiB: kib(baseline.bytes), gzipKiB: kib(baseline.gzip) },
      { bundle: 'kit share = example − baseline (target ≤ 15 KiB gzip)', minifiedKiB: kib(example.bytes - baseline.bytes), gzipKiB: kib(kitGzip) },
      { bundle: 'of which kit sources src/ + adapters/ (metafile, minified)', minifiedKiB: kib(kitMinified), gzipKiB: '' },
      { bundle: 'of which example app examples/workers (metafile, minified)', minifiedKiB: kib(exampleApp), gzipKiB: '' },
      ...Object.entries(example.byDir)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([dir, bytes]) => ({ bundle: `  example input: ${dir}`, minifiedKiB: kib(bytes), gzipKiB: '' })),
    ],
    results: {
      workerGzipKiB: kib(example.gzip),
      baselineGzipKiB: kib(baseline.gzip),
      kitGzipKiB: kib(kitGzip),
      kitSourcesMinifiedKiB: kib(kitMinified),
      exampleAppMinifiedKiB: kib(exampleApp),
    },
  }
}
