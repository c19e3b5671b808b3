/**
 * Worker size: `wrangler deploy --dry-run --minify --outdir <tmp> --metafile` of five Workers, same run, same
 * wrangler:
 * - bench/fixtures/minimal-worker: `routes()` + `launch()` + `session()` with trivial handlers — the headline
 *   `kitGzipKiB`: what every provider pays;
 * - examples/workers (root wrangler.toml): kit + the example app (every feature) + Hono/jose/zod;
 * - bench/fixtures/baseline-worker/wrangler.toml: Hono + jose + zod/mini used the way the kit uses them (deps.ts);
 * - …/wrangler.with-minimal.toml and …/wrangler.with-app.toml: the baseline plus the minimal Worker's, resp. the
 *   example's, own code with `onoffice-kit/*` aliased to a do-nothing stub (kit-stub.ts).
 * kit share (gzip) = gzip(Worker) − gzip(baseline with that Worker's code): neither the libraries nor the app's
 * own code count. The esbuild metafile breakdown lists every kit module in the minimal bundle with its minified
 * bytes and the modules that import it (why it is there).
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { repoPath, wranglerBundle } from './fixtures/wrangler-bundle.ts'
import type { BenchReport } from './run.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const fixtures = join(root, 'bench', 'fixtures')

interface Built {
  bytes: number
  gzip: number
  /** Minified bytes by package (node_modules) or source folder. */
  byDir: Record<string, number>
  /** Kit modules (src/, adapters/) in the output: minified bytes and the bundled modules that import them. */
  kitModules: Array<{ module: string; bytes: number; importedBy: string[] }>
}

const isKit = (input: string): boolean => /^(?:src|adapters)\//.test(repoPath(input))

function dirOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)
  if (m) return m[1]!
  return (
    /^(src\/[^/]+|adapters|examples\/[^/]+|bench\/fixtures\/[^/]+)/.exec(repoPath(input))?.[1] ??
    'other'
  )
}

async function build(config: string): Promise<Built> {
  const { code, meta } = await wranglerBundle(config)
  const byDir: Record<string, number> = {}
  const inOutput: Record<string, number> = {}
  for (const o of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(o.inputs)) {
      byDir[dirOf(input)] = (byDir[dirOf(input)] ?? 0) + bytesInOutput
      inOutput[input] = (inOutput[input] ?? 0) + bytesInOutput
    }
  }
  // Importers among the bundled modules; a re-export hub (an index.ts with 0 bytes in the output) is replaced by
  // its own importers, so each line names the module whose code uses the import.
  const importersOf = (input: string, seen = new Set<string>()): string[] =>
    Object.entries(meta.inputs)
      .filter(([from, { imports }]) => from in inOutput && imports.some((i) => i.path === input))
      .flatMap(([from]) => {
        if (inOutput[from] !== 0 || seen.has(from)) return [repoPath(from)]
        seen.add(from)
        return importersOf(from, seen).map((via) => `${via} (via ${repoPath(from)})`)
      })
  const kitModules = Object.entries(inOutput)
    .filter(([input, bytes]) => isKit(input) && bytes > 0)
    .map(([input, bytes]) => ({ module: repoPath(input), bytes, importedBy: importersOf(input) }))
    .sort((a, b) => b.bytes - a.bytes)
  return {
    bytes: Buffer.byteLength(code),
    gzip: gzipSync(code, { level: 9 }).byteLength,
    byDir,
    kitModules,
  }
}

const kib = (n: number) => Number((n / 1024).toFixed(1))
const sumOf = (b: Built, pick: (dir: string) => boolean) =>
  Object.entries(b.byDir)
    .filter(([d]) => pick(d))
    .reduce((a, [, n]) => a + n, 0)
const isKitDir = (d: string) => d.startsWith('src/') || d === 'adapters'
const isLibDir = (d: string) =>
  !isKitDir(d) && !d.startsWith('examples/') && !d.startsWith('bench/')
const TARGET_KIB = 20

export default async function (): Promise<BenchReport> {
  const minimal = await build(join(fixtures, 'minimal-worker', 'wrangler.toml'))
  const withMinimal = await build(join(fixtures, 'baseline-worker', 'wrangler.with-minimal.toml'))
  const example = await build(join(root, 'wrangler.toml'))
  const baseline = await build(join(fixtures, 'baseline-worker', 'wrangler.toml'))
  const withApp = await build(join(fixtures, 'baseline-worker', 'wrangler.with-app.toml'))
  const kitGzip = minimal.gzip - withMinimal.gzip
  const exampleKitGzip = example.gzip - withApp.gzip
  const row = (bundle: string, b: { bytes: number; gzip: number }) => ({
    bundle,
    minifiedKiB: kib(b.bytes),
    gzipKiB: kib(b.gzip),
  })
  const diff = (a: Built, b: Built) => ({ bytes: a.bytes - b.bytes, gzip: a.gzip - b.gzip })
  return {
    title:
      'Worker size: wrangler deploy --dry-run --minify; kit share = Worker − (Hono/jose/zod baseline + the app, kit stubbed)',
    rows: [
      row(
        'minimal Worker: routes() + launch() + session() (bench/fixtures/minimal-worker)',
        minimal,
      ),
      row('baseline + the minimal app, kit stubbed', withMinimal),
      row(
        `kitGzipKiB = minimal − (baseline + minimal app) (target ≤ ${TARGET_KIB} KiB gzip)`,
        diff(minimal, withMinimal),
      ),
      {
        bundle: '  minimal: kit sources src/ + adapters/ (metafile, minified)',
        minifiedKiB: kib(sumOf(minimal, isKitDir)),
        gzipKiB: '',
      },
      {
        bundle: '  minimal: libraries (metafile) | in its baseline',
        minifiedKiB: kib(sumOf(minimal, isLibDir)),
        gzipKiB: kib(sumOf(withMinimal, isLibDir)),
      },
      row('examples/workers (kit + example app, every feature)', example),
      row('baseline (Hono + jose + zod/mini as the kit uses them)', baseline),
      row('baseline + example app code (kit stubbed)', withApp),
      row('example app share = (baseline + app) − baseline', diff(withApp, baseline)),
      row('exampleKitGzipKiB = example − (baseline + app)', diff(example, withApp)),
      {
        bundle: '  example: kit sources src/ + adapters/ (metafile, minified)',
        minifiedKiB: kib(sumOf(example, isKitDir)),
        gzipKiB: '',
      },
      ...Object.entries(minimal.byDir)
        .filter(([d]) => isKitDir(d))
        .sort((a, b) => b[1] - a[1])
        .map(([dir, bytes]) => ({
          bundle: `  minimal input: ${dir}`,
          minifiedKiB: kib(bytes),
          gzipKiB: '',
        })),
      ...minimal.kitModules.map((m) => ({
        bundle: `    ${m.module} ← ${m.importedBy.join(', ') || 'entry'}`,
        minifiedKiB: kib(m.bytes),
        gzipKiB: '',
      })),
    ],
    results: {
      kitGzipKiB: kib(kitGzip),
      kitGzipTargetMet: kib(kitGzip) <= TARGET_KIB,
      minimalWorkerGzipKiB: kib(minimal.gzip),
      baselineWithMinimalGzipKiB: kib(withMinimal.gzip),
      kitSourcesMinifiedKiB: kib(sumOf(minimal, isKitDir)),
      exampleKitGzipKiB: kib(exampleKitGzip),
      workerGzipKiB: kib(example.gzip),
      baselineGzipKiB: kib(baseline.gzip),
      baselineWithAppGzipKiB: kib(withApp.gzip),
      exampleAppGzipKiB: kib(withApp.gzip - baseline.gzip),
      exampleKitSourcesMinifiedKiB: kib(sumOf(example, isKitDir)),
      exampleAppMinifiedKiB: kib(sumOf(example, (d) => d.startsWith('examples/'))),
    },
  }
}
