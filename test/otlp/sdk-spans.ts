/**
 * Spans recorded through the official OpenTelemetry SDK, and the same spans
 * as lastcall's SpanData, for the cross-check against
 * `@opentelemetry/otlp-transformer` (and for the speed comparison).
 */
import { context, trace, SpanKind, SpanStatusCode, type HrTime, type Link } from '@opentelemetry/api'
import { TraceState } from '@opentelemetry/core'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base'
import type { ResourceData, SpanData } from '../../src/index.js'

const T = 1_700_000_000_123.5 // ms with a fraction both sides represent exactly

/** Records a small trace with every span feature through the SDK and returns the finished spans. */
export async function recordSdkSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.instance.id': 'i-1', 'faas.max_memory': 134217728 }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    spanLimits: { attributeCountLimit: 6, eventCountLimit: 2, linkCountLimit: 2, attributePerEventCountLimit: 1, attributePerLinkCountLimit: 1 },
  })
  const tracer = provider.getTracer('lastcall-test', '1.2.3')
  const remoteParent = trace.setSpanContext(context.active(), {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b173',
    traceFlags: 1,
    isRemote: true,
    traceState: new TraceState('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'),
  })
  const links: Link[] = [
    { context: { traceId: '0af7651916cd43dd8448eb211c80319d', spanId: 'b7ad6b7169203332', traceFlags: 1 } },
    { context: { traceId: '0af7651916cd43dd8448eb211c80319e', spanId: 'b7ad6b7169203333', traceFlags: 1 } },
    // The SDK drops the oldest link over the limit, so the interesting one comes last.
    { context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 0, isRemote: true, traceState: new TraceState('v=1') }, attributes: { a: 'x', b: 'dropped' } },
  ]
  const server = tracer.startSpan('GET /orders/:id', { kind: SpanKind.SERVER, startTime: T, links }, remoteParent)
  server.setAttributes({ 'http.method': 'GET', 'http.status_code': 200, ratio: 0.25, ok: true, tags: ['a', 'β'], codes: [1, 2.5], extra1: 1, extra2: 2 })
  server.addEvent('one', {}, T + 1) // the SDK drops the oldest event over the limit
  server.addEvent('two', { k: 'v', dropped: 1 }, T + 2.25)
  server.addEvent('three', {}, T + 3)
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' })
  const child = tracer.startSpan('db.query', { kind: SpanKind.CLIENT, startTime: T + 4 }, trace.setSpan(context.active(), server))
  child.setStatus({ code: SpanStatusCode.OK })
  child.end(T + 5.5)
  server.end(T + 10)
  const other = provider.getTracer('other-scope').startSpan('background', { startTime: T, root: true })
  other.end(T + 0.125)
  await provider.forceFlush()
  return exporter.getFinishedSpans()
}

function ms(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6
}

/** lastcall's SpanData with the same content as an SDK span. */
export function toSpanData(span: ReadableSpan): SpanData {
  const ctx = span.spanContext()
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? '',
    parentIsRemote: span.parentSpanContext?.isRemote ?? false,
    traceState: ctx.traceState?.serialize(),
    traceFlags: ctx.traceFlags,
    name: span.name,
    kind: span.kind,
    startTimeMs: ms(span.startTime),
    endTimeMs: ms(span.endTime),
    attributes: span.attributes as SpanData['attributes'],
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((e) => ({ name: e.name, timeMs: ms(e.time), attributes: (e.attributes ?? {}) as SpanData['attributes'], droppedAttributesCount: e.droppedAttributesCount ?? 0 })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      traceState: l.context.traceState?.serialize(),
      traceFlags: l.context.traceFlags,
      isRemote: l.context.isRemote ?? false,
      attributes: (l.attributes ?? {}) as SpanData['attributes'],
      droppedAttributesCount: l.droppedAttributesCount ?? 0,
    })),
    droppedLinksCount: span.droppedLinksCount,
    status: { code: span.status.code, message: span.status.message ?? '' },
    scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version ?? '' },
  }
}

/** The SDK span's resource as lastcall's ResourceData. */
export function toResourceData(span: ReadableSpan): ResourceData {
  const attributes = span.resource.attributes as ResourceData['attributes']
  return { serviceName: String(attributes['service.name']), instanceId: String(attributes['service.instance.id'] ?? ''), attributes }
}
