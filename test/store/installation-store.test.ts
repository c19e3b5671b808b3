import { CompactEncrypt, decodeProtectedHeader } from 'jose'
import { hkdfAesGcmKey } from '../../src/core/crypto.ts'
import { INSTALLATION_KEY_LABEL } from '../../src/store/seal.ts'
import { describe, expect, it } from 'vitest'
import {
  createInstallationStore,
  InstallationOpenError,
  memoryKv,
  type InstallationInput,
  type KeyValue,
} from '../../src/store/index.ts'

// Canary values: none of these may ever appear at rest or in a thrown message.
const KEY_A = 'canary-key-A-0123456789abcdef0123456789'
const KEY_B = 'canary-key-B-0123456789abcdef0123456789'
const TOKEN = 'canaryTOKEN0123456789abcdef01234' // 32 chars
const SECRET = 'canarySECRET' + 'x'.repeat(52) // 64 chars
const CANARIES = [KEY_A, KEY_B, TOKEN, SECRET]

function input(customerWebId = '21', over: Partial<InstallationInput> = {}): InstallationInput {
  return {
    customerWebId,
    customerName: 'Muster Immobilien GmbH',
    status: 'active',
    apiToken: TOKEN,
    apiSecret: SECRET,
    activatedAt: 1_700_000_000_000,
    activatedByUserId: '7',
    parameterCacheId: 'pc-123',
    isRegularCustomer: false,
    ...over,
  }
}

function recordKey(customerWebId: string): string {
  return `installation:v1:${customerWebId}`
}

async function rawRecord(kv: KeyValue, customerWebId: string): Promise<Record<string, unknown>> {
  const raw = await kv.get(recordKey(customerWebId))
  if (raw === null) throw new Error('no record')
  return JSON.parse(raw) as Record<string, unknown>
}

/** Runs `fn`, expects it to throw, asserts no canary appears in the thrown value, returns it. */
async function thrown(fn: () => Promise<unknown> | unknown): Promise<Error> {
  let caught: unknown
  try {
    await fn()
  } catch (e) {
    caught = e
  }
  expect(caught).toBeInstanceOf(Error)
  const err = caught as Error
  const text = `${err.message}\n${err.stack ?? ''}\n${JSON.stringify(err)}\n${String(err)}`
  for (const canary of CANARIES) expect(text).not.toContain(canary)
  return err
}

describe('createInstallationStore: round trip', () => {
  it('put then get returns the installation with updatedAt and version', async () => {
    let t = 1_700_000_100_000
    const store = createInstallationStore(memoryKv(), { encryptionKey: KEY_A }, { now: () => t })
    const written = await store.put(input())
    expect(written).toEqual({ ...input(), updatedAt: t, version: 1 })
    expect(await store.get('21')).toEqual(written)
    t += 5000
    const again = await store.put(
      input('21', { apiToken: 'b'.repeat(32), apiSecret: 'c'.repeat(64) }),
    )
    expect(again.version).toBe(2)
    expect(again.updatedAt).toBe(t)
    const read = await store.get('21')
    expect(read?.apiToken).toBe('b'.repeat(32))
    expect(read?.apiSecret).toBe('c'.repeat(64))
  })

  it('get of an unknown customer is null', async () => {
    const store = createInstallationStore(memoryKv(), { encryptionKey: KEY_A })
    expect(await store.get('404')).toBeNull()
  })

  it('markBlocked sets blocked, bumps version, keeps the secrets; no-op when absent', async () => {
    const store = createInstallationStore(memoryKv(), { encryptionKey: KEY_A })
    await store.put(input())
    await store.markBlocked('21')
    const read = await store.get('21')
    expect(read).toMatchObject({
      status: 'blocked',
      version: 2,
      apiToken: TOKEN,
      apiSecret: SECRET,
    })
    await expect(store.markBlocked('nobody')).resolves.toBeUndefined()
    expect(await store.get('nobody')).toBeNull()
    // Re-activation makes it active again.
    expect((await store.put(input())).status).toBe('active')
  })

  it('delete removes the record', async () => {
    const store = createInstallationStore(memoryKv(), { encryptionKey: KEY_A })
    await store.put(input())
    await store.delete('21')
    expect(await store.get('21')).toBeNull()
    await expect(store.delete('21')).resolves.toBeUndefined()
  })

  it('records of different customers are independent', async () => {
    const store = createInstallationStore(memoryKv(), { encryptionKey: KEY_A })
    await store.put(input('1', { apiToken: '1'.repeat(32) }))
    await store.put(input('2', { apiToken: '2'.repeat(32) }))
    expect((await store.get('1'))?.apiToken).toBe('1'.repeat(32))
    expect((await store.get('2'))?.apiToken).toBe('2'.repeat(32))
  })

  it('honours a custom prefix', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY_A }, { prefix: 'app1:inst:' })
    await store.put(input())
    expect(await kv.get('app1:inst:v1:21')).not.toBeNull()
    expect(await kv.get(recordKey('21'))).toBeNull()
  })
})

describe('createInstallationStore: at rest', () => {
  it('the stored value contains neither token nor secret nor key, and carries a dir/A256GCM JWE with kid', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY_A })
    await store.put(input())
    const raw = (await kv.get(recordKey('21')))!
    for (const canary of CANARIES) expect(raw).not.toContain(canary)
    // Not even a base64 form of the secret leaks.
    expect(raw).not.toContain(btoa(SECRET).slice(0, 20))
    const record = JSON.parse(raw) as Record<string, unknown>
    expect(record).toMatchObject({
      customerWebId: '21',
      customerName: 'Muster Immobilien GmbH',
      status: 'active',
      version: 1,
    })
    expect(record).not.toHaveProperty('apiToken')
    expect(record).not.toHaveProperty('apiSecret')
    expect(decodeProtectedHeader(record.sealed as string)).toEqual({
      alg: 'dir',
      enc: 'A256GCM',
      kid: 'k1',
    })
    expect((record.sealed as string).split('.')).toHaveLength(5)
  })

  it('sealing is randomised: the same secrets seal differently each write', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY_A })
    await store.put(input())
    const first = (await rawRecord(kv, '21')).sealed
    await store.put(input())
    expect((await rawRecord(kv, '21')).sealed).not.toBe(first)
  })
})

describe('createInstallationStore: tampering', () => {
  it.each<[string, Record<string, unknown>]>([
    ['blocked flipped back to active', { status: 'active' }],
    ['another activation date', { activatedAt: 1_600_000_000_000 }],
    ['another customer name', { customerName: 'Evil GmbH' }],
    ['a lower version', { version: 1 }],
    ['another regular-customer flag', { isRegularCustomer: true }],
  ])(
    'a changed clear field (%s) → altered_record; the record does not open',
    async (_name, change) => {
      const kv = memoryKv()
      const store = createInstallationStore(kv, { encryptionKey: KEY_A })
      await store.put(input())
      await store.markBlocked('21')
      const record = await rawRecord(kv, '21')
      await kv.put(recordKey('21'), JSON.stringify({ ...record, ...change }))
      const err = await thrown(() => store.get('21'))
      expect(err).toMatchObject({
        name: 'InstallationOpenError',
        reason: 'altered_record',
        kid: 'k1',
        customerWebId: '21',
      })
      // The untouched record still opens.
      await kv.put(recordKey('21'), JSON.stringify(record))
      expect((await store.get('21'))?.status).toBe('blocked')
    },
  )

  it('a record sealed before the clear fields were bound still opens, and is bound on its next write', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY_A })
    await store.put(input())
    const record = await rawRecord(kv, '21')
    const key = await hkdfAesGcmKey(KEY_A, INSTALLATION_KEY_LABEL)
    const legacy = await new CompactEncrypt(
      new TextEncoder().encode(JSON.stringify({ sub: '21', apiToken: TOKEN, apiSecret: SECRET })),
    )
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: 'k1' })
      .encrypt(key)
    await kv.put(recordKey('21'), JSON.stringify({ ...record, sealed: legacy, status: 'blocked' }))
    expect(await store.get('21')).toMatchObject({ status: 'blocked', apiToken: TOKEN })
    await store.markBlocked('21')
    const bound = await rawRecord(kv, '21')
    await kv.put(recordKey('21'), JSON.stringify({ ...bound, status: 'active' }))
    expect(await thrown(() => store.get('21'))).toMatchObject({ reason: 'altered_record' })
  })

  it('a flipped ciphertext byte → InstallationOpenError decrypt_failed naming the kid', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY_A })
    await store.put(input())
    const record = await rawRecord(kv, '21')
    const parts = (record.sealed as string).split('.')
    const ct = parts[3]!
    parts[3] = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1)
    await kv.put(recordKey('21'), JSON.stringify({ ...record, sealed: parts.join('.') }))
    const err = await thrown(() => store.get('21'))
    expect(err).toBeInstanceOf(InstallationOpenError)
    expect(err).toMatchObject({ reason: 'decrypt_failed', kid: 'k1', customerWebId: '21' })
    expect(err.message).toContain('"21"')
    expect(err.message).toContain('"k1"')
  })

  it('a wrong key under the same kid → decrypt_failed', async () => {
    const kv = memoryKv()
    await createInstallationStore(kv, { encryptionKey: KEY_A }).put(input())
    const err = await thrown(() => createInstallationStore(kv, { encryptionKey: KEY_B }).get('21'))
    expect(err).toMatchObject({
      name: 'InstallationOpenError',
      reason: 'decrypt_failed',
      kid: 'k1',
    })
  })

  it("a sealed blob copied into another customer's record does not open", async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY_A })
    await store.put(input('A'))
    await store.put(input('B', { apiToken: 'b'.repeat(32), apiSecret: 'b'.repeat(64) }))
    const a = await rawRecord(kv, 'A')
    const b = await rawRecord(kv, 'B')
    await kv.put(recordKey('B'), JSON.stringify({ ...b, sealed: a.sealed }))
    const err = await thrown(() => store.get('B'))
    expect(err).toMatchObject({ reason: 'wrong_customer', customerWebId: 'B' })
    // markBlocked must not launder the foreign blob into B's record either.
    await expect(store.markBlocked('B')).rejects.toBeInstanceOf(InstallationOpenError)
  })

  it("a whole record copied under another customer's key does not open", async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY_A })
    await store.put(input('A'))
    await kv.put(recordKey('B'), (await kv.get(recordKey('A')))!)
    const err = await thrown(() => store.get('B'))
    expect(err).toMatchObject({ reason: 'wrong_customer', customerWebId: 'B' })
    // Even with the clear customerWebId rewritten, the sealed binding catches it.
    await kv.put(
      recordKey('B'),
      JSON.stringify({ ...(await rawRecord(kv, 'A')), customerWebId: 'B' }),
    )
    expect(await thrown(() => store.get('B'))).toMatchObject({ reason: 'wrong_customer' })
  })

  it('a corrupted record → a clear corrupt_record error naming fields, not values', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY_A })
    await kv.put(recordKey('21'), '{not json')
    expect(await thrown(() => store.get('21'))).toMatchObject({
      reason: 'corrupt_record',
      name: 'InstallationOpenError',
    })
    await store.put(input())
    const record = await rawRecord(kv, '21')
    await kv.put(recordKey('21'), JSON.stringify({ ...record, status: 'deleted', version: 'x' }))
    const err = await thrown(() => store.get('21'))
    expect(err).toMatchObject({ reason: 'corrupt_record' })
    expect(err.message).toMatch(/status: expected one of "active", "blocked"/)
    expect(err.message).toMatch(/version/)
    expect(err.message).not.toContain('deleted')
    await kv.put(recordKey('21'), JSON.stringify({ ...record, sealed: 'garbage' }))
    expect(await thrown(() => store.get('21'))).toMatchObject({ reason: 'corrupt_record' })
  })

  it('put succeeds over a record that cannot be opened (re-activation repairs it)', async () => {
    const kv = memoryKv()
    const store = createInstallationStore(kv, { encryptionKey: KEY_A })
    await kv.put(recordKey('21'), '{not json')
    expect((await store.put(input())).version).toBe(1)
    expect((await store.get('21'))?.apiSecret).toBe(SECRET)
  })
})

describe('createInstallationStore: key rotation', () => {
  it('an old record opens, is re-sealed under the current kid on put, and the old key can then go', async () => {
    const kv = memoryKv()
    await createInstallationStore(kv, { keys: { k1: KEY_A }, currentKid: 'k1' }).put(input())
    expect(decodeProtectedHeader((await rawRecord(kv, '21')).sealed as string).kid).toBe('k1')

    const rotated = createInstallationStore(kv, {
      keys: { k1: KEY_A, k2: KEY_B },
      currentKid: 'k2',
    })
    expect((await rotated.get('21'))?.apiSecret).toBe(SECRET)
    // Reading does not re-seal.
    expect(decodeProtectedHeader((await rawRecord(kv, '21')).sealed as string).kid).toBe('k1')
    await rotated.put(input())
    expect(decodeProtectedHeader((await rawRecord(kv, '21')).sealed as string)).toEqual({
      alg: 'dir',
      enc: 'A256GCM',
      kid: 'k2',
    })

    const onlyNew = createInstallationStore(kv, { keys: { k2: KEY_B }, currentKid: 'k2' })
    expect((await onlyNew.get('21'))?.apiToken).toBe(TOKEN)
  })

  it('markBlocked re-seals under the current kid', async () => {
    const kv = memoryKv()
    await createInstallationStore(kv, { encryptionKey: KEY_A }).put(input())
    const rotated = createInstallationStore(kv, {
      keys: { k1: KEY_A, k2: KEY_B },
      currentKid: 'k2',
    })
    await rotated.markBlocked('21')
    expect(decodeProtectedHeader((await rawRecord(kv, '21')).sealed as string).kid).toBe('k2')
    const read = await createInstallationStore(kv, { keys: { k2: KEY_B }, currentKid: 'k2' }).get(
      '21',
    )
    expect(read).toMatchObject({ status: 'blocked', apiSecret: SECRET, version: 2 })
  })

  it('an unknown kid → InstallationOpenError naming the kid, never the key', async () => {
    const kv = memoryKv()
    await createInstallationStore(kv, { keys: { old: KEY_A }, currentKid: 'old' }).put(input())
    const err = await thrown(() =>
      createInstallationStore(kv, { keys: { new: KEY_B }, currentKid: 'new' }).get('21'),
    )
    expect(err).toBeInstanceOf(InstallationOpenError)
    expect(err).toMatchObject({ reason: 'unknown_kid', kid: 'old', customerWebId: '21' })
    expect(err.message).toContain('"old"')
    expect(err.message).toContain('"21"')
  })
})

describe('createInstallationStore: validation', () => {
  const kv = memoryKv()

  it.each([
    [{}, /options\.encryptionKey is missing/],
    [{ encryptionKey: '' }, /options\.encryptionKey is missing/],
    [
      { encryptionKey: 'short-canary-key' },
      /options\.encryptionKey is too short: it must be at least 32 bytes/,
    ],
    [{ encryptionKey: KEY_A, keys: { k1: KEY_A }, currentKid: 'k1' }, /not both/],
    [{ keys: {}, currentKid: 'k1' }, /options\.keys must contain at least one key/],
    [{ keys: { k1: KEY_A } }, /options\.currentKid is required/],
    [
      { keys: { k1: KEY_A }, currentKid: 'k9' },
      /options\.currentKid "k9" is not in options\.keys \(configured: "k1"\)/,
    ],
    [
      { keys: { k1: KEY_A, k2: 'short-canary-key' }, currentKid: 'k1' },
      /options\.keys\["k2"\] is too short/,
    ],
  ])('rejects %o', async (options, message) => {
    const err = await thrown(() => createInstallationStore(kv, options as never))
    expect(err).toBeInstanceOf(TypeError)
    expect(err.message).toMatch(/^createInstallationStore: /)
    expect(err.message).toMatch(message)
    expect(err.message).not.toContain('short-canary-key')
  })

  it('counts key length in UTF-8 bytes', () => {
    expect(() => createInstallationStore(kv, { encryptionKey: 'ä'.repeat(16) })).not.toThrow()
    expect(() => createInstallationStore(kv, { encryptionKey: 'a'.repeat(31) })).toThrow(
      /too short/,
    )
  })

  it('rejects a missing kv and a bad clock', async () => {
    expect(() => createInstallationStore(undefined as never, { encryptionKey: KEY_A })).toThrow(
      /kv must be a KeyValue/,
    )
    expect(() =>
      createInstallationStore(kv, { encryptionKey: KEY_A }, { now: 1 as never }),
    ).toThrow(/extra\.now/)
  })

  it('rejects an empty customerWebId on every method', async () => {
    const store = createInstallationStore(kv, { encryptionKey: KEY_A })
    for (const call of [
      () => store.get(''),
      () => store.delete(''),
      () => store.markBlocked(''),
      () => store.put(input('')),
    ]) {
      const err = await thrown(call)
      expect(err).toBeInstanceOf(TypeError)
      expect(err.message).toMatch(/customerWebId/)
    }
  })

  it('put rejects invalid input naming the field, never its value', async () => {
    const store = createInstallationStore(kv, { encryptionKey: KEY_A })
    const err = await thrown(() =>
      store.put({ ...input(), status: 'gone' as never, apiSecret: 42 as never }),
    )
    expect(err).toBeInstanceOf(TypeError)
    expect(err.message).toMatch(/status: expected one of "active", "blocked"/)
    expect(err.message).toMatch(/apiSecret: expected string/)
    expect(err.message).not.toContain('gone')
  })

  it('put stores only known fields', async () => {
    const kv2 = memoryKv()
    const store = createInstallationStore(kv2, { encryptionKey: KEY_A })
    await store.put({ ...input(), extra: 'x', version: 99 } as never)
    const record = await rawRecord(kv2, '21')
    expect(record).not.toHaveProperty('extra')
    expect(record.version).toBe(1)
  })
})
