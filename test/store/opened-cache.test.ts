import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createInstallationStore,
  InstallationOpenError,
  memoryKv,
  type InstallationInput,
} from '../../src/store/index.ts'

// The store keeps opened installations keyed on the exact stored value: it skips the unseal, never the KV read.
const KEY = 'opened-cache-key-0123456789abcdef0123'
const input = (over: Partial<InstallationInput> = {}): InstallationInput => ({
  customerWebId: '21',
  customerName: 'Muster GmbH',
  status: 'active',
  apiToken: 'a'.repeat(32),
  apiSecret: 'b'.repeat(64),
  activatedAt: 1_700_000_000_000,
  activatedByUserId: '7',
  parameterCacheId: 'pc-1',
  isRegularCustomer: false,
  ...over,
})

afterEach(() => vi.restoreAllMocks())

describe('installation store: opened-record cache', () => {
  it('unseals a record once while the stored value is unchanged', async () => {
    const store = createInstallationStore(memoryKv(), { encryptionKey: KEY })
    await store.put(input())
    const decrypt = vi.spyOn(crypto.subtle, 'decrypt')
    const a = await store.get('21')
    const b = await store.get('21')
    expect(b).toEqual(a)
    expect(decrypt).toHaveBeenCalledTimes(1)
  })

  it('sees a block, a re-activation and a delete written by another store instance at once', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY })
    const other = createInstallationStore(kv, { encryptionKey: KEY })
    await store.put(input())
    expect((await store.get('21'))?.status).toBe('active')
    await other.markBlocked('21')
    expect((await store.get('21'))?.status).toBe('blocked')
    await other.put(input({ apiToken: 'c'.repeat(32) }))
    expect((await store.get('21'))?.apiToken).toBe('c'.repeat(32))
    await other.delete('21')
    expect(await store.get('21')).toBeNull()
  })

  it('does not hide tampering: an altered stored value is opened (and rejected) again', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY })
    await store.put(input())
    await store.get('21')
    const raw = JSON.parse((await kv.get('installation:v1:21'))!) as { sealed: string }
    const parts = raw.sealed.split('.')
    parts[3] = parts[3]!.startsWith('A') ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`
    await kv.put('installation:v1:21', JSON.stringify({ ...raw, sealed: parts.join('.') }))
    await expect(store.get('21')).rejects.toBeInstanceOf(InstallationOpenError)
  })

  it('hands out copies: mutating a result does not change the next one', async () => {
    const store = createInstallationStore(memoryKv(), { encryptionKey: KEY })
    await store.put(input())
    const a = (await store.get('21'))!
    a.status = 'blocked'
    a.apiToken = 'x'
    const b = (await store.get('21'))!
    expect(b.status).toBe('active')
    expect(b.apiToken).toBe('a'.repeat(32))
  })
})
