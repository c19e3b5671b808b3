// Types for the `cloudflare:workers` module that vitest-pool-workers provides inside workerd. Declared here
// because the kit does not depend on @cloudflare/workers-types. Add bindings from test/workerd/wrangler.jsonc.
declare module 'cloudflare:workers' {
  interface WorkerdTestEnv {
    // The wider list() first, so calls in tests see `expiration`; cloudflareKv sees the KVNamespaceLike one.
    TEST_KV: {
      list(options?: { prefix?: string }): Promise<{ keys: { name: string; expiration?: number }[] }>
    } & import('../../adapters/cloudflare.ts').KVNamespaceLike
    [binding: string]: unknown
  }
  export const env: WorkerdTestEnv
}
