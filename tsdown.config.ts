import { defineConfig } from 'tsdown'

// One entry per public export of package.json; keep the two lists in step.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
  },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  sourcemap: true,
})
