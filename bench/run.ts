/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn (or those named on the command line), prints
 * each one's table and writes the merged figures to `bench/results.json`.
 *
 * A bench module default-exports `async () => BenchReport`. Every figure that claims something is a
 * ratio or a count measured against a baseline in the same run, never an absolute time alone.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'

export interface BenchReport {
  /** Heading printed above the table. */
  title: string
  /** Rows printed with console.table. */
  rows: Array<Record<string, string | number>>
  /** Figures merged into bench/results.json (keys as the issues name them). */
  results: Record<string, number | string | boolean>
}

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort()
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files

const resultsPath = join(here, 'results.json')
let merged: Record<string, unknown> = {}
try {
  merged = JSON.parse(await readFile(resultsPath, 'utf8')) as Record<string, unknown>
} catch {
  // first run
}

for (const file of selected) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as {
    default: () => Promise<BenchReport>
  }
  const report = await mod.default()
  console.log(`\n## ${report.title}  (${file})`)
  console.table(report.rows)
  Object.assign(merged, report.results)
}

merged.node = process.version
merged.measuredAt = new Date().toISOString()
await writeFile(resultsPath, JSON.stringify(merged, null, 2) + '\n')
console.log(`\nwrote ${resultsPath}`)
