/**
 * OTLP serialization speed, lastcall against @opentelemetry/otlp-transformer
 * on the same content: 100 and 1,000 spans (five attributes each, one
 * remote parent) and 1,000 counter series of three labels, as protobuf and
 * as JSON. Written in the shape of a bench/groups entry (move it there and
 * fix the three relative imports); run on its own with
 *   npx esbuild test/otlp/bench-encoders.ts --bundle --platform=node --format=esm --packages=external --outfile=/tmp/otlp-bench.mjs && node /tmp/otlp-bench.mjs
 */
import { context, SpanKind, trace } from '@opentelemetry/api'
import { JsonMetricsSerializer, JsonTraceSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { AggregationTemporality, DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { encodeMetricsJson, encodeMetricsProto, encodeTracesJson, encodeTracesProto } from '../../adapters/otlp/index.js'
import { report, timeCases, type Case } from '../../bench/lib/measure.js'
import { manySeries, resource } from './fixtures.js'
import { toResourceData, toSpanData } from './sdk-spans.js'

async function sdkSpans(n: number): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes(resource.attributes), spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const tracer = provider.getTracer('lastcall', '0.1.0')
  const parent = trace.setSpanContext(context.active(), { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b173', traceFlags: 1, isRemote: true })
  for (let i = 0; i < n; i++) {
    const attributes = { 'http.request.method': 'GET', 'http.route': '/items/:id', 'http.response.status_code': 200, 'url.path': `/items/${i}`, 'server.address': 'api.example.com' }
    tracer.startSpan(`GET /items/${i % 10}`, { kind: SpanKind.SERVER, startTime: 1_700_000_000_000 + i, attributes }, parent).end(1_700_000_000_001.5 + i)
  }
  await provider.forceFlush()
  return exporter.getFinishedSpans()
}

/** The same 1,000 series as OpenTelemetry's ResourceMetrics. */
function otelMetrics(): ResourceMetrics {
  const family = manySeries(1000)
  return {
    resource: resourceFromAttributes(resource.attributes),
    scopeMetrics: [{
      scope: { name: 'lastcall', version: '0.1.0' },
      metrics: [{
        descriptor: { name: family.name, description: family.help, unit: '', valueType: 1, type: 'COUNTER' } as never,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints: family.points.map((p) => ({ attributes: p.labels, startTime: [1_700_000_000, 250_000], endTime: [1_700_000_000, 123_500_000], value: p.value })),
      }],
    }],
  }
}

const [spans100, spans1000] = [await sdkSpans(100), await sdkSpans(1000)]
const data100 = spans100.map(toSpanData)
const data1000 = spans1000.map(toSpanData)
const spanResource = toResourceData(spans100[0]!)
const series = [manySeries(1000)]
const otelSeries = otelMetrics()

const cases: Case[] = [
  { id: 'otlp.proto.spans-100', lib: 'lastcall', fn: () => encodeTracesProto(spanResource, data100) },
  { id: 'otlp.proto.spans-100', lib: 'OpenTelemetry', fn: () => ProtobufTraceSerializer.serializeRequest(spans100) },
  { id: 'otlp.proto.spans-1000', lib: 'lastcall', fn: () => encodeTracesProto(spanResource, data1000) },
  { id: 'otlp.proto.spans-1000', lib: 'OpenTelemetry', fn: () => ProtobufTraceSerializer.serializeRequest(spans1000) },
  { id: 'otlp.proto.series-1000', lib: 'lastcall', fn: () => encodeMetricsProto(resource, series, 'cumulative') },
  { id: 'otlp.proto.series-1000', lib: 'OpenTelemetry', fn: () => ProtobufMetricsSerializer.serializeRequest(otelSeries) },
  { id: 'otlp.json.spans-100', lib: 'lastcall', fn: () => encodeTracesJson(spanResource, data100) },
  { id: 'otlp.json.spans-100', lib: 'OpenTelemetry', fn: () => JsonTraceSerializer.serializeRequest(spans100) },
  { id: 'otlp.json.spans-1000', lib: 'lastcall', fn: () => encodeTracesJson(spanResource, data1000) },
  { id: 'otlp.json.spans-1000', lib: 'OpenTelemetry', fn: () => JsonTraceSerializer.serializeRequest(spans1000) },
  { id: 'otlp.json.series-1000', lib: 'lastcall', fn: () => encodeMetricsJson(resource, series, 'cumulative') },
  { id: 'otlp.json.series-1000', lib: 'OpenTelemetry', fn: () => JsonMetricsSerializer.serializeRequest(otelSeries) },
]

report('otlp', await timeCases(cases))
