/**
 * Hand-built snapshots for Prometheus adapter tests: families and batches
 * in the shapes of src/core/data.ts, with histograms built from raw
 * observations so tests know the ground truth. Labels are frozen, as the
 * core's are.
 */
import type { ExportBatch, HistogramMetricData, HistogramPoint, MetricData, NumberMetricData } from '../../src/index.js'

type Labels = Record<string, string>

const keyOf = (labels: Labels): string => Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join('\u0000')

/** A counter or gauge family with the given series. */
export function numberFamily(kind: 'counter' | 'gauge', name: string, series: Array<[Labels, number]>, timeMs = 1_700_000_000_000, help = `${name} help`): NumberMetricData {
  const labelNames = [...new Set(series.flatMap(([labels]) => Object.keys(labels)))]
  return {
    kind, name, help, unit: '', labelNames,
    points: series.map(([labels, value]) => ({ key: keyOf(labels), labels: Object.freeze({ ...labels }), value, startTimeMs: timeMs - 1000, timeMs })),
  }
}

/** Per-bucket counts (last is +Inf), sum and count of some observations. */
export function histogramPointOf(labels: Labels, bounds: readonly number[], observations: readonly number[], timeMs: number): HistogramPoint {
  const bucketCounts = new Array<number>(bounds.length + 1).fill(0)
  for (const value of observations) {
    const index = bounds.findIndex((bound) => value <= bound)
    bucketCounts[index < 0 ? bounds.length : index]! += 1
  }
  return {
    key: keyOf(labels), labels: Object.freeze({ ...labels }), bucketCounts, count: observations.length,
    sum: observations.reduce((a, b) => a + b, 0),
    min: observations.length === 0 ? undefined : Math.min(...observations),
    max: observations.length === 0 ? undefined : Math.max(...observations),
    startTimeMs: timeMs - 1000, timeMs,
  }
}

/** A histogram family; each series given by its labels and raw observations. */
export function histogramFamily(name: string, bounds: readonly number[], series: Array<[Labels, readonly number[]]>, timeMs = 1_700_000_000_000, help = `${name} help`): HistogramMetricData {
  const labelNames = [...new Set(series.flatMap(([labels]) => Object.keys(labels)))]
  return {
    kind: 'histogram', name, help, unit: '', labelNames, bounds,
    points: series.map(([labels, observations]) => histogramPointOf(labels, bounds, observations, timeMs)),
  }
}

/** A cumulative metrics batch from one instance. */
export function batchOf(metrics: readonly MetricData[], options: { service?: string; instanceId?: string; timeMs?: number } = {}): ExportBatch {
  const serviceName = options.service ?? 'checkout'
  const instanceId = options.instanceId ?? 'instance-1'
  const timeMs = options.timeMs ?? 1_700_000_000_000
  return {
    resource: { serviceName, instanceId, attributes: { 'service.name': serviceName, 'service.instance.id': instanceId } },
    metrics, temporality: 'cumulative', spans: [], timeMs, instanceStartMs: timeMs - 60_000, invocation: undefined,
  }
}

/** The same families with every point's time set to `timeMs`. */
export function at(metrics: readonly MetricData[], timeMs: number): MetricData[] {
  return metrics.map((family) => (family.kind === 'histogram'
    ? { ...family, points: family.points.map((p) => ({ ...p, timeMs })) }
    : { ...family, points: family.points.map((p) => ({ ...p, timeMs })) }))
}
