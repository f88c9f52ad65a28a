/**
 * The protobuf encoders keep encoded pieces across exports (attribute keys
 * and values, the resource, metric point tails) and within one export
 * (shared trace and parent ids, repeated span attributes). A warm encoder
 * must write exactly the bytes a freshly loaded one writes, whatever it saw
 * before, and follow data that changed between exports.
 */
import { describe, expect, it, vi } from 'vitest'
import * as warm from '../../adapters/otlp/index.js'
import type { HistogramMetricData, MetricData, NumberMetricData, ResourceData, SpanData } from '../../src/index.js'
import { fullSpan, manySpans, resource, rootSpan, T0, T1 } from './fixtures.js'
import { attrs } from './helpers.js'
import { decodeProto, otlpTypes } from './otlp-proto.js'

type Encoders = typeof warm

/** The encoders from a fresh module graph: every cache empty. */
async function fresh(): Promise<Encoders> {
  vi.resetModules()
  return (await import('../../adapters/otlp/index.js')) as Encoders
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

async function expectSameTraces(r: ResourceData, spans: SpanData[]): Promise<void> {
  const cold = await fresh()
  expect(hex(warm.encodeTracesProto(r, spans))).toBe(hex(cold.encodeTracesProto(r, spans)))
}

async function expectSameMetrics(metrics: MetricData[]): Promise<void> {
  const cold = await fresh()
  expect(hex(warm.encodeMetricsProto(resource, metrics, 'cumulative'))).toBe(hex(cold.encodeMetricsProto(resource, metrics, 'cumulative')))
}

/** Spans of one trace under one parent whose attributes repeat, with `value` for the route. */
function children(n: number, route: string): SpanData[] {
  return manySpans(n).map((span) => ({ ...span, traceId: fullSpan.traceId, attributes: { 'http.route': route, 'http.response.status_code': 200 } }))
}

describe('trace encoding memos', () => {
  it('writes what a fresh encoder writes after many exports of other data', async () => {
    for (let i = 0; i < 5; i++) warm.encodeTracesProto(resource, [...children(20, `/a/${i}`), fullSpan, rootSpan])
    await expectSameTraces(resource, children(30, '/a/0'))
    await expectSameTraces(resource, [rootSpan, ...children(3, '/b'), rootSpan, fullSpan, ...children(3, '/b')])
  })

  it('writes a root span first in a batch without a parent, and invalid ids empty after valid ones', async () => {
    const root = { ...rootSpan, scope: fullSpan.scope } // one scope keeps the order
    const invalid = { ...root, traceId: 'zz'.repeat(16), spanId: '0'.repeat(16), parentSpanId: fullSpan.spanId }
    const spans = [root, fullSpan, invalid, { ...fullSpan, spanId: 'abcdef0123456789' }, root]
    const decoded = decodeProto(otlpTypes.traces, warm.encodeTracesProto(resource, spans))
    const out = decoded.resourceSpans[0].scopeSpans.flatMap((s: { spans: unknown[] }) => s.spans)
    expect(out.map((s: { parentSpanId?: string }) => s.parentSpanId ?? '')).toEqual(['', fullSpan.parentSpanId, fullSpan.spanId, fullSpan.parentSpanId, ''])
    expect(out.map((s: { traceId?: string }) => s.traceId ?? '')).toEqual([rootSpan.traceId, fullSpan.traceId, '', fullSpan.traceId, rootSpan.traceId])
    await expectSameTraces(resource, spans)
  })

  it('follows attribute values that change from span to span and export to export', async () => {
    const spans = children(6, '/x').map((span, i) => ({ ...span, attributes: { 'http.route': i < 3 ? '/x' : '/y', n: i % 2 } }))
    for (let i = 0; i < 3; i++) {
      const decoded = decodeProto(otlpTypes.traces, warm.encodeTracesProto(resource, spans)).resourceSpans[0].scopeSpans[0].spans
      expect(decoded.map((s: { attributes: never[] }) => attrs(s.attributes))).toEqual(
        spans.map((_, i) => ({ 'http.route': { stringValue: i < 3 ? '/x' : '/y' }, n: { intValue: String(i % 2) } })),
      )
    }
    await expectSameTraces(resource, spans)
  })

  it('stays correct past the bound on cached keys', async () => {
    const wide = Object.fromEntries(Array.from({ length: 700 }, (_, i) => [`key.${i}`, i % 3 === 0 ? 'same' : i]))
    const spans = children(3, '/w').map((span) => ({ ...span, attributes: wide }))
    warm.encodeTracesProto(resource, spans)
    await expectSameTraces(resource, spans)
  })

  it('follows a resource whose attributes change between exports', async () => {
    const attributes: Record<string, string | number> = { 'service.name': 'a', 'faas.max_memory': 128 }
    const changing: ResourceData = { serviceName: 'a', instanceId: 'i', attributes }
    for (const name of ['a', 'b', 'b']) {
      attributes['service.name'] = name
      const decoded = decodeProto(otlpTypes.traces, warm.encodeTracesProto(changing, [rootSpan]))
      expect(attrs(decoded.resourceSpans[0].resource.attributes)['service.name']).toEqual({ stringValue: name })
    }
    attributes['extra'] = 1
    await expectSameTraces(changing, [rootSpan])
    delete attributes['faas.max_memory']
    await expectSameTraces(changing, [rootSpan])
  })
})

describe('metric point tails', () => {
  const names = Object.freeze(['route'])
  const labels = (route: string) => Object.freeze({ route })
  const bounds = Object.freeze([0.1, 1])
  const counter = (routes: string[], labelNames: readonly string[] = names): NumberMetricData => ({
    name: 'c_total', help: '', unit: '', kind: 'counter', labelNames,
    points: routes.map((route, i) => ({ key: route, labels: labels(route), value: i, startTimeMs: T0, timeMs: T1 })),
  })
  const fixedLabels = [labels('/a'), labels('/b'), labels('/c')]
  const stable = (order: number[], labelNames: readonly string[] = names): NumberMetricData => ({
    ...counter([], labelNames),
    points: order.map((i) => ({ key: String(i), labels: fixedLabels[i]!, value: i, startTimeMs: T0, timeMs: T1 })),
  })
  const histogram = (labelNames: readonly string[]): HistogramMetricData => ({
    name: 'h', help: '', unit: 's', kind: 'histogram', labelNames, bounds,
    points: fixedLabels.map((l, i) => ({ key: String(i), labels: l, bucketCounts: [i, 1, 2], sum: 1.5, count: i + 3, min: 0, max: 2, startTimeMs: T0 + i, timeMs: T1 })),
  })

  it('writes what a fresh encoder writes when series move, go and come back', async () => {
    for (const order of [[0, 1, 2], [2, 0, 1], [1], [0, 1, 2, 0], []]) {
      warm.encodeMetricsProto(resource, [stable([0, 1, 2])], 'cumulative')
      await expectSameMetrics([stable(order)])
    }
  })

  it('keeps a counter and a histogram that share label names apart', async () => {
    warm.encodeMetricsProto(resource, [stable([0, 1, 2]), histogram(names)], 'cumulative')
    await expectSameMetrics([stable([0, 1, 2]), histogram(names), stable([2, 1])])
  })

  it('does not keep label objects that are not frozen', async () => {
    const open = { route: '/open' }
    const family: NumberMetricData = { ...counter([]), points: [{ key: 'o', labels: open, value: 1, startTimeMs: T0, timeMs: T1 }] }
    warm.encodeMetricsProto(resource, [family], 'cumulative')
    open.route = '/changed'
    const decoded = decodeProto(otlpTypes.metrics, warm.encodeMetricsProto(resource, [family], 'cumulative'))
    expect(attrs(decoded.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].attributes)).toEqual({ route: { stringValue: '/changed' } })
    await expectSameMetrics([family, counter(['/x', '/y'], ['route'])])
  })
})
