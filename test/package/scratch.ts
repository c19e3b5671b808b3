// A consumer's project on this machine: the kit BUILT (tsdown into node_modules/onoffice-kit/dist, package.json
// copied, so the `exports` map and `.d.ts` files are the ones npm would install) next to the repository's own
// dependencies (symlinked), so a test can type-check or run code exactly as a user's project would see the kit.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

export interface Scratch {
  dir: string
  remove(): void
}

/** Builds the kit into a fresh scratch project (≈ 30 s: the same `tsdown` run as `npm run build`). */
export function scratchWithBuiltKit(prefix: string): Scratch {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const pkg = join(dir, 'node_modules', 'onoffice-kit')
  mkdirSync(pkg, { recursive: true })
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsdown', 'dist', 'run.mjs'),
      '--out-dir',
      join(pkg, 'dist'),
      '--log-level',
      'error',
    ],
    { cwd: ROOT, stdio: 'pipe' },
  )
  for (const f of ['package.json', 'README.md', 'LICENSE']) {
    try {
      copyFileSync(join(ROOT, f), join(pkg, f))
    } catch {
      /* LICENSE may be missing in an old checkout: the install test checks it */
    }
  }
  // Everything else the consumer has installed: the repository's node_modules, entry by entry.
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === 'onoffice-kit' || name === '.bin' || name.startsWith('.')) continue
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name))
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
