/**
 * Worker size: `wrangler deploy --dry-run --minify --outdir <tmp> --metafile` of three Workers, same run, same wrangler:
 * - examples/workers (root wrangler.toml): kit + example app + Hono/jose/zod;
 * - bench/fixtures/baseline-worker/wrangler.toml: Hono + jose + zod/mini used the way the kit uses them (deps.ts);
 * - bench/fixtures/baseline-worker/wrangler.with-app.toml: the same plus examples/workers' own code, with
 *   `onoffice-kit/*` aliased to a do-nothing stub (kit-stub.ts).
 * kit share (gzip) = gzip(examples/workers) − gzip(baseline with app): neither the libraries nor the example's
 * own code count. The example app's share = gzip(baseline with app) − gzip(baseline). The esbuild metafile
 * breakdown (minified bytes by source directory) is printed beside it.
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
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CI: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
}

interface Built {
  bytes: number
  gzip: number
  byDir: Record<string, number>
}

async function build(config: string): Promise<Built> {
  const out = await mkdtemp(join(tmpdir(), 'oo-size-'))
  try {
    await run(
      wrangler,
      [
        'deploy',
        '--dry-run',
        '--minify',
        '--outdir',
        out,
        '--metafile',
        join(out, 'meta.json'),
        '--config',
        config,
      ],
      { cwd: root, env, maxBuffer: 16 * 2 ** 20 },
    )
    const js = (await readdir(out)).filter((f) => f.endsWith('.js'))
    let code = ''
    for (const f of js) code += await readFile(join(out, f), 'utf8')
    const meta = JSON.parse(await readFile(join(out, 'meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>
    }
    const byDir: Record<string, number> = {}
    for (const o of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(o.inputs)) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)
        const dir = m
          ? m[1]!
          : (/(?:^|\/)(src\/[^/]+|adapters|examples\/[^/]+)/.exec(input)?.[1] ?? 'other')
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
  const withApp = await build(
    join(root, 'bench', 'fixtures', 'baseline-worker', 'wrangler.with-app.toml'),
  )
  const kitGzip = example.gzip - withApp.gzip
  const kitMinified = Object.entries(example.byDir)
    .filter(([d]) => d.startsWith('src/') || d === 'adapters')
    .reduce((a, [, b]) => a + b, 0)
  const exampleApp = Object.entries(example.byDir)
    .filter(([d]) => d.startsWith('examples/'))
    .reduce((a, [, b]) => a + b, 0)
  return {
    title:
      'Worker size: wrangler deploy --dry-run --minify, examples/workers vs Hono + jose + zod/mini baseline',
    rows: [
      {
        bundle: 'examples/workers (kit + example app)',
        minifiedKiB: kib(example.bytes),
        gzipKiB: kib(example.gzip),
      },
      {
        bundle: 'baseline (Hono + jose + zod/mini as the kit uses them)',
        minifiedKiB: kib(baseline.bytes),
        gzipKiB: kib(baseline.gzip),
      },
      {
        bundle: 'baseline + example app code (kit stubbed)',
        minifiedKiB: kib(withApp.bytes),
        gzipKiB: kib(withApp.gzip),
      },
      {
        bundle: 'example app share = (baseline + app) − baseline',
        minifiedKiB: kib(withApp.bytes - baseline.bytes),
        gzipKiB: kib(withApp.gzip - baseline.gzip),
      },
      {
        bundle: 'kit share = example − (baseline + app) (target ≤ 15 KiB gzip)',
        minifiedKiB: kib(example.bytes - withApp.bytes),
        gzipKiB: kib(kitGzip),
      },
      {
        bundle: 'of which kit sources src/ + adapters/ (metafile, minified)',
        minifiedKiB: kib(kitMinified),
        gzipKiB: '',
      },
      {
        bundle: 'of which example app examples/workers (metafile, minified)',
        minifiedKiB: kib(exampleApp),
        gzipKiB: '',
      },
      ...Object.entries(example.byDir)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([dir, bytes]) => ({
          bundle: `  example input: ${dir}`,
          minifiedKiB: kib(bytes),
          gzipKiB: '',
        })),
    ],
    results: {
      workerGzipKiB: kib(example.gzip),
      baselineGzipKiB: kib(baseline.gzip),
      baselineWithAppGzipKiB: kib(withApp.gzip),
      exampleAppGzipKiB: kib(withApp.gzip - baseline.gzip),
      kitGzipKiB: kib(kitGzip),
      kitSourcesMinifiedKiB: kib(kitMinified),
      exampleAppMinifiedKiB: kib(exampleApp),
    },
  }
}
