/**
 * The adapter against a loopback OTLP receiver: both signals, both
 * encodings, gzip, temporality, empty envelopes, separate delivery and the
 * request size cap.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { otlp } from '../../adapters/otlp/index.js'
import { counter, fullSpan, gauge, histogram, makeBatch, manySpans, rootSpan } from './fixtures.js'
import { recordingLogger, withContext } from './helpers.js'
import { startReceiver, type Receiver } from './receiver.js'

let receiver: Receiver
beforeEach(async () => {
  receiver = await startReceiver()
})
afterEach(async () => {
  await receiver.stop()
})

const fullBatch = (temporality: 'cumulative' | 'delta' = 'cumulative') =>
  makeBatch({ spans: [fullSpan, rootSpan], metrics: [counter, gauge, histogram], temporality })

describe('otlp adapter over HTTP', () => {
  it('sends traces and metrics as protobuf to /v1/traces and /v1/metrics by default', async () => {
    const adapter = otlp({ endpoint: receiver.url, headers: { 'X-Api-Key': 'secret' } })
    expect(adapter).toMatchObject({ name: 'otlp', temporality: 'cumulative', signals: { traces: true, metrics: true } })
    const outcome = await withContext({}, (context) => adapter.export(fullBatch(), context))
    expect(outcome).toMatchObject({ ok: true, spansDelivered: true, metricsDelivered: true, attempts: 2, status: 200 })
    const [traces] = receiver.to('/v1/traces')
    const [metrics] = receiver.to('/v1/metrics')
    for (const request of [traces!, metrics!]) {
      expect(request.method).toBe('POST')
      expect(request.headers['content-type']).toBe('application/x-protobuf')
      expect(request.headers['content-encoding']).toBeUndefined()
      expect(request.headers['x-api-key']).toBe('secret')
      expect(request.headers['user-agent']).toMatch(/^lastcall\//)
    }
    expect(traces!.decoded.resourceSpans[0].scopeSpans.flatMap((s: { spans: unknown[] }) => s.spans)).toHaveLength(2)
    expect(metrics!.decoded.resourceMetrics[0].scopeMetrics[0].metrics.map((m: { name: string }) => m.name)).toEqual([
      'http_requests_total',
      'http_requests_in_flight',
      'http_request_duration_seconds',
    ])
  })

  it('sends JSON with application/json', async () => {
    const adapter = otlp({ endpoint: receiver.url, encoding: 'json' })
    const outcome = await withContext({}, (context) => adapter.export(fullBatch(), context))
    expect(outcome.ok).toBe(true)
    const [traces] = receiver.to('/v1/traces')
    expect(traces!.headers['content-type']).toBe('application/json')
    expect(traces!.decoded.resourceSpans[0].scopeSpans[0].spans[0].traceId).toBe(fullSpan.traceId)
    expect(receiver.to('/v1/metrics')[0]!.decoded.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.aggregationTemporality).toBe(2)
  })

  it.each(['protobuf', 'json'] as const)('gzips %s with Content-Encoding: gzip and the same content', async (encoding) => {
    await withContext({}, (context) => otlp({ endpoint: receiver.url, encoding }).export(fullBatch(), context))
    await withContext({}, (context) => otlp({ endpoint: receiver.url, encoding, compression: 'gzip' }).export(fullBatch(), context))
    const [plain, zipped] = receiver.to('/v1/traces')
    expect(zipped!.headers['content-encoding']).toBe('gzip')
    expect(zipped!.compressedBytes).toBeLessThan(zipped!.raw.length)
    expect(zipped!.decoded).toEqual(plain!.decoded)
  })

  it('sends delta temporality when configured so', async () => {
    const adapter = otlp({ endpoint: receiver.url, temporality: 'delta' })
    expect(adapter.temporality).toBe('delta')
    await withContext({}, (context) => adapter.export(fullBatch('delta'), context))
    const metrics = receiver.to('/v1/metrics')[0]!.decoded.resourceMetrics[0].scopeMetrics[0].metrics
    expect(metrics[0].sum.aggregationTemporality).toBe(1)
    expect(metrics[2].histogram.aggregationTemporality).toBe(1)
  })

  it('sends no empty envelopes (OT-7)', async () => {
    const adapter = otlp({ endpoint: receiver.url })
    const empty = makeBatch({ metrics: [{ ...counter, points: [] }] })
    const outcome = await withContext({}, (context) => adapter.export(empty, context))
    expect(outcome).toMatchObject({ ok: true, attempts: 0 })
    const onlySpans = await withContext({}, (context) => adapter.export(makeBatch({ spans: [rootSpan] }), context))
    expect(onlySpans).toMatchObject({ ok: true, attempts: 1 })
    expect(receiver.requests.map((r) => r.path)).toEqual(['/v1/traces'])
  })

  it('takes only the configured signals', async () => {
    const adapter = otlp({ endpoint: receiver.url, signals: 'metrics' })
    expect(adapter.signals).toEqual({ traces: false, metrics: true })
    await withContext({}, (context) => adapter.export(fullBatch(), context))
    expect(receiver.requests.map((r) => r.path)).toEqual(['/v1/metrics'])
  })

  it('reports traces and metrics delivery separately', async () => {
    receiver.reply((request) => (request.path === '/v1/traces' ? { status: 500, body: 'trace store down' } : { status: 200 }), (request) =>
      request.path === '/v1/traces' ? { status: 500, body: 'trace store down' } : { status: 200 },
    )
    const outcome = await withContext({}, (context) => otlp({ endpoint: receiver.url }).export(fullBatch(), context))
    expect(outcome).toMatchObject({ ok: false, spansDelivered: false, metricsDelivered: true, status: 500 })
    expect(outcome.message).toContain('traces: HTTP 500: trace store down')
  })

  it('splits a batch over the request size cap into requests under it (OT-5)', async () => {
    const spans = manySpans(60)
    const outcome = await withContext({}, (context) => otlp({ endpoint: receiver.url, maxRequestBytes: 4096 }).export(makeBatch({ spans }), context))
    expect(outcome.ok).toBe(true)
    const requests = receiver.to('/v1/traces')
    expect(requests.length).toBeGreaterThan(1)
    for (const request of requests) expect(request.raw.length).toBeLessThanOrEqual(4096)
    const received = requests.flatMap((r) => r.decoded.resourceSpans[0].scopeSpans[0].spans.map((s: { spanId: string }) => s.spanId))
    expect(received).toEqual(spans.map((s) => s.spanId))
  })

  it('splits metric points of one family across requests', async () => {
    const points = Array.from({ length: 200 }, (_, i) => ({ ...counter.points[0]!, key: String(i), labels: { method: 'GET', route: `/r/${i}` }, value: i }))
    await withContext({}, (context) => otlp({ endpoint: receiver.url, maxRequestBytes: 4096 }).export(makeBatch({ metrics: [{ ...counter, points }] }), context))
    const requests = receiver.to('/v1/metrics')
    expect(requests.length).toBeGreaterThan(1)
    const values = requests.flatMap((r) => r.decoded.resourceMetrics[0].scopeMetrics[0].metrics.flatMap((m: { sum: { dataPoints: { asDouble?: number }[] } }) => m.sum.dataPoints.map((p) => p.asDouble ?? 0)))
    expect(values).toEqual(points.map((p) => p.value))
  })

  it('drops a span that alone exceeds the cap, says so, and does not keep it for a retry', async () => {
    const logger = recordingLogger()
    const huge = { ...rootSpan, spanId: '00000000000000ff', attributes: { blob: 'x'.repeat(10_000) } }
    const outcome = await withContext({ logger }, (context) => otlp({ endpoint: receiver.url, maxRequestBytes: 4096 }).export(makeBatch({ spans: [rootSpan, huge] }), context))
    expect(outcome).toMatchObject({ ok: false, spansDelivered: true })
    expect(outcome.message).toMatch(/dropped 1 spans: .* over the 4096-byte request cap/)
    expect(logger.lines.some((l) => l.level === 'warn' && l.message.includes('dropped 1 spans'))).toBe(true)
    expect(receiver.to('/v1/traces')).toHaveLength(1)
  })
})
