// `npm run test:integration`: postgresKv against a real PostgreSQL server (Debian's postgresql package) that this
// file starts on 127.0.0.1 in a temporary data directory and stops. Missing PostgreSQL fails the run — it is never
// skipped. Install: apt-get install -y postgresql (.ci/run does).
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresKv, type PostgresSqlLike } from '../../adapters/postgres.ts'
import { kvContract } from '../../src/testing/kv-contract.ts'
import { startPostgres, type RunningServer } from './servers.ts'
import { rewrapWhileWriting } from '../shared/rewrap-race.ts'

let server: RunningServer | undefined
const clients: postgres.Sql[] = []
const connect = (max = 10) => {
  const sql = postgres(server!.url, { max, onnotice: () => undefined })
  clients.push(sql)
  return sql
}
let sql: postgres.Sql

beforeAll(async () => {
  server = await startPostgres()
  sql = connect()
  expect((await sql`SELECT 1 AS one`)[0]?.one).toBe(1)
}, 60_000)

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end({ timeout: 5 })))
  await server?.stop()
}, 30_000)

describe('kvContract: postgresKv on a real PostgreSQL (injected clock)', () => {
  let t = 1_700_000_000_000
  for (const c of kvContract(() => postgresKv(sql, { now: () => t }), {
    advance: (ms) => void (t += ms),
    concurrency: 32,
  }))
    it(c.name, c.run, 15_000)
})

describe('kvContract: postgresKv on a real PostgreSQL (real clock)', () => {
  const ttl = kvContract(() => postgresKv(sql, { table: 'real_clock' }), {
    ttlRealWaitMs: 1500,
  }).find((c) => c.name.startsWith('ttl:'))
  it('ttl by the real clock', async () => ttl!.run(), 10_000)
})

describe('postgresKv', () => {
  it('concurrent putIfAbsent from several clients (separate pools, many connections): exactly one wins', async () => {
    const pools = Array.from({ length: 4 }, () => connect(8))
    const stores = pools.map((p) => postgresKv(p, { table: 'race' }))
    await stores[0]!.get('warm-up') // the table exists before the race, so the race is only about the key
    for (let round = 0; round < 5; round++) {
      const key = `race:${round}`
      const won = await Promise.all(
        Array.from({ length: 64 }, (_, i) =>
          stores[i % stores.length]!.putIfAbsent(key, `v${i}`, { ttlSec: 60 }),
        ),
      )
      expect(won.filter(Boolean)).toHaveLength(1)
      const winner = won.indexOf(true)
      expect(await stores[1]!.get(key)).toBe(`v${winner}`)
    }
    const [active] = await sql<
      { n: number }[]
    >`SELECT count(DISTINCT pid)::int AS n FROM pg_stat_activity WHERE usename = 'kit'`
    expect(active?.n).toBeGreaterThan(4)
  }, 30_000)

  it('several clients using a new table for the first time at once all succeed, and share it', async () => {
    const pools = Array.from({ length: 6 }, () => connect(2))
    const results = await Promise.all(
      pools.map((p, i) =>
        postgresKv(p, { table: 'first_use' }).putIfAbsent('only-once', String(i), {}),
      ),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    const rows = await sql`SELECT key, value FROM first_use`
    expect(rows).toHaveLength(1)
  }, 30_000)

  it('stores keys byte-ordered (COLLATE "C") in its table and cleans expired rows lazily', async () => {
    let t = 1_800_000_000_000
    const kv = postgresKv(sql, { table: 'lazy_clean', now: () => t })
    for (let i = 0; i < 60; i++) await kv.put(`old:${i}`, 'x', { ttlSec: 60 })
    t += 61_000
    for (let i = 0; i < 40; i++) await kv.put(`new:${i}`, 'y') // the 100th write of this instance cleans up
    const [rows] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM lazy_clean`
    expect(rows?.n).toBe(40)
    await kv.put('B', '1')
    await kv.put('a', '1')
    await kv.put('Ä', '1')
    expect((await kv.list('', { limit: 1000 })).keys.filter((k) => k.length === 1)).toEqual([
      'B',
      'a',
      'Ä',
    ])
  })

  it('refuses U+0000, a malformed table name and a non-client', async () => {
    const kv = postgresKv(sql)
    await expect(kv.put('k\u0000', 'v')).rejects.toThrow(/U\+0000/)
    await expect(kv.put('k', 'v\u0000')).rejects.toThrow(/U\+0000/)
    expect(() => postgresKv(sql, { table: 'kv"; DROP TABLE x; --' })).toThrow(
      /options\.table must be a table name/,
    )
    expect(() => postgresKv({} as PostgresSqlLike)).toThrow(/postgres package/)
  })
})

describe('key rotation on a real PostgreSQL', () => {
  it('rewrap re-seals 1,000 records while two other pools keep writing them; no write is lost', async () => {
    const kv = postgresKv(connect(4), { table: 'rewrap_race' })
    const report = await rewrapWhileWriting({
      seedKv: kv,
      jobKv: kv,
      instanceKvs: [connect(2), connect(2)].map((p) => postgresKv(p, { table: 'rewrap_race' })),
      records: 1000,
      prefix: 'installation:',
    })
    expect(report.writesDuringRewrap).toBeGreaterThan(50)
  }, 120_000)
})
