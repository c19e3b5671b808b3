/**
 * Stores: putIfAbsent and get operations per second with 32 concurrent callers for every adapter that runs on
 * this machine — memoryKv (the baseline), fileKv, Redis, PostgreSQL (real servers from apt, started here), and
 * Workers KV, the Durable Object and D1 in Miniflare (measured inside workerd). Each figure is also given as a
 * ratio to memoryKv in the same run. Context for choosing a store, not a target: local servers, no network.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'
import postgres from 'postgres'
import { createClient } from 'redis'
import { build } from 'tsdown'
import { fileKv } from '../adapters/node.ts'
import { postgresKv } from '../adapters/postgres.ts'
import { redisKv } from '../adapters/redis.ts'
import { memoryKv } from '../src/store/memory-kv.ts'
import { startPostgres, startRedis } from '../test/integration/servers.ts'
import type { BenchReport } from './run.ts'
import { STORE_CALLERS, storeLoop } from './store-loop.ts'

process.env.WRANGLER_SEND_METRICS ??= 'false'
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false'

type Figures = { putIfAbsentOpsPerSec: number; getOpsPerSec: number }

export default async (): Promise<BenchReport> => {
  const now = () => performance.now()
  const measured: Array<[string, string, Figures]> = []
  const dir = await mkdtemp(join(tmpdir(), 'onoffice-kit-bench-stores-'))
  const redisServer = await startRedis()
  const pgServer = await startPostgres()
  const redis = createClient({ url: redisServer.url })
  redis.on('error', () => undefined)
  const sql = postgres(pgServer.url, { max: STORE_CALLERS, onnotice: () => undefined })
  const file = fileKv(join(dir, 'kv.sqlite'))
  let mf: Miniflare | undefined
  try {
    await redis.connect()
    measured.push(['memory', 'memoryKv', await storeLoop(memoryKv(), 20_000, now)])
    measured.push(['fileKv', 'fileKv (SQLite file)', await storeLoop(file, 2_000, now)])
    measured.push(['redis', 'redisKv (redis-server)', await storeLoop(redisKv(redis), 5_000, now)])
    measured.push([
      'postgres',
      'postgresKv (PostgreSQL)',
      await storeLoop(postgresKv(sql), 3_000, now),
    ])

    await build({
      config: false,
      entry: { worker: fileURLToPath(new URL('./fixtures/store-worker.ts', import.meta.url)) },
      outDir: dir,
      format: 'esm',
      platform: 'neutral',
      dts: false,
      logLevel: 'silent',
    })
    const script = await readFile(join(dir, 'worker.mjs'), 'utf8').catch(() =>
      readFile(join(dir, 'worker.js'), 'utf8'),
    )
    mf = new Miniflare({
      modules: true,
      script,
      compatibilityDate: '2026-04-01',
      kvNamespaces: ['KV'],
      durableObjects: { STORE: { className: 'OnOfficeStoreObject', useSQLite: true } },
      d1Databases: ['DB'],
    })
    for (const [store, label, ops] of [
      ['kv', 'cloudflareKv (Miniflare)', 1_000],
      ['do', 'durableObjectKv (Miniflare)', 1_000],
      ['d1', 'd1Kv (Miniflare)', 1_000],
    ] as const) {
      const res = await mf.dispatchFetch(`http://bench.test/?store=${store}&ops=${ops}`)
      if (!res.ok)
        throw new Error(`store bench in workerd failed for ${store}: ${await res.text()}`)
      measured.push([
        `miniflare${store === 'kv' ? 'Kv' : store === 'do' ? 'DurableObject' : 'D1'}`,
        label,
        (await res.json()) as Figures,
      ])
    }
  } finally {
    await mf?.dispose()
    await file.close()
    await redis.quit().catch(() => undefined)
    await sql.end({ timeout: 5 })
    await redisServer.stop()
    await pgServer.stop()
    await rm(dir, { recursive: true, force: true })
  }

  const base = measured[0]![2]
  const round = (x: number, digits: number) => Number(x.toFixed(digits))
  const rows: BenchReport['rows'] = []
  const results: BenchReport['results'] = { storeCallers: STORE_CALLERS }
  for (const [key, label, f] of measured) {
    const name = key[0]!.toUpperCase() + key.slice(1)
    const pia = round(f.putIfAbsentOpsPerSec / base.putIfAbsentOpsPerSec, 4)
    const get = round(f.getOpsPerSec / base.getOpsPerSec, 4)
    rows.push({
      store: label,
      'putIfAbsent ops/s': Math.round(f.putIfAbsentOpsPerSec),
      'putIfAbsent ÷ memory': pia,
      'get ops/s': Math.round(f.getOpsPerSec),
      'get ÷ memory': get,
    })
    results[`store${name}PutIfAbsentOpsPerSec`] = Math.round(f.putIfAbsentOpsPerSec)
    results[`store${name}GetOpsPerSec`] = Math.round(f.getOpsPerSec)
    if (key !== 'memory') {
      results[`store${name}PutIfAbsentRatio`] = pia
      results[`store${name}GetRatio`] = get
    }
  }
  return {
    title: `Stores: putIfAbsent and get with ${STORE_CALLERS} concurrent callers (ratio to memoryKv, same run)`,
    rows,
    results,
  }
}
