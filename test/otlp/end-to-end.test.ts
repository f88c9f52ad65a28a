/**
 * The adapter under the real core: `createTelemetry` with an `otlp()`
 * adapter flushing to a loopback receiver. A delta outage (a 500 that OTLP
 * does not retry, then 503s until the deadline) must lose nothing: the
 * deltas that reach the receiver add up to the totals, and each starts where
 * the last delivered one ended. Spans that failed go again with the next flush.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { otlp } from '../../adapters/otlp/index.js'
import { createTelemetry, type Telemetry } from '../../src/index.js'
import { fastRetry } from './helpers.js'
import { type Decoded } from './otlp-proto.js'
import { startReceiver, type Receiver } from './receiver.js'

let receiver: Receiver
let telemetry: Telemetry | undefined
beforeEach(async () => {
  receiver = await startReceiver()
})
afterEach(async () => {
  await receiver.stop()
  telemetry = undefined
})

function make(temporality: 'delta' | 'cumulative', encoding: 'protobuf' | 'json' = 'protobuf'): Telemetry {
  telemetry = createTelemetry({
    service: 'checkout',
    adapters: [otlp({ endpoint: receiver.url, temporality, encoding })],
    flushTimeoutMs: 2000,
    env: {},
    retryPolicy: fastRetry,
  })
  return telemetry
}

/** The data points of metric `name` in one decoded request. */
function points(request: Decoded, name: string): Decoded[] {
  const metric = request.resourceMetrics[0].scopeMetrics.flatMap((s: Decoded) => s.metrics).find((m: Decoded) => m.name === name)
  return metric === undefined ? [] : (metric.sum ?? metric.histogram ?? metric.gauge).dataPoints
}

/** Replies `status` to requests on `path` (200 elsewhere), for the next `times` requests. */
function fail(path: string, status: number, times: number): void {
  receiver.reply(...Array.from({ length: times }, () => (request: { path: string }) => ({ status: request.path === path ? status : 200 })))
}

describe.each(['protobuf', 'json'] as const)('end to end through createTelemetry (%s)', (encoding) => {
  it('recovers from a delta outage with the totals intact', async () => {
    const t = make('delta', encoding)
    const requests = t.counter({ name: 'http_requests_total', help: 'Requests.', labelNames: ['route'] })
    const latency = t.histogram({ name: 'http_request_duration_seconds', help: 'Latency.', labelNames: ['route'], buckets: [0.1, 1] })
    let metricsCalls = 0
    const statuses: number[] = []
    const script = (status: number) => (request: { path: string }) => {
      if (request.path === '/v1/metrics') {
        metricsCalls++
        statuses.push(status)
      }
      return { status: request.path === '/v1/metrics' ? status : 200 }
    }

    requests.inc({ route: '/a' }, 3)
    latency.observe({ route: '/a' }, 0.05)
    receiver.reply(script(200))
    expect((await t.flush()).ok).toBe(true)

    // Outage 1: a 500, which OTLP must not retry.
    requests.inc({ route: '/a' }, 2)
    latency.observe({ route: '/a' }, 0.5)
    receiver.reply(script(500))
    const failed = await t.flush()
    expect(failed.ok).toBe(false)
    expect(metricsCalls).toBe(2)

    // Outage 2: 503 on every attempt until the retries run out.
    requests.inc({ route: '/a' }, 1)
    receiver.reply(...Array.from({ length: 10 }, () => script(503)))
    expect((await t.flush()).ok).toBe(false)
    expect(metricsCalls).toBeGreaterThan(3)

    // Recovery.
    requests.inc({ route: '/a' }, 4)
    latency.observe({ route: '/a' }, 2)
    receiver.reply(script(200))
    expect((await t.flush()).ok).toBe(true)

    const all = receiver.to('/v1/metrics')
    const ok = all.filter((_, i) => statuses[i] === 200).map((r) => r.decoded)
    expect(ok).toHaveLength(2)
    const sums = ok.map((r) => points(r, 'http_requests_total'))
    expect(sums.map((p) => Number(p[0].asDouble))).toEqual([3, 7]) // 3, then 2 + 1 + 4 merged
    const histograms = ok.map((r) => points(r, 'http_request_duration_seconds')[0])
    expect(histograms.map((h) => Number(h.count))).toEqual([1, 2])
    expect(histograms[1].bucketCounts.map(Number)).toEqual([0, 1, 1])
    // Delta windows chain: the recovered point starts where the last delivered one ended.
    expect(sums[1]![0].startTimeUnixNano).toBe(sums[0]![0].timeUnixNano)
    const sumRequest = ok[0].resourceMetrics[0].scopeMetrics.flatMap((s: Decoded) => s.metrics).find((m: Decoded) => m.name === 'http_requests_total')
    expect(sumRequest.sum.aggregationTemporality).toBe(1)
    expect(sumRequest.sum.isMonotonic).toBe(true)
  })
})

describe('end to end: cumulative and spans', () => {
  it('re-sends cumulative totals after an outage with a stable start time', async () => {
    const t = make('cumulative')
    const requests = t.counter({ name: 'jobs_total', help: 'Jobs.' })
    requests.inc(undefined, 5)
    fail('/v1/metrics', 502, 10)
    expect((await t.flush()).ok).toBe(false)
    requests.inc(undefined, 1)
    receiver.reply()
    expect((await t.flush()).ok).toBe(true)
    const last = receiver.to('/v1/metrics').at(-1)!.decoded
    const [point] = points(last, 'jobs_total')
    expect(Number(point.asDouble)).toBe(6)
    const first = points(receiver.to('/v1/metrics')[0]!.decoded, 'jobs_total')[0]
    expect(point.startTimeUnixNano).toBe(first.startTimeUnixNano)
    expect(last.resourceMetrics[0].scopeMetrics[0].metrics.find((m: Decoded) => m.name === 'jobs_total').sum.aggregationTemporality).toBe(2)
  })

  it('sends the spans of an invocation with the resource, and again after a failed flush', async () => {
    const t = make('cumulative')
    await t.invoke({ name: 'GET /orders/:id', attributes: { 'http.route': '/orders/:id' } }, async () => {
      t.tracer.startActiveSpan('db.query', (span) => span.end())
    })
    fail('/v1/traces', 400, 2)
    const failed = await t.flush()
    expect(failed.ok).toBe(false)
    receiver.reply()
    expect((await t.flush()).ok).toBe(true)
    const traces = receiver.to('/v1/traces')
    expect(traces).toHaveLength(2)
    const spans = traces[1]!.decoded.resourceSpans[0].scopeSpans.flatMap((s: Decoded) => s.spans)
    expect(spans.map((s: Decoded) => s.name).sort()).toEqual(['GET /orders/:id', 'db.query'])
    expect(traces[1]!.decoded).toEqual(traces[0]!.decoded)
    const server = spans.find((s: Decoded) => s.name === 'GET /orders/:id')
    const child = spans.find((s: Decoded) => s.name === 'db.query')
    expect(server.kind).toBe(2)
    expect(child.parentSpanId).toBe(server.spanId)
    expect(child.traceId).toBe(server.traceId)
    const resource = Object.fromEntries(traces[1]!.decoded.resourceSpans[0].resource.attributes.map((kv: Decoded) => [kv.key, kv.value.stringValue]))
    expect(resource['service.name']).toBe('checkout')
    expect(resource['service.instance.id']).toMatch(/.+/)
  })
})
