import { describe, expect, it } from 'vitest'
import { OnOfficeResponseError, createClient, createProviderClient } from '../../src/index.ts'
import { SEC64, TOK32, envelope, result, stub, type Responder } from './stub.ts'

const answer =
  (elements: Record<string, unknown>): Responder =>
  (b) =>
    envelope(b.request.actions.map((a) => result(a, [{ id: 1, type: null, elements }])))
const make = (r: Responder = answer({})) => {
  const s = stub(r)
  return {
    s,
    client: createClient({ token: TOK32, secret: SEC64, fetch: s.fetch }),
    provider: createProviderClient({ token: TOK32, secret: SEC64, fetch: s.fetch }),
  }
}
const wire = (s: ReturnType<typeof stub>) =>
  s.actions().map((a) => ({
    kind: a.actionid.split(':').pop(),
    resourcetype: a.resourcetype,
    resourceid: a.resourceid,
    parameters: a.parameters,
  }))

describe('resource helpers: what goes on the wire', () => {
  it('estates: { language } → resourceid + estatelanguage; modify always sends both', async () => {
    const { s, client } = make()
    await client.estates.get(7, { language: 'eng', data: ['objekttitel'] })
    await client.estates.read({ listlimit: 10 }, { language: 'DEU' })
    await client.estates.modify('7', { objekttitel: 'x' }, { language: 'ENG' })
    expect(wire(s)).toEqual([
      {
        kind: 'read',
        resourcetype: 'estate',
        resourceid: '7',
        parameters: { data: ['objekttitel'], estatelanguage: 'ENG' },
      },
      {
        kind: 'read',
        resourcetype: 'estate',
        resourceid: '',
        parameters: { listlimit: 10, estatelanguage: 'DEU' },
      },
      {
        kind: 'modify',
        resourcetype: 'estate',
        resourceid: '7',
        parameters: { data: { objekttitel: 'x' }, estatelanguage: 'ENG' },
      },
    ])
    await expect(client.estates.get(7, { language: 'english' })).rejects.toThrow(/ISO 639-2/)
    await expect(client.estates.modify(-1, {})).rejects.toThrow(/id must be a record id/)
  })

  it('addresses, fields, users.photo', async () => {
    const { s, client } = make(answer({ photo: 'BASE64' }))
    await client.addresses.get(3, { data: ['Name'] })
    await client.addresses.read({ recordids: [1, 2] })
    expect(await client.users.photo(17)).toBe('BASE64')
    await client.fields.get({ modules: ['estate'], labels: true })
    expect(wire(s)).toEqual([
      { kind: 'read', resourcetype: 'address', resourceid: '3', parameters: { data: ['Name'] } },
      { kind: 'read', resourcetype: 'address', resourceid: '', parameters: { recordids: [1, 2] } },
      {
        kind: 'read',
        resourcetype: 'userphoto',
        resourceid: '17',
        parameters: { photosAsLinks: false },
      },
      {
        kind: 'get',
        resourcetype: 'fields',
        resourceid: '',
        parameters: { modules: ['estate'], labels: true },
      },
    ])
    await expect(client.fields.get({ modules: [] })).rejects.toThrow(
      /modules must be a non-empty array/,
    )
    expect(await make(answer({ photo: null })).client.users.photo(1)).toBeNull()
  })

  it('settings.basic prefixes colours with #', async () => {
    const { s, client } = make(
      answer({
        basicData: {
          characteristicsCi: {
            color: 'ff0000',
            color2: '#00ff00',
            logo: 'BASE64',
            claim: 'Wir',
            textcolorMail: '',
          },
        },
      }),
    )
    expect(await client.settings.basic()).toEqual({
      color: '#ff0000',
      color2: '#00ff00',
      logo: 'BASE64',
      claim: 'Wir',
      textcolorMail: '',
    })
    expect(s.actions()[0]).toMatchObject({
      resourcetype: 'basicsettings',
      parameters: {
        data: { basicData: { characteristicsCi: expect.arrayContaining(['color', 'logo']) } },
      },
    })
  })

  it('marketplace.unlockProvider throws unless elements.success === "success"', async () => {
    const ok = make(answer({ success: 'success' }))
    await ok.client
      .withClaim('act')
      .marketplace.unlockProvider({ parameterCacheId: 'pc', isRegularCustomer: true })
    expect(wire(ok.s)[0]).toEqual({
      kind: 'do',
      resourcetype: 'unlockProvider',
      resourceid: '',
      parameters: { extendedclaim: 'act', isRegularCustomer: 1, parameterCacheId: 'pc' },
    })
    await expect(
      make(answer({ success: 'error' })).client.marketplace.unlockProvider({
        parameterCacheId: 'pc',
      }),
    ).rejects.toBeInstanceOf(OnOfficeResponseError)
    await expect(ok.client.marketplace.unlockProvider({ parameterCacheId: '' })).rejects.toThrow(
      TypeError,
    )
  })

  it('marketplace.invoiceRecipient and cancelSubscription (date validated locally)', async () => {
    const { s, client } = make(answer({ firstname: 'Erika', result: 'success' }))
    expect(
      await client.marketplace.invoiceRecipient({ transactionId: 99, userId: '17' }),
    ).toMatchObject({ firstname: 'Erika' })
    await client.marketplace.cancelSubscription({ aboId: 'A1', cancelationDate: '2030-02-28' })
    expect(wire(s)).toEqual([
      {
        kind: 'get',
        resourcetype: 'getMarketplaceInvoiceRecipient',
        resourceid: '',
        parameters: { transactionid: 99, userid: '17' },
      },
      {
        kind: 'do',
        resourcetype: 'marketplaceCancelAbo',
        resourceid: '',
        parameters: { aboid: 'A1', cancelationDate: '2030-02-28' },
      },
    ])
    for (const bad of ['2030-02-30', '30.01.2030', '2030-1-5', ''])
      await expect(
        client.marketplace.cancelSubscription({ aboId: 'A1', cancelationDate: bad }),
      ).rejects.toThrow(/YYYY-MM-DD/)
    expect(s.actions()).toHaveLength(2)
  })

  it('provider client: refundTransaction and subsequentPaymentLink (priceNet validated locally), no claim', async () => {
    const { s, provider } = make((b) =>
      envelope(
        b.request.actions.map((a) =>
          result(a, [
            {
              id: 0,
              type: null,
              elements:
                a.resourcetype === 'transactionRefund'
                  ? { result: 'success' }
                  : {
                      result: {
                        subsequentPaymentUrl: 'https://pay.example/x',
                        mailToCustomerSent: true,
                      },
                    },
            },
          ]),
        ),
      ),
    )
    await provider.refundTransaction(1100135697)
    expect(
      await provider.subsequentPaymentLink({
        transactionId: 1100135697,
        priceNet: '1100.50',
        description: 'Extra',
        sendMailToCustomer: true,
      }),
    ).toEqual({
      url: 'https://pay.example/x',
      mailSent: true,
    })
    expect(wire(s)).toEqual([
      {
        kind: 'do',
        resourcetype: 'transactionRefund',
        resourceid: '',
        parameters: { transactionid: 1100135697 },
      },
      {
        kind: 'do',
        resourcetype: 'subsequentPaymentLink',
        resourceid: '',
        parameters: {
          transactionid: '1100135697',
          priceNet: '1100.50',
          description: 'Extra',
          sendMailToCustomer: true,
        },
      },
    ])
    for (const priceNet of ['1100,50', '1100.5', '1100', 'abc'])
      await expect(
        provider.subsequentPaymentLink({
          transactionId: 1,
          priceNet,
          description: 'x',
          sendMailToCustomer: false,
        }),
      ).rejects.toThrow(/"1100\.50"/)
    expect(s.actions()).toHaveLength(2)
  })
})
