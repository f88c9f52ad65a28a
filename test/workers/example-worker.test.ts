/**
 * The example Worker (wrangler.toml, examples/worker) on the local workerd,
 * without nodejs_compat: metrics reach a real Prometheus through
 * remote-write, spans reach a slow loopback OTLP receiver, both from
 * `ctx.waitUntil` after the response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backendsAvailable, PROMETHEUS_BIN, queryPrometheus, startPrometheus, waitUntil, type RunningServer } from '../support/prometheus.js'
import { resourceOf, startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js'
import { eventually, newTrace } from './trace-ids.js'
import { startWrangler, wranglerAvailable, type Wrangler } from './wrangler-harness.js'

const EXPORT_DELAY_MS = 1500
const SERVER = 2 // OTLP span kind
const run = wranglerAvailable() && backendsAvailable(PROMETHEUS_BIN).run

describe.skipIf(!run)('example Worker under wrangler dev (no nodejs_compat)', () => {
  let prometheus: RunningServer | undefined
  let receiver: OtlpReceiver | undefined
  let worker: Wrangler | undefined

  beforeAll(async () => {
    prometheus = await startPrometheus()
    receiver = await startOtlpReceiver(EXPORT_DELAY_MS)
    worker = await startWrangler({
      vars: {
        LASTCALL_REMOTE_WRITE_URL: `${prometheus.url}/api/v1/write`,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // Room for the slow receiver plus retries; the core caps it at 25 s.
        LASTCALL_FLUSH_TIMEOUT_MS: '8000',
      },
    })
  }, 90_000)

  afterAll(async () => {
    await worker?.stop()
    await receiver?.close()
    await prometheus?.stop()
  }, 30_000)

  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${worker!.url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) })
    const body = await response.text()
    return { response, body, receivedAt: performance.now() }
  }

  it('answers before the flush completes: the flush runs in waitUntil', async () => {
    const trace = newTrace()
    const { response, receivedAt } = await get('/hello/first', { headers: trace.headers })
    expect(response.status).toBe(200)
    const span = await eventually(() => receiver!.spans().find((s) => s.traceId === trace.traceId && Number.isFinite(s.export.answeredAt)))
    expect(span).toMatchObject({ name: 'GET /hello/:name', kind: SERVER, parentSpanId: trace.parentId })
    // The export carrying this request's span was answered after the client had its response.
    expect(receivedAt).toBeLessThan(span.export.answeredAt)
    // …and the receiver held that export for EXPORT_DELAY_MS, which the response did not wait for.
    expect(span.export.answeredAt - span.export.arrivedAt).toBeGreaterThanOrEqual(EXPORT_DELAY_MS - 5)
    expect(response.headers.get('traceparent')).toMatch(new RegExp(`^00-${trace.traceId}-${span.spanId}-01$`))
    // The core recognised workerd from inside it.
    expect(resourceOf(span.export)).toMatchObject({
      'cloud.provider': 'cloudflare', 'cloud.platform': 'cloudflare.workers', 'process.runtime.name': 'workerd',
      'service.instance.id': expect.stringMatching(/^[0-9a-f-]{16,}$/),
    })
  })

  it('flushes spans that end in the handler’s own waitUntil work, under the request span', async () => {
    const trace = newTrace()
    const { response } = await get('/orders/42', { method: 'POST', headers: trace.headers })
    expect(response.status).toBe(202)
    // No other request is sent meanwhile: only this request's flush, run after the audit work settled, can carry it.
    const audit = await eventually(() => receiver!.spans().find((s) => s.traceId === trace.traceId && s.name === 'audit order'))
    const server = await eventually(() => receiver!.spans().find((s) => s.traceId === trace.traceId && s.name === 'POST /orders/:id'))
    expect(audit.parentSpanId).toBe(server.spanId)
    expect(server.attributes).toMatchObject({ 'faas.trigger': 'http', 'http.route': '/orders/:id', 'http.response.status_code': '202' })
  })

  it('records a failing route as an error with status 500', async () => {
    const trace = newTrace()
    const { response } = await get('/fail', { headers: trace.headers })
    expect(response.status).toBe(500)
    const span = await eventually(() => receiver!.spans().find((s) => s.traceId === trace.traceId))
    expect(span.name).toBe('GET /fail')
    expect(span.status.code).toBe(2)
  })

  it('keeps overlapping requests apart in one isolate', async () => {
    const [a, b] = [newTrace(), newTrace()]
    const [ra, rb] = await Promise.all([get('/slow/400', { headers: a.headers }), get('/slow/50', { headers: b.headers })])
    expect([ra.response.status, rb.response.status]).toEqual([200, 200])
    const serverA = await eventually(() => receiver!.spans().find((s) => s.traceId === a.traceId && s.name === 'GET /slow/:ms'))
    const serverB = await eventually(() => receiver!.spans().find((s) => s.traceId === b.traceId && s.name === 'GET /slow/:ms'))
    expect(serverA.attributes['url.path']).toBe('/slow/400')
    expect(serverB.attributes['url.path']).toBe('/slow/50')
    const sleeps = await eventually(() => {
      const found = receiver!.spans().filter((s) => s.name === 'sleep 400' || s.name === 'sleep 50')
      return found.length === 2 ? found : undefined
    })
    // Without async context a span started while two requests run cannot know its request: it may
    // start a trace of its own, but it must never join the other request's trace.
    for (const sleep of sleeps) {
      const own = sleep.name === 'sleep 400' ? serverA : serverB
      const other = own === serverA ? serverB : serverA
      expect(sleep.traceId).not.toBe(other.traceId)
      if (sleep.traceId === own.traceId) expect(sleep.parentSpanId).toBe(own.spanId)
    }
  })

  it('sends RED and FaaS totals to Prometheus through remote-write, by route template', async () => {
    for (const name of ['ann', 'bob', 'cy', 'dee', 'eve']) expect((await get(`/hello/${name}`)).response.status).toBe(200)
    const total = async (promql: string) => (await queryPrometheus(prometheus!.url, promql))[0]?.value
    // /hello/first from the first test plus these five.
    const arrived = await waitUntil(async () => (await total('sum(http_requests_total{route="/hello/:name",status="200"})')) === 6, 20_000)
    expect(arrived).toBe(true)
    expect(await total('sum(http_request_duration_seconds_count{route="/hello/:name"})')).toBe(6)
    expect(await total('sum(http_requests_total{route="/fail",status="500"})')).toBe(1)
    expect(await total('sum(faas_invocations_total{trigger="http",outcome="error"})')).toBe(1)
    const routes = new Set((await queryPrometheus(prometheus!.url, 'count by (route) (http_requests_total)')).map((s) => s.metric['route']))
    // Templates and the fixed 404 pattern only; never a raw path such as /hello/ann.
    for (const route of routes) expect(['/hello/:name', '/orders/:id', '/fail', '/slow/:ms', '/*']).toContain(route)
    // One cold start per isolate: each instance reports exactly 1.
    const coldStarts = await queryPrometheus(prometheus!.url, 'faas_coldstarts_total')
    const instances = await queryPrometheus(prometheus!.url, 'count by (instance) (http_requests_total)')
    expect(coldStarts.map((s) => s.value)).toEqual(instances.map(() => 1))
    expect(coldStarts.length).toBeGreaterThanOrEqual(1)
  })
})
