import { describe, expect, it } from 'vitest'
import { ACTION_IDS } from '../../src/api/actions.ts'
import type { PreparedAction } from '../../src/api/envelope.ts'
import type { ParsedResult } from '../../src/api/response-schema.ts'
import {
  clockOffsetAfter,
  settleAttempt,
  transportDelay,
  type AttemptActions,
  type AttemptOutcome,
} from '../../src/api/settle.ts'

// Table tests of the retry policy: each row is one attempt's actions and outcome, and what must be settled
// (by index: 'ok', an error class + flags) and retried.
const act = (
  kind: PreparedAction['kind'],
  resourcetype = 'estate',
  identifier = '',
): PreparedAction => ({ kind, resourcetype, resourceid: '', identifier, parameters: {} })
const READ = act('read')
const GET = act('get', 'fields')
const CREATE = act('create', 'address')
const DO = act('do', 'unlockProvider')
const batchOf = (...actions: PreparedAction[]): AttemptActions =>
  actions.map((action, i) => ({ index: 10 + i, action }))

const ok = (action: PreparedAction, extra: Partial<ParsedResult> = {}): ParsedResult => ({
  actionid: ACTION_IDS[action.kind],
  resourcetype: action.resourcetype,
  errorcode: 0,
  message: 'OK',
  value: { records: [], cntabsolute: 0, status: { errorcode: 0, message: 'OK' } } as never,
  ...extra,
})
const env = (results: ParsedResult[] | null, errorcode = 0, message = ''): AttemptOutcome => ({
  type: 'envelope',
  envelope: { errorcode, message, results },
  date: null,
})
const transport = (
  kind: 'http' | 'timeout' | 'network' | 'circuit_open',
  status?: number,
): AttemptOutcome => ({ type: 'transport', kind, message: 'x', ...(status ? { status } : {}) })

/** A settled action described as 'ok' or `Class[:errorCode][:unknown]`. */
function describeSettlement(
  batch: AttemptActions,
  outcome: AttemptOutcome,
  canRetry: boolean,
): { settled: Record<number, string>; retry: number[] } {
  const { settled, retry } = settleAttempt(batch, outcome, canRetry)
  const out: Record<number, string> = {}
  for (const [i, s] of settled) {
    if (s.ok) out[i] = 'ok'
    else {
      const e = s.error as { name: string; errorCode?: number; outcomeUnknown?: boolean }
      out[i] = [e.name, e.errorCode, e.outcomeUnknown ? 'unknown' : undefined]
        .filter((x) => x !== undefined)
        .join(':')
    }
  }
  return { settled: out, retry }
}

describe('settleTransport', () => {
  it.each<[string, AttemptOutcome, boolean, Record<number, string>, number[]]>([
    [
      'timeout: reads retried, writes unknown',
      transport('timeout'),
      true,
      { 11: 'OnOfficeTransportError:unknown' },
      [10],
    ],
    ['network: same', transport('network'), true, { 11: 'OnOfficeTransportError:unknown' }, [10]],
    [
      'HTTP 503: same',
      transport('http', 503),
      true,
      { 11: 'OnOfficeTransportError:unknown' },
      [10],
    ],
    [
      'HTTP 403: nothing ran, nothing retried',
      transport('http', 403),
      true,
      { 10: 'OnOfficeTransportError', 11: 'OnOfficeTransportError' },
      [],
    ],
    [
      'timeout, no attempts left',
      transport('timeout'),
      false,
      { 10: 'OnOfficeTransportError', 11: 'OnOfficeTransportError:unknown' },
      [],
    ],
    [
      'HTTP 429: refused before anything ran; reads retried, writes fail known',
      transport('http', 429),
      true,
      { 11: 'OnOfficeTransportError' },
      [10],
    ],
    [
      'circuit open: nothing sent, nothing retried',
      transport('circuit_open'),
      true,
      { 10: 'OnOfficeTransportError', 11: 'OnOfficeTransportError' },
      [],
    ],
  ])('%s', (_name, outcome, canRetry, settled, retry) => {
    expect(describeSettlement(batchOf(READ, CREATE), outcome, canRetry)).toEqual({ settled, retry })
  })
})

describe('transportDelay', () => {
  const now = Date.UTC(2026, 11, 1, 12)
  const o = { retryDelayMs: 200, maxRetryAfterMs: 10_000, nowMs: now }
  const t = (
    status: number | undefined,
    retryAfter?: string,
  ): Extract<AttemptOutcome, { type: 'transport' }> => ({
    type: 'transport',
    kind: status ? 'http' : 'network',
    message: 'x',
    ...(status ? { status } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  })
  it.each<[string, Extract<AttemptOutcome, { type: 'transport' }>, number, number | null]>([
    ['network, attempt 1: base delay', t(undefined), 1, 200],
    ['network, attempt 3: doubled twice', t(undefined), 3, 800],
    ['429 with Retry-After seconds', t(429, '3'), 1, 3_000],
    ['503 with an HTTP date', t(503, 'Tue, 01 Dec 2026 12:00:05 GMT'), 1, 5_000],
    ['429 asking longer than maxRetryAfterMs: do not retry', t(429, '60'), 1, null],
    ['429 without a usable header: backoff', t(429, 'soon'), 2, 400],
    ['500 ignores Retry-After', t(500, '60'), 1, 200],
  ])('%s', (_name, outcome, attempt, ms) => {
    expect(transportDelay(outcome, attempt, o)).toBe(ms)
  })
})

describe('settleResponse', () => {
  it('not the envelope: every action fails, writes with an unknown outcome, nothing retried', () => {
    expect(
      describeSettlement(batchOf(READ, DO), { type: 'response', message: 'not JSON' }, true),
    ).toEqual({
      settled: { 10: 'OnOfficeResponseError', 11: 'OnOfficeResponseError:unknown' },
      retry: [],
    })
  })
})

describe('settleEnvelope', () => {
  it.each<[string, PreparedAction[], AttemptOutcome, boolean, Record<number, string>, number[]]>([
    ['all ok', [READ, CREATE], env([ok(READ), ok(CREATE)]), true, { 10: 'ok', 11: 'ok' }, []],
    [
      'request-level 137 applies to every action',
      [READ, CREATE],
      env(null, 137, 'HMAC'),
      true,
      { 10: 'OnOfficeApiError:137', 11: 'OnOfficeApiError:137' },
      [],
    ],
    [
      'request-level 136: reads retried, writes fail',
      [READ, CREATE],
      env([], 136),
      true,
      { 11: 'OnOfficeApiError:136' },
      [10],
    ],
    [
      'request-level 136, no attempts left',
      [READ],
      env(null, 136),
      false,
      { 10: 'OnOfficeApiError:136' },
      [],
    ],
    [
      'per-action 136 on a read: retried',
      [READ, GET],
      env([ok(READ, { errorcode: 136 }), ok(GET)]),
      true,
      { 11: 'ok' },
      [10],
    ],
    [
      'per-action 136 on a write: never retried',
      [DO],
      env([ok(DO, { errorcode: 136 })]),
      true,
      { 10: 'OnOfficeApiError:136' },
      [],
    ],
    [
      'per-action error',
      [READ, GET],
      env([ok(READ, { errorcode: 80 }), ok(GET)]),
      true,
      { 10: 'OnOfficeApiError:80', 11: 'ok' },
      [],
    ],
    [
      'short response fails the missing action',
      [READ, CREATE],
      env([ok(READ)]),
      true,
      { 10: 'ok', 11: 'OnOfficeResponseError:unknown' },
      [],
    ],
    [
      'too many results: nothing can be matched',
      [READ],
      env([ok(READ), ok(READ)]),
      true,
      { 10: 'OnOfficeResponseError' },
      [],
    ],
    [
      'a mismatched result fails it and every later one',
      [READ, GET, CREATE],
      env([ok(READ), ok(CREATE), ok(CREATE)]),
      true,
      { 10: 'ok', 11: 'OnOfficeResponseError', 12: 'OnOfficeResponseError:unknown' },
      [],
    ],
    [
      'resourcetype compared case-insensitively',
      [READ],
      env([ok(READ, { resourcetype: 'ESTATE' })]),
      true,
      { 10: 'ok' },
      [],
    ],
    [
      'identifier mismatch',
      [act('read', 'estate', 'a')],
      env([ok(READ, { identifier: 'b' })]),
      true,
      { 10: 'OnOfficeResponseError' },
      [],
    ],
  ])('%s', (_name, actions, outcome, canRetry, settled, retry) => {
    expect(describeSettlement(batchOf(...actions), outcome, canRetry)).toEqual({ settled, retry })
  })
})

describe('clockOffsetAfter', () => {
  const date = 'Tue, 14 Nov 2023 22:13:20 GMT' // 1_700_000_000_000
  it.each<[string, AttemptOutcome, number | undefined]>([
    [
      '136 with a Date header',
      { type: 'envelope', envelope: { errorcode: 136, message: '', results: null }, date },
      1_700_000_000_000 - 1_699_999_000_000,
    ],
    [
      'per-action 136',
      {
        type: 'envelope',
        envelope: { errorcode: 0, message: '', results: [ok(READ, { errorcode: 136 })] },
        date,
      },
      1_000_000,
    ],
    [
      '136 without a Date header',
      { type: 'envelope', envelope: { errorcode: 136, message: '', results: null }, date: null },
      undefined,
    ],
    [
      'no 136',
      { type: 'envelope', envelope: { errorcode: 0, message: '', results: [ok(READ)] }, date },
      undefined,
    ],
    ['not an envelope', transport('timeout'), undefined],
  ])('%s', (_name, outcome, offset) => {
    expect(clockOffsetAfter(outcome, () => 1_699_999_000_000)).toBe(offset)
  })
})
