/**
 * Encodes metric families as an OTLP ExportMetricsServiceRequest in protobuf
 * (opentelemetry/proto/metrics/v1/metrics.proto, field numbers in OT-16..19).
 */
import type { HistogramMetricData, MetricData, NumberMetricData, ResourceData, Temporality } from '../../src/index.js'
import { ProtoWriter } from './proto-writer.js'
import { toUcum } from './units.js'
import { writeLabels, writeResource, writeScope } from './proto-common.js'
import { writeCount, writeNanos, writeRawCount } from './time.js'
import { countPoints, METRICS_SCOPE, temporalityCode } from './metric-model.js'

/** Metric fields. */
const M = { NAME: 1, DESCRIPTION: 2, UNIT: 3, GAUGE: 5, SUM: 7, HISTOGRAM: 9 } as const

function writeNumberPoints(w: ProtoWriter, metric: NumberMetricData): void {
  for (const point of metric.points) {
    const at = w.fork(1) // Sum/Gauge.data_points
    writeNanos(w, 2, point.startTimeMs)
    writeNanos(w, 3, point.timeMs)
    w.double(4, point.value)
    writeLabels(w, 7, point.labels)
    w.join(at)
  }
}

function writeHistogramPoints(w: ProtoWriter, metric: HistogramMetricData): void {
  const bounds = metric.bounds
  for (const point of metric.points) {
    const at = w.fork(1)
    writeNanos(w, 2, point.startTimeMs)
    writeNanos(w, 3, point.timeMs)
    writeCount(w, 4, point.count)
    w.double(5, point.sum)
    const counts = w.fork(6) // packed fixed64
    for (const count of point.bucketCounts) writeRawCount(w, count)
    w.join(counts)
    if (bounds.length > 0) {
      const packed = w.fork(7) // packed double
      for (const bound of bounds) w.rawDouble(bound)
      w.join(packed)
    }
    writeLabels(w, 9, point.labels)
    if (point.min !== undefined) w.double(11, point.min)
    if (point.max !== undefined) w.double(12, point.max)
    w.join(at)
  }
}

function writeMetric(w: ProtoWriter, metric: MetricData, temporality: number): void {
  const at = w.fork(2) // ScopeMetrics.metrics
  w.string(M.NAME, metric.name)
  if (metric.help !== '') w.string(M.DESCRIPTION, metric.help)
  if (metric.unit !== '') w.string(M.UNIT, toUcum(metric.unit))
  if (metric.kind === 'histogram') {
    const data = w.fork(M.HISTOGRAM)
    writeHistogramPoints(w, metric)
    w.uint(2, temporality)
    w.join(data)
  } else if (metric.kind === 'counter') {
    const data = w.fork(M.SUM)
    writeNumberPoints(w, metric)
    w.uint(2, temporality)
    w.uint(3, 1) // is_monotonic
    w.join(data)
  } else {
    const data = w.fork(M.GAUGE)
    writeNumberPoints(w, metric)
    w.join(data)
  }
  w.join(at)
}

/**
 * Encodes metric families (those with points) as ExportMetricsServiceRequest bytes.
 * @example const body = encodeMetricsProto(batch.resource, batch.metrics, batch.temporality)
 */
export function encodeMetricsProto(resource: ResourceData, metrics: readonly MetricData[], temporality: Temporality): Uint8Array {
  const code = temporalityCode(temporality)
  const w = new ProtoWriter(1024 + countPoints(metrics) * 112)
  const resourceMetrics = w.fork(1)
  writeResource(w, 1, resource)
  const scopeMetrics = w.fork(2)
  writeScope(w, 1, METRICS_SCOPE)
  for (const metric of metrics) if (metric.points.length > 0) writeMetric(w, metric, code)
  w.join(scopeMetrics)
  w.join(resourceMetrics)
  return w.finish()
}
