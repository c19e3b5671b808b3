import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createClient,
  OnOfficeApiError,
  OnOfficeResponseError,
  OnOfficeTransportError,
} from '../../src/index.ts'
import { createFakeOnOffice } from '../../src/testing/index.ts'
import type { Fault } from '../../src/testing/index.ts'
import { canaryFetch } from '../shared/canary-fetch.ts'
import { canary, report, useCanary } from './harness.ts'

useCanary()

// Every unhandled rejection in this worker is counted; the matrix must leave none.
let unhandled = 0
const onUnhandled = () => {
  unhandled++
}
beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  // Warm-up (module load, JIT, key import) so the first timed row is not a cold start.
  await setup().client.read('estate', { data: ['objekttitel'], listlimit: 1 })
})
afterAll(async () => {
  await new Promise((r) => setTimeout(r, 50))
  process.off('unhandledRejection', onUnhandled)
  report(`fault matrix: unhandled rejections=${unhandled}`)
  expect(unhandled).toBe(0)
})

type Expect = {
  error: 'transport' | 'response' | 'api' | null
  kind?: string
  code?: number
  status?: number
}
const TIMEOUT_MS = 250
const RETRIES = 2

const MATRIX: Array<{ name: string; fault: Fault; expect: Expect; readRetried: boolean }> = [
  {
    name: 'latency below the timeout',
    fault: { type: 'latency', ms: 10 },
    expect: { error: null },
    readRetried: false,
  },
  {
    name: 'latency above the timeout',
    fault: { type: 'latency', ms: 600 },
    expect: { error: 'transport', kind: 'timeout' },
    readRetried: true,
  },
  {
    name: 'HTTP 500',
    fault: { type: 'http', status: 500 },
    expect: { error: 'transport', kind: 'http', status: 500 },
    readRetried: true,
  },
  {
    name: 'malformed JSON',
    fault: { type: 'malformed-json' },
    expect: { error: 'response' },
    readRetried: false,
  },
  {
    name: 'dropped results',
    fault: { type: 'drop-results', keep: 0 },
    expect: { error: 'response' },
    readRetried: false,
  },
  {
    name: 'error 136 (timestamp)',
    fault: { type: 'error', code: 136 },
    expect: { error: 'api', code: 136 },
    readRetried: true,
  },
  {
    name: 'error 137 (hmac)',
    fault: { type: 'error', code: 137 },
    expect: { error: 'api', code: 137 },
    readRetried: false,
  },
  {
    name: 'error 201 (claim expired)',
    fault: { type: 'error', code: 201 },
    expect: { error: 'api', code: 201 },
    readRetried: false,
  },
  {
    name: 'connection reset',
    fault: { type: 'reset' },
    expect: { error: 'transport', kind: 'network' },
    readRetried: true,
  },
  {
    name: 'hang (timeout)',
    fault: { type: 'hang' },
    expect: { error: 'transport', kind: 'timeout' },
    readRetried: true,
  },
]

function setup() {
  const fake = createFakeOnOffice()
  const user = fake.addApiUser()
  canary.add(user.token, user.secret)
  const client = createClient({
    token: user.token,
    secret: user.secret,
    endpoint: fake.endpoint,
    fetch: canaryFetch(fake, canary),
    timeoutMs: TIMEOUT_MS,
    retries: RETRIES,
  })
  return { fake, client }
}

function checkError(err: unknown, e: Expect, write: boolean): void {
  if (e.error === 'transport') {
    expect(err).toBeInstanceOf(OnOfficeTransportError)
    const t = err as OnOfficeTransportError
    expect(t.kind).toBe(e.kind)
    if (e.status) expect(t.status).toBe(e.status)
    // A write whose request may have arrived must say its outcome is unknown.
    expect(t.outcomeUnknown).toBe(write)
  } else if (e.error === 'response') {
    expect(err).toBeInstanceOf(OnOfficeResponseError)
  } else if (e.error === 'api') {
    expect(err).toBeInstanceOf(OnOfficeApiError)
    expect((err as OnOfficeApiError).errorCode).toBe(e.code)
  }
  canary.scan(
    'error message',
    `${(err as Error).name}: ${(err as Error).message} ${JSON.stringify(err)}`,
  )
}

describe('fault matrix against the fake onOffice', () => {
  for (const row of MATRIX) {
    for (const op of ['read', 'write'] as const) {
      it(`${op}: ${row.name}`, async () => {
        const { fake, client } = setup()
        fake.faults.next(row.fault, { times: Infinity })
        const before = fake.received.length
        const call =
          op === 'read'
            ? client.read('estate', { data: ['objekttitel'], listlimit: 1 })
            : client.modify('estate', { data: { objekttitel: 'x' } }, { resourceid: 1 })
        const err = await call.then(
          () => null,
          (e: unknown) => e,
        )
        fake.faults.clear()
        if (row.expect.error === null) expect(err).toBeNull()
        else checkError(err, row.expect, op === 'write')
        const requests = fake.received.length - before
        // Writes are never retried; reads only for transient faults, each attempt re-signed.
        expect(requests).toBe(op === 'write' || !row.readRetried ? 1 : RETRIES + 1)
      })
    }
  }

  it('many concurrent reads and writes under every fault at once settle typed, writes sent once', async () => {
    const { fake, client } = setup()
    let writes = 0
    for (const row of MATRIX) {
      fake.faults.next(row.fault, { times: 3 })
      const results = await Promise.allSettled([
        ...Array.from({ length: 20 }, (_, i) =>
          client.get('estate', {}, { resourceid: 1 + (i % 3) }),
        ),
        ...Array.from({ length: 5 }, (_, i) => {
          writes++
          return client.modify('estate', { data: { objekttitel: `t${i}` } }, { resourceid: 1 })
        }),
      ])
      fake.faults.clear()
      for (const r of results)
        if (r.status === 'rejected')
          expect(
            [OnOfficeTransportError, OnOfficeResponseError, OnOfficeApiError].some(
              (C) => r.reason instanceof C,
            ),
          ).toBe(true)
    }
    const modifyActions = fake.receivedActions().filter((a) => a.kind === 'modify')
    expect(modifyActions.length).toBe(writes)
  })
})
