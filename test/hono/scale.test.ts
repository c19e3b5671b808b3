import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import type { TestOnOffice } from './helpers.ts'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import type { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { OnOfficeOptionsError, onOffice } from '../../src/hono/index.ts'
import { kvCache, memoryKv } from '../../src/index.ts'
import {
  bearer,
  canary,
  createHarness,
  ENCRYPTION_KEY,
  PROVIDER_SECRET,
  PUBLIC_URL,
  SESSION_SECRET,
  useCanary,
} from './helpers.ts'

useCanary()

function tracing() {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  })
  return { exporter, tracer: provider.getTracer('onoffice-kit') }
}

/** A service page that reads what a typical launch reads: CI settings, the field configuration, the estate. */
function service(app: Hono, oo: TestOnOffice): void {
  app.get('/service', oo.launch(), async (c) => {
    const { client } = c.var.onoffice
    const [settings] = await Promise.all([
      client.settings.basic(),
      client.get('fields', { modules: ['estate'], labels: true }),
      c.var.onoffice.estate?.get({ data: ['objekttitel'] }),
    ])
    return c.json({ color: settings.color ?? null })
  })
  app.get('/api/whoami', oo.session(), (c) => c.json({ userId: c.var.onoffice.userId }))
  app.get('/boom', oo.launch(), () => {
    throw new Error('handler failed with a value the span must not carry')
  })
}

const sent = (h: ReturnType<typeof createHarness>, resourcetype: string) =>
  h.fake.receivedActions((a) => a.resourcetype === resourcetype).length

describe('onOffice({ cache }) — the Hono layer passes customer, user and cache to every client', () => {
  it('by default a second launch of the same user reads settings and field configuration from the kit KV', async () => {
    const h = createHarness({}, service)
    await h.activate('9001')
    expect((await h.launch('9001', { estateId: '1' })).status).toBe(200)
    expect(sent(h, 'basicsettings')).toBe(1)
    expect(sent(h, 'fields')).toBe(1)
    expect((await h.launch('9001', { estateId: '1' })).status).toBe(200)
    expect(sent(h, 'basicsettings')).toBe(1)
    expect(sent(h, 'fields')).toBe(1)
    // The estate itself is not in the safe set: it goes out every time.
    expect(sent(h, 'estate')).toBe(2)
    // Another user of the same customer never gets the first user's entries.
    expect((await h.launch('9001', { estateId: '1', userId: '2' })).status).toBe(200)
    expect(sent(h, 'basicsettings')).toBe(2)
    // Nor does another customer.
    await h.activate('9002')
    expect((await h.launch('9002', { estateId: '1' })).status).toBe(200)
    expect(sent(h, 'basicsettings')).toBe(3)
  })

  it('cache: false reads everything every time; a given cache is used instead of the default', async () => {
    const off = createHarness({ cache: false }, service)
    await off.activate('9001')
    await off.launch('9001', { estateId: '1' })
    await off.launch('9001', { estateId: '1' })
    expect(sent(off, 'basicsettings')).toBe(2)

    const own = memoryKv()
    const h = createHarness({ cache: kvCache(own, { ttlSec: 60 }) }, service)
    await h.activate('9001')
    await h.launch('9001', { estateId: '1' })
    expect((await own.list('oo:cache:')).keys.length).toBeGreaterThan(0)
    expect((await h.kv.list('oo:cache:')).keys).toHaveLength(0)
    await h.launch('9001', { estateId: '1' })
    expect(sent(h, 'basicsettings')).toBe(1)
  })

  it('validates the scale options at construction, naming the option', () => {
    const base = {
      publicUrl: PUBLIC_URL,
      providerSecret: PROVIDER_SECRET,
      sessionSecret: SESSION_SECRET,
      encryptionKey: ENCRYPTION_KEY,
      kv: memoryKv(),
    }
    const bad: Array<[string, Record<string, unknown>]> = [
      ['cache', { cache: 'yes' }],
      ['cacheReads', { cacheReads: 'some' }],
      ['tracer', { tracer: {} }],
      ['maxConcurrentPerCustomer', { maxConcurrentPerCustomer: 0 }],
      ['ratePerCustomer', { ratePerCustomer: { perSec: -1 } }],
      ['circuitBreaker', { circuitBreaker: 3 }],
    ]
    for (const [option, extra] of bad) {
      let err: unknown
      try {
        onOffice({ ...base, ...extra } as Parameters<typeof onOffice>[0])
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(OnOfficeOptionsError)
      expect((err as OnOfficeOptionsError).option).toBe(option)
    }
  })
})

/** Every span's name, attributes, status and events as text, for the canary. */
const spanText = (spans: readonly ReadableSpan[]) =>
  JSON.stringify(
    spans.map((s) => ({
      name: s.name,
      attributes: s.attributes,
      status: s.status,
      events: s.events,
    })),
  )

describe('onOffice({ tracer }) — spans of launches, sessions and activations', () => {
  it('one span per activation, launch and session, and client spans; a failure carries its reason; no span carries a secret or a parameter value', async () => {
    const { exporter, tracer } = tracing()
    const h = createHarness({ tracer }, service)
    await h.activate('9001')
    const marker = 'canary-parameter-value-Q7'
    const res = await h.launch('9001', { estateId: '1', myParam: marker })
    expect(res.status).toBe(200)
    const names = exporter.getFinishedSpans().map((s) => s.name)
    expect(names).toContain('onoffice.activation_page')
    expect(names).toContain('onoffice.activation')
    expect(names).toContain('onoffice.launch')
    const launch = exporter.getFinishedSpans().find((s) => s.name === 'onoffice.launch')
    expect(launch?.attributes['http.response.status_code']).toBe(200)
    // The clients the kit builds got the tracer: their HTTP requests to onOffice have CLIENT spans (nested in the
    // launch span wherever a context manager is registered, as with the Node SDK).
    expect(exporter.getFinishedSpans().filter((s) => s.kind === 2).length).toBeGreaterThan(0)

    // A tampered link, an unknown customer, a failing handler, a bad session token: each span names why.
    const url = await h.signed('/service', {
      customerWebId: '9001',
      userId: '1',
      apiClaim: h.fake.issueClaim('9001', '1'),
    })
    await h.request(url.replace('userId=1', 'userId=2'))
    await h.launch('4242')
    const boom = await h.launch('9001', {}, { path: '/boom' })
    expect(boom.status).toBe(500)
    await h.request('/api/whoami', { headers: bearer('not-a-session-token') })
    const reasons = exporter
      .getFinishedSpans()
      .map((s) => s.attributes['onoffice.failure.reason'])
      .filter(Boolean)
    expect(reasons).toEqual(expect.arrayContaining(['bad_link', 'not_activated', 'handler_error']))
    expect(
      exporter
        .getFinishedSpans()
        .some((s) => s.name === 'onoffice.session' && s.attributes['onoffice.failure.reason']),
    ).toBe(true)

    const text = spanText(exporter.getFinishedSpans())
    canary.outputs.push({ where: 'spans', text })
    expect(text).not.toContain(marker)
    expect(text).not.toContain('Kunde 9001')
    expect(text).not.toContain('must not carry')
  })
})
