import { describe, expect, it } from 'vitest'
import type { KeyValue, KvListOptions, KvPutOptions } from '../../src/store/index.ts'
import { createInstallationStore, memoryKv } from '../../src/store/index.ts'
import { canary, createKit, ENCRYPTION_KEY, report, START, useCanary } from './harness.ts'

useCanary()

const LAUNCHES = Number(process.env.HARDENING_LAUNCHES ?? 10_000)
const SESSIONS = Number(process.env.HARDENING_SESSIONS ?? 100_000)
const CONCURRENCY = 50
/** Stated bound: heapUsed after a forced GC may grow at most this much from warm-up to the end of the load. */
const HEAP_BOUND_MIB = 16

const gc = (globalThis as { gc?: () => void }).gc
const heapMiB = () => {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed / 2 ** 20
}

async function pool<T>(n: number, fn: (i: number) => Promise<T>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await fn(next++)
    }),
  )
}

describe('load on Node (in-process app.request, 50 in flight)', () => {
  it(`${LAUNCHES} launches and ${SESSIONS} session requests: zero errors, bounded heap`, async () => {
    expect(gc, 'run with --expose-gc (vitest.hardening.config.ts execArgv)').toBeTypeOf('function')
    const kit = createKit()
    const customers = ['7001', '7002', '7003', '7004', '7005']
    for (const c of customers) await kit.activate(c)
    const tokens: string[] = []
    for (const c of customers) {
      const res = await kit.request(await kit.launchUrl(c, '1', {}, '/service/token'), {
        headers: { accept: 'application/json' },
      })
      tokens.push((JSON.parse(res.text) as { sessionToken: string }).sessionToken)
    }
    const urls: string[] = []
    for (let i = 0; i < LAUNCHES; i++)
      urls.push(await kit.launchUrl(customers[i % customers.length]!, String(1 + (i % 40))))
    let errors = 0
    const statusOf = async (path: string, init?: RequestInit) => {
      const res = await kit.request(path, init)
      if (res.status !== 200) errors++
    }
    // Warm-up, then the baseline heap.
    await pool(500, (i) =>
      statusOf('/api/whoami', {
        headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
      }),
    )
    await pool(200, (i) => statusOf(urls[i]!))
    const before = heapMiB()
    const t0 = performance.now()
    await pool(LAUNCHES, (i) => statusOf(urls[i]!))
    const t1 = performance.now()
    await pool(SESSIONS, (i) =>
      statusOf('/api/whoami', {
        headers: {
          authorization: `Bearer ${tokens[i % tokens.length]}`,
          accept: 'application/json',
        },
      }),
    )
    const t2 = performance.now()
    const after = heapMiB()
    report(
      `load: launches=${LAUNCHES} in ${((t1 - t0) / 1000).toFixed(1)}s, sessions=${SESSIONS} in ${((t2 - t1) / 1000).toFixed(1)}s, errors=${errors}, heapUsed after GC ${before.toFixed(1)} → ${after.toFixed(1)} MiB (bound +${HEAP_BOUND_MIB} MiB), canary outputs scanned=${canary.scanned}`,
    )
    expect(errors).toBe(0)
    expect(after - before).toBeLessThan(HEAP_BOUND_MIB)
  })
})

/** A KV wrapper that can fail before or after the inner write (the ack lost). */
function flakyKv(inner: KeyValue = memoryKv({ now: () => START })) {
  const kv = {
    mode: 'ok' as 'ok' | 'fail-before-put' | 'fail-after-put' | 'fail-get',
    async get(key: string) {
      if (kv.mode === 'fail-get') throw new Error('kv down')
      return inner.get(key)
    },
    async put(key: string, value: string, options?: KvPutOptions) {
      if (kv.mode === 'fail-before-put') throw new Error('kv down')
      await inner.put(key, value, options)
      if (kv.mode === 'fail-after-put') throw new Error('kv ack lost')
    },
    async delete(key: string) {
      return inner.delete(key)
    },
    async putIfAbsent(key: string, value: string, options: KvPutOptions) {
      if (kv.mode === 'fail-before-put') throw new Error('kv down')
      return inner.putIfAbsent(key, value, options)
    },
    async list(prefix: string, options?: KvListOptions) {
      if (kv.mode === 'fail-get') throw new Error('kv down')
      return inner.list(prefix, options)
    },
  }
  return kv
}

describe('races and failing storage', () => {
  it('concurrent activations of one customer (double submit + a newer activation) end in one consistent, openable record', async () => {
    const kit = createKit()
    const older = await kit.openActivation('8001')
    const newer = await kit.openActivation('8001') // revokes the older API user at the fake
    const posts = [
      ...Array.from({ length: 8 }, () => kit.postActivation(newer.token, newer.act.apiKey)),
      ...Array.from({ length: 4 }, () => kit.postActivation(older.token, older.act.apiKey)),
    ]
    const results = await Promise.all(posts)
    expect(results.slice(0, 8).some((r) => r.status === 200)).toBe(true)
    for (const r of results) expect(r.status).toBeLessThan(500)
    const record = await createInstallationStore(kit.kv, { encryptionKey: ENCRYPTION_KEY }).get(
      '8001',
    )
    expect(record).not.toBeNull()
    // The pair belongs to one activation — the one onOffice accepted.
    expect({
      token: record!.apiToken,
      secret: record!.apiSecret,
      pc: record!.parameterCacheId,
      status: record!.status,
    }).toEqual({
      token: newer.act.apiToken,
      secret: newer.act.apiKey,
      pc: newer.act.parameterCacheId,
      status: 'active',
    })
    const launch = await kit.request(await kit.launchUrl('8001'), {
      headers: { accept: 'application/json' },
    })
    expect(launch.status).toBe(200)
  })

  it('a KV that fails mid-activation leaves nothing, or a whole openable record — never a partial one', async () => {
    for (const mode of ['fail-before-put', 'fail-after-put'] as const) {
      const kv = flakyKv()
      const kit = createKit({ kv })
      const { token, act } = await kit.openActivation(`90${mode.length}`)
      kv.mode = mode
      const res = await kit.postActivation(token, act.apiKey)
      kv.mode = 'ok'
      expect(res.status).toBeGreaterThanOrEqual(500)
      const record = await createInstallationStore(kv, { encryptionKey: ENCRYPTION_KEY }).get(
        `90${mode.length}`,
      )
      if (mode === 'fail-before-put') expect(record).toBeNull()
      else
        expect(record).toMatchObject({
          apiToken: act.apiToken,
          apiSecret: act.apiKey,
          status: 'active',
        })
    }
  })

  it('a KV that fails during launch answers 503 and writes nothing', async () => {
    const kv = flakyKv()
    const kit = createKit({ kv })
    await kit.activate('9100')
    const url = await kit.launchUrl('9100')
    kv.mode = 'fail-get'
    const res = await kit.request(url, { headers: { accept: 'application/json' } })
    kv.mode = 'ok'
    expect(res.status).toBe(503)
    expect(
      (await createInstallationStore(kv, { encryptionKey: ENCRYPTION_KEY }).get('9100'))?.version,
    ).toBe(1)
  })
})
