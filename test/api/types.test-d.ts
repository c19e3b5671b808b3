import { describe, expectTypeOf, it } from 'vitest'
import {
  createClient,
  createProviderClient,
  type ActionResult,
  type BasicSettings,
  type ErrorCategory,
  type InvoiceRecipient,
  type OnOfficeApiError,
  type OnOfficeClient,
  type OnOfficeError,
  type ElementsObject,
  type OnOfficeRecord,
  type OnOfficeTransportError,
  type ProviderClient,
  type Settled,
} from '../../src/index.ts'

describe('public types of the onOffice client', () => {
  it('createClient / createProviderClient', () => {
    expectTypeOf(createClient).returns.toEqualTypeOf<OnOfficeClient>()
    expectTypeOf(createProviderClient).returns.toEqualTypeOf<ProviderClient>()
    expectTypeOf<ProviderClient>().toMatchTypeOf<OnOfficeClient>()
    expectTypeOf(createClient).parameter(0).toHaveProperty('token').toEqualTypeOf<string>()
    expectTypeOf(createClient)
      .parameter(0)
      .toHaveProperty('apiVersion')
      .toEqualTypeOf<'stable' | 'latest' | undefined>()
  })

  it('actions and results', () => {
    expectTypeOf<OnOfficeClient['read']>().returns.toEqualTypeOf<Promise<ActionResult>>()
    expectTypeOf<OnOfficeClient['batch']>().returns.toEqualTypeOf<Promise<Settled[]>>()
    expectTypeOf<OnOfficeClient['withClaim']>().returns.toEqualTypeOf<OnOfficeClient>()
    expectTypeOf<OnOfficeClient['iterate']>().returns.toEqualTypeOf<AsyncIterable<OnOfficeRecord>>()
    expectTypeOf<OnOfficeRecord['id']>().toEqualTypeOf<number | string>()
    expectTypeOf<ActionResult['cntabsolute']>().toEqualTypeOf<number | null>()
    expectTypeOf<Extract<Settled, { ok: false }>['error']>().toEqualTypeOf<OnOfficeError>()
    // @ts-expect-error: kind is one of the six action kinds
    void ({ kind: 'fetch', resourcetype: 'estate' } satisfies Parameters<OnOfficeClient['call']>[0])
  })

  it('errors', () => {
    expectTypeOf<OnOfficeApiError['category']>().toEqualTypeOf<ErrorCategory>()
    expectTypeOf<OnOfficeApiError['errorCode']>().toEqualTypeOf<number>()
    expectTypeOf<OnOfficeApiError['code']>().toEqualTypeOf<'ERR_ONOFFICE_API'>()
    expectTypeOf<OnOfficeTransportError['kind']>().toEqualTypeOf<
      'http' | 'timeout' | 'network' | 'circuit_open'
    >()
    expectTypeOf<OnOfficeTransportError['outcomeUnknown']>().toEqualTypeOf<boolean>()
  })

  it('resource helpers', () => {
    // `get` is overloaded (typed by a field interface); the call without a type argument is as before.
    const untypedGet = (c: OnOfficeClient) => c.estates.get(1, { data: ['Id'] })
    expectTypeOf(untypedGet).returns.toEqualTypeOf<Promise<OnOfficeRecord<ElementsObject> | null>>()
    expectTypeOf<OnOfficeClient['settings']['basic']>().returns.toEqualTypeOf<
      Promise<BasicSettings>
    >()
    expectTypeOf<OnOfficeClient['users']['photo']>().returns.toEqualTypeOf<Promise<string | null>>()
    expectTypeOf<OnOfficeClient['marketplace']['unlockProvider']>().returns.toEqualTypeOf<
      Promise<void>
    >()
    expectTypeOf<OnOfficeClient['marketplace']['invoiceRecipient']>().returns.toEqualTypeOf<
      Promise<InvoiceRecipient>
    >()
    expectTypeOf<ProviderClient['subsequentPaymentLink']>().returns.toEqualTypeOf<
      Promise<{ url: string; mailSent: boolean }>
    >()
    expectTypeOf<ProviderClient['refundTransaction']>()
      .parameter(0)
      .toEqualTypeOf<string | number>()
  })
})
