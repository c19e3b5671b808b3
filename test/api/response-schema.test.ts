import { describe, expect, it } from 'vitest'
import { parseEnvelope } from '../../src/api/response-schema.ts'

// parseEnvelope validates the envelope and result skeleton with zod and normalises records by hand (no
// per-record zod copy). These pin the tolerant rules: odd records are skipped, never a reason to reject the body.
const ok = { code: 200, errorcode: 0, message: 'OK' }
const envelope = (records: unknown, extra: Record<string, unknown> = {}) => ({
  status: ok,
  response: {
    results: [
      {
        actionid: 'urn:onoffice-de-ns:smart:2.5:smartml:action:read',
        resourcetype: 'estate',
        data: { meta: { cntabsolute: 2 }, records },
        status: { errorcode: 0, message: 'OK' },
        ...extra,
      },
    ],
  },
})

describe('parseEnvelope', () => {
  it('PHP encodes an empty response as []: a request-level error with no results', () => {
    expect(
      parseEnvelope({
        status: { code: 400, errorcode: 13, message: 'Customer unknown' },
        response: [],
      }),
    ).toEqual({ errorcode: 13, message: 'Customer unknown', results: null })
    expect(
      parseEnvelope({ status: { code: 200, errorcode: 0, message: 'OK' }, response: [] }),
    ).toEqual({ errorcode: 0, message: 'OK', results: null })
  })

  it('tolerant records: unknown fields pass, ids number or string, missing id/type, an elements list stays a list', () => {
    const parsed = parseEnvelope(
      envelope([
        {
          id: 7,
          type: 'estate',
          elements: { objekttitel: 'A', nested: { x: [1] } },
          extra: 'kept',
        },
        { id: '8', elements: [{ a: 1 }, { b: 2 }, 'ignored'] },
        { type: null, elements: [] },
      ]),
    )
    expect(parsed?.results?.[0]?.value).toEqual({
      records: [
        {
          id: 7,
          type: 'estate',
          elements: { objekttitel: 'A', nested: { x: [1] } },
          extra: 'kept',
        },
        { id: '8', type: null, elements: [{ a: 1 }, { b: 2 }] },
        { id: '', type: null, elements: {} },
      ],
      cntabsolute: 2,
      status: { errorcode: 0, message: 'OK' },
    })
  })

  it('failed actions: data [] and cntabsolute null; string cntabsolute and errorcode are numbers', () => {
    const parsed = parseEnvelope({
      status: ok,
      response: {
        results: [
          { data: [], status: { errorcode: 137, message: 'no permission' } },
          {
            data: { meta: { cntabsolute: null }, records: [] },
            status: { errorcode: '0', message: 'OK' },
          },
          { data: { meta: { cntabsolute: '42' }, records: null }, status: { errorcode: 0 } },
        ],
      },
    })
    expect(
      parsed?.results?.map((r) => [r.errorcode, r.value.records.length, r.value.cntabsolute]),
    ).toEqual([
      [137, 0, null],
      [0, 0, null],
      [0, 0, 42],
    ])
  })

  it.each([
    ['elements is absent', { id: 1, type: 'estate' }],
    ['elements is null', { id: 1, elements: null }],
    ['elements is a string', { id: 1, elements: 'x' }],
    ['the record is PHP []', []],
    ['the record is an array', [1, 2]],
    ['the record is a string', 'record'],
    ['the record is null', null],
  ])('an empty or odd record is skipped, the rest kept (%s)', (_name, record) => {
    expect(
      parseEnvelope(envelope([{ id: 1, elements: {} }, record]))?.results?.[0]?.value.records,
    ).toEqual([{ id: 1, type: null, elements: {} }])
  })

  it('odd id and type are normalised, an odd message is empty, records as an object with holes are a list', () => {
    const parsed = parseEnvelope({
      status: { code: 200, errorcode: 0, message: 5 },
      response: {
        results: [
          {
            actionid: 7,
            data: {
              meta: { cntabsolute: [] },
              records: {
                0: { id: {}, type: 5, elements: { a: 1 } },
                2: { id: 3, elements: { b: 2 } },
              },
            },
            status: { errorcode: 0, message: {} },
          },
        ],
      },
    })
    expect(parsed?.message).toBe('')
    expect(parsed?.results?.[0]).toEqual({
      errorcode: 0,
      message: '',
      cacheable: false,
      value: {
        records: [
          { id: '', type: null, elements: { a: 1 } },
          { id: 3, type: null, elements: { b: 2 } },
        ],
        cntabsolute: null,
        status: { errorcode: 0, message: '' },
      },
    })
  })

  it('not an envelope → null', () => {
    for (const body of [
      null,
      'x',
      [],
      {},
      { status: 'x' },
      { response: { results: 'x' } },
      { status: ok, response: { results: [{ data: 5 }] } },
    ]) {
      expect(parseEnvelope(body)).toBeNull()
    }
  })

  it('10,000 records parse to 10,000 normalised records', () => {
    const records = Array.from({ length: 10_000 }, (_, i) => ({
      id: i,
      type: 'estate',
      elements: { Id: String(i) },
    }))
    const parsed = parseEnvelope(envelope(records))
    expect(parsed?.results?.[0]?.value.records).toHaveLength(10_000)
    expect(parsed?.results?.[0]?.value.records[9_999]).toEqual({
      id: 9_999,
      type: 'estate',
      elements: { Id: '9999' },
    })
  })
})
