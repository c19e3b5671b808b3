import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// Runs test/workerd/** inside workerd (the Workers runtime) with the bindings of test/workerd/wrangler.jsonc.
// `npm run test:workerd`; part of `npm test`.

// Offline and quiet by default: no wrangler telemetry, no fetch of request.cf data from Cloudflare.
process.env.WRANGLER_SEND_METRICS ??= 'false'
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false'
export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './test/workerd/wrangler.jsonc' } })],
  test: {
    include: ['test/workerd/**/*.test.ts'],
    passWithNoTests: false,
  },
})
