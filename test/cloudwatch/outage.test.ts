import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cloudwatch } from '../../adapters/cloudwatch/index.js'
import { createTelemetry } from '../../src/index.js'
import { FakeCloudWatch, unavailable, type Datum } from './fake-cloudwatch.js'

const credentials = { accessKeyId: 'AKIDLOOPBACK', secretAccessKey: 'loopback-secret' }

let server: FakeCloudWatch
beforeEach(async () => {
  server = await new FakeCloudWatch().start()
})
afterEach(async () => {
  await server.stop()
})

const deliveredSum = (name: string, labels: Record<string, string>) =>
  server.delivered
    .filter((d) => d.MetricName === name && Object.entries(labels).every(([k, v]) => d.Dimensions.some((x) => x.Name === k && x.Value === v)))
    .reduce((acc, d: Datum) => acc + (d.Value ?? d.Values!.reduce((s, v, i) => s + v * (d.Counts?.[i] ?? 1), 0)), 0)

const deliveredCount = (name: string) =>
  server.delivered.filter((d) => d.MetricName === name).reduce((acc, d) => acc + (d.Counts ?? [1]).reduce((a, b) => a + b, 0), 0)

describe('CloudWatch through the flush engine', () => {
  it('after an outage the sums are intact: nothing lost, nothing counted twice', async () => {
    const telemetry = createTelemetry({
      service: 'checkout',
      adapters: [cloudwatch({ namespace: 'Checkout', mode: 'api', region: 'us-east-1', clientConfig: { endpoint: server.endpoint, credentials } })],
      flushTimeoutMs: 3_000,
      retryPolicy: { initialDelayMs: 5, maxDelayMs: 20, multiplier: 2, maxAttempts: 4 },
      env: {},
    })
    const requests = telemetry.counter({ name: 'http_requests_total', help: 'requests', labelNames: ['route'] })
    const latency = telemetry.histogram({ name: 'http_request_duration_seconds', help: 'latency', labelNames: ['route'], buckets: [0.1, 0.5, 1] })
    let expectedSum = 0
    const observe = (value: number) => {
      latency.observe({ route: '/a' }, value)
      expectedSum += value
    }

    requests.inc({ route: '/a' }, 2)
    observe(0.05)
    expect((await telemetry.flush()).ok).toBe(true)

    server.respond = () => unavailable
    requests.inc({ route: '/a' }, 3)
    requests.inc({ route: '/b' })
    observe(0.3)
    expect((await telemetry.flush()).ok).toBe(false)
    requests.inc({ route: '/a' }, 4)
    observe(2)
    const during = await telemetry.flush()
    expect(during.ok).toBe(false)
    expect(during.adapters[0]!.message).toMatch(/PutMetricData requests failed/)

    server.respond = () => undefined
    requests.inc({ route: '/a' })
    observe(0.7)
    expect((await telemetry.flush()).ok).toBe(true)
    // A flush with nothing new sends nothing more.
    await telemetry.flush()

    expect(deliveredSum('http_requests_total', { route: '/a' })).toBe(2 + 3 + 4 + 1)
    expect(deliveredSum('http_requests_total', { route: '/b' })).toBe(1)
    expect(deliveredCount('http_request_duration_seconds')).toBe(4)
    expect(deliveredSum('http_request_duration_seconds', { route: '/a' })).toBeCloseTo(expectedSum, 9)
    await telemetry.shutdown()
  })
})
