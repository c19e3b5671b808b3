// The README is true and compiled: every ```ts block of README.md and examples/*/README.md is type-checked, each
// as its own module, against the BUILT kit (dist/ .d.ts through package.json `exports`) under a consumer's strict
// tsconfig. A block must be complete: what it uses, it imports or declares. A block whose first line names a file
// (`// app.ts`) is written as that file, so a later block can `import { app, oo } from './app.ts'` as the reader would.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blockFileName, tsBlocks, type Block } from '../shared/readme-blocks.ts'
import { ROOT, scratchWithBuiltKit, type Scratch } from './scratch.ts'

const READMES = [
  'README.md',
  ...readdirSync(join(ROOT, 'examples'))
    .map((d) => `examples/${d}/README.md`)
    .filter((f) => {
      try {
        return readFileSync(join(ROOT, f)).length > 0
      } catch {
        return false
      }
    }),
]

// The consumer's tsconfig the README promises to compile under.
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: 'preserve',
    moduleResolution: 'bundler',
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    allowImportingTsExtensions: true,
    noEmit: true,
    types: ['node'],
  },
  include: ['blocks/*.ts', 'ambient.d.ts'],
}

// Runtimes and packages the README shows but this repository does not install (Deno's globals, ioredis): the
// subset the blocks use, so the check is about the kit's API. Everything else comes from the real packages.
const AMBIENT = `declare namespace Deno {
  interface KvKey extends ReadonlyArray<string | number | bigint | boolean | Uint8Array> {}
  interface Kv { close(): void }
  function openKv(path?: string): Promise<import('onoffice-kit/deno-kv').DenoKvLike & Kv>
  const env: { get(name: string): string | undefined }
}
declare module 'ioredis' {
  export default class Redis {
    constructor(url: string)
    get(key: string): Promise<string | null>
    set(key: string, value: string, ...args: Array<string | number>): Promise<'OK' | null>
    del(key: string): Promise<number>
    scan(cursor: string, ...args: Array<string | number>): Promise<[cursor: string, keys: string[]]>
  }
}
`

let scratch: Scratch | undefined
const blocks = READMES.flatMap(tsBlocks)
/** Generated file name → its block, to name the README line of an error. */
const files = new Map<string, Block>()

beforeAll(() => {
  scratch = scratchWithBuiltKit('onoffice-readme-')
  execFileSync('mkdir', ['-p', join(scratch.dir, 'blocks')])
  writeFileSync(join(scratch.dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2))
  writeFileSync(join(scratch.dir, 'ambient.d.ts'), AMBIENT)
  for (const [i, b] of blocks.entries()) {
    const named = blockFileName(b)
    const name = named && !named.includes('/') && !files.has(named) ? named : `block-${i}.ts`
    files.set(name, b)
    writeFileSync(join(scratch.dir, 'blocks', name), `${b.code}\nexport {}\n`)
  }
}, 180_000)

afterAll(() => scratch?.remove())

describe('README code blocks', () => {
  it('finds the blocks', () => {
    expect(blocks.length).toBeGreaterThan(15)
  })

  it('every ```ts block type-checks against the built package under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, skipLibCheck: false', () => {
    let output = ''
    try {
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          'tsconfig.json',
          '--pretty',
          'false',
        ],
        { cwd: scratch!.dir, stdio: 'pipe' },
      )
    } catch (err) {
      output = String((err as { stdout?: Buffer }).stdout ?? err)
    }
    // Name the README line of each error: blocks/<name>.ts(<row>,<col>) → README.md:<line>:<col>
    const located = output.replace(
      /blocks\/([\w.-]+\.ts)\((\d+),(\d+)\)/g,
      (m, name: string, row: string, col: string) => {
        const b = files.get(name)
        return b ? `${b.file}:${b.line + Number(row) - 1}:${col}` : m
      },
    )
    expect(located).toBe('')
  }, 120_000)
})
