import { AwsQueryProtocol } from '@aws-sdk/core/protocols'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cloudwatch, type CloudWatchOptions } from '../../adapters/cloudwatch/index.js'
import { createExportContext, type ExportBatch } from '../../src/index.js'
import { batchOf, counter, gauge, histogram, histogramPoint, numberPoint } from './batches.js'
import { FakeCloudWatch, internalFault, invalidParameter, throttling, tooManyRequests, unavailable, type Datum, type Reply } from './fake-cloudwatch.js'

const credentials = { accessKeyId: 'AKIDLOOPBACK', secretAccessKey: 'loopback-secret' }
const fastRetries = { initialDelayMs: 5, maxDelayMs: 20, multiplier: 2, maxAttempts: 8 }

let server: FakeCloudWatch
beforeEach(async () => {
  server = await new FakeCloudWatch().start()
})
afterEach(async () => {
  await server.stop()
})

function adapter(extra: Partial<CloudWatchOptions> = {}) {
  return cloudwatch({ namespace: 'Checkout', mode: 'api', region: 'us-east-1', clientConfig: { endpoint: server.endpoint, credentials }, ...extra })
}

async function exportOnce(target: ReturnType<typeof adapter>, batch: ExportBatch, timeoutMs = 5000) {
  const { context, dispose } = createExportContext({ timeoutMs, retryPolicy: fastRetries })
  try {
    return await target.export(batch, context)
  } finally {
    dispose()
  }
}

/** Replies in order; success once the list is used up. */
const sequence = (...replies: Reply[]) => (_: unknown, index: number) => replies[index]

const sumOf = (datums: Datum[], name: string) =>
  datums.filter((d) => d.MetricName === name).reduce((acc, d) => acc + (d.Value ?? d.Values!.reduce((s, v, i) => s + v * (d.Counts?.[i] ?? 1), 0)), 0)

describe('PutMetricData through the real @aws-sdk/client-cloudwatch', () => {
  it('sends namespace, names, dimensions, units, values, counts and timestamps', async () => {
    const now = Date.now()
    const bounds = [0.01, 0.1, 1]
    const observations = [0.004, 0.05, 0.05, 0.3, 2.5]
    const batch = batchOf([
      counter('http_requests_total', [numberPoint({ route: '/a', status: '200' }, 7, now)]),
      gauge('memory_bytes', [numberPoint({}, 1_048_576, now)], 'bytes'),
      histogram('http_request_duration_seconds', bounds, [histogramPoint(bounds, { route: '/a' }, observations, now)]),
    ], undefined, now)
    const outcome = await exportOnce(adapter({ storageResolution: 1 }), batch)
    expect(outcome).toMatchObject({ ok: true, attempts: 1, status: 200 })
    expect(server.requests).toHaveLength(1)
    const [request] = server.requests
    expect(request!.protocol).toBe('json')
    expect(request!.headers['x-amz-target']).toBe('GraniteServiceVersion20100801.PutMetricData')
    // The client the adapter made does one attempt per send: retries are ours, bounded by the deadline.
    expect(request!.headers['amz-sdk-request']).toBe('attempt=1; max=1')
    expect(request!.namespace).toBe('Checkout')
    const byName = new Map(request!.datums.map((d) => [d.MetricName, d]))
    expect(byName.get('http_requests_total')).toEqual({
      MetricName: 'http_requests_total', Dimensions: [{ Name: 'route', Value: '/a' }, { Name: 'status', Value: '200' }],
      Timestamp: now, Unit: 'Count', StorageResolution: 1, Value: 7, Values: undefined, Counts: undefined,
    })
    expect(byName.get('memory_bytes')).toMatchObject({ Dimensions: [], Unit: 'Bytes', Value: 1_048_576, Timestamp: now })
    const latency = byName.get('http_request_duration_seconds')!
    expect(latency).toMatchObject({ Unit: 'Seconds', Dimensions: [{ Name: 'route', Value: '/a' }], Value: undefined })
    expect(latency.Counts).toEqual([1, 2, 1, 1])
    expect(sumOf([latency], 'http_request_duration_seconds')).toBeCloseTo(observations.reduce((a, b) => a + b, 0), 9)
    latency.Values!.forEach((value, i) => expect(value).toBeGreaterThan([0, 0.01, 0.1, 1][i]!))
  })

  it('batches 2,500 series into 3 requests of at most 1000 datums, gzip and all', async () => {
    const points = Array.from({ length: 2_500 }, (_, i) => numberPoint({ shard: `s${i}` }, i + 1))
    const outcome = await exportOnce(adapter(), batchOf([counter('jobs_total', points)]))
    expect(outcome).toMatchObject({ ok: true, attempts: 3 })
    expect(server.requests.map((r) => r.datums.length).sort()).toEqual([1000, 1000, 500])
    expect(server.requests.every((r) => r.gzip && r.bodyBytes < 1_000_000)).toBe(true)
    expect(sumOf(server.delivered, 'jobs_total')).toBe((2_500 * 2_501) / 2)
    expect(new Set(server.delivered.map((d) => d.Dimensions[0]!.Value)).size).toBe(2_500)
  })

  it('splits a histogram with more than 150 non-empty buckets into datums of ≤150 values', async () => {
    const bounds = Array.from({ length: 400 }, (_, i) => i + 1)
    const observations = Array.from({ length: 400 }, (_, i) => i + 0.5)
    await exportOnce(adapter(), batchOf([histogram('sizes_bytes', bounds, [histogramPoint(bounds, {}, observations)], 'bytes')]))
    const datums = server.delivered
    expect(datums.map((d) => d.Values!.length)).toEqual([150, 150, 100])
    expect(datums.every((d) => d.Counts!.length === d.Values!.length)).toBe(true)
    expect(datums.flatMap((d) => d.Counts!).reduce((a, b) => a + b, 0)).toBe(400)
    expect(sumOf(datums, 'sizes_bytes')).toBeCloseTo(observations.reduce((a, b) => a + b, 0), 6)
  })

  it.each([
    ['400 ThrottlingException', throttling],
    ['429', tooManyRequests],
    ['500 InternalServiceFault', internalFault],
    ['503', unavailable],
  ])('retries %s inside the deadline', async (_, reply) => {
    server.respond = sequence(reply, reply)
    const outcome = await exportOnce(adapter(), batchOf([counter('a_total', [numberPoint({}, 3)])]))
    expect(outcome).toMatchObject({ ok: true, attempts: 3 })
    expect(server.requests).toHaveLength(3)
    expect(sumOf(server.delivered, 'a_total')).toBe(3)
  })

  it('does not retry 400 InvalidParameterValue, and does not hand the rejected data back for re-sending', async () => {
    server.respond = sequence(invalidParameter)
    const outcome = await exportOnce(adapter(), batchOf([counter('a_total', [numberPoint({}, 3)])]))
    expect(outcome).toMatchObject({ ok: false, metricsDelivered: true, attempts: 1, status: 400, rejected: 1 })
    expect(outcome.message).toMatch(/InvalidParameterValue/)
    expect(server.requests).toHaveLength(1)
  })

  it('gives up at the deadline, aborting the SDK request, and leaves the delta to the engine', async () => {
    server.respond = () => ({ ...unavailable, delayMs: 10_000 })
    const started = Date.now()
    const outcome = await exportOnce(adapter(), batchOf([counter('a_total', [numberPoint({}, 3)])]), 300)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(outcome).toMatchObject({ ok: false, metricsDelivered: false, timedOut: true })
  })

  it('keeps only the failed request of a partly delivered export, so nothing is counted twice', async () => {
    const target = adapter()
    const points = Array.from({ length: 2_500 }, (_, i) => numberPoint({ shard: `s${i}` }, 1))
    // The request holding shard s0 is throttled for the whole first export.
    server.respond = (request) => (request.datums.some((d) => d.Dimensions[0]?.Value === 's0') ? throttling : undefined)
    const first = await exportOnce(target, batchOf([counter('jobs_total', points)]), 1_500)
    expect(first).toMatchObject({ ok: false, metricsDelivered: true })
    expect(first.message).toMatch(/1 of 3 PutMetricData requests failed \(Throttling: Rate exceeded\); 1000 datums kept/)
    expect(sumOf(server.delivered, 'jobs_total')).toBe(1_500)
    server.respond = () => undefined
    const second = await exportOnce(target, batchOf([counter('jobs_total', [numberPoint({ shard: 's0' }, 5)])]))
    expect(second).toMatchObject({ ok: true })
    expect(sumOf(server.delivered, 'jobs_total')).toBe(2_505)
  })

  it('uses a client the user passes, with the deadline as abortSignal', async () => {
    const client = new CloudWatchClient({ region: 'us-east-1', endpoint: server.endpoint, credentials, maxAttempts: 1 })
    const signals: unknown[] = []
    const spy = { send: (command: unknown, options?: { abortSignal?: AbortSignal }) => (signals.push(options?.abortSignal), client.send(command as never, options)) }
    const outcome = await exportOnce(adapter({ client: spy }), batchOf([counter('a_total', [numberPoint({}, 1)])]))
    expect(outcome.ok).toBe(true)
    expect(signals).toHaveLength(1)
    expect(signals[0]).toBeInstanceOf(AbortSignal)
    client.destroy()
  })

  it('encodes the same data correctly when the SDK speaks the awsQuery protocol', async () => {
    const target = adapter({ clientConfig: { endpoint: server.endpoint, credentials, protocol: AwsQueryProtocol } })
    const now = Date.now()
    const bounds = [1, 2]
    await exportOnce(target, batchOf([
      counter('a_total', [numberPoint({ route: '/a b&c' }, 4, now)]),
      histogram('h_seconds', bounds, [histogramPoint(bounds, {}, [0.5, 1.5, 1.5, 9], now)]),
    ], undefined, now))
    expect(server.requests[0]!.protocol).toBe('query')
    const [a, h] = server.delivered
    expect(a).toMatchObject({ MetricName: 'a_total', Dimensions: [{ Name: 'route', Value: '/a b&c' }], Value: 4, Unit: 'Count', Timestamp: now })
    expect(h).toMatchObject({ MetricName: 'h_seconds', Counts: [1, 2, 1], Unit: 'Seconds' })
    expect(sumOf([h!], 'h_seconds')).toBeCloseTo(12.5, 9)
  })

  it('reports a missing SDK without throwing, and keeps the delta for the next flush', async () => {
    const outcome = await exportOnce(adapter({ loadSdk: () => Promise.reject(new Error('Cannot find package')) }), batchOf([counter('a_total', [numberPoint({}, 1)])]))
    expect(outcome).toMatchObject({ ok: false, metricsDelivered: false, message: 'Cannot find package' })
  })
})
