import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { SPAN_KIND, withSpan } from '../../src/api/telemetry.ts'

function tracing() {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  return { exporter, tracer: provider.getTracer('onoffice-kit') }
}

describe('withSpan', () => {
  it('records a span with its attributes and ends it once', async () => {
    const { exporter, tracer } = tracing()
    const v = await withSpan(
      tracer,
      'onoffice read estate',
      SPAN_KIND.INTERNAL,
      { 'onoffice.resourcetype': 'estate' },
      async (span) => {
        span.set('onoffice.cntabsolute', 3)
        span.set('ignored', undefined)
        span.end()
        return 42
      },
    )
    expect(v).toBe(42)
    const spans = exporter.getFinishedSpans()
    expect(spans).toHaveLength(1)
    expect(spans[0]!.name).toBe('onoffice read estate')
    expect(spans[0]!.attributes).toEqual({
      'onoffice.resourcetype': 'estate',
      'onoffice.cntabsolute': 3,
    })
    expect(spans[0]!.status.code).toBe(0)
  })

  it('marks a rejected call as an error with its code and rethrows', async () => {
    const { exporter, tracer } = tracing()
    const err = Object.assign(new Error('onOffice error 22'), { code: 22 })
    await expect(
      withSpan(tracer, 'x', SPAN_KIND.CLIENT, {}, async () => {
        throw err
      }),
    ).rejects.toBe(err)
    const [span] = exporter.getFinishedSpans()
    expect(span!.status).toEqual({ code: 2, message: 'onOffice error 22' })
    expect(span!.attributes['error.type']).toBe('22')
    expect(span!.kind).toBe(SPAN_KIND.CLIENT)
  })

  it('without a tracer runs the function with a no-op span', async () => {
    expect(
      await withSpan(undefined, 'x', 0, {}, async (s) => {
        s.set('a', 1)
        s.end('boom')
        return 'ok'
      }),
    ).toBe('ok')
  })

  it('a tracer that throws never breaks the call', async () => {
    const broken = {
      startActiveSpan: () => {
        throw new Error('exporter down')
      },
    }
    expect(await withSpan(broken, 'x', 0, {}, async () => 'still works')).toBe('still works')
  })
})
