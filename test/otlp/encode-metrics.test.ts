/**
 * The metric encoders, read back by protobufjs (schema from the OTLP field
 * numbers) and JSON.parse: Sum, Gauge and Histogram in both temporalities.
 */
import { describe, expect, it } from 'vitest'
import { encodeMetricsJson, encodeMetricsProto } from '../../adapters/otlp/index.js'
import type { MetricData, Temporality } from '../../src/index.js'
import { counter, gauge, histogram, resource } from './fixtures.js'
import { attrs, nanos, withoutDefaults } from './helpers.js'
import { decodeProto, otlpTypes, type Decoded } from './otlp-proto.js'

const metrics: MetricData[] = [counter, gauge, histogram]
const decoders = {
  protobuf: (m: readonly MetricData[], t: Temporality): Decoded => decodeProto(otlpTypes.metrics, encodeMetricsProto(resource, m, t)),
  json: (m: readonly MetricData[], t: Temporality): Decoded => JSON.parse(new TextDecoder().decode(encodeMetricsJson(resource, m, t))),
}
const START = nanos(1_700_000_000_000, 250_000)
const TIME = nanos(1_700_000_000_123, 500_000)

describe.each(Object.entries(decoders))('metrics as %s', (_encoding, decode) => {
  it.each([
    ['cumulative', 2],
    ['delta', 1],
  ] as const)('writes a %s counter as a monotonic Sum with start times', (temporality, code) => {
    const request = decode(metrics, temporality)
    const [resourceMetrics] = request.resourceMetrics
    expect(attrs(resourceMetrics.resource.attributes)['service.instance.id']).toEqual({ stringValue: resource.instanceId })
    const [scopeMetrics] = resourceMetrics.scopeMetrics
    expect(scopeMetrics.scope.name).toBe('lastcall')
    const sum = scopeMetrics.metrics[0]
    expect(withoutDefaults(sum)).toMatchObject({ name: 'http_requests_total', description: 'Requests served.' })
    expect(sum.sum.aggregationTemporality).toBe(code)
    expect(sum.sum.isMonotonic).toBe(true)
    expect(sum.sum.dataPoints.map(withoutDefaults)).toEqual([
      { attributes: [{ key: 'method', value: { stringValue: 'GET' } }, { key: 'route', value: { stringValue: '/a' } }], startTimeUnixNano: START, timeUnixNano: TIME, asDouble: 3 },
      { attributes: [{ key: 'method', value: { stringValue: 'POST' } }, { key: 'route', value: { stringValue: '/ü' } }], startTimeUnixNano: START, timeUnixNano: TIME, asDouble: 1.5 },
    ])
  })

  it('writes a gauge as Gauge without temporality', () => {
    const gaugeMetric = decode(metrics, 'delta').resourceMetrics[0].scopeMetrics[0].metrics[1]
    expect(gaugeMetric.name).toBe('http_requests_in_flight')
    expect(gaugeMetric.sum).toBeUndefined()
    expect(gaugeMetric.gauge.aggregationTemporality).toBeUndefined()
    expect(gaugeMetric.gauge.dataPoints.map(withoutDefaults)).toEqual([{ startTimeUnixNano: START, timeUnixNano: TIME, asDouble: -2 }])
  })

  it.each([
    ['cumulative', 2],
    ['delta', 1],
  ] as const)('writes a %s Histogram with per-bucket counts, bounds, sum, count, min and max', (temporality, code) => {
    const metric = decode(metrics, temporality).resourceMetrics[0].scopeMetrics[0].metrics[2]
    expect(metric).toMatchObject({ name: 'http_request_duration_seconds', description: 'Latency.', unit: 's' }) // UCUM, from the instrument's 'seconds'
    expect(metric.histogram.aggregationTemporality).toBe(code)
    const [full, empty] = metric.histogram.dataPoints
    expect(withoutDefaults(full)).toEqual({
      attributes: [{ key: 'route', value: { stringValue: '/a' } }],
      startTimeUnixNano: START,
      timeUnixNano: TIME,
      count: '4',
      sum: 3.75,
      bucketCounts: ['1', '0', '2', '1'],
      explicitBounds: [0.005, 0.1, 1],
      min: 0.001,
      max: 2.5,
    })
    expect(full.bucketCounts).toHaveLength(full.explicitBounds.length + 1)
    // Unknown min and max are left out, not sent as 0; sum stays (count 0 ⇒ sum 0).
    expect(empty.min).toBeUndefined()
    expect(empty.max).toBeUndefined()
    expect(empty.sum).toBe(0)
    expect(empty.bucketCounts).toEqual(['0', '0', '0', '0'])
  })

  it('leaves out families without points and writes non-finite values', () => {
    const odd: MetricData[] = [
      { ...counter, points: [] },
      { ...gauge, points: [{ ...gauge.points[0]!, value: NaN }, { ...gauge.points[0]!, value: -Infinity }] },
    ]
    const written = decode(odd, 'cumulative').resourceMetrics[0].scopeMetrics[0].metrics
    expect(written.map((m: Decoded) => m.name)).toEqual(['http_requests_in_flight'])
    const values = written[0].gauge.dataPoints.map((p: Decoded) => p.asDouble)
    expect(values.map(String)).toEqual(['NaN', '-Infinity'])
  })
})

describe('metrics: protobuf and JSON carry the same content', () => {
  it('decode to equal data once defaults are set aside', () => {
    expect(withoutDefaults(decoders.json(metrics, 'delta'))).toEqual(withoutDefaults(decoders.protobuf(metrics, 'delta')))
  })

  it('writes counts and times as strings in JSON', () => {
    const text = new TextDecoder().decode(encodeMetricsJson(resource, metrics, 'cumulative'))
    expect(text).toContain('"count":"4"')
    expect(text).toContain('"bucketCounts":["1","0","2","1"]')
    expect(text).toContain(`"startTimeUnixNano":"${START}"`)
    expect(text).toContain('"aggregationTemporality":2')
    expect(text).toContain('"isMonotonic":true')
  })
})
