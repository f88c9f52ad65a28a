/** Hand-made delta batches for the CloudWatch adapter's tests. */
import type { ExportBatch, HistogramMetricData, HistogramPoint, InvocationInfo, MetricData, NumberMetricData, NumberPoint } from '../../src/index.js'

// Whole seconds, so EMF Timestamp (integer ms) equals it exactly.
export const NOW = Math.floor(Date.now() / 1000) * 1000

export function batchOf(metrics: MetricData[], invocation?: InvocationInfo, timeMs = NOW): ExportBatch {
  return {
    resource: { serviceName: 'checkout', instanceId: 'i-1', attributes: { 'service.name': 'checkout' } },
    metrics,
    temporality: 'delta',
    spans: [],
    timeMs,
    instanceStartMs: timeMs - 60_000,
    invocation,
  }
}

export function numberPoint(labels: Record<string, string>, value: number, timeMs = NOW): NumberPoint {
  return { key: JSON.stringify(labels), labels, value, startTimeMs: timeMs - 1000, timeMs }
}

export function counter(name: string, points: NumberPoint[], unit = '', labelNames?: string[]): NumberMetricData {
  return { kind: 'counter', name, help: name, unit, labelNames: labelNames ?? Object.keys(points[0]?.labels ?? {}), points }
}

export function gauge(name: string, points: NumberPoint[], unit = ''): NumberMetricData {
  return { kind: 'gauge', name, help: name, unit, labelNames: Object.keys(points[0]?.labels ?? {}), points }
}

/** A delta histogram point from raw observations. */
export function histogramPoint(bounds: readonly number[], labels: Record<string, string>, observations: number[], timeMs = NOW): HistogramPoint {
  const bucketCounts = new Array<number>(bounds.length + 1).fill(0)
  for (const value of observations) {
    const index = bounds.findIndex((bound) => value <= bound)
    bucketCounts[index === -1 ? bounds.length : index]! += 1
  }
  const sum = observations.reduce((a, b) => a + b, 0)
  return { key: JSON.stringify(labels), labels, bucketCounts, sum, count: observations.length, min: undefined, max: undefined, startTimeMs: timeMs - 1000, timeMs }
}

export function histogram(name: string, bounds: number[], points: HistogramPoint[], unit = 'seconds'): HistogramMetricData {
  return { kind: 'histogram', name, help: name, unit, labelNames: Object.keys(points[0]?.labels ?? {}), bounds, points }
}

export const INVOCATION: InvocationInfo = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' }
