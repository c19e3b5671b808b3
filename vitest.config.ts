import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The examples import 'onoffice-kit/…'; tsconfig.json `paths` maps those to the source.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/deno/**',
      'test/workerd/**',
      'test/integration/**',
      'test/e2e/**',
      'test/hardening/**',
      'node_modules/**',
    ],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
  },
})
