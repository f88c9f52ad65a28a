/**
 * The metrics protobuf encoder caches each frozen label object's encoded
 * attributes, each frozen bounds array's packed bytes and each frozen
 * bucket-counts array's packed counts across flushes.
 * Cached output must equal the uncached one and follow the series it
 * belongs to.
 */
import { describe, expect, it } from 'vitest'
import { encodeMetricsProto } from '../../adapters/otlp/index.js'
import { createTelemetry, type HistogramMetricData, type MetricData, type NumberMetricData } from '../../src/index.js'
import { resource, T0, T1 } from './fixtures.js'
import { attrs } from './helpers.js'
import { decodeProto, otlpTypes } from './otlp-proto.js'

const EMPTY = Object.freeze({})
const BOUNDS = Object.freeze([0.1, 1])

function counter(labels: Readonly<Record<string, string>>, value: number, timeMs = T1): NumberMetricData {
  return { name: 'c_total', help: '', unit: '', kind: 'counter', labelNames: Object.keys(labels), points: [{ key: 'k', labels, value, startTimeMs: T0, timeMs }] }
}

function histogram(labels: Readonly<Record<string, string>>, bounds: readonly number[]): HistogramMetricData {
  return {
    name: 'h_seconds', help: '', unit: 's', kind: 'histogram', labelNames: Object.keys(labels), bounds,
    points: [{ key: 'k', labels, bucketCounts: [1, 2, 3].slice(0, bounds.length + 1), sum: 4.5, count: 6, min: 0.01, max: 3, startTimeMs: T0, timeMs: T1 }],
  }
}

/** The same metrics with unfrozen copies of every label object, bounds and counts array, which are never cached. */
function unfrozen(metrics: readonly MetricData[]): MetricData[] {
  return metrics.map((m) => ({
    ...m,
    ...(m.kind === 'histogram' ? { bounds: [...m.bounds] } : {}),
    points: m.points.map((p) => ({ ...p, labels: { ...p.labels }, ...('bucketCounts' in p ? { bucketCounts: [...p.bucketCounts] } : {}) })),
  })) as MetricData[]
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

describe('encodeMetricsProto caches', () => {
  it('writes the same bytes from the cache as without it, flush after flush', () => {
    const labels = Object.freeze({ route: '/ü', status: '200' })
    for (let flush = 0; flush < 3; flush++) {
      const metrics = [counter(labels, flush), histogram(labels, BOUNDS)]
      expect(hex(encodeMetricsProto(resource, metrics, 'cumulative'))).toBe(hex(encodeMetricsProto(resource, unfrozen(metrics), 'cumulative')))
    }
  })

  it('writes a label object shared by a number and a histogram point in each one\'s field', () => {
    const metrics = [counter(Object.freeze({ a: 'x' }), 1), histogram(EMPTY, BOUNDS), counter(EMPTY, 2)]
    for (let i = 0; i < 2; i++) {
      const decoded = decodeProto(otlpTypes.metrics, encodeMetricsProto(resource, metrics, 'cumulative'))
      const [c1, h, c2] = decoded.resourceMetrics[0].scopeMetrics[0].metrics
      expect(attrs(c1.sum.dataPoints[0].attributes)).toEqual({ a: { stringValue: 'x' } })
      expect(h.histogram.dataPoints[0].attributes ?? []).toEqual([])
      expect(h.histogram.dataPoints[0].explicitBounds).toEqual([0.1, 1])
      expect(c2.sum.dataPoints[0].attributes ?? []).toEqual([])
    }
  })

  it('writes each point\'s own time when the points of a family differ', () => {
    const labels = Object.freeze({ a: 'x' })
    const family: NumberMetricData = { ...counter(labels, 1), points: [counter(labels, 1, T1).points[0]!, counter(Object.freeze({ a: 'y' }), 2, T1 + 1000).points[0]!] }
    expect(hex(encodeMetricsProto(resource, [family], 'delta'))).toBe(hex(encodeMetricsProto(resource, unfrozen([family]), 'delta')))
  })

  it('writes a frozen counts array the same from the first sight to the third, odd counts included', () => {
    const labels = Object.freeze({ a: 'x' })
    // Counts above 2^32, fractional and negative ones (floored, or written as 0) go through the same bytes.
    const counts = Object.freeze([2 ** 40 + 3, 2.7, -1])
    const metric: HistogramMetricData = { ...histogram(labels, BOUNDS), points: [{ ...histogram(labels, BOUNDS).points[0]!, bucketCounts: counts }] }
    for (let sight = 0; sight < 3; sight++) {
      expect(hex(encodeMetricsProto(resource, [metric], 'cumulative'))).toBe(hex(encodeMetricsProto(resource, unfrozen([metric]), 'cumulative')))
    }
  })

  it('follows a recorded histogram: the same counts while it stands still, the new ones once it moves', () => {
    const telemetry = createTelemetry({ service: 'cache', adapters: [], env: {} })
    const latency = telemetry.histogram({ name: 'op_seconds', help: 'Op', labelNames: ['op'], buckets: [0.1, 1] })
    const countsOf = (metrics: MetricData[]) => {
      const decoded = decodeProto(otlpTypes.metrics, encodeMetricsProto(resource, metrics, 'cumulative'))
      const family = decoded.resourceMetrics[0].scopeMetrics[0].metrics.find((m: { name: string }) => m.name === 'op_seconds')
      return family.histogram.dataPoints[0].bucketCounts.map(Number)
    }
    latency.observe({ op: 'read' }, 0.05)
    for (let flush = 0; flush < 3; flush++) expect(countsOf(telemetry.collect())).toEqual([1, 0, 0])
    latency.observe({ op: 'read' }, 0.5)
    latency.observe({ op: 'read' }, 5)
    for (let flush = 0; flush < 3; flush++) expect(countsOf(telemetry.collect())).toEqual([1, 1, 1])
  })

  it('writes histograms without bounds and with other bounds correctly after cached ones', () => {
    const labels = Object.freeze({ a: 'x' })
    const metrics = [histogram(labels, BOUNDS), histogram(Object.freeze({ a: 'y' }), Object.freeze([])), histogram(Object.freeze({ a: 'z' }), Object.freeze([5]))]
    expect(hex(encodeMetricsProto(resource, metrics, 'cumulative'))).toBe(hex(encodeMetricsProto(resource, unfrozen(metrics), 'cumulative')))
  })
})
