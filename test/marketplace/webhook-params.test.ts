// Typed webhook parameters and the signed webhook Request. Fixtures are shaped like reference §4.9 (a webhook
// carries the signed parameters of a service call) and §8 T7; the golden string-to-sign and signature are T7's.
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  MAX_SIGNED_QUERY_PARAMS,
  parseWebhookParams,
  signWebhookRequest,
  verifyWebhook,
  type WebhookRecord,
} from '../../src/index.ts'
import { PSEC, T7_SIG, T7_TO_SIGN, T_SEC } from '../vectors.ts'

const PCID = '6802c44a-7ac0-4210-a3d4-e5581e3fa0b6'
const now = () => T_SEC * 1000
/** The parameters of reference §8 T7 (a service call; a webhook carries the same). */
const T7_PARAMS = {
  apiClaim: 'a+b/c=d~e*f',
  customerName: 'Müller Häuser',
  customerWebId: '12345',
  estateId: '4711',
  groupId: '3',
  imageIds: '1,2,3',
  language: 'DEU',
  parameterCacheId: PCID,
  userId: '17',
  UserLanguage: 'ENG',
  myParam: 'x',
}
/** An address webhook as a provider would receive it: identity, the record, one own parameter. */
const ADDRESS_HOOK = {
  customerWebId: '21',
  userId: '17',
  apiClaim: 'claim-xyz',
  customerName: 'Muster GmbH',
  parameterCacheId: PCID,
  timestamp: String(T_SEC),
  addressId: '15005',
  source: 'crm',
}

describe('signWebhookRequest', () => {
  it('builds the GET onOffice sends: T7 parameters sign to T7’s string and signature', async () => {
    const req = await signWebhookRequest(
      'https://provider.example/onoffice/service',
      T7_PARAMS,
      PSEC,
      {
        now,
      },
    )
    expect(req.method).toBe('GET')
    expect(req.url).toBe(`${T7_TO_SIGN}&signature=${T7_SIG}`)
  })

  it('keeps the parameters already in the registered URL; numbers become strings; undefined is skipped', async () => {
    const { myParam: _m, estateId: _e, ...rest } = T7_PARAMS
    const req = await signWebhookRequest(
      'https://provider.example/onoffice/service?myParam=x',
      { ...rest, estateId: 4711, unused: undefined },
      PSEC,
      { now },
    )
    expect(req.url).toBe(`${T7_TO_SIGN}&signature=${T7_SIG}`)
  })

  it('refuses bad input with messages that name the option', async () => {
    await expect(signWebhookRequest('not a url', {}, PSEC)).rejects.toThrow(/url/)
    await expect(signWebhookRequest('https://p.example/h', {}, '')).rejects.toThrow(/secret/)
    await expect(
      signWebhookRequest('https://p.example/h', { a: {} as unknown as string }, PSEC),
    ).rejects.toThrow(/params\.a/)
  })
})

describe('verifyWebhook', () => {
  it('verifies the signed request and returns the typed delivery (T7: an estate record)', async () => {
    const req = await signWebhookRequest(
      'https://provider.example/onoffice/service',
      T7_PARAMS,
      PSEC,
      {
        now,
      },
    )
    const r = await verifyWebhook(req, { secret: PSEC, now })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.timestamp).toBe(T_SEC)
    expect(r.webhook).toEqual({
      customerWebId: '12345',
      userId: '17',
      apiClaim: 'a+b/c=d~e*f',
      customerName: 'Müller Häuser',
      groupId: '3',
      parameterCacheId: PCID,
      language: 'DEU',
      userLanguage: 'ENG',
      record: { module: 'estate', id: '4711' },
      custom: {},
      params: {
        customerName: 'Müller Häuser',
        customerWebId: '12345',
        estateId: '4711',
        groupId: '3',
        imageIds: '1,2,3',
        language: 'DEU',
        parameterCacheId: PCID,
        userId: '17',
        UserLanguage: 'ENG',
        myParam: 'x',
      },
    })
  })

  it('a tampered record id is bad_signature; a declared parameter of the wrong type is bad_webhook', async () => {
    const req = await signWebhookRequest('https://provider.example/h', ADDRESS_HOOK, PSEC, { now })
    const tampered = req.url.replace('addressId=15005', 'addressId=15006')
    expect(await verifyWebhook(tampered, { secret: PSEC, now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    })
    expect(await verifyWebhook(req, { secret: PSEC, now, params: { source: 'integer' } })).toEqual({
      ok: false,
      reason: 'bad_webhook',
      issues: [{ param: 'source', problem: 'not_integer' }],
    })
  })
})

describe('parseWebhookParams', () => {
  it('an address webhook: the record by module, absent optional parameters null, unknown ones kept', () => {
    const r = parseWebhookParams(ADDRESS_HOOK)
    expect(r).toEqual({
      ok: true,
      webhook: {
        customerWebId: '21',
        userId: '17',
        apiClaim: 'claim-xyz',
        customerName: 'Muster GmbH',
        groupId: null,
        parameterCacheId: PCID,
        language: null,
        userLanguage: null,
        record: { module: 'address', id: '15005' },
        custom: {},
        params: {
          customerWebId: '21',
          userId: '17',
          customerName: 'Muster GmbH',
          parameterCacheId: PCID,
          addressId: '15005',
          source: 'crm',
        },
      },
    })
  })

  it('the record union narrows by module; modules sets the order; recordParams renames; empty means absent', () => {
    const both = { ...ADDRESS_HOOK, estateId: '4711' }
    const first = parseWebhookParams(both)
    expect(first.ok && first.webhook.record).toEqual({ module: 'estate', id: '4711' })
    const addressFirst = parseWebhookParams(both, { modules: ['address', 'estate'] })
    expect(addressFirst.ok && addressFirst.webhook.record).toEqual({
      module: 'address',
      id: '15005',
    })
    const tasks = parseWebhookParams({ ...ADDRESS_HOOK, addressId: '' }, { modules: ['task'] })
    expect(tasks.ok && tasks.webhook.record).toBe(null)
    const { addressId: _a, ...noAddress } = ADDRESS_HOOK
    const renamed = parseWebhookParams(
      { ...noAddress, termin: '9' },
      { recordParams: { calendar: 'termin' } },
    )
    expect(renamed.ok && renamed.webhook.record).toEqual({ module: 'calendar', id: '9' })

    const record = (first.ok ? first.webhook.record : null) as WebhookRecord | null
    if (record?.module === 'task')
      expectTypeOf(record).toEqualTypeOf<{ module: 'task'; id: string }>()
    expectTypeOf<WebhookRecord['module']>().toEqualTypeOf<
      'estate' | 'address' | 'task' | 'calendar'
    >()
  })

  it('declared parameters are typed: integer, boolean, a list of values, string; absent or empty is null', () => {
    const r = parseWebhookParams(
      { ...ADDRESS_HOOK, priority: '-3', notify: 'true', kind: 'update', note: 'a b', empty: '' },
      {
        params: {
          priority: 'integer',
          notify: 'boolean',
          kind: ['create', 'update'],
          note: 'string',
          empty: 'string',
          missing: 'integer',
        },
      },
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.webhook.custom).toEqual({
      priority: -3,
      notify: true,
      kind: 'update',
      note: 'a b',
      empty: null,
      missing: null,
    })
    expectTypeOf(r.webhook.custom.priority).toEqualTypeOf<number | null>()
    expectTypeOf(r.webhook.custom.notify).toEqualTypeOf<boolean | null>()
    expectTypeOf(r.webhook.custom.kind).toEqualTypeOf<'create' | 'update' | null>()
    expectTypeOf(r.webhook.custom.note).toEqualTypeOf<string | null>()
    // The raw strings stay in params.
    expect(r.webhook.params.priority).toBe('-3')
    expect(r.webhook.params.empty).toBe('')
  })

  it('every wrong value is one issue naming the parameter, never its value', () => {
    const r = parseWebhookParams(
      {
        customerWebId: '',
        apiClaim: 'secret-claim',
        priority: '1.5',
        big: '99999999999999999',
        notify: 'yes',
        kind: 'delete',
      },
      {
        params: {
          priority: 'integer',
          big: 'integer',
          notify: 'boolean',
          kind: ['create', 'update'],
        },
      },
    )
    expect(r).toEqual({
      ok: false,
      reason: 'bad_webhook',
      issues: [
        { param: 'customerWebId', problem: 'missing' },
        { param: 'userId', problem: 'missing' },
        { param: 'priority', problem: 'not_integer' },
        { param: 'big', problem: 'not_integer' },
        { param: 'notify', problem: 'not_boolean' },
        { param: 'kind', problem: 'not_allowed' },
      ],
    })
    expect(JSON.stringify(r)).not.toContain('secret-claim')
  })

  it('is bounded: more parameters or characters than a signed URL may have are too_large', () => {
    const many: Record<string, string> = { ...ADDRESS_HOOK }
    for (let i = 0; i < MAX_SIGNED_QUERY_PARAMS; i++) many[`p${i}`] = '1'
    const r = parseWebhookParams(many)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.issues).toEqual([{ param: expect.any(String), problem: 'too_large' }])
    const long = parseWebhookParams({ ...ADDRESS_HOOK, blob: 'x'.repeat(20_000) })
    expect(!long.ok && long.issues).toEqual([{ param: 'blob', problem: 'too_large' }])
  })

  it('a parameter named __proto__ is kept as a plain parameter', () => {
    const params = JSON.parse('{"customerWebId":"1","userId":"2","apiClaim":"c","__proto__":"x"}')
    const r = parseWebhookParams(params, { params: { ['__proto__']: 'string' } })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(Object.getPrototypeOf(r.webhook.params)).toBe(Object.prototype)
    expect(Object.hasOwn(r.webhook.params, '__proto__')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(r.webhook.custom, '__proto__')?.value).toBe('x')
  })

  it('checks its options and names the option in the message', () => {
    const bad = (opts: object) => () => parseWebhookParams(ADDRESS_HOOK, opts)
    expect(bad({ params: { n: 'number' } })).toThrow(/opts\.params\.n/)
    expect(bad({ params: { n: [] } })).toThrow(/opts\.params\.n/)
    expect(bad({ modules: ['contact'] })).toThrow(/opts\.modules/)
    expect(bad({ modules: [] })).toThrow(/opts\.modules/)
    expect(bad({ recordParams: { contact: 'x' } })).toThrow(/opts\.recordParams\.contact/)
    expect(bad({ recordParams: { estate: '' } })).toThrow(/opts\.recordParams\.estate/)
  })
})
