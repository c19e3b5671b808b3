import type { KeyValue } from '../src/store/kv.ts'

/** Concurrent callers in the store bench (the figure). */
export const STORE_CALLERS = 32

/**
 * `ops` putIfAbsent calls on fresh keys, then `ops` gets of those keys, each by {@link STORE_CALLERS} concurrent
 * callers pulling from one counter. Resolves operations per second of each phase by `now`.
 */
export async function storeLoop(
  kv: KeyValue,
  ops: number,
  now: () => number,
): Promise<{ putIfAbsentOpsPerSec: number; getOpsPerSec: number }> {
  const run = `bench:${Math.random().toString(36).slice(2, 10)}:`
  const phase = async (op: (i: number) => Promise<unknown>) => {
    let next = 0
    const start = now()
    await Promise.all(
      Array.from({ length: STORE_CALLERS }, async () => {
        while (next < ops) await op(next++)
      }),
    )
    return ops / (Math.max(1, now() - start) / 1000)
  }
  // A short warm-up: connections, table creation, JIT.
  for (let i = 0; i < 20; i++) await kv.putIfAbsent(`${run}warm:${i}`, 'w', { ttlSec: 600 })
  const putIfAbsentOpsPerSec = await phase(async (i) => {
    if (!(await kv.putIfAbsent(`${run}${i}`, `{"n":${i}}`, { ttlSec: 600 })))
      throw new Error('bench: putIfAbsent on a fresh key returned false')
  })
  const getOpsPerSec = await phase(async (i) => {
    if ((await kv.get(`${run}${i}`)) === null) throw new Error('bench: a written key read as null')
  })
  return { putIfAbsentOpsPerSec, getOpsPerSec }
}
