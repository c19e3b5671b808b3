/**
 * OpenTelemetry spans without a dependency: the kit takes a `Tracer` from `@opentelemetry/api`
 * (`trace.getTracer('onoffice-kit')`) and uses only the structural part below, so without one nothing is
 * imported, bundled or run. Attributes never carry tokens, secrets, claims, HMACs or parameter values —
 * only names, counts, codes and statuses.
 */

/** An attribute value as OpenTelemetry takes it. */
export type SpanAttributeValue = string | number | boolean

/** The part of an OpenTelemetry `Span` the kit uses. */
export interface SpanLike {
  setAttribute(key: string, value: SpanAttributeValue): unknown
  setStatus(status: { code: number; message?: string }): unknown
  recordException?(exception: { name: string; message: string }): unknown
  end(): void
}

/** The part of an OpenTelemetry `Tracer` the kit uses (`trace.getTracer('onoffice-kit')` is one). */
export interface TracerLike {
  startActiveSpan<F extends (span: SpanLike) => unknown>(
    name: string,
    options: { kind?: number; attributes?: Record<string, SpanAttributeValue> },
    fn: F,
  ): ReturnType<F>
}

/** OpenTelemetry's SpanKind and SpanStatusCode values (stable in the API's 1.x line). */
export const SPAN_KIND = { INTERNAL: 0, SERVER: 1, CLIENT: 2 } as const
const STATUS_ERROR = 2

/** A span that is finished exactly once, with an error status when `error` is given. */
export interface KitSpan {
  set(key: string, value: SpanAttributeValue | undefined | null): void
  end(error?: { name: string; code?: unknown; message: string } | string): void
}

const NOOP: KitSpan = { set() {}, end() {} }

/**
 * Runs `fn` inside a span when a tracer is given (the span is the active one, so nested spans become its
 * children), or with a no-op span otherwise. Tracer failures never break the call.
 */
export function withSpan<T>(
  tracer: TracerLike | undefined,
  name: string,
  kind: number,
  attributes: Record<string, SpanAttributeValue>,
  fn: (span: KitSpan) => Promise<T>,
): Promise<T> {
  if (!tracer) return fn(NOOP)
  let started = false
  try {
    return tracer.startActiveSpan(name, { kind, attributes }, (span: SpanLike) => {
      started = true
      let ended = false
      const kit: KitSpan = {
        set(key, value) {
          if (value === undefined || value === null) return
          try {
            span.setAttribute(key, value)
          } catch {}
        },
        end(error) {
          if (ended) return
          ended = true
          try {
            if (error !== undefined) {
              const e = typeof error === 'string' ? { name: 'Error', message: error } : error
              span.setStatus({ code: STATUS_ERROR, message: e.message })
              span.setAttribute(
                'error.type',
                typeof error === 'string' ? error : String(e.code ?? e.name),
              )
            }
            span.end()
          } catch {}
        },
      }
      return fn(kit).then(
        (v) => {
          kit.end()
          return v
        },
        (err: unknown) => {
          kit.end(err instanceof Error ? (err as Error & { code?: unknown }) : String(err))
          throw err
        },
      )
    }) as Promise<T>
  } catch (error) {
    if (started) throw error
    return fn(NOOP)
  }
}
