import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  httpBuildQuery,
  ksort,
  ksortRecursive,
  parseStr,
  phpFloatToString,
  phpRawurlencode,
  phpUrlencode,
} from '../../src/php.ts'

// Expected values are what PHP 8 prints for the same calls (php -r), written down as fixed strings.
describe('parseStr (PHP parse_str)', () => {
  it.each<[string, unknown]>([
    ['a=1&a=2', { a: '2' }],
    ['a+b=c+d', { a_b: 'c d' }],
    ['a.b=1&a%20c=2', { a_b: '1', a_c: '2' }],
    ['  lead=1', { lead: '1' }],
    ['a[b]=1&a[c]=2', { a: { b: '1', c: '2' } }],
    ['a[]=1&a[]=2&a[5]=x&a[]=y', { a: { 0: '1', 1: '2', 5: 'x', 6: 'y' } }],
    ['a[b][c]=1', { a: { b: { c: '1' } } }],
    ['a[b]x=1', { a: { b: '1' } }],
    ['a[b=1', { a_b: '1' }],
    ['a[b.c d=1', { a_b_c_d: '1' }],
    ['a.b[c.d]=1', { a_b: { 'c.d': '1' } }],
    ['a[b][c=1', { a: { b: '1' } }],
    ['a[ ]=1', { a: { 0: '1' } }],
    ['a[ x]=1', { a: { ' x': '1' } }],
    ['=1&&b', { b: '' }],
    ['%zz=%4g&p=100%', { '%zz': '%4g', p: '100%' }],
    ['x=%e2%82%ac', { x: '€' }],
    ['a=1=2', { a: '1=2' }],
    ['a=1&a[]=2', { a: { 0: '2' } }],
    ['a[]=2&a=1', { a: '1' }],
    ['k%00tail=1', { k: '1' }],
    ['..Host-x=1&__Host-y=2&_.Secure-z=3', { '__Host-y': '2' }],
    ['a[-5]=x&a[]=y', { a: { '-5': 'x', '-4': 'y' } }],
    ['?q=1', { q: '1' }],
  ])('%s', (query, expected) => {
    expect(parseStr(query)).toEqual(expected)
  })
  it('keeps __proto__ as an own key', () => {
    const r = parseStr('__proto__=x&constructor=y')
    expect(Object.keys(r)).toEqual(['__proto__', 'constructor'])
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype)
  })
  it('drops a variable nested deeper than 64 levels', () => {
    expect(parseStr('a=1&a' + '[x]'.repeat(65) + '=2&b=3')).toEqual({ b: '3' })
    expect(Object.keys(parseStr('a' + '[x]'.repeat(64) + '=2'))).toEqual(['a'])
  })
})

describe('phpUrlencode / phpRawurlencode', () => {
  it.each([
    ['', '', ''],
    ['AZaz09-_.', 'AZaz09-_.', 'AZaz09-_.'],
    ['~', '%7E', '~'],
    [' ', '+', '%20'],
    ['😀', '%F0%9F%98%80', '%F0%9F%98%80'],
    ['\0\n', '%00%0A', '%00%0A'],
  ])('%j', (input, rfc1738, rfc3986) => {
    expect(phpUrlencode(input)).toBe(rfc1738)
    expect(phpRawurlencode(input)).toBe(rfc3986)
  })
  it('matches encodeURIComponent + PHP fix-ups for any string (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const js = encodeURIComponent(s).replace(
          /[!'()*~]/g,
          (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
        )
        expect(phpUrlencode(s)).toBe(js.replace(/%20/g, '+'))
        expect(phpRawurlencode(s)).toBe(js.replace(/%7E/g, '~'))
        expect(parseStr('x=' + phpUrlencode(s)).x).toBe(s)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('httpBuildQuery', () => {
  it.each<[Parameters<typeof httpBuildQuery>[0], string]>([
    [{ a: [] }, ''],
    [{ a: {}, b: 'x' }, 'b=x'],
    [{ a: { b: { c: 'd e' } } }, 'a%5Bb%5D%5Bc%5D=d+e'],
    [['x', 'y'], '0=x&1=y'],
    [
      { u: undefined, n: null, z: 0, neg: -3, big: 12345678901234567890n },
      'z=0&neg=-3&big=12345678901234567890',
    ],
    [
      { f: 0.1 + 0.2, g: 1e20, h: 1e-5, i: 0.0001, j: -2.5, k: 123456789012345.6, l: 1e14 },
      'f=0.3&g=1.0E%2B20&h=1.0E-5&i=0.0001&j=-2.5&k=1.2345678901235E%2B14&l=100000000000000',
    ], // safe integers are PHP ints
    [{ nan: Number.NaN, inf: Number.POSITIVE_INFINITY }, 'nan=NAN&inf=INF'],
    [
      new Map([
        ['b', '1'],
        ['a', '2'],
      ]),
      'b=1&a=2',
    ],
    [{ 'k y': 'ü' }, 'k+y=%C3%BC'],
  ])('%o', (input, expected) => {
    expect(httpBuildQuery(input)).toBe(expected)
  })
  it('RFC 3986, separator and numeric prefix', () => {
    expect(
      httpBuildQuery(
        { a: 'x y~', 5: 'n', b: ['z'] },
        { encoding: 'RFC3986', separator: ';', numericPrefix: 'p_' },
      ),
    ).toBe('p_5=n;a=x%20y~;b%5B0%5D=z')
  })
  it('rejects an unknown encoding', () => {
    expect(() => httpBuildQuery({}, { encoding: 'X' as 'RFC1738' })).toThrow(/encoding/)
  })
  it('float formatting, exact ties round half-even like zend_dtoa', () => {
    expect(phpFloatToString(10000000000000.5)).toBe('10000000000000')
    expect(phpFloatToString(10000000000001.5)).toBe('10000000000002')
    expect(phpFloatToString(-0)).toBe('-0')
    expect(phpFloatToString(1e13)).toBe('10000000000000')
  })
})

describe('ksort (PHP 8, SORT_REGULAR)', () => {
  const keys = (o: Record<string, unknown> | Map<string, unknown>) => [...ksort(o).keys()]
  it('byte order for non-numeric keys', () => {
    expect(
      keys({ apiClaim: 1, UserLanguage: 1, _x: 1, Zeta: 1, ä: 1, z: 1, '😀': 1, '\uffff': 1 }),
    ).toEqual(['UserLanguage', 'Zeta', '_x', 'apiClaim', 'z', 'ä', '\uffff', '😀'])
  })
  it('integer keys numerically, numeric strings numerically, others by bytes', () => {
    expect(
      keys(
        new Map<string, unknown>([
          ['10', 1],
          ['9', 1],
          ['-1', 1],
          ['a', 1],
          ['1e1', 1],
          ['05', 1],
          [' 7', 1],
          ['1.5', 1],
        ]),
      ),
    ).toEqual(['-1', '1.5', '05', ' 7', '9', '10', '1e1', 'a'])
  })
  it('is stable for keys that compare equal', () => {
    expect(
      keys(
        new Map([
          ['1.0', 1],
          ['1', 2],
          ['01', 3],
        ]),
      ),
    ).toEqual(['1.0', '1', '01'])
  })
  it('integer vs non-numeric string compares the decimal text', () => {
    expect(
      keys(
        new Map([
          ['b', 1],
          ['10', 1],
          ['1a', 1],
        ]),
      ),
    ).toEqual(['10', '1a', 'b'])
  })
  it('recursive', () => {
    const r = ksortRecursive({ b: { y: 1, x: [3, { d: 1, c: 2 }] }, a: 0 }) as Map<string, unknown>
    expect([...r.keys()]).toEqual(['a', 'b'])
    const b = r.get('b') as Map<string, unknown>
    expect([...b.keys()]).toEqual(['x', 'y'])
    expect([
      ...((b.get('x') as Map<string, unknown>).get('1') as Map<string, unknown>).keys(),
    ]).toEqual(['c', 'd'])
  })
})
