/**
 * Encodes metric families as an OTLP ExportMetricsServiceRequest in protobuf
 * (opentelemetry/proto/metrics/v1/metrics.proto, field numbers in OT-16..19).
 */
import type { HistogramMetricData, MetricData, NumberMetricData, ResourceData, Temporality } from '../../src/index.js'
import { ProtoWriter, varintSize } from './proto-writer.js'
import { scratch } from './scratch.js'
import { toUcum } from './units.js'
import { writeLabels, writeResource, writeScope } from './proto-common.js'
import { writeCount, writeNanos } from './time.js'
import { METRICS_SCOPE, temporalityCode } from './metric-model.js'

/** Metric fields. */
const M = { NAME: 1, DESCRIPTION: 2, UNIT: 3, GAUGE: 5, SUM: 7, HISTOGRAM: 9 } as const

/**
 * Encoded attributes (repeated KeyValue in `field`) per label object. The
 * core freezes each series' labels once and hands the same object to every
 * snapshot, so a flush copies bytes instead of encoding every key and value
 * again; entries go when the series does. Objects that are not frozen could
 * change and are never cached.
 */
const encodedAttributes = new WeakMap<object, { readonly field: number; readonly bytes: Uint8Array }>()

/** Packed explicit_bounds (field 7) per bounds array: the core hands out the same frozen one every snapshot. */
const encodedBounds = new WeakMap<readonly number[], Uint8Array>()

function attributeBytes(labels: Readonly<Record<string, string>>, field: number): Uint8Array {
  const hit = encodedAttributes.get(labels)
  // The field differs between number and histogram points; the empty label set may serve both.
  if (hit !== undefined && hit.field === field) return hit.bytes
  const w = new ProtoWriter(64)
  writeLabels(w, field, labels)
  const bytes = w.finish()
  if (Object.isFrozen(labels)) encodedAttributes.set(labels, { field, bytes })
  return bytes
}

function boundsBytes(bounds: readonly number[]): Uint8Array {
  let bytes = encodedBounds.get(bounds)
  if (bytes === undefined) {
    const w = new ProtoWriter(16 + bounds.length * 8)
    if (bounds.length > 0) {
      const packed = w.fork(7) // packed double
      for (const bound of bounds) w.rawDouble(bound)
      w.join(packed)
    }
    bytes = w.finish()
    if (Object.isFrozen(bounds)) encodedBounds.set(bounds, bytes)
  }
  return bytes
}

/** A fixed64 nanosecond field as bytes, so the time every point of a snapshot shares is converted once. */
function nanosField(field: number, ms: number): Uint8Array {
  const w = new ProtoWriter(16)
  writeNanos(w, field, ms)
  return w.finish()
}

/** The time_unix_nano field (3) of a family's points: they share the snapshot time, so it is converted once. */
class TimeField {
  #ms = NaN
  #bytes: Uint8Array = new Uint8Array(0)

  at(ms: number): Uint8Array {
    if (ms !== this.#ms) {
      this.#ms = ms
      this.#bytes = nanosField(3, ms)
    }
    return this.#bytes
  }
}

/** A fixed64 or double field: key and 8 bytes. */
const FIXED = 9

function writeNumberPoints(w: ProtoWriter, metric: NumberMetricData): void {
  const time = new TimeField()
  for (const point of metric.points) {
    const attributes = attributeBytes(point.labels, 7)
    // Sizes are known, so the point's length goes first instead of being patched in.
    w.header(1, 3 * FIXED + attributes.length) // Sum/Gauge.data_points
    writeNanos(w, 2, point.startTimeMs)
    w.raw(time.at(point.timeMs))
    w.double(4, point.value)
    w.raw(attributes)
  }
}

function writeHistogramPoints(w: ProtoWriter, metric: HistogramMetricData): void {
  const bounds = boundsBytes(metric.bounds)
  const time = new TimeField()
  for (const point of metric.points) {
    const attributes = attributeBytes(point.labels, 9)
    const counts = point.bucketCounts.length * 8
    let size = 4 * FIXED + 1 + varintSize(counts) + counts + bounds.length + attributes.length
    if (point.min !== undefined) size += FIXED
    if (point.max !== undefined) size += FIXED
    w.header(1, size)
    writeNanos(w, 2, point.startTimeMs)
    w.raw(time.at(point.timeMs))
    writeCount(w, 4, point.count)
    w.double(5, point.sum)
    w.packedCounts(6, point.bucketCounts)
    w.raw(bounds)
    w.raw(attributes)
    if (point.min !== undefined) w.double(11, point.min)
    if (point.max !== undefined) w.double(12, point.max)
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

/** Room for the points up front, so the buffer is not grown and copied on the way (attributes guessed at 96 bytes). */
function estimateBytes(metrics: readonly MetricData[]): number {
  let bytes = 0
  for (const metric of metrics) {
    const perPoint = metric.kind === 'histogram' ? 160 + 16 * metric.bounds.length : 128
    bytes += 64 + metric.points.length * perPoint
  }
  return bytes
}

/**
 * Encodes metric families (those with points) as ExportMetricsServiceRequest bytes.
 * @example const body = encodeMetricsProto(batch.resource, batch.metrics, batch.temporality)
 */
export function encodeMetricsProto(resource: ResourceData, metrics: readonly MetricData[], temporality: Temporality): Uint8Array {
  const code = temporalityCode(temporality)
  // `finish` copies the bytes out, so the working buffer can be reused by the next flush.
  const w = new ProtoWriter(scratch(1024 + estimateBytes(metrics)))
  const resourceMetrics = w.fork(1)
  writeResource(w, 1, resource)
  const scopeMetrics = w.fork(2)
  writeScope(w, 1, METRICS_SCOPE)
  for (const metric of metrics) if (metric.points.length > 0) writeMetric(w, metric, code)
  w.join(scopeMetrics)
  w.join(resourceMetrics)
  return w.finish()
}
