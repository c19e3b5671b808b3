// Types for the `cloudflare:workers` module that vitest-pool-workers provides inside workerd. Declared here
// because the kit does not depend on @cloudflare/workers-types. Add bindings from test/workerd/wrangler.jsonc.
declare module 'cloudflare:workers' {
  interface WorkerdTestEnv {
    TEST_KV: import('../../adapters/cloudflare.ts').KVNamespaceLike & {
      list(options?: { prefix?: string }): Promise<{ keys: { name: string; expiration?: number }[] }>
    }
    [binding: string]: unknown
  }
  export const env: WorkerdTestEnv
}
