/**
 * OTLP encoding from each library's own snapshot: metrics (1,000 and 10,000
 * series) and traces (100 and 1,000 spans), protobuf and JSON, lastcall's
 * pure encoders against @opentelemetry/otlp-transformer's serializers.
 */
import { context, trace } from '@opentelemetry/api'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { JsonMetricsSerializer, JsonTraceSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { createTelemetry, type ResourceData, type SpanData } from '../../src/index.js'
import { registerGlobal } from '../../src/otel/index.js'
import { memoryAdapter } from '../../src/testing/index.js'
import * as otlp from '../../adapters/otlp/index.js'
import { timeCases, report, unavailable, type Case, type Figure } from '../lib/measure.js'
import { lastcallMetrics, otelMetrics } from './fixtures.js'

// OpenTelemetry's spans take their parent from the API's context: lastcall's AsyncLocalStorage one, registered here.
registerGlobal(createTelemetry({ service: 'bench-context', adapters: [] }))

const ATTRIBUTES = { 'http.request.method': 'GET', 'http.route': '/users/:id', 'http.response.status_code': 200 }
const cases: Case[] = []
const missing: Figure[] = []

/** Adds the lastcall case, or a 'not available' figure when the encoder is not exported. */
function ours(id: string, name: keyof typeof otlp, run: (encode: (...args: never[]) => Uint8Array) => Uint8Array): void {
  const encode = otlp[name]
  if (typeof encode !== 'function') missing.push(unavailable(id, 'lastcall', `adapters/otlp does not export ${String(name)}`))
  else cases.push({ id, lib: 'lastcall', fn: () => run(encode as (...args: never[]) => Uint8Array) })
}

for (const series of [1000, 10_000]) {
  const telemetry = lastcallMetrics(series)
  const metrics = telemetry.collect()
  const resource = telemetry.resource
  type MetricsEncoder = (r: ResourceData, m: typeof metrics, t: 'cumulative') => Uint8Array
  ours(`otlp.metrics.proto.${series}`, 'encodeMetricsProto', (e) => (e as unknown as MetricsEncoder)(resource, metrics, 'cumulative'))
  ours(`otlp.metrics.json.${series}`, 'encodeMetricsJson', (e) => (e as unknown as MetricsEncoder)(resource, metrics, 'cumulative'))
  const { reader } = otelMetrics(series)
  const { resourceMetrics } = await reader.collect()
  cases.push({ id: `otlp.metrics.proto.${series}`, lib: 'OpenTelemetry', fn: () => ProtobufMetricsSerializer.serializeRequest(resourceMetrics) })
  cases.push({ id: `otlp.metrics.json.${series}`, lib: 'OpenTelemetry', fn: () => JsonMetricsSerializer.serializeRequest(resourceMetrics) })
}

/** `count` finished lastcall spans: a root and its children, as one invocation leaves them. */
async function lastcallSpans(count: number): Promise<{ resource: ResourceData; spans: SpanData[] }> {
  const memory = memoryAdapter()
  const telemetry = createTelemetry({ service: 'bench', adapters: [memory], maxSpansPerInvocation: count })
  const invocation = telemetry.startInvocation({ name: 'bench' })
  invocation.run(() => {
    for (let i = 1; i < count; i++) telemetry.tracer.startSpan('op', { attributes: ATTRIBUTES }).end()
  })
  invocation.end()
  await telemetry.flush()
  return { resource: telemetry.resource, spans: memory.spans() }
}

async function otelSpans(count: number) {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const tracer = provider.getTracer('bench')
  const root = tracer.startSpan('bench', { kind: 1 })
  context.with(trace.setSpan(context.active(), root), () => {
    for (let i = 1; i < count; i++) tracer.startSpan('op', { attributes: ATTRIBUTES }).end()
  })
  root.end()
  await provider.forceFlush()
  return exporter.getFinishedSpans()
}

for (const count of [100, 1000]) {
  const { resource, spans } = await lastcallSpans(count)
  type TracesEncoder = (r: ResourceData, s: SpanData[]) => Uint8Array
  ours(`otlp.traces.proto.${count}`, 'encodeTracesProto', (e) => (e as unknown as TracesEncoder)(resource, spans))
  ours(`otlp.traces.json.${count}`, 'encodeTracesJson', (e) => (e as unknown as TracesEncoder)(resource, spans))
  const readable = await otelSpans(count)
  cases.push({ id: `otlp.traces.proto.${count}`, lib: 'OpenTelemetry', fn: () => ProtobufTraceSerializer.serializeRequest(readable) })
  cases.push({ id: `otlp.traces.json.${count}`, lib: 'OpenTelemetry', fn: () => JsonTraceSerializer.serializeRequest(readable) })
}

// The span cases run first. After the 10,000-series metric encodes, whose multi-megabyte buffers
// leave glibc returning freed memory to the kernel at each scavenge, every fresh ~17 KB span
// export page-faulted: ~5 µs more per 100 spans than in a process that exports what an invocation
// records (measured alone: 45-47 µs; after the metric cases: 50-55 µs). Both libraries get the same order.
const spansFirst = [...cases.filter((c) => c.id.startsWith('otlp.traces.')), ...cases.filter((c) => !c.id.startsWith('otlp.traces.'))]
report('encoding-otlp', [...missing, ...(await timeCases(spansFirst))])
