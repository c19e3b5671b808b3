import { beforeEach, describe, expect, it } from 'vitest'
import {
  createFakeOnOffice,
  type FakeCredentials,
  type FakeOnOffice,
} from '../../../src/testing/index.ts'
import { clock, one } from './helpers.ts'

let c: ReturnType<typeof clock>
let fake: FakeOnOffice
let customer: FakeCredentials
let provider: FakeCredentials
let claim: string
beforeEach(async () => {
  c = clock()
  fake = createFakeOnOffice({ now: c.now })
  const a = await fake.startActivation({ customerWebId: '12345', userId: '17' })
  customer = { token: a.apiToken, secret: a.apiKey }
  await one(
    fake,
    customer,
    {
      kind: 'do',
      resourcetype: 'unlockProvider',
      parameters: { extendedclaim: a.apiClaim, parameterCacheId: a.parameterCacheId },
    },
    c.now(),
  )
  claim = fake.issueClaim('12345', '17')
  provider = fake.addProviderUser()
})

const recipient = (parameters: Record<string, unknown>) =>
  one(
    fake,
    customer,
    { kind: 'get', resourcetype: 'getMarketplaceInvoiceRecipient', parameters },
    c.now(),
  )
const refund = (creds: FakeCredentials, transactionid: unknown) =>
  one(
    fake,
    creds,
    { kind: 'do', resourcetype: 'transactionRefund', parameters: { transactionid } },
    c.now(),
  )
const link = (creds: FakeCredentials, parameters: Record<string, unknown>) =>
  one(
    fake,
    creds,
    { kind: 'do', resourcetype: 'subsequentPaymentLink', resourceid: null, parameters },
    c.now(),
  )

describe('getMarketplaceInvoiceRecipient', () => {
  it('answers the paying user within 900 s without a claim, then 190; with a claim any time', async () => {
    const { transactionId } = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: '25.10',
    })
    const ok = await recipient({ transactionid: Number(transactionId), userid: 17 })
    expect(ok.status.errorcode).toBe(0)
    expect(ok.cntabsolute).toBe(1)
    expect(ok.records[0]!.elements).toMatchObject({
      firstname: 'Max',
      lastname: 'Makler',
      zipcode: '52068',
      country: 'DEU',
    })
    expect(Object.keys(ok.records[0]!.elements).sort()).toEqual([
      'address',
      'city',
      'companyUstId',
      'companyname',
      'country',
      'email',
      'firstname',
      'lastname',
      'salutation',
      'zipcode',
    ])
    c.advance(900_000)
    expect((await recipient({ transactionid: transactionId, userid: '17' })).status.errorcode).toBe(
      0,
    )
    c.advance(1000)
    expect((await recipient({ transactionid: transactionId, userid: 17 })).status).toEqual({
      errorcode: 190,
      message: 'The time to call the transaction has expired',
    })
    expect(
      (await recipient({ transactionid: transactionId, userid: 17, extendedclaim: claim })).status
        .errorcode,
    ).toBe(0)
  })

  it('184 unknown/inactive user, 188 not the paying user, 189 unknown or foreign transaction, 186, 167', async () => {
    const { transactionId } = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: '10.00',
    })
    const foreign = fake.createTransaction({
      customerWebId: '999',
      userId: '17',
      amount: '10.00',
    }).transactionId
    expect((await recipient({ transactionid: transactionId, userid: 4242 })).status).toEqual({
      errorcode: 184,
      message: 'User id is not existing or inactive',
    })
    expect((await recipient({ transactionid: transactionId, userid: 21 })).status.errorcode).toBe(
      184,
    )
    expect((await recipient({ transactionid: transactionId, userid: 18 })).status).toEqual({
      errorcode: 188,
      message: 'The user data could not be found',
    })
    expect((await recipient({ transactionid: 1, userid: 17 })).status).toEqual({
      errorcode: 189,
      message: 'The transaction could not be found',
    })
    expect((await recipient({ transactionid: foreign, userid: 17 })).status.errorcode).toBe(189)
    expect((await recipient({ transactionid: transactionId, userid: 'max' })).status).toEqual({
      errorcode: 186,
      message: 'Userid must be an integer',
    })
    expect((await recipient({ userid: 17 })).status).toEqual({
      errorcode: 167,
      message: 'Missing parameter "transactionid"',
    })
  })
})

describe('marketplaceCancelAbo', () => {
  it('cancels the customer subscription; unknown abo → 80, bad date → 122, claim required', async () => {
    const { aboId } = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: '25.30',
      kind: 'abo',
    })
    expect(aboId).toBeTruthy()
    const cancel = (parameters: Record<string, unknown>) =>
      one(
        fake,
        customer,
        {
          kind: 'do',
          resourcetype: 'marketplaceCancelAbo',
          parameters: { extendedclaim: claim, ...parameters },
        },
        c.now(),
      )
    const ok = await cancel({ aboid: aboId, cancelationDate: '2026-01-31' })
    expect(ok.records[0]!.elements).toEqual({ result: 'success' })
    expect([...fake.transactions.values()][0]!.canceledFrom).toBe('2026-01-31')
    expect(
      (await cancel({ aboid: 'abo-nope', cancelationDate: '2026-01-31' })).status.errorcode,
    ).toBe(80)
    expect((await cancel({ aboid: aboId, cancelationDate: '31.01.2026' })).status).toEqual({
      errorcode: 122,
      message: 'Invalid date',
    })
    const noClaim = await one(
      fake,
      customer,
      {
        kind: 'do',
        resourcetype: 'marketplaceCancelAbo',
        parameters: { aboid: aboId, cancelationDate: '2026-01-31' },
      },
      c.now(),
    )
    expect(noClaim.status.errorcode).toBe(193)
  })
})

describe('transactionRefund', () => {
  it('refunds a card payment once; the second time 210 "already refunded"', async () => {
    const { transactionId } = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: '25.10',
    })
    const ok = await refund(provider, Number(transactionId))
    expect(ok.records[0]!.elements).toEqual({ result: 'success' })
    expect((await refund(provider, transactionId)).status).toEqual({
      errorcode: 210,
      message: "Transaction can't be refunded: already refunded.",
    })
  })

  it('SEPA: not while inprocess, only after 7 days', async () => {
    const pending = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: '5.00',
      kind: 'sepa',
      status: 'inprocess',
    }).transactionId
    const sepa = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: '5.00',
      kind: 'sepa',
    }).transactionId
    const notCorrect = {
      errorcode: 210,
      message: "Transaction can't be refunded: state not correct.",
    }
    expect((await refund(provider, pending)).status).toEqual(notCorrect)
    expect((await refund(provider, sepa)).status).toEqual(notCorrect)
    c.advance(7 * 24 * 3600 * 1000)
    expect((await refund(provider, pending)).status).toEqual(notCorrect)
    fake.setTransactionStatus(pending, 'success')
    expect((await refund(provider, pending)).status.errorcode).toBe(0)
    expect((await refund(provider, sepa)).status.errorcode).toBe(0)
  })

  it('only the provider user: 240 for marketplace users, 156 for plain users; 189 unknown; 205 another provider', async () => {
    const { transactionId } = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: '25.10',
    })
    const r = await one(
      fake,
      customer,
      {
        kind: 'do',
        resourcetype: 'transactionRefund',
        parameters: { transactionid: transactionId, extendedclaim: claim },
      },
      c.now(),
    )
    expect(r.status).toEqual({
      errorcode: 240,
      message: 'Call for Marketplace Api-Users not allowed',
    })
    expect((await refund(fake.addApiUser(), transactionId)).status).toEqual({
      errorcode: 156,
      message: 'Access violation',
    })
    expect((await refund(provider, 42)).status.errorcode).toBe(189)
    const other = fake.addProviderUser({ providerId: 'someone-else' })
    expect((await refund(other, transactionId)).status).toEqual({
      errorcode: 205,
      message: `Transaction-Id does not match to the customer: ${transactionId}!`,
    })
  })
})

describe('subsequentPaymentLink', () => {
  it('returns elements.result with the URL and whether a mail was sent', async () => {
    const { transactionId } = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: '25.10',
    })
    const r = await link(provider, {
      transactionid: transactionId,
      priceNet: '1100.50',
      description: 'Extra',
      sendMailToCustomer: true,
    })
    expect(r.status.errorcode).toBe(0)
    expect(r.records[0]!.elements.result).toEqual({
      subsequentPaymentUrl: expect.stringMatching(/^https:\/\//),
      mailToCustomerSent: true,
    })
    expect(fake.transactions.get(transactionId)!.subsequentPayments).toHaveLength(1)
  })

  it('214 for a price not like 1100.50; 189/205/240 as for refunds', async () => {
    const { transactionId } = fake.createTransaction({
      customerWebId: '12345',
      userId: '17',
      amount: '25.10',
    })
    for (const priceNet of ['1100,50', '1.234', 'abc', '', 12.5]) {
      expect(
        (await link(provider, { transactionid: transactionId, priceNet, description: 'x' })).status,
        String(priceNet),
      ).toEqual({
        errorcode: 214,
        message: 'Invalid price format!',
      })
    }
    expect(
      (await link(provider, { transactionid: 'nope', priceNet: '1', description: 'x' })).status
        .errorcode,
    ).toBe(189)
    const other = fake.addProviderUser({ providerId: 'x' })
    expect(
      (await link(other, { transactionid: transactionId, priceNet: '1', description: 'x' })).status
        .errorcode,
    ).toBe(205)
    const r = await one(
      fake,
      customer,
      {
        kind: 'do',
        resourcetype: 'subsequentPaymentLink',
        parameters: { transactionid: transactionId, priceNet: '1', extendedclaim: claim },
      },
      c.now(),
    )
    expect(r.status.errorcode).toBe(240)
  })

  it('createTransaction validates its input', () => {
    expect(() =>
      fake.createTransaction({ customerWebId: '1', userId: '17', amount: '25,10' }),
    ).toThrow(/amount/)
  })
})
