import { describe, expect, it } from 'vitest'
import { onOffice, OnOfficeOptionsError } from '../../src/hono/index.ts'
import {
  createInstallationStore,
  memoryKv,
  type InstallationKeyRing,
} from '../../src/store/index.ts'
import {
  canary,
  createHarness,
  ENCRYPTION_KEY,
  PROVIDER_SECRET,
  PUBLIC_URL,
  SESSION_SECRET,
  useCanary,
} from './helpers.ts'

useCanary()

const NEW_KEY = 'rotated-encryption-key-0123456789abcdefgh'

describe('onOffice({ encryptionKey }) key rotation', () => {
  it('single key → ring (old records open, new ones seal under k2) → rewrap → the old key is dropped', async () => {
    canary.secrets.add(NEW_KEY)
    // The deployed configuration, switched between "deploys" (a dynamic option reads it per request).
    let encryptionKey: string | InstallationKeyRing = ENCRYPTION_KEY
    const h = createHarness({ encryptionKey: () => encryptionKey })
    await h.activate('1001')
    expect((await h.launch('1001')).status).toBe(200)

    // Deploy 1: the new key becomes current, the old one stays.
    encryptionKey = { keys: { k1: ENCRYPTION_KEY, k2: NEW_KEY }, currentKid: 'k2' }
    expect((await h.launch('1001')).status).toBe(200)
    await h.activate('1002')
    const ring = createInstallationStore(h.kv, encryptionKey)
    const kids = Object.fromEntries(
      (await ring.list()).entries.map((e) => [e.customerWebId, e.ok && e.kid]),
    )
    expect(kids).toEqual({ '1001': 'k1', '1002': 'k2' })

    // Dropping k1 now would lock 1001 out.
    encryptionKey = { keys: { k2: NEW_KEY }, currentKid: 'k2' }
    expect((await h.launch('1001')).status).not.toBe(200)
    encryptionKey = { keys: { k1: ENCRYPTION_KEY, k2: NEW_KEY }, currentKid: 'k2' }

    // The job re-seals what is left, then deploy 2 drops k1.
    expect(await ring.rewrap({ currentKid: 'k2' })).toMatchObject({
      scanned: 2,
      rewrapped: 1,
      alreadyCurrent: 1,
      busy: 0,
      failed: 0,
      cursor: null,
    })
    encryptionKey = { keys: { k2: NEW_KEY }, currentKid: 'k2' }
    for (const id of ['1001', '1002']) expect((await h.launch(id)).status).toBe(200)
  })

  it('a bad key ring fails at construction, naming the option and never the key', () => {
    const base = {
      publicUrl: PUBLIC_URL,
      providerSecret: PROVIDER_SECRET,
      sessionSecret: SESSION_SECRET,
      kv: memoryKv(),
    }
    const cases: Array<[unknown, RegExp]> = [
      [
        { keys: { k1: ENCRYPTION_KEY }, currentKid: 'k2' },
        /`encryptionKey\.currentKid` "k2" is not in/,
      ],
      [{ keys: { k1: 'short' }, currentKid: 'k1' }, /`encryptionKey\.keys\["k1"\]`/],
      [{ keys: {}, currentKid: 'k1' }, /`encryptionKey\.keys` must contain at least one key/],
    ]
    for (const [encryptionKey, message] of cases) {
      let caught: unknown
      try {
        onOffice({ ...base, encryptionKey: encryptionKey as InstallationKeyRing })
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(OnOfficeOptionsError)
      expect((caught as Error).message).toMatch(message)
      expect((caught as Error).message).not.toContain(ENCRYPTION_KEY)
    }
  })
})
