/**
 * Encodes metric families as an OTLP/JSON ExportMetricsServiceRequest:
 * nanoseconds and counts as decimal strings, doubles as numbers or
 * "NaN"/"Infinity", temporality as its number. Written as text directly
 * (see json-common.ts), in the key order of the proto3 JSON mapping.
 */
import type { HistogramPoint, MetricData, NumberPoint, ResourceData, Temporality } from '../../src/index.js'
import { jsonAttributes, jsonDouble, jsonNumber, jsonResource, jsonScope, jsonString, toJsonBytes } from './json-common.js'
import { METRICS_SCOPE, temporalityCode } from './metric-model.js'
import { msToNanoString } from './time.js'
import { toUcum } from './units.js'

/** One time field of a family's points, mostly shared: converted only when the time changes. */
class NanoText {
  #ms = NaN
  #text = ''

  /** The nanoseconds of `ms` as a quoted decimal string. */
  of(ms: number): string {
    if (ms !== this.#ms) {
      this.#ms = ms
      this.#text = `"${msToNanoString(ms)}"`
    }
    return this.#text
  }
}

/** The start and end times of points; series often start at different times but share the snapshot time. */
class PointTimes {
  readonly #start = new NanoText()
  readonly #time = new NanoText()

  /** `"startTimeUnixNano":"…","timeUnixNano":"…"` for a point. */
  of(point: NumberPoint | HistogramPoint): string {
    return `"startTimeUnixNano":${this.#start.of(point.startTimeMs)},"timeUnixNano":${this.#time.of(point.timeMs)}`
  }
}

function jsonNumberPoint(point: NumberPoint, times: PointTimes): string {
  return `{"attributes":${jsonAttributes(point.labels)},${times.of(point)},"asDouble":${jsonDouble(point.value)}}`
}

/** `"n"` for small counts: most bucket counts are small, and a table saves building each one. */
const SMALL_COUNTS = Array.from({ length: 256 }, (_, n) => `"${n}"`)

function jsonCount(count: number): string {
  return SMALL_COUNTS[count] ?? `"${count}"`
}

/** The bucket counts as an array of JSON strings. */
function jsonBucketCounts(counts: readonly number[]): string {
  let out = ''
  for (let i = 0; i < counts.length; i++) out += (i === 0 ? '' : ',') + jsonCount(counts[i] as number)
  return out
}

function jsonHistogramPoint(point: HistogramPoint, bounds: string, times: PointTimes): string {
  const buckets = jsonBucketCounts(point.bucketCounts)
  const min = point.min === undefined ? '' : `,"min":${jsonDouble(point.min)}`
  const max = point.max === undefined ? '' : `,"max":${jsonDouble(point.max)}`
  return `{"attributes":${jsonAttributes(point.labels)},${times.of(point)},"count":"${point.count}","sum":${jsonDouble(point.sum)},"bucketCounts":[${buckets}],"explicitBounds":${bounds}${min}${max}}`
}

/** A family's points as a `dataPoints` array. */
function jsonDataPoints(metric: MetricData, times: PointTimes): string {
  let out = ''
  if (metric.kind === 'histogram') {
    // One family shares its bounds: written once, not once per point.
    let bounds = ''
    for (let i = 0; i < metric.bounds.length; i++) bounds += (i === 0 ? '' : ',') + jsonDouble(metric.bounds[i] as number)
    bounds = `[${bounds}]`
    for (const point of metric.points) out += (out === '' ? '' : ',') + jsonHistogramPoint(point, bounds, times)
  } else {
    for (const point of metric.points) out += (out === '' ? '' : ',') + jsonNumberPoint(point, times)
  }
  return `"dataPoints":[${out}]`
}

function jsonMetric(metric: MetricData, temporality: string, times: PointTimes): string {
  let out = `{"name":${jsonString(metric.name)}`
  if (metric.help !== '') out += `,"description":${jsonString(metric.help)}`
  if (metric.unit !== '') out += `,"unit":${jsonString(toUcum(metric.unit))}`
  const dataPoints = jsonDataPoints(metric, times)
  if (metric.kind === 'histogram') return `${out},"histogram":{${dataPoints},"aggregationTemporality":${temporality}}}`
  if (metric.kind === 'counter') return `${out},"sum":{${dataPoints},"aggregationTemporality":${temporality},"isMonotonic":true}}`
  return `${out},"gauge":{${dataPoints}}}`
}

/**
 * The request for metric families with points, as JSON text.
 * @example JSON.parse(metricsJsonRequest(batch.resource, batch.metrics, 'delta'))
 */
export function metricsJsonRequest(resource: ResourceData, metrics: readonly MetricData[], temporality: Temporality): string {
  const code = jsonNumber(temporalityCode(temporality))
  const times = new PointTimes()
  let out = ''
  for (const metric of metrics) {
    if (metric.points.length > 0) out += (out === '' ? '' : ',') + jsonMetric(metric, code, times)
  }
  const scope = `{"scope":${jsonScope(METRICS_SCOPE)},"metrics":[${out}]}`
  return `{"resourceMetrics":[{"resource":${jsonResource(resource)},"scopeMetrics":[${scope}]}]}`
}

/**
 * Encodes metric families as OTLP/JSON bytes.
 * @example const body = encodeMetricsJson(batch.resource, batch.metrics, batch.temporality)
 */
export function encodeMetricsJson(resource: ResourceData, metrics: readonly MetricData[], temporality: Temporality): Uint8Array {
  return toJsonBytes(metricsJsonRequest(resource, metrics, temporality))
}
