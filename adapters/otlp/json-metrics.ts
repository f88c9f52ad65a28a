/**
 * Encodes metric families as an OTLP/JSON ExportMetricsServiceRequest:
 * nanoseconds and counts as decimal strings, doubles as numbers or
 * "NaN"/"Infinity", temporality as its number.
 */
import type { HistogramPoint, MetricData, NumberPoint, ResourceData, Temporality } from '../../src/index.js'
import { jsonAttributes, jsonDouble, jsonResource, jsonScope, toJsonBytes, type Json } from './json-common.js'
import { METRICS_SCOPE, temporalityCode } from './metric-model.js'
import { msToNanoString } from './time.js'
import { toUcum } from './units.js'

function jsonNumberPoint(point: NumberPoint): Json {
  return {
    attributes: jsonAttributes(point.labels),
    startTimeUnixNano: msToNanoString(point.startTimeMs),
    timeUnixNano: msToNanoString(point.timeMs),
    asDouble: jsonDouble(point.value),
  }
}

function jsonHistogramPoint(point: HistogramPoint, bounds: readonly number[]): Json {
  const out: Json = {
    attributes: jsonAttributes(point.labels),
    startTimeUnixNano: msToNanoString(point.startTimeMs),
    timeUnixNano: msToNanoString(point.timeMs),
    count: String(point.count),
    sum: jsonDouble(point.sum),
    bucketCounts: point.bucketCounts.map(String),
    explicitBounds: bounds.map(jsonDouble),
  }
  if (point.min !== undefined) out['min'] = jsonDouble(point.min)
  if (point.max !== undefined) out['max'] = jsonDouble(point.max)
  return out
}

function jsonMetric(metric: MetricData, temporality: number): Json {
  const out: Json = { name: metric.name }
  if (metric.help !== '') out['description'] = metric.help
  if (metric.unit !== '') out['unit'] = toUcum(metric.unit)
  if (metric.kind === 'histogram') {
    const dataPoints = metric.points.map((point) => jsonHistogramPoint(point, metric.bounds))
    out['histogram'] = { dataPoints, aggregationTemporality: temporality }
  } else if (metric.kind === 'counter') {
    out['sum'] = { dataPoints: metric.points.map(jsonNumberPoint), aggregationTemporality: temporality, isMonotonic: true }
  } else {
    out['gauge'] = { dataPoints: metric.points.map(jsonNumberPoint) }
  }
  return out
}

/**
 * The request object for metric families with points (before serialization).
 * @example JSON.stringify(metricsJsonRequest(batch.resource, batch.metrics, 'delta'))
 */
export function metricsJsonRequest(resource: ResourceData, metrics: readonly MetricData[], temporality: Temporality): Json {
  const code = temporalityCode(temporality)
  const jsonMetrics = metrics.filter((metric) => metric.points.length > 0).map((metric) => jsonMetric(metric, code))
  return { resourceMetrics: [{ resource: jsonResource(resource), scopeMetrics: [{ scope: jsonScope(METRICS_SCOPE), metrics: jsonMetrics }] }] }
}

/**
 * Encodes metric families as OTLP/JSON bytes.
 * @example const body = encodeMetricsJson(batch.resource, batch.metrics, batch.temporality)
 */
export function encodeMetricsJson(resource: ResourceData, metrics: readonly MetricData[], temporality: Temporality): Uint8Array {
  return toJsonBytes(metricsJsonRequest(resource, metrics, temporality))
}
