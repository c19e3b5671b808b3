import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import {
  assertCanary,
  bearer,
  canary,
  createHarness,
  documentHeaders,
  useCanary,
} from './helpers.ts'

useCanary()

describe('canary', () => {
  it('can fail: a secret in any captured output is reported', () => {
    const before = canary.outputs.length
    canary.outputs.push({ where: 'synthetic', text: `x ${[...canary.secrets][0]} y` })
    expect(() => assertCanary()).toThrow(/canary: a secret/)
    canary.outputs.splice(before)
  })

  it('sees the credentials of a full activation + launch and the activation page', async () => {
    const h = createHarness()
    const act = await h.activate('9001')
    expect(canary.secrets.has(act.apiKey)).toBe(true)
    expect(canary.secrets.has(act.apiClaim)).toBe(true)
    // hmacs and tokens that went over the wire are registered too
    expect(canary.secrets.size).toBeGreaterThan(6)
    const page = await h.openActivation('9002', { headers: documentHeaders })
    expect(page.html).not.toContain(page.act.apiToken)
    expect(page.html).not.toContain(page.act.apiClaim)
  })

  it('sees every span of activation, launch, session, webhook and their onOffice calls (names, attributes, status, events)', async () => {
    const exporter = new InMemorySpanExporter()
    const tracer = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    }).getTracer('onoffice-kit')
    const h = createHarness({ tracer })
    await h.activate('9003')
    const launched = await h.launch('9003', { estateId: '1' })
    const { sessionToken } = (await launched.json()) as { sessionToken: string }
    await h.request('/api/estate', { headers: bearer(sessionToken) })
    await h.request('/api/estate', {
      method: 'POST',
      headers: { ...bearer(sessionToken), 'content-type': 'application/json' },
      body: JSON.stringify({ objekttitel: 'Neu' }),
    })
    await h.request(
      await h.signed('/hook', {
        customerWebId: '9003',
        userId: '1',
        apiClaim: h.fake.issueClaim('9003', '1'),
      }),
    )
    const forged = 'a-claim-onOffice-never-issued-0123456789'
    canary.add(forged)
    await h.launch('9003', { estateId: '1' }, { claim: forged })
    const spans = exporter.getFinishedSpans()
    expect(spans.length).toBeGreaterThan(8)
    for (const s of spans)
      canary.outputs.push({
        where: `span ${s.name}`,
        text: JSON.stringify({
          name: s.name,
          attributes: s.attributes,
          status: s.status,
          events: s.events,
        }),
      })
  })
})
