import { defineConfig } from 'vitest/config'

// `npm run test:e2e`: the browser end-to-end test (Chromium via playwright-core against the `npm run dev`
// stack). Not part of `npm test`; .ci/run installs Debian's chromium and runs it. Missing chromium fails.
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ['test/e2e/**/*.test.ts'],
    passWithNoTests: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
