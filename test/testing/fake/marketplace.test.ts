import { beforeEach, describe, expect, it } from 'vitest'
import { createFakeOnOffice, type FakeOnOffice } from '../../../src/testing/index.ts'
import { clock, one } from './helpers.ts'

let c: ReturnType<typeof clock>
let fake: FakeOnOffice
beforeEach(() => {
  c = clock()
  fake = createFakeOnOffice({ now: c.now })
})

async function activate(customerWebId = '12345') {
  const a = await fake.startActivation({ customerWebId, customerName: 'Muster', userId: '17' })
  const creds = { token: a.apiToken, secret: a.apiKey }
  const r = await one(
    fake,
    creds,
    {
      kind: 'do',
      resourcetype: 'unlockProvider',
      parameters: {
        extendedclaim: a.apiClaim,
        parameterCacheId: a.parameterCacheId,
        isRegularCustomer: 0,
      },
    },
    c.now(),
  )
  return { a, creds, r }
}

const readEstate = (claim?: string) => ({
  kind: 'read' as const,
  resourcetype: 'estate',
  parameters: claim === undefined ? { listlimit: 1 } : { listlimit: 1, extendedclaim: claim },
})

describe('activation', () => {
  it('creates an inactive API user with a 32/64-character token/key, a UUID parameterCacheId and a claim', async () => {
    const a = await fake.startActivation({ customerWebId: '12345' })
    expect(a.apiToken).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(a.apiKey).toMatch(/^[A-Za-z0-9]{64}$/)
    expect(a.parameterCacheId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    )
    expect(a.apiClaim).toMatch(/^[A-Za-z0-9_.-]{40,}$/)
    expect(fake.isActivated('12345')).toBe(false)
    // Before unlock nothing else works.
    const creds = { token: a.apiToken, secret: a.apiKey }
    expect(
      (await one(fake, creds, readEstate(fake.issueClaim('12345', '17')), c.now())).status
        .errorcode,
    ).toBe(22)
  })

  it('unlockProvider with token + key, parameterCacheId and the activation claim answers success and activates', async () => {
    const { r } = await activate()
    expect(r.status.errorcode).toBe(0)
    expect(r.records[0]!.elements).toEqual({ success: 'success' })
    expect(fake.isActivated('12345')).toBe(true)
  })

  it('answers 177 for an unknown parameterCacheId or one of another activation', async () => {
    const a = await fake.startActivation({ customerWebId: '12345' })
    const b = await fake.startActivation({ customerWebId: '999' })
    const creds = { token: a.apiToken, secret: a.apiKey }
    for (const id of ['00000000-0000-4000-8000-000000000000', b.parameterCacheId]) {
      const r = await one(
        fake,
        creds,
        {
          kind: 'do',
          resourcetype: 'unlockProvider',
          parameters: { extendedclaim: a.apiClaim, parameterCacheId: id },
        },
        c.now(),
      )
      expect(r.status).toEqual({ errorcode: 177, message: 'Parameter cache does not exist' })
    }
    expect(fake.isActivated('12345')).toBe(false)
  })

  it('accepts the activation claim for unlockProvider only (193 elsewhere), and no service claim for unlock', async () => {
    const { a, creds } = await activate()
    expect((await one(fake, creds, readEstate(a.apiClaim), c.now())).status.errorcode).toBe(193)
    const b = await fake.startActivation({ customerWebId: '777' })
    const service = fake.issueClaim('777', '17')
    const r = await one(
      fake,
      { token: b.apiToken, secret: b.apiKey },
      {
        kind: 'do',
        resourcetype: 'unlockProvider',
        parameters: { extendedclaim: service, parameterCacheId: b.parameterCacheId },
      },
      c.now(),
    )
    expect(r.status.errorcode).toBe(193)
  })

  it('block() revokes the API user (48); re-activation issues a new token and the old one stays revoked', async () => {
    const { creds } = await activate()
    const claim = fake.issueClaim('12345', '17')
    expect((await one(fake, creds, readEstate(claim), c.now())).status.errorcode).toBe(0)
    fake.block('12345')
    expect(fake.isActivated('12345')).toBe(false)
    expect((await one(fake, creds, readEstate(claim), c.now())).status).toEqual({
      errorcode: 48,
      message: 'Client access revoked!',
    })
    const again = await activate()
    expect(again.a.apiToken).not.toBe(creds.token)
    expect(fake.isActivated('12345')).toBe(true)
    expect((await one(fake, again.creds, readEstate(claim), c.now())).status.errorcode).toBe(0)
    expect((await one(fake, creds, readEstate(claim), c.now())).status.errorcode).toBe(48)
  })
})

describe('claims', () => {
  it('193 without or with an unknown claim, 201 when outdated, 248 for another customer', async () => {
    const { creds } = await activate('12345')
    expect((await one(fake, creds, readEstate(), c.now())).status).toEqual({
      errorcode: 193,
      message: 'Parameter extendedclaim is required, but missing, empty or invalid',
    })
    expect((await one(fake, creds, readEstate('made-up'), c.now())).status.errorcode).toBe(193)
    const expired = fake.issueClaim('12345', '17')
    fake.expireClaim(expired)
    expect((await one(fake, creds, readEstate(expired), c.now())).status).toEqual({
      errorcode: 201,
      message: 'Parameter "extendedclaim" is outdated',
    })
    const other = fake.issueClaim('99999', '17')
    expect((await one(fake, creds, readEstate(other), c.now())).status).toEqual({
      errorcode: 248,
      message: 'No matching extendedclaim',
    })
  })

  it('a claim with ttlSec becomes outdated on the fake clock', async () => {
    const { creds } = await activate()
    const claim = fake.issueClaim('12345', '17', { ttlSec: 60 })
    expect((await one(fake, creds, readEstate(claim), c.now())).status.errorcode).toBe(0)
    c.advance(60_000)
    expect((await one(fake, creds, readEstate(claim), c.now())).status.errorcode).toBe(201)
  })

  it('plain API users need no claim', async () => {
    const plain = fake.addApiUser()
    expect((await one(fake, plain, readEstate(), c.now())).status.errorcode).toBe(0)
  })

  it('rejects bad setup arguments with messages that name the option', async () => {
    await expect(fake.startActivation({ customerWebId: '' })).rejects.toThrow(/customerWebId/)
    expect(() => fake.issueClaim('1', '17', { ttlSec: 0 })).toThrow(/ttlSec/)
    expect(() => fake.expireClaim('nope')).toThrow(/claim/)
    expect(() => fake.block('never')).toThrow(/never started/)
  })
})
