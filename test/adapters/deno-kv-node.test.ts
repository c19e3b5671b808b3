import { openKv } from '@deno/kv'
import { afterAll, describe, expect, it } from 'vitest'
import { denoKv } from '../../adapters/deno-kv.ts'
import { kvContract } from '../../src/testing/kv-contract.ts'

// Deno KV stores at most 64 KiB per value; the large-value case uses 60 KiB (see denoKv's docs).
const LARGE = 60 * 1024

for (const implementation of ['sqlite', 'in-memory'] as const) {
  describe(`kvContract: denoKv on @deno/kv (${implementation}, injected clock)`, () => {
    const handles: { close(): void }[] = []
    afterAll(() => {
      for (const h of handles) h.close()
    })
    let t = 1_700_000_000_000
    const make = async () => {
      const kv = await openKv(implementation === 'sqlite' ? ':memory:' : '', { implementation })
      handles.push(kv)
      return denoKv(kv, { now: () => t })
    }
    for (const c of kvContract(make, { advance: (ms) => void (t += ms), largeValueBytes: LARGE }))
      it(c.name, c.run)
  })
}

describe('denoKv on @deno/kv: real expiry and limits', () => {
  it('a value written with a TTL is gone after it by the real clock', async () => {
    const handle = await openKv(':memory:')
    try {
      const kvc = kvContract(() => denoKv(handle), { ttlRealWaitMs: 1300, largeValueBytes: LARGE })
      const ttlCase = kvc.find((c) => c.name.startsWith('ttl:'))
      expect(ttlCase).toBeDefined()
      await ttlCase!.run()
    } finally {
      handle.close()
    }
  })

  it('refuses a value above 64 KiB with a message naming the limit', async () => {
    const handle = await openKv(':memory:')
    try {
      const kv = denoKv(handle)
      await expect(kv.put('big', 'x'.repeat(70 * 1024))).rejects.toThrow(/at most 65536 bytes/)
      // Non-Latin-1 text serializes as two bytes per character.
      await expect(kv.put('big', '€'.repeat(33 * 1024))).rejects.toThrow(RangeError)
      await expect(kv.putIfAbsent('big', 'x'.repeat(70 * 1024), {})).rejects.toThrow(RangeError)
      expect(await kv.get('big')).toBeNull()
    } finally {
      handle.close()
    }
  })

  it('keeps its keys under the prefix', async () => {
    const handle = await openKv(':memory:')
    try {
      await denoKv(handle, { prefix: ['app', 'v1'] }).put('k', 'v')
      expect((await handle.get(['app', 'v1', 'k'])).value).toEqual({ v: 'v' })
      expect(await denoKv(handle).get('k')).toBeNull()
    } finally {
      handle.close()
    }
  })

  it('rejects a TTL that is not a positive integer', async () => {
    const handle = await openKv(':memory:')
    try {
      await expect(denoKv(handle).put('k', 'v', { ttlSec: 0.5 })).rejects.toThrow(
        /positive integer/,
      )
    } finally {
      handle.close()
    }
  })
})
