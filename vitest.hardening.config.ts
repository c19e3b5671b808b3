import { defineConfig } from 'vitest/config'

// `npm run test:hardening`: fuzz, fault matrix, load, races, canary. Not part of `npm test` (it takes minutes).
export default defineConfig({
  test: {
    include: ['test/hardening/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // The load test reads heapUsed after a forced GC.
    execArgv: ['--expose-gc'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
})
