// Types for the `cloudflare:workers` module that vitest-pool-workers provides inside workerd. Declared here
// because the kit does not depend on @cloudflare/workers-types. Add bindings from test/workerd/wrangler.jsonc.
declare module 'cloudflare:workers' {
  interface WorkerdTestEnv {
    // The wider list() first, so calls in tests see `expiration`; cloudflareKv sees the KVNamespaceLike one.
    TEST_KV: {
      list(options?: {
        prefix?: string
      }): Promise<{ keys: { name: string; expiration?: number }[] }>
    } & import('../../adapters/cloudflare.ts').KVNamespaceLike
    TEST_STORE: import('../../adapters/cloudflare.ts').DurableObjectNamespaceLike
    TEST_DB: import('../../adapters/cloudflare.ts').D1DatabaseLike
    [binding: string]: unknown
  }
  export const env: WorkerdTestEnv
  /** The `main` module's exports as services (vitest-pool-workers). */
  export const exports: { default: { fetch(input: string, init?: RequestInit): Promise<Response> } }
}

// The helpers of `cloudflare:test` these tests use (vitest-pool-workers), typed without workers-types.
declare module 'cloudflare:test' {
  import type { DurableObjectStateLike, DurableObjectStubLike } from '../../adapters/cloudflare.ts'
  /** A Worker's `ctx` for calling a handler directly; its `waitUntil` promises are awaited by {@link waitOnExecutionContext}. */
  export function createExecutionContext(): import('hono').ExecutionContext
  export function waitOnExecutionContext(ctx: import('hono').ExecutionContext): Promise<void>
  export function runDurableObjectAlarm(stub: DurableObjectStubLike): Promise<boolean>
  export function runInDurableObject<R>(
    stub: DurableObjectStubLike,
    callback: (instance: unknown, state: DurableObjectStateLike) => R | Promise<R>,
  ): Promise<R>
}
