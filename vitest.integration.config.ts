import { defineConfig } from 'vitest/config'

// `npm run test:integration`: suites that need services from apt (redis-server, postgresql), not only npm.
// .ci/run installs them first. A missing service fails the suite; nothing here is skipped.
export default defineConfig({
  // The examples import 'onoffice-kit/…'; tsconfig.json `paths` maps those to the source.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['test/integration/**/*.test.ts'],
    passWithNoTests: false,
  },
})
