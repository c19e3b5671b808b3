// One public surface, three lists: package.json `exports` (npm), tsdown's entries (what dist/ holds) and deno.json
// `exports` (JSR, from the TypeScript sources). They must name the same subpaths and the same source files.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import tsdownConfig from '../../tsdown.config.ts'
import { ROOT } from './scratch.ts'

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string
  version: string
  license: string
  exports: Record<string, string | { types: string; default: string }>
}
const deno = JSON.parse(readFileSync(join(ROOT, 'deno.json'), 'utf8')) as {
  name: string
  version: string
  license: string
  exports: Record<string, string>
}
const entries = (Array.isArray(tsdownConfig) ? tsdownConfig[0] : tsdownConfig).entry as Record<
  string,
  string
>

describe('package.json, tsdown and deno.json export the same', () => {
  const npmSubpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json')

  it('the same subpaths', () => {
    expect(Object.keys(deno.exports).sort()).toEqual(npmSubpaths.sort())
  })

  it('each subpath from the same source file (npm: its dist file is built from the entry deno.json names)', () => {
    for (const subpath of npmSubpaths) {
      const target = pkg.exports[subpath]!
      const dist = typeof target === 'string' ? target : target.default
      const entryName = /^\.\/dist\/(.+)\.js$/.exec(dist)?.[1]
      expect(entryName, subpath).toBeDefined()
      expect(`./${entries[entryName!]}`, subpath).toBe(deno.exports[subpath])
    }
  })

  it('the same version and license; a JSR name', () => {
    expect(deno.version).toBe(pkg.version)
    expect(deno.license).toBe(pkg.license)
    expect(deno.name).toMatch(/^@[a-z0-9-]+\/[a-z0-9-]+$/)
  })
})
