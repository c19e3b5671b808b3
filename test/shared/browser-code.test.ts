// Browser code lives in `.client.js` files (type-checked via `// @ts-check`); the `.gen.ts` modules that inline it
// must be current — else the browser runs something other than what was reviewed.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BROWSER_CODE, generate } from '../../scripts/gen-browser-code.ts'

describe('inlined browser code', () => {
  for (const entry of BROWSER_CODE) {
    it(`${entry.module} is generated from ${entry.source} (npx tsx scripts/gen-browser-code.ts)`, () => {
      expect(readFileSync(entry.module, 'utf8')).toBe(generate(entry))
      const source = readFileSync(entry.source, 'utf8')
      expect(source.startsWith('// @ts-check\n')).toBe(true)
      // a script, not a module: it runs as an inline/classic <script>
      expect(source).not.toMatch(/^\s*(import|export)\s/m)
      expect(() => new Function(source)).not.toThrow()
    })
  }
})
