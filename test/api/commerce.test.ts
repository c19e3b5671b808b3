/**
 * Every commerce call of issue 6 through the typed client against the fake onOffice, including the
 * documented error codes: each error is the typed OnOfficeApiError with code, category and a hint that says
 * what to do for THIS call; local validation rejects before anything goes over the wire.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import {
  OnOfficeApiError,
  createClient,
  createProviderClient,
  type OnOfficeClient,
  type ProviderClient,
} from '../../src/index.ts'
import { DEMO_CUSTOMER, createFakeOnOffice, type FakeOnOffice } from '../../src/testing/index.ts'

const START = Date.UTC(2026, 0, 15, 10, 0, 0)
let t: number
let fake: FakeOnOffice
/** Customer client without a claim (the stored installation's API user alone). */
let bare: OnOfficeClient
/** The same client with the paying user's service claim. */
let claimed: OnOfficeClient
let provider: ProviderClient

beforeEach(async () => {
  t = START
  fake = createFakeOnOffice({ now: () => t })
  const act = await fake.startActivation({ customerWebId: DEMO_CUSTOMER, userId: '17' })
  bare = createClient({
    token: act.apiToken,
    secret: act.apiKey,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    now: () => t,
    retries: 0,
  })
  await bare
    .withClaim(act.apiClaim)
    .marketplace.unlockProvider({ parameterCacheId: act.parameterCacheId })
  claimed = bare.withClaim(fake.issueClaim(DEMO_CUSTOMER, '17', { ttlSec: 365 * 24 * 3600 }))
  const p = fake.addProviderUser()
  provider = createProviderClient({
    token: p.token,
    secret: p.secret,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    now: () => t,
    retries: 0,
  })
  fake.clearReceived()
})

const pay = (
  extra: {
    kind?: 'payment' | 'abo' | 'sepa'
    status?: 'success' | 'inprocess'
    customerWebId?: string
  } = {},
) =>
  fake.createTransaction({ customerWebId: DEMO_CUSTOMER, userId: '17', amount: '25.10', ...extra })

/** Awaits a rejection and returns it as an OnOfficeApiError (fails the test for anything else). */
async function apiError(p: Promise<unknown>): Promise<OnOfficeApiError> {
  const err = await p.then(
    () => expect.fail('expected the call to fail'),
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(OnOfficeApiError)
  return err as OnOfficeApiError
}

const wireCalls = (resourcetype: string) => fake.receivedActions({ resourcetype }).length

describe('marketplace.invoiceRecipient', () => {
  it('with a claim: the invoice data any time later', async () => {
    const { transactionId } = pay()
    t += 30 * 24 * 3600 * 1000
    const r = await claimed.marketplace.invoiceRecipient({ transactionId, userId: 17 })
    expect(r).toMatchObject({
      firstname: 'Max',
      lastname: 'Makler',
      zipcode: '52068',
      country: 'DEU',
    })
    expect(Object.keys(r).sort()).toEqual([
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
    const [action] = fake.receivedActions({ resourcetype: 'getMarketplaceInvoiceRecipient' })
    expect(action).toMatchObject({
      kind: 'get',
      parameters: { transactionid: transactionId, userid: 17, extendedclaim: '[redacted]' },
    })
  })

  it('without a claim: fine within 900 s; after that 190 with a hint to read it in the callback or use withClaim', async () => {
    const { transactionId } = pay()
    t += 900 * 1000
    expect(
      (await bare.marketplace.invoiceRecipient({ transactionId, userId: '17' })).email,
    ).toEqual(expect.any(String))
    t += 1000
    const err = await apiError(bare.marketplace.invoiceRecipient({ transactionId, userId: '17' }))
    expect(err).toMatchObject({
      errorCode: 190,
      category: 'not_found',
      retryable: false,
      resourcetype: 'getMarketplaceInvoiceRecipient',
      serverMessage: 'The time to call the transaction has expired',
    })
    expect(err.hint).toMatch(/only within 900 s after the transaction/)
    expect(err.hint).toMatch(/withClaim\(apiClaim\)/)
    expect(err.message).toContain(err.hint)
    // The remedy the hint names works:
    expect(
      (await claimed.marketplace.invoiceRecipient({ transactionId, userId: '17' })).lastname,
    ).toBe('Makler')
  })

  it('184 unknown user, 188 not the paying user, 189 unknown or foreign transaction — each hint names the argument', async () => {
    const { transactionId } = pay()
    const foreign = pay({ customerWebId: '999' }).transactionId

    const e184 = await apiError(
      claimed.marketplace.invoiceRecipient({ transactionId, userId: 4242 }),
    )
    expect(e184).toMatchObject({
      errorCode: 184,
      category: 'not_found',
      serverMessage: 'User id is not existing or inactive',
    })
    expect(e184.hint).toMatch(
      /^userId is not an existing, active user of this customer: pass the id of the user who paid/,
    )

    const e188 = await apiError(claimed.marketplace.invoiceRecipient({ transactionId, userId: 18 }))
    expect(e188).toMatchObject({
      errorCode: 188,
      category: 'not_found',
      serverMessage: 'The user data could not be found',
    })
    expect(e188.hint).toMatch(/userId must be the user who paid for transactionId/)

    for (const id of [1, foreign]) {
      const e189 = await apiError(
        claimed.marketplace.invoiceRecipient({ transactionId: id, userId: 17 }),
      )
      expect(e189).toMatchObject({
        errorCode: 189,
        category: 'not_found',
        serverMessage: 'The transaction could not be found',
      })
      expect(e189.hint).toMatch(/transactionid from the verified payment callback/)
    }
  })

  it('missing arguments are a TypeError before any request', async () => {
    await expect(
      claimed.marketplace.invoiceRecipient({ transactionId: '', userId: 17 }),
    ).rejects.toThrow(TypeError)
    await expect(
      claimed.marketplace.invoiceRecipient({ transactionId: 1, userId: '' }),
    ).rejects.toThrow(/transactionId and userId \(the paying user\) are required/)
    expect(wireCalls('getMarketplaceInvoiceRecipient')).toBe(0)
  })
})

describe('marketplace.cancelSubscription', () => {
  it('cancels: no debits from cancelationDate on', async () => {
    const { transactionId, aboId } = pay({ kind: 'abo' })
    await claimed.marketplace.cancelSubscription({ aboId: aboId!, cancelationDate: '2026-06-30' })
    expect(fake.transactions.get(transactionId)!.canceledFrom).toBe('2026-06-30')
    expect(fake.receivedActions({ resourcetype: 'marketplaceCancelAbo' })[0]).toMatchObject({
      kind: 'do',
      parameters: { aboid: aboId, cancelationDate: '2026-06-30' },
    })
  })

  it.each(['31.01.2026', '2026-02-30', '2026-1-31', '2026-01-31T00:00:00Z', ''])(
    'a bad date %j is rejected locally (TypeError, nothing sent)',
    async (date) => {
      const { aboId } = pay({ kind: 'abo' })
      await expect(
        claimed.marketplace.cancelSubscription({ aboId: aboId!, cancelationDate: date }),
      ).rejects.toThrow(
        new TypeError(
          'marketplace.cancelSubscription: cancelationDate must be a calendar date YYYY-MM-DD',
        ),
      )
      expect(wireCalls('marketplaceCancelAbo')).toBe(0)
    },
  )

  it('an unknown abo → 80 with a hint to use the callback aboid', async () => {
    const err = await apiError(
      claimed.marketplace.cancelSubscription({ aboId: 'abo-nope', cancelationDate: '2026-06-30' }),
    )
    expect(err).toMatchObject({
      errorCode: 80,
      category: 'not_found',
      resourcetype: 'marketplaceCancelAbo',
    })
    expect(err.hint).toMatch(
      /^Unknown subscription for this customer: pass the aboid from the verified payment callback/,
    )
  })

  it('without a claim → 193 (claim error, the generic claim hint)', async () => {
    const { aboId } = pay({ kind: 'abo' })
    const err = await apiError(
      bare.marketplace.cancelSubscription({ aboId: aboId!, cancelationDate: '2026-06-30' }),
    )
    expect(err).toMatchObject({ errorCode: 193, category: 'claim', claimError: true })
    expect(err.hint).toMatch(/withClaim\(apiClaim\)/)
  })
})

describe('provider.refundTransaction', () => {
  it('refunds a successful card payment', async () => {
    const { transactionId } = pay()
    await provider.refundTransaction(Number(transactionId))
    expect(fake.transactions.get(transactionId)!.refunded).toBe(true)
    const [action] = fake.receivedActions({ resourcetype: 'transactionRefund' })
    expect(action).toMatchObject({
      kind: 'do',
      parameters: { transactionid: Number(transactionId) },
    })
    expect(action!.parameters).not.toHaveProperty('extendedclaim')
  })

  it('210 for a SEPA payment still inprocess, one younger than 7 days, and one already refunded — the hint says which', async () => {
    const pending = pay({ kind: 'sepa', status: 'inprocess' }).transactionId
    const young = pay({ kind: 'sepa' }).transactionId

    for (const id of [pending, young]) {
      const err = await apiError(provider.refundTransaction(id))
      expect(err).toMatchObject({
        errorCode: 210,
        category: 'validation',
        retryable: false,
        serverMessage: "Transaction can't be refunded: state not correct.",
      })
      expect(err.hint).toMatch(
        /SEPA payment not while it is inprocess and only 7 days after it was collected — retry later/,
      )
    }
    t += 7 * 24 * 3600 * 1000
    await provider.refundTransaction(young)
    const again = await apiError(provider.refundTransaction(young))
    expect(again).toMatchObject({
      errorCode: 210,
      serverMessage: "Transaction can't be refunded: already refunded.",
    })
    expect(again.hint).toBe(
      'The transaction was already refunded: nothing more to do (treat the refund as done).',
    )
    // Still pending after 7 days: not refundable until onOffice reports success.
    expect((await apiError(provider.refundTransaction(pending))).hint).toMatch(/retry later/)
  })

  it('205 for a transaction of another provider, 189 for an unknown one', async () => {
    const { transactionId } = pay()
    const p2 = fake.addProviderUser({ providerId: 'someone-else' })
    const other = createProviderClient({
      token: p2.token,
      secret: p2.secret,
      endpoint: fake.endpoint,
      fetch: fake.fetch,
      now: () => t,
      retries: 0,
    })
    const e205 = await apiError(other.refundTransaction(transactionId))
    expect(e205).toMatchObject({
      errorCode: 205,
      category: 'validation',
      serverMessage: `Transaction-Id does not match to the customer: ${transactionId}!`,
    })
    expect(e205.hint).toMatch(
      /not paid to this provider: use your own provider API user \(createProviderClient/,
    )
    const e189 = await apiError(provider.refundTransaction(424242))
    expect(e189).toMatchObject({ errorCode: 189 })
    expect(e189.hint).toMatch(/payment callback/)
  })

  it('240 when a customer marketplace API user tries it (through the generic call): the hint points to createProviderClient', async () => {
    const { transactionId } = pay()
    const err = await apiError(claimed.do('transactionRefund', { transactionid: transactionId }))
    expect(err).toMatchObject({
      errorCode: 240,
      category: 'permission',
      serverMessage: 'Call for Marketplace Api-Users not allowed',
    })
    expect(err.hint).toMatch(/provider's own API user \(createProviderClient\)/)
    expect(fake.transactions.get(transactionId)!.refunded).toBe(false)
  })

  it('an empty transaction id is a TypeError before any request', async () => {
    await expect(provider.refundTransaction('')).rejects.toThrow(
      new TypeError('refundTransaction: transactionId is required'),
    )
    expect(wireCalls('transactionRefund')).toBe(0)
  })
})

describe('provider.subsequentPaymentLink', () => {
  it('returns the payment url and whether the mail was sent', async () => {
    const { transactionId } = pay()
    expect(
      await provider.subsequentPaymentLink({
        transactionId,
        priceNet: '1100.50',
        description: 'Extra photos',
        sendMailToCustomer: true,
      }),
    ).toEqual({
      url: expect.stringMatching(/^https:\/\//),
      mailSent: true,
    })
    expect(
      (
        await provider.subsequentPaymentLink({
          transactionId: Number(transactionId),
          priceNet: '9.90',
          description: 'More',
          sendMailToCustomer: false,
        })
      ).mailSent,
    ).toBe(false)
    expect(fake.transactions.get(transactionId)!.subsequentPayments).toHaveLength(2)
    expect(fake.receivedActions({ resourcetype: 'subsequentPaymentLink' })[1]).toMatchObject({
      kind: 'do',
      parameters: {
        transactionid: transactionId,
        priceNet: '9.90',
        description: 'More',
        sendMailToCustomer: false,
      },
    })
  })

  it.each(['1100,50', '1.234', '12.5', 'abc', ''])(
    'priceNet %j is rejected locally (TypeError, nothing sent)',
    async (priceNet) => {
      const { transactionId } = pay()
      await expect(
        provider.subsequentPaymentLink({
          transactionId,
          priceNet,
          description: 'x',
          sendMailToCustomer: false,
        }),
      ).rejects.toThrow(
        new TypeError(
          'subsequentPaymentLink: priceNet must be a string with a dot and two decimals, e.g. "1100.50"',
        ),
      )
      expect(wireCalls('subsequentPaymentLink')).toBe(0)
    },
  )

  it('the server answers 214 when the local check is bypassed (generic call): the hint shows the format', async () => {
    const { transactionId } = pay()
    const err = await apiError(
      provider.do('subsequentPaymentLink', {
        transactionid: transactionId,
        priceNet: '1100,50',
        description: 'x',
        sendMailToCustomer: false,
      }),
    )
    expect(err).toMatchObject({
      errorCode: 214,
      category: 'validation',
      retryable: false,
      serverMessage: 'Invalid price format!',
    })
    expect(err.hint).toMatch(/priceNet as a string with a dot and two decimals, e\.g\. "1100\.50"/)
    expect(fake.transactions.get(transactionId)!.subsequentPayments).toHaveLength(0)
  })

  it('205 for another provider’s transaction, 189 unknown', async () => {
    const { transactionId } = pay()
    const p2 = fake.addProviderUser({ providerId: 'x' })
    const other = createProviderClient({
      token: p2.token,
      secret: p2.secret,
      endpoint: fake.endpoint,
      fetch: fake.fetch,
      now: () => t,
      retries: 0,
    })
    const e205 = await apiError(
      other.subsequentPaymentLink({
        transactionId,
        priceNet: '1.00',
        description: 'x',
        sendMailToCustomer: false,
      }),
    )
    expect(e205.errorCode).toBe(205)
    expect(e205.hint).toMatch(/not paid to this provider/)
    expect(
      (
        await apiError(
          provider.subsequentPaymentLink({
            transactionId: 'nope',
            priceNet: '1.00',
            description: 'x',
            sendMailToCustomer: false,
          }),
        )
      ).errorCode,
    ).toBe(189)
  })
})
