import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'
import { build } from 'tsdown'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// vitest-pool-workers adds nodejs_compat_v2 to its runner, so test/workerd cannot show that the adapters run
// without it. Here they are bundled (no externals) and run in plain workerd with no compatibility flags.
process.env.WRANGLER_SEND_METRICS ??= 'false'
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false'

let dir = ''
let script = ''
let mf: Miniflare | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onoffice-kit-nocompat-'))
  await build({
    config: false,
    entry: { worker: fileURLToPath(new URL('./fixtures/no-compat-worker.ts', import.meta.url)) },
    outDir: dir,
    format: 'esm',
    platform: 'neutral',
    dts: false,
    logLevel: 'silent',
  })
  script = await readFile(join(dir, 'worker.mjs'), 'utf8').catch(() =>
    readFile(join(dir, 'worker.js'), 'utf8'),
  )
  mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: [],
    kvNamespaces: ['KV'],
    durableObjects: { STORE: { className: 'OnOfficeStoreObject', useSQLite: true } },
    d1Databases: ['DB'],
  })
}, 60_000)

afterAll(async () => {
  await mf?.dispose()
  await rm(dir, { recursive: true, force: true })
})

describe('adapters in workerd without nodejs_compat', () => {
  it('the bundle imports nothing from node:*', () => {
    expect(script.length).toBeGreaterThan(1000)
    expect(script).not.toMatch(/from\s*["']node:|require\(["']node:|import\(["']node:/)
  })

  for (const [store, path] of [
    ['cloudflareKv', '/battery/kv'],
    ['durableObjectKv', '/battery/do'],
    ['d1Kv', '/battery/d1'],
  ] as const) {
    it(`the kvContract battery passes on ${store}`, async () => {
      const res = await mf!.dispatchFetch(`http://worker.test${path}`)
      const body = (await res.json()) as {
        results: { name: string; ok: boolean; error?: string }[]
        loaded: string[]
        userAgent: string
      }
      expect(body.userAgent).toBe('Cloudflare-Workers')
      expect(body.loaded).toEqual(['function', 'function'])
      expect(body.results.length).toBeGreaterThanOrEqual(14)
      expect(body.results.filter((r) => !r.ok)).toEqual([])
    }, 60_000)
  }

  it('signed URLs verify through WebCrypto where no synchronous HMAC exists (golden T6, rotation, wrong secret)', async () => {
    const body = (await (await mf!.dispatchFetch('http://worker.test/signatures')).json()) as {
      signatures: string[]
      noBuiltinModule: boolean
    }
    expect(body.noBuiltinModule).toBe(true)
    expect(body.signatures).toEqual(['ok', 'ok', 'bad_signature'])
  })

  for (const store of ['do', 'd1'] as const) {
    it(`${store}: concurrent putIfAbsent from 48 separate requests — exactly one wins`, async () => {
      for (let round = 0; round < 2; round++) {
        const key = `race-${round}-${Math.random().toString(36).slice(2)}`
        const answers = await Promise.all(
          Array.from({ length: 48 }, async (_, i) => {
            const res = await mf!.dispatchFetch(
              `http://worker.test/race/${store}?key=${key}&value=${i}`,
            )
            return ((await res.json()) as { won: boolean }).won
          }),
        )
        expect(answers.filter(Boolean)).toHaveLength(1)
      }
    }, 60_000)
  }
})
