// Exactly-once payment callbacks as one runner-agnostic scenario (own asserts, no vitest/node:assert), so the
// same code runs on memoryKv (test/hono), on a real redis-server (test/integration) and on Deno KV (test/deno):
// deliveries that really overlap in time run the handler once; a handler that fails once is processed on the
// reload; a processed one is `repeated` afterwards.
import { Hono } from 'hono'
import { onOffice, callback } from '../../src/hono/index.ts'
import type { KeyValue } from '../../src/store/index.ts'
import { signLaunchUrl } from '../../src/testing/index.ts'

const PUBLIC_URL = 'https://provider.example'
const PROVIDER_SECRET = 'prov-secret-Zk3q9w7Xb2LmN8pQ'

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`exactly-once: ${what}`)
}

type Behaviour = 'ok' | 'throw' | '503' | 'wait'

interface State {
  processed: number
  repeatedSeen: number
  plan: Behaviour[]
  gate: Promise<void>
  open: () => void
}

/**
 * A provider app with a callback route whose handler does what `state.plan` says, run by run. Several apps
 * over several connections to one store are several servers behind a load balancer.
 */
function providerApp(
  kv: KeyValue,
  state: State = {
    processed: 0,
    repeatedSeen: 0,
    plan: [],
    gate: Promise.resolve(),
    open: () => {},
  },
) {
  const oo = onOffice({
    publicUrl: PUBLIC_URL,
    providerSecret: PROVIDER_SECRET,
    sessionSecret: 's'.repeat(40),
    encryptionKey: 'e'.repeat(40),
    kv,
  })
  const app = new Hono()
  app.get('/onoffice/paid', callback(oo), async (c) => {
    const { payment } = c.var.onoffice
    if (payment.repeated) {
      state.repeatedSeen++
      return c.json({ repeated: true })
    }
    const behaviour = state.plan.shift() ?? 'ok'
    state.processed++
    if (behaviour === 'wait') await state.gate
    if (behaviour === 'throw') throw new Error('fulfilment failed')
    if (behaviour === '503') return c.text('try later', 503)
    return c.json({ repeated: false, transactionId: payment.transactionId })
  })
  const hold = () => {
    state.gate = new Promise<void>((resolve) => (state.open = resolve))
  }
  return { app, state, hold }
}

const callbackUrl = (transactionid: string) =>
  signLaunchUrl({
    publicUrl: PUBLIC_URL,
    path: '/onoffice/paid',
    secret: PROVIDER_SECRET,
    params: { status: 'success', transactionid },
  })

const fetchHeaders = { accept: 'application/json', 'sec-fetch-dest': 'empty' }
const documentHeaders = { accept: 'text/html', 'sec-fetch-dest': 'iframe' }

/** Resolves when `done()` is true, polling; rejects after `ms` (only a broken guard ever waits that long). */
async function until(done: () => boolean, what: string, ms = 10_000): Promise<void> {
  const start = Date.now()
  while (!done()) {
    if (Date.now() - start > ms) throw new Error(`exactly-once: timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/**
 * `n` deliveries of one callback at the same time — spread over one app per store handle in `kvs` — while the
 * first handler run is held open: one run, n−1 × 409.
 */
export async function concurrentDeliveriesRunOnce(
  kvs: KeyValue | readonly KeyValue[],
  n = 4,
): Promise<void> {
  const handles = Array.isArray(kvs) ? kvs : [kvs as KeyValue]
  const first = providerApp(handles[0]!)
  const { state, hold } = first
  const apps = [first.app, ...handles.slice(1).map((kv) => providerApp(kv, state).app)]
  const app = first.app
  const url = await callbackUrl(`tx-${crypto.randomUUID()}`)
  hold()
  state.plan = Array.from({ length: n }, () => 'wait' as const)
  const settled: Response[] = []
  const pending = Array.from({ length: n }, (_, i) =>
    Promise.resolve(
      apps[i % apps.length]!.request(url, { headers: i === 0 ? documentHeaders : fetchHeaders }),
    ).then((r) => (settled.push(r), r)),
  )
  // Every delivery has either entered the handler or been answered; a broken guard lets two in and both wait.
  await until(() => state.processed + settled.length >= n, 'all deliveries to arrive')
  check(
    state.processed === 1,
    `the handler ran ${state.processed} times for ${n} simultaneous deliveries (expected once)`,
  )
  check(
    settled.length === n - 1 && settled.every((r) => r.status === 409),
    'every other delivery answered 409 while the first ran',
  )
  for (const r of settled) {
    check(r.headers.get('retry-after') === '3', '409 carries Retry-After: 3')
    const text = await r.text()
    if ((r.headers.get('content-type') ?? '').includes('text/html'))
      check(/<meta http-equiv="refresh" content="3">/.test(text), 'the 409 page reloads itself')
    else
      check(
        JSON.parse(text).error === 'payment_processing' && JSON.parse(text).retryAfter === 3,
        '409 JSON says payment_processing, retryAfter 3',
      )
  }
  state.open()
  const all = await Promise.all(pending)
  check(all.filter((r) => r.status === 200).length === 1, 'the held delivery finished with 200')
  const reload = await app.request(url, { headers: fetchHeaders })
  check(
    reload.status === 200 && (await reload.json()).repeated === true,
    'a reload after success is repeated',
  )
  check(state.processed === 1, 'processed exactly once in total')
}

/** A handler that fails once (throw, then 503) is processed on the next delivery; after success it is repeated. */
export async function failedHandlerIsProcessedOnReload(kv: KeyValue): Promise<void> {
  const { app, state } = providerApp(kv)
  const url = await callbackUrl(`tx-${crypto.randomUUID()}`)
  state.plan = ['throw', '503', 'ok']
  const first = await app.request(url, { headers: fetchHeaders })
  check(first.status === 500, `a throwing handler answers 500 (got ${first.status})`)
  const second = await app.request(url, { headers: fetchHeaders })
  check(
    second.status === 503,
    `the reload ran the handler again (got ${second.status}, expected its 503)`,
  )
  const third = await app.request(url, { headers: fetchHeaders })
  check(
    third.status === 200 && (await third.json()).repeated === false,
    'the third delivery processed it (repeated: false)',
  )
  const fourth = await app.request(url, { headers: fetchHeaders })
  check(fourth.status === 200 && (await fourth.json()).repeated === true, 'after success: repeated')
  check(
    state.processed === 3 && state.repeatedSeen === 1,
    `three processing runs, one repeat (got ${state.processed}, ${state.repeatedSeen})`,
  )
}

/** Both scenarios: the concurrent one over every handle in `kvs` (separate connections to one store). */
export async function runExactlyOnce(kvs: readonly KeyValue[]): Promise<void> {
  await concurrentDeliveriesRunOnce(kvs)
  await failedHandlerIsProcessedOnReload(kvs[0]!)
}
