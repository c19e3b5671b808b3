import { describe, expect, it } from 'vitest'
import { repoPath, wranglerBundle } from '../../bench/fixtures/wrangler-bundle.ts'

// What a Worker that mounts only routes(), launch() and session() bundles, as wrangler builds it: the features it
// does not import — the API's resources (onOffice({ client: createClient })), webhooks, callbacks, orders,
// service messages, the purchase ledger — must not be in it (bench/worker-size.bench.ts measures the size).

/** The repository paths of the modules with code in the Worker of `config`. */
async function bundledModules(config: string): Promise<string[]> {
  const { meta } = await wranglerBundle(config)
  return Object.values(meta.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => repoPath(input)),
  )
}

describe('a Worker carries only the features it imports', () => {
  it('routes() + launch() + session(): no resources, webhooks, callbacks, orders or ledger', async () => {
    const modules = await bundledModules('bench/fixtures/minimal-worker/wrangler.toml')
    for (const used of [
      'src/hono/middleware/launch.ts',
      'src/hono/middleware/session.ts',
      'src/hono/routes/activate.ts',
      'src/api/api.ts',
    ])
      expect(modules).toContain(used)
    const unused = modules.filter((m) =>
      /^src\/(?:api\/client\.ts|api\/fields\/|api\/resources\/(?!marketplace\.ts|paging\.ts|caller\.ts)|store\/ledger\.ts|store\/replay-guard\.ts|hono\/(?:order|purchases|service-message)\.ts|hono\/middleware\/(?:webhook|callback)\.ts|marketplace\/(?:order|callback|webhook-params)\.ts)/.test(
        m,
      ),
    )
    expect(unused).toEqual([])
  }, 120_000)

  it('the size bench can measure the example: its kit stub has every name the example imports', async () => {
    // bench/worker-size.bench.ts subtracts the example's own code, bundled against this stub.
    const modules = await bundledModules('bench/fixtures/baseline-worker/wrangler.with-app.toml')
    expect(
      modules.filter((m) => /^(?:src\/(?:api|core|hono|marketplace|store)|adapters)\//.test(m)),
    ).toEqual([])
    expect(modules).toContain('examples/workers/src/app.ts')
  }, 120_000)
})
