import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileKv, type FileKv } from '../../adapters/node.ts'
import { kvContract } from '../../src/testing/kv-contract.ts'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onoffice-kit-filekv-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('kvContract: fileKv on a temp SQLite file (injected clock)', () => {
  const stores: FileKv[] = []
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()))
  })
  let t = 1_700_000_000_000
  let n = 0
  const make = () => {
    const kv = fileKv(join(dir, `contract-${n++}`, 'kv.sqlite'), { now: () => t })
    stores.push(kv)
    return kv
  }
  for (const c of kvContract(make, { advance: (ms) => void (t += ms), largeValueBytes: 60 * 1024 }))
    it(c.name, c.run)
})

describe('fileKv', () => {
  it('persists across close and reopen of the same file', async () => {
    const path = join(dir, 'persist', 'nested', 'kv.sqlite')
    const first = fileKv(path)
    await first.put('installation:1', '{"a":1}')
    expect(await first.putIfAbsent('once', 'x', { ttlSec: 3600 })).toBe(true)
    await first.close()
    expect((await stat(path)).isFile()).toBe(true)

    const second = fileKv(path)
    try {
      expect(await second.get('installation:1')).toBe('{"a":1}')
      expect(await second.putIfAbsent('once', 'y', { ttlSec: 3600 })).toBe(false)
    } finally {
      await second.close()
    }
  })

  it('rejects operations after close, and close is idempotent', async () => {
    const kv = fileKv(join(dir, 'closed.sqlite'))
    await kv.put('k', 'v')
    await kv.close()
    await kv.close()
    await expect(kv.get('k')).rejects.toThrow(/closed/)
  })

  it('opens lazily: no file until the first operation', async () => {
    const path = join(dir, 'lazy', 'kv.sqlite')
    const kv = fileKv(path)
    await expect(stat(path)).rejects.toThrow()
    await kv.get('k')
    expect((await stat(path)).isFile()).toBe(true)
    await kv.close()
  })

  it('validates its path', () => {
    expect(() => fileKv('')).toThrow(/path must be a file path/)
  })
})
