import { describe, expect, it } from 'vitest'
import { httpBuildQuery, phpRawurlencode, phpUrlencode } from '../../src/php.ts'
import {
  payloadStringToSign,
  signedUrlStringToSign,
  signOrder,
  signServiceMessage,
  signUrl,
  verifyCallback,
  verifyOrder,
  verifySignedUrl,
} from '../../src/index.ts'

// Golden vectors of reference §8, as fixed strings (computed by onOffice's PHP code, never by ours).
const PSEC = 'provider-secret-0123456789'
const PCID = '6802c44a-7ac0-4210-a3d4-e5581e3fa0b6'
const at = (sec: number) => () => sec * 1000

const T6_TO_SIGN =
  'https://provider.example/onoffice/activate?apiClaim=abc-DEF_123.xyz&apiToken=0123456789abcdef0123456789abcdef&customerName=Muster+Immobilien+GmbH+%26+Co.+KG&customerWebId=12345&parameterCacheId=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&timestamp=1700000000&userId=17'
const T6_SIG = '8fc725c61f64983f958f95555a18e55ba2ff3fb1725af035b3bfa8516dccdb67'
const T7_TO_SIGN =
  'https://provider.example/onoffice/service?UserLanguage=ENG&apiClaim=a%2Bb%2Fc%3Dd%7Ee%2Af&customerName=M%C3%BCller+H%C3%A4user&customerWebId=12345&estateId=4711&groupId=3&imageIds=1%2C2%2C3&language=DEU&myParam=x&parameterCacheId=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&timestamp=1700000000&userId=17'
const T7_SIG = 'b25b3d2deeb51864e55d9778ca9fad0a5893f6fbe842fb0e1d1c0adf74e5265d'
const T8_TO_SIGN =
  'https://provider.example/onoffice/service?apiClaim=a%7Eb&customerName=M%C3%BCller+H%C3%A4user&timestamp=1700000000&userId=17'
const T8_SIG = 'f863a6ef9d54b3a3dcfefa547f607b7fed764aa55a138e7e56b59a8d983b589c'
const T9_URL =
  'https://provider.example:8443/onoffice/service?userId=17&timestamp=1700000000&customerWebId=12345&apiClaim=abc&customerName=A+B'
const T9_TO_SIGN =
  'https://provider.example:8443/onoffice/service?apiClaim=abc&customerName=A+B&customerWebId=12345&timestamp=1700000000&userId=17'
const T9_SIG = '1c85ff168b72df7680e3a13a3ada48cb4e34192a345eda0faec9a568202dbcfb'
const T13_TO_SIGN =
  'https://provider.example/onoffice/result?message=&ref=42&referenceid=abc&status=success&timestamp=1700000100&transactionid=1100135697'
const T13_SIG = '153cbb56cf3b417e5c11035318123d9058b1c6e2bb80511eed736af83c14d4c3'

describe('T6 activation URL', () => {
  it('canonicalises to the PHP string-to-sign and verifies', async () => {
    expect(signedUrlStringToSign(`${T6_TO_SIGN}&signature=${T6_SIG}`)).toBe(T6_TO_SIGN)
    const r = await verifySignedUrl(`${T6_TO_SIGN}&signature=${T6_SIG}`, {
      secret: PSEC,
      now: at(1700000000),
    })
    expect(r).toEqual({
      ok: true,
      timestamp: 1700000000,
      params: {
        apiClaim: 'abc-DEF_123.xyz',
        apiToken: '0123456789abcdef0123456789abcdef',
        customerName: 'Muster Immobilien GmbH & Co. KG',
        customerWebId: '12345',
        parameterCacheId: PCID,
        timestamp: '1700000000',
        userId: '17',
      },
    })
  })
  it('signUrl reproduces the exact onOffice URL', async () => {
    const unsigned =
      'https://provider.example/onoffice/activate?userId=17&customerWebId=12345&apiClaim=abc-DEF_123.xyz&apiToken=0123456789abcdef0123456789abcdef&customerName=Muster%20Immobilien%20GmbH%20%26%20Co.%20KG&parameterCacheId=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6'
    expect(await signUrl(unsigned, PSEC, { now: at(1700000000) })).toBe(
      `${T6_TO_SIGN}&signature=${T6_SIG}`,
    )
  })
  it('upper-case hex signature is refused: onOffice compares hash_hmac output (lower case) with ===', async () => {
    expect(
      await verifySignedUrl(`${T6_TO_SIGN}&signature=${T6_SIG.toUpperCase()}`, {
        secret: PSEC,
        now: at(1700000000),
      }),
    ).toEqual({ ok: false, reason: 'malformed_signature' })
  })
})

describe('T7 awkward characters and mixed-case keys', () => {
  it('sorts UserLanguage first and encodes ~ * + / , like PHP', async () => {
    const u = new URL('https://provider.example/onoffice/service')
    const params: Record<string, string> = {
      apiClaim: 'a+b/c=d~e*f',
      customerName: 'Müller Häuser',
      customerWebId: '12345',
      estateId: '4711',
      groupId: '3',
      imageIds: '1,2,3',
      language: 'DEU',
      parameterCacheId: PCID,
      timestamp: '1700000000',
      userId: '17',
      UserLanguage: 'ENG',
      myParam: 'x',
    }
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
    u.searchParams.set('signature', T7_SIG)
    expect(signedUrlStringToSign(u)).toBe(T7_TO_SIGN)
    const r = await verifySignedUrl(u, { secret: PSEC, now: at(1700000000) })
    expect(r.ok && r.params).toEqual(params)
  })
})

describe('T8 encoding-insensitive canonicalisation', () => {
  const a =
    'https://provider.example/onoffice/service?userId=17&customerName=M%c3%bcller%20H%C3%A4user&apiClaim=a~b&timestamp=1700000000'
  const b =
    'https://provider.example/onoffice/service?apiClaim=a%7Eb&customerName=M%C3%BCller+H%C3%A4user&timestamp=1700000000&userId=17'
  it.each([a, b])('%s', async (url) => {
    expect(signedUrlStringToSign(url)).toBe(T8_TO_SIGN)
    expect(
      (await verifySignedUrl(`${url}&signature=${T8_SIG}`, { secret: PSEC, now: at(1700000000) }))
        .ok,
    ).toBe(true)
  })
})

describe('T9 explicit non-default port is signed', () => {
  it('includes :8443 (MPEX fork behaviour)', async () => {
    expect(signedUrlStringToSign(T9_URL)).toBe(T9_TO_SIGN)
    expect(
      (
        await verifySignedUrl(`${T9_URL}&signature=${T9_SIG}`, {
          secret: PSEC,
          now: at(1700000000),
        })
      ).ok,
    ).toBe(true)
  })
  it('the same signature without the port fails (upstream variant differs)', async () => {
    const noPort = T9_URL.replace(':8443', '')
    expect(
      await verifySignedUrl(`${noPort}&signature=${T9_SIG}`, { secret: PSEC, now: at(1700000000) }),
    ).toEqual({ ok: false, reason: 'bad_signature' })
  })
  it('a default port is dropped (:443 ≡ no port)', async () => {
    const withDefault = T6_TO_SIGN.replace('provider.example/', 'provider.example:443/')
    expect(
      (
        await verifySignedUrl(`${withDefault}&signature=${T6_SIG}`, {
          secret: PSEC,
          now: at(1700000000),
        })
      ).ok,
    ).toBe(true)
  })
})

describe('T10–T12 signed messages', () => {
  it('T10 order', async () => {
    const order = {
      parametercacheid: PCID,
      callbackurl: 'https://provider.example/onoffice/result?ref=42',
      totalprice: '25.10',
      products: [
        {
          name: '360°-Rundgang',
          price: '25.10',
          quantity: '1',
          circleofusers: 'customer' as const,
        },
      ],
    }
    expect(payloadStringToSign({ ...order, timestamp: 1700000000 })).toBe(
      'callbackurl=https%3A%2F%2Fprovider.example%2Fonoffice%2Fresult%3Fref%3D42&parametercacheid=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&products%5B0%5D%5Bcircleofusers%5D=customer&products%5B0%5D%5Bname%5D=360%C2%B0-Rundgang&products%5B0%5D%5Bprice%5D=25.10&products%5B0%5D%5Bquantity%5D=1&timestamp=1700000000&totalprice=25.10',
    )
    const signed = await signOrder(order, PSEC, { now: at(1700000000) })
    expect(signed.signature).toBe(
      'afffd720ac46cb99cbfed19ad8d9e41abd0c103cc8e2f2825e5ad1d31167606e',
    )
    // Same as PHP's json_encode output except PHP's escaping of '/' as '\/'.
    expect(JSON.stringify(signed)).toBe(
      '{"callbackurl":"https:\\/\\/provider.example\\/onoffice\\/result?ref=42","parametercacheid":"6802c44a-7ac0-4210-a3d4-e5581e3fa0b6","products":[{"circleofusers":"customer","name":"360°-Rundgang","price":"25.10","quantity":"1"}],"timestamp":1700000000,"totalprice":"25.10","signature":"afffd720ac46cb99cbfed19ad8d9e41abd0c103cc8e2f2825e5ad1d31167606e"}'.replaceAll(
        '\\/',
        '/',
      ),
    )
    expect(
      await verifyOrder(JSON.parse(JSON.stringify(signed)), PSEC, { now: at(1700000000) }),
    ).toMatchObject({ ok: true, timestamp: 1700000000 })
  })
  it('T11 subscription (%20, not +)', async () => {
    const order = {
      parametercacheid: PCID,
      callbackurl: 'https://provider.example/onoffice/result',
      abo: {
        durationinmonth: '6',
        noticeperiod: 'bis 3 Monate vor Vertragsende',
        automaticrenewal: '6 Monate',
        monthlycosts: '25.30',
        monthlyservicedescription: 'Abo-Modell',
        circleofusers: '' as const,
      },
    }
    expect(payloadStringToSign({ ...order, timestamp: 1700000000 })).toBe(
      'abo%5Bautomaticrenewal%5D=6%20Monate&abo%5Bcircleofusers%5D=&abo%5Bdurationinmonth%5D=6&abo%5Bmonthlycosts%5D=25.30&abo%5Bmonthlyservicedescription%5D=Abo-Modell&abo%5Bnoticeperiod%5D=bis%203%20Monate%20vor%20Vertragsende&callbackurl=https%3A%2F%2Fprovider.example%2Fonoffice%2Fresult&parametercacheid=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&timestamp=1700000000',
    )
    expect((await signOrder(order, PSEC, { now: at(1700000000) })).signature).toBe(
      '4064a58dccd9bcb88a9f952135303e7fb2abf250a3df91593d158ee17159f483',
    )
  })
  it('T12 service message', async () => {
    expect(
      payloadStringToSign({
        onOfficeType: 'onOffice.service.refreshParentAndClose',
        parametercacheid: PCID,
        timestamp: 1700000000,
      }),
    ).toBe(
      'onOfficeType=onOffice.service.refreshParentAndClose&parametercacheid=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&timestamp=1700000000',
    )
    expect(
      await signServiceMessage('onOffice.service.refreshParentAndClose', PCID, PSEC, {
        now: at(1700000000),
      }),
    ).toEqual({
      onOfficeType: 'onOffice.service.refreshParentAndClose',
      parametercacheid: PCID,
      timestamp: 1700000000,
      signature: '2fce2b901f9d6951c36ab9782f456b8ba1426ad931f482a2bb7fc7a79e7e154f',
    })
  })
})

describe('T13 payment callback', () => {
  it('verifies and parses', async () => {
    expect(signedUrlStringToSign(T13_TO_SIGN)).toBe(T13_TO_SIGN)
    const r = await verifyCallback(`${T13_TO_SIGN}&signature=${T13_SIG}`, {
      secret: PSEC,
      now: at(1700000100),
    })
    expect(r).toEqual({
      ok: true,
      payment: { status: 'success', transactionId: '1100135697', referenceId: 'abc' },
      params: {
        message: '',
        ref: '42',
        referenceid: 'abc',
        status: 'success',
        timestamp: '1700000100',
        transactionid: '1100135697',
      },
    })
  })
  it('tampered callback is rejected', async () => {
    const r = await verifyCallback(
      `${T13_TO_SIGN.replace('status=success', 'status=error')}&signature=${T13_SIG}`,
      { secret: PSEC, now: at(1700000100) },
    )
    expect(r).toEqual({ ok: false, reason: 'bad_signature' })
  })
  it('authentic URL without a callback status → bad_callback', async () => {
    const url = await signUrl('https://provider.example/onoffice/result?ref=42', PSEC, {
      now: at(1700000100),
    })
    expect(await verifyCallback(url, { secret: PSEC, now: at(1700000100) })).toEqual({
      ok: false,
      reason: 'bad_callback',
    })
    const bad = await signUrl('https://provider.example/onoffice/result?status=paid', PSEC, {
      now: at(1700000100),
    })
    expect(await verifyCallback(bad, { secret: PSEC, now: at(1700000100) })).toEqual({
      ok: false,
      reason: 'bad_callback',
    })
  })
  it('inprocess and error with message and errorCodes', async () => {
    const url = await signUrl(
      'https://provider.example/onoffice/result?status=error&message=Karte+abgelehnt&errorCodes=12&aboid=',
      PSEC,
      { now: at(1700000100) },
    )
    expect(await verifyCallback(url, { secret: PSEC, now: at(1700000100) })).toMatchObject({
      ok: true,
      payment: { status: 'error', message: 'Karte abgelehnt', errorCodes: '12' },
    })
  })
})

describe('T14 encoders', () => {
  const v = "a b+c/d~e*f!g'h(i)j=k&l%m.n_o-p:ü"
  it('urlencode (RFC 1738)', () =>
    expect(phpUrlencode(v)).toBe('a+b%2Bc%2Fd%7Ee%2Af%21g%27h%28i%29j%3Dk%26l%25m.n_o-p%3A%C3%BC'))
  it('rawurlencode (RFC 3986)', () =>
    expect(phpRawurlencode(v)).toBe(
      'a%20b%2Bc%2Fd~e%2Af%21g%27h%28i%29j%3Dk%26l%25m.n_o-p%3A%C3%BC',
    ))
  it('http_build_query', () =>
    expect(
      httpBuildQuery({
        t: true,
        f: false,
        n: null,
        i: 5,
        fl: 5.5,
        e: '',
        arr: ['x', 'y'],
        m: { b: 1, a: 2 },
      }),
    ).toBe('t=1&f=0&i=5&fl=5.5&e=&arr%5B0%5D=x&arr%5B1%5D=y&m%5Bb%5D=1&m%5Ba%5D=2'))
})

describe('T15 negative', () => {
  const ok = { secret: PSEC, now: at(1700000000) }
  it.each([
    ['userId=18', T6_TO_SIGN.replace('userId=17', 'userId=18')],
    ['customerWebId changed', T6_TO_SIGN.replace('customerWebId=12345', 'customerWebId=12346')],
    ['base path changed', T6_TO_SIGN.replace('/onoffice/activate', '/onoffice/activatf')],
    ['host changed', T6_TO_SIGN.replace('provider.example', 'provider.exampl')],
    ['scheme changed', T6_TO_SIGN.replace('https:', 'http:')],
  ])('%s fails', async (_name, url) => {
    expect(await verifySignedUrl(`${url}&signature=${T6_SIG}`, ok)).toEqual({
      ok: false,
      reason: 'bad_signature',
    })
  })
})
