/**
 * Browser code lives in `.client.js` files (`// @ts-check`, type-checked by `npm run typecheck`, linted like the
 * rest). This script inlines each as a string constant in a generated `.gen.ts` module next to it, so tsx,
 * vitest, wrangler, deno and the tsdown build all import plain TypeScript. `test/shared/browser-code.test.ts`
 * fails when a generated module is stale: run `npx tsx scripts/gen-browser-code.ts` after editing a `.client.js`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Each browser script: its source, the module generated from it, and the constant it exports. */
export const BROWSER_CODE = [
  {
    source: 'src/hono/pages/activation.client.js',
    module: 'src/hono/pages/activation.client.gen.ts',
    name: 'ACTIVATION_SCRIPT',
  },
  {
    source: 'src/marketplace/browser-helper.client.js',
    module: 'src/marketplace/browser-helper.client.gen.ts',
    name: 'BROWSER_HELPER_SOURCE',
  },
  {
    source: 'src/testing/simulator/page.client.js',
    module: 'src/testing/simulator/page.client.gen.ts',
    name: 'PAGE_SCRIPT',
  },
] as const

/**
 * The script as shipped: without its type annotations (`/** … *\/`), its full-line `//` comments, indentation
 * and blank lines — they are for the editor and the type checker, while the inlined string is bundled into every
 * Worker and sent with every page. A block comment `/* … *\/` (the helper's banner) stays. The sources have no
 * template literals and no comment markers inside strings, which is what makes this line-wise pass safe; the
 * result is parsed (`new Function`) so a source that breaks that assumption fails here, not in a browser.
 */
export function compact(source: string): string {
  const js = source
    .replace(/\/\*\*[\s\S]*?\*\/ ?/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'))
    .join('\n')
  new Function(js)
  return js
}

/** The generated module's text for one script. */
export function generate(entry: (typeof BROWSER_CODE)[number]): string {
  const js = compact(readFileSync(join(ROOT, entry.source), 'utf8'))
  return `// Generated from ${entry.source.split('/').pop()} by scripts/gen-browser-code.ts — edit the .js file, then run \`npx tsx scripts/gen-browser-code.ts\`.
/** The browser script of \`${entry.source}\`, inlined. */
export const ${entry.name}: string = ${JSON.stringify(`${js}\n`)}
`
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const entry of BROWSER_CODE) writeFileSync(join(ROOT, entry.module), generate(entry))
  console.log(`wrote ${BROWSER_CODE.map((e) => e.module).join(', ')}`)
}
