import { defineConfig } from 'tsdown'

// One entry per public export of package.json; keep the two lists in step.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    php: 'src/php.ts',
    schemas: 'src/schemas.ts',
    hono: 'src/hono/index.ts',
    testing: 'src/testing/index.ts',
    cloudflare: 'adapters/cloudflare.ts',
    'deno-kv': 'adapters/deno-kv.ts',
    redis: 'adapters/redis.ts',
    postgres: 'adapters/postgres.ts',
    node: 'adapters/node.ts',
    cli: 'src/cli.ts', // package.json "bin", not an export
  },
  format: 'esm',
  platform: 'neutral',
  dts: true,
  clean: true,
  sourcemap: true,
  // Peer and optional dependencies stay imports; only the kit's own code is bundled.
  external: [
    /^hono/,
    /^jose/,
    /^zod/,
    /^@deno\/kv/,
    /^@hono\/node-server/,
    /^redis/,
    /^postgres/,
    /^node:/,
  ],
})
