/**
 * The OTLP/JSON encoders as they were before they wrote text directly: an
 * object tree handed to JSON.stringify. Kept as the reference the text
 * encoders must match byte for byte.
 */
import type { Attributes, MetricData, ResourceData, SpanData, Temporality } from '../../src/index.js'
import { base64 } from '../../adapters/otlp/json-common.js'
import { jsonId, SPAN_ID_HEX, TRACE_ID_HEX } from '../../adapters/otlp/ids.js'
import { METRICS_SCOPE, temporalityCode } from '../../adapters/otlp/metric-model.js'
import { groupByScope, spanFlags } from '../../adapters/otlp/span-groups.js'
import { msToNanoString } from '../../adapters/otlp/time.js'
import { toUcum } from '../../adapters/otlp/units.js'

type Json = { [key: string]: unknown }

const double = (value: number): number | string => (Number.isFinite(value) ? value : String(value))

function anyValue(value: unknown): Json {
  switch (typeof value) {
    case 'string':
      return { stringValue: value }
    case 'boolean':
      return { boolValue: value }
    case 'number':
      return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: double(value) }
  }
  if (value instanceof Uint8Array) return { bytesValue: base64(value) }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } }
  return {}
}

function attributes(attrs: Attributes | Readonly<Record<string, string>>): Json[] {
  const out: Json[] = []
  for (const key in attrs) {
    const value = attrs[key]
    if (key === '' || value === undefined) continue
    out.push({ key, value: anyValue(value) })
  }
  return out
}

const scopeOf = (scope: { name: string; version: string }): Json => (scope.version === '' ? { name: scope.name } : { name: scope.name, version: scope.version })
const optional = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value)

function metric(m: MetricData, temporality: number): Json {
  const out: Json = { name: m.name }
  if (m.help !== '') out['description'] = m.help
  if (m.unit !== '') out['unit'] = toUcum(m.unit)
  const times = (p: { startTimeMs: number; timeMs: number }) => ({ startTimeUnixNano: msToNanoString(p.startTimeMs), timeUnixNano: msToNanoString(p.timeMs) })
  if (m.kind === 'histogram') {
    const dataPoints = m.points.map((p) => {
      const o: Json = { attributes: attributes(p.labels), ...times(p), count: String(p.count), sum: double(p.sum), bucketCounts: p.bucketCounts.map(String), explicitBounds: m.bounds.map(double) }
      if (p.min !== undefined) o['min'] = double(p.min)
      if (p.max !== undefined) o['max'] = double(p.max)
      return o
    })
    out['histogram'] = { dataPoints, aggregationTemporality: temporality }
    return out
  }
  const dataPoints = m.points.map((p) => ({ attributes: attributes(p.labels), ...times(p), asDouble: double(p.value) }))
  if (m.kind === 'counter') out['sum'] = { dataPoints, aggregationTemporality: temporality, isMonotonic: true }
  else out['gauge'] = { dataPoints }
  return out
}

/** The metrics request text as the object-tree encoder wrote it. */
export function referenceMetricsJson(resource: ResourceData, metrics: readonly MetricData[], temporality: Temporality): string {
  const code = temporalityCode(temporality)
  const list = metrics.filter((m) => m.points.length > 0).map((m) => metric(m, code))
  return JSON.stringify({ resourceMetrics: [{ resource: { attributes: attributes(resource.attributes) }, scopeMetrics: [{ scope: scopeOf(METRICS_SCOPE), metrics: list }] }] })
}

function span(s: SpanData): Json {
  const parent = jsonId(s.parentSpanId, SPAN_ID_HEX)
  return {
    traceId: jsonId(s.traceId, TRACE_ID_HEX),
    spanId: jsonId(s.spanId, SPAN_ID_HEX),
    traceState: optional(s.traceState),
    parentSpanId: parent === '' ? undefined : parent,
    flags: spanFlags(s.traceFlags, s.parentIsRemote),
    name: s.name,
    kind: s.kind + 1,
    startTimeUnixNano: msToNanoString(s.startTimeMs),
    endTimeUnixNano: msToNanoString(Math.max(s.endTimeMs, s.startTimeMs)),
    attributes: attributes(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map((e) => ({ timeUnixNano: msToNanoString(e.timeMs), name: e.name, attributes: attributes(e.attributes), droppedAttributesCount: e.droppedAttributesCount })),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map((l) => ({
      traceId: jsonId(l.traceId, TRACE_ID_HEX),
      spanId: jsonId(l.spanId, SPAN_ID_HEX),
      traceState: optional(l.traceState),
      attributes: attributes(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
      flags: spanFlags(l.traceFlags, l.isRemote),
    })),
    droppedLinksCount: s.droppedLinksCount,
    status: { message: optional(s.status.message), code: s.status.code === 0 ? undefined : s.status.code },
  }
}

/** The traces request text as the object-tree encoder wrote it. */
export function referenceTracesJson(resource: ResourceData, spans: readonly SpanData[]): string {
  const scopeSpans = groupByScope(spans).map(({ scope, spans: scoped }) => ({ scope: scopeOf(scope), spans: scoped.map(span) }))
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: attributes(resource.attributes) }, scopeSpans }] })
}
