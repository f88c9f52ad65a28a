/**
 * Encodes metric families as an OTLP ExportMetricsServiceRequest in protobuf
 * (opentelemetry/proto/metrics/v1/metrics.proto, field numbers in OT-16..19).
 */
import type { HistogramMetricData, HistogramPoint, MetricData, NumberMetricData, NumberPoint, ResourceData, Temporality } from '../../src/index.js'
import { ProtoWriter } from '../shared/proto-writer.js'
import { varintSize } from '../shared/varint.js'
import { scratch } from '../shared/scratch.js'
import { toUcum } from './units.js'
import { writeScope } from './proto-common.js'
import { PointTails } from './point-tails.js'
import { writeResource } from './proto-resource.js'
import { NanosMemo, writeCount } from './time.js'
import { METRICS_SCOPE, temporalityCode } from './metric-model.js'

/** Metric fields. */
const M = { NAME: 1, DESCRIPTION: 2, UNIT: 3, GAUGE: 5, SUM: 7, HISTOGRAM: 9 } as const

/** A fixed64 or double field: key and 8 bytes. */
const FIXED = 9

function writeNumberPoints(w: ProtoWriter, metric: NumberMetricData): void {
  // Points share the snapshot time and often a start time: each is converted once.
  const start = new NanosMemo(2)
  const time = new NanosMemo(3)
  const tails = new PointTails(metric, 7)
  const points = metric.points
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as NumberPoint
    const attributes = tails.at(i, point.labels)
    // Sizes are known, so the point's length goes first instead of being patched in.
    w.header(1, 3 * FIXED + attributes.length) // Sum/Gauge.data_points
    start.write(w, point.startTimeMs)
    time.write(w, point.timeMs)
    w.double(4, point.value)
    w.raw(attributes)
  }
}

/**
 * Encoded bucket_counts (field 6) by the frozen counts array they came from.
 * The core hands an unchanged histogram series the same frozen array at
 * every snapshot, and cumulative exports send it again each flush, so its
 * counts are encoded once. Bytes are kept from the second sight on: a
 * series that changes every flush brings a new array each time, and keeping
 * bytes for it would only add garbage.
 */
const encodedCounts = new WeakMap<readonly number[], Uint8Array | null>()

function writeCounts(w: ProtoWriter, counts: readonly number[]): void {
  if (!Object.isFrozen(counts)) return w.packedCounts(6, counts)
  const kept = encodedCounts.get(counts)
  if (kept) return w.raw(kept)
  const start = w.length
  w.packedCounts(6, counts)
  encodedCounts.set(counts, kept === null ? w.buffer.slice(start, w.length) : null)
}

function writeHistogramPoints(w: ProtoWriter, metric: HistogramMetricData): void {
  const start = new NanosMemo(2)
  const time = new NanosMemo(3)
  const tails = new PointTails(metric, 9)
  const points = metric.points
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as HistogramPoint
    const tail = tails.at(i, point.labels)
    const counts = point.bucketCounts.length * 8
    let size = 4 * FIXED + 1 + varintSize(counts) + counts + tail.length
    if (point.min !== undefined) size += FIXED
    if (point.max !== undefined) size += FIXED
    w.header(1, size)
    start.write(w, point.startTimeMs)
    time.write(w, point.timeMs)
    writeCount(w, 4, point.count)
    w.double(5, point.sum)
    writeCounts(w, point.bucketCounts)
    w.raw(tail) // explicit_bounds (7) and attributes (9)
    if (point.min !== undefined) w.double(11, point.min)
    if (point.max !== undefined) w.double(12, point.max)
  }
}

function writeMetric(w: ProtoWriter, metric: MetricData, temporality: number): void {
  // Lengths get as many bytes as the estimate needs, so the points are rarely moved to fit them.
  const width = varintSize(estimateMetric(metric))
  const at = w.fork(2, width) // ScopeMetrics.metrics
  w.string(M.NAME, metric.name)
  if (metric.help !== '') w.string(M.DESCRIPTION, metric.help)
  if (metric.unit !== '') w.string(M.UNIT, toUcum(metric.unit))
  if (metric.kind === 'histogram') {
    const data = w.fork(M.HISTOGRAM, width)
    writeHistogramPoints(w, metric)
    w.uint(2, temporality)
    w.join(data, width)
  } else if (metric.kind === 'counter') {
    const data = w.fork(M.SUM, width)
    writeNumberPoints(w, metric)
    w.uint(2, temporality)
    w.uint(3, 1) // is_monotonic
    w.join(data, width)
  } else {
    const data = w.fork(M.GAUGE, width)
    writeNumberPoints(w, metric)
    w.join(data, width)
  }
  w.join(at, width)
}

/** Rough bytes of a family: points with two short labels (a histogram's bounds are counted twice, as they go with the counts). */
function estimateMetric(metric: MetricData): number {
  const perPoint = metric.kind === 'histogram' ? 100 + 16 * metric.bounds.length : 80
  return 64 + metric.points.length * perPoint
}

/** Room for the points up front, so the buffer is not grown and copied on the way. */
function estimateBytes(metrics: readonly MetricData[]): number {
  let bytes = 0
  for (const metric of metrics) bytes += estimateMetric(metric)
  return bytes
}

/**
 * Encodes metric families (those with points) as ExportMetricsServiceRequest bytes.
 * @example const body = encodeMetricsProto(batch.resource, batch.metrics, batch.temporality)
 */
export function encodeMetricsProto(resource: ResourceData, metrics: readonly MetricData[], temporality: Temporality): Uint8Array {
  const code = temporalityCode(temporality)
  // `finish` copies the bytes out, so the working buffer can be reused by the next flush.
  const estimate = 1024 + estimateBytes(metrics)
  const w = new ProtoWriter(scratch('otlp', estimate + (estimate >> 1)))
  const width = varintSize(estimate)
  const resourceMetrics = w.fork(1, width)
  writeResource(w, 1, resource)
  const scopeMetrics = w.fork(2, width)
  writeScope(w, 1, METRICS_SCOPE)
  for (const metric of metrics) if (metric.points.length > 0) writeMetric(w, metric, code)
  w.join(scopeMetrics, width)
  w.join(resourceMetrics, width)
  return w.finish()
}
