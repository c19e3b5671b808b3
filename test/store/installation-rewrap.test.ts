import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { OnOfficeConfigError } from '../../src/core/errors.ts'
import { fullPass, raceInput as input, rewrapWhileWriting } from '../shared/rewrap-race.ts'
import {
  createInstallationStore,
  memoryKv,
  type KeyValue,
  type RewrapResult,
} from '../../src/store/index.ts'

const K1 = 'rewrap-test-key-one-0123456789abcdef0123'
const K2 = 'rewrap-test-key-two-0123456789abcdef0123'
const RING = { keys: { k1: K1, k2: K2 }, currentKid: 'k2' }

/**
 * The memory KV with every operation delayed by 0–2 turns of the event loop, so that the steps of concurrent
 * tasks (a rewrap's read and write, another instance's activation) interleave in many orders.
 */
function jitteryKv(inner: KeyValue): KeyValue {
  const jitter = async () => {
    for (let n = Math.floor(Math.random() * 3); n > 0; n--) await yieldToLoop()
  }
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await jitter()
      const result = await fn(...args)
      await jitter()
      return result
    }
  return {
    get: wrap((k: string) => inner.get(k)),
    put: wrap((k: string, v: string, o?: { ttlSec?: number }) => inner.put(k, v, o)),
    delete: wrap((k: string) => inner.delete(k)),
    putIfAbsent: wrap((k: string, v: string, o: { ttlSec?: number }) => inner.putIfAbsent(k, v, o)),
    list: wrap((p: string, o?: { cursor?: string | null; limit?: number }) => inner.list(p, o)),
  }
}

describe('installations.rewrap', () => {
  it('moves all 10,000 records to the new key while other instances keep writing; no write is lost', async () => {
    const base = memoryKv()
    const report = await rewrapWhileWriting({
      seedKv: base,
      jobKv: jitteryKv(base),
      instanceKvs: [0, 1, 2, 3].map(() => jitteryKv(base)),
      records: 10_000,
      prefix: 'installation:',
    })
    expect(report.writesDuringRewrap).toBeGreaterThan(500)
    // Records re-activated by the instances before the job reached them were already under k2.
    expect(report.first.alreadyCurrent).toBeGreaterThan(0)
    expect(report.first.rewrapped + report.first.alreadyCurrent + report.first.busy).toBe(10_000)
  }, 120_000)

  it('keeps the content, updatedAt and version; the re-sealed record is still integrity-checked', async () => {
    const kv = memoryKv()
    const old = createInstallationStore(kv, { encryptionKey: K1 }, { now: () => 1_700_000_500_000 })
    await old.put(input('21'))
    await old.markBlocked('21')
    const rotated = createInstallationStore(kv, RING)
    const before = await rotated.get('21') // fills the opened cache
    expect(before).toMatchObject({ status: 'blocked', version: 2, updatedAt: 1_700_000_500_000 })

    expect(await rotated.rewrap()).toEqual({
      cursor: null,
      currentKid: 'k2',
      scanned: 1,
      rewrapped: 1,
      alreadyCurrent: 0,
      busy: 0,
      failed: 0,
      failures: [],
    })
    expect(await rotated.get('21')).toEqual(before)
    const onlyNew = createInstallationStore(kv, { keys: { k2: K2 }, currentKid: 'k2' })
    expect(await onlyNew.get('21')).toEqual(before)
    // k1 alone no longer opens it
    await expect(old.get('21')).rejects.toMatchObject({ reason: 'unknown_kid', kid: 'k2' })

    // the clear fields are bound to the new seal: changing one in the KV is detected
    const raw = JSON.parse((await kv.get('installation:v1:21'))!) as Record<string, unknown>
    await kv.put('installation:v1:21', JSON.stringify({ ...raw, status: 'active' }))
    await expect(onlyNew.get('21')).rejects.toMatchObject({ reason: 'altered_record' })
  })

  it('resumes by cursor: pages of 40 from fresh stores (a restarted job) re-seal each record once', async () => {
    const kv = memoryKv()
    const old = createInstallationStore(kv, { encryptionKey: K1 })
    for (let i = 0; i < 300; i++) await old.put(input(`r${i}`))

    let cursor: string | null = null
    let rewrapped = 0
    let calls = 0
    do {
      // a new process each time: only the cursor carries over
      const r: RewrapResult = await createInstallationStore(kv, RING).rewrap({ cursor, limit: 40 })
      expect(r.scanned).toBeLessThanOrEqual(40)
      expect(r.alreadyCurrent).toBe(0)
      rewrapped += r.rewrapped
      cursor = r.cursor
      calls++
      // stop half-way once, as a crash would, and go on from the last cursor
      if (calls === 3) {
        const replay = await createInstallationStore(kv, RING).rewrap({ cursor, limit: 40 })
        expect(replay.rewrapped).toBe(40)
        rewrapped += replay.rewrapped
        // re-doing the page after the crash: already current, nothing re-sealed twice
        const redo = await createInstallationStore(kv, RING).rewrap({ cursor, limit: 40 })
        expect(redo).toMatchObject({ rewrapped: 0, alreadyCurrent: 40 })
        cursor = replay.cursor
      }
    } while (cursor !== null)
    expect(rewrapped).toBe(300)
    expect(await fullPass(createInstallationStore(kv, RING))).toMatchObject({
      scanned: 300,
      alreadyCurrent: 300,
      rewrapped: 0,
    })
  })

  it('counts records that cannot be opened as failed, with the reason, and re-seals the rest', async () => {
    const kv = memoryKv()
    const old = createInstallationStore(kv, { encryptionKey: K1 })
    for (const id of ['a', 'b', 'c']) await old.put(input(id))
    await kv.put('installation:v1:junk', '{}')
    await createInstallationStore(kv, { keys: { k0: K2 }, currentKid: 'k0' }).put(input('lost'))

    const r = await createInstallationStore(kv, RING).rewrap()
    expect(r).toMatchObject({ scanned: 5, rewrapped: 3, failed: 2, busy: 0 })
    expect(Object.fromEntries(r.failures.map((f) => [f.customerWebId, f.error.reason]))).toEqual({
      junk: 'corrupt_record',
      lost: 'unknown_kid',
    })
  })

  it('leaves a record whose lease another writer holds (busy), and a store write takes over an unreadable lease', async () => {
    const kv = memoryKv()
    await createInstallationStore(kv, { encryptionKey: K1 }).put(input('21'))
    const rotated = createInstallationStore(kv, RING)
    // a writer that crashed holding the lease (here: a value no writer of the kit would leave)
    await kv.put('installation:lease:21', 'crashed', { ttlSec: 60 })
    expect(await rotated.rewrap()).toMatchObject({ scanned: 1, busy: 1, rewrapped: 0 })
    expect(await kv.get('installation:lease:21')).toBe('crashed')
    // an activation does not wait for it
    const written = await rotated.put(input('21', { customerName: 'neu' }))
    expect(written.version).toBe(2)
    expect(await kv.get('installation:lease:21')).toBeNull()
    expect(await rotated.rewrap()).toMatchObject({ scanned: 1, alreadyCurrent: 1 })
  })

  it('a delete during a rewrap is not undone', async () => {
    const base = memoryKv()
    const old = createInstallationStore(base, { encryptionKey: K1 })
    const ids = Array.from({ length: 400 }, (_, i) => `x${i}`)
    for (const id of ids) await old.put(input(id))
    const kv = jitteryKv(base)
    const job = createInstallationStore(kv, RING)
    const app = createInstallationStore(kv, RING)
    const deleted = ids.filter((_, i) => i % 3 === 0)
    const [pass] = await Promise.all([
      fullPass(job, { limit: 50 }),
      (async () => {
        for (const id of deleted) await app.delete(id)
      })(),
    ])
    expect(pass.failed).toBe(0)
    for (const id of ids) {
      const got = await app.get(id)
      if (deleted.includes(id)) expect(got).toBeNull()
      else expect(got?.customerWebId).toBe(id)
    }
  })

  it('refuses a currentKid that is not the store’s (a stale configuration) and a bad limit', async () => {
    const store = createInstallationStore(memoryKv(), RING)
    const err = await store.rewrap({ currentKid: 'k1' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OnOfficeConfigError)
    expect((err as Error).message).toMatch(/options\.currentKid/)
    expect((err as Error).message).not.toContain(K2)
    await expect(store.rewrap({ limit: 0 })).rejects.toThrow(RangeError)
    await expect(store.rewrap({ limit: 1.5 })).rejects.toThrow(/options\.limit/)
  })

  it('on an eventual store that allows one write per key per second (Cloudflare KV) no lease is taken', async () => {
    // Like Workers KV: a second write (put or delete) of a key within a second is refused with a 429.
    let t = 0
    const oncePerSecond = (inner: KeyValue, consistency?: 'eventual'): KeyValue => {
      const lastWrite = new Map<string, number>()
      const write = (key: string) => {
        if (t - (lastWrite.get(key) ?? -Infinity) < 1000)
          throw new Error('KV PUT failed: 429 Too Many Requests')
        lastWrite.set(key, t)
      }
      return {
        ...(consistency ? { consistency } : {}),
        get: (k) => inner.get(k),
        async put(k, v, o) {
          write(k)
          await inner.put(k, v, o)
        },
        async delete(k) {
          write(k)
          await inner.delete(k)
        },
        async putIfAbsent(k, v, o) {
          if ((await inner.get(k)) !== null) return false
          write(k)
          await inner.put(k, v, o)
          return true
        },
        list: (p, o) => inner.list(p, o),
      }
    }
    // Leases on such a store would make the activation itself fail (the release is a second write of the lease key).
    const strict = createInstallationStore(oncePerSecond(memoryKv()), RING)
    await expect(strict.put(input('21'))).rejects.toThrow(/429/)

    const base = memoryKv()
    await createInstallationStore(base, { encryptionKey: K1 }).put(input('21'))
    const kv = oncePerSecond(base, 'eventual')
    const store = createInstallationStore(kv, RING)
    expect(await store.rewrap()).toMatchObject({ scanned: 1, rewrapped: 1, busy: 0 })
    expect((await store.put(input('22'))).version).toBe(1)
    t += 2000 // a block comes seconds after the activation at the earliest
    await store.markBlocked('22')
    expect(await store.get('22')).toMatchObject({ status: 'blocked', version: 2 })
    t += 2000
    await store.delete('22')
    expect(await store.get('22')).toBeNull()
    expect((await base.list('installation:lease:')).keys).toEqual([])
  })
})
