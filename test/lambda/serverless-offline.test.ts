/**
 * The example functions of serverless.yml under `serverless offline`:
 * every HTTP (and Lambda API) invocation answers only after its flush
 * reached the backend, the cold start is counted once, and the totals land
 * in a real Prometheus through remote-write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildLambdaExamples } from '../../examples/lambda/build.mjs'
import { backendsAvailable, PROMETHEUS_BIN, queryPrometheus, startPrometheus, waitUntil, type RunningServer } from '../support/prometheus.js'
import { sampleValue, serverlessAvailable, startOffline, startSlowSink, type Offline, type SlowSink } from './offline-harness.js'

const SINK_DELAY_MS = 300
const prometheusBackend = backendsAvailable(PROMETHEUS_BIN)
const ROUTE = '/orders/{id}'

describe.skipIf(!serverlessAvailable())('serverless offline: the example Lambda functions', () => {
  let sink: SlowSink
  let prometheus: RunningServer | undefined
  let offline: Offline
  const httpTotals = new Map<string, number>()

  beforeAll(async () => {
    await buildLambdaExamples()
    sink = await startSlowSink(SINK_DELAY_MS)
    if (prometheusBackend.run) prometheus = await startPrometheus()
    offline = await startOffline({
      LASTCALL_PUSHGATEWAY_URL: sink.url,
      LASTCALL_REMOTE_WRITE_URL: prometheus === undefined ? '' : `${prometheus.url}/api/v1/write`,
      OTEL_EXPORTER_OTLP_ENDPOINT: '', LASTCALL_CLOUDWATCH_NAMESPACE: '',
    })
  }, 150_000)

  afterAll(async () => {
    await offline?.stop()
    await prometheus?.stop()
    await sink?.close()
  }, 30_000)

  /** The last push answered before `at` whose body has the named sample. */
  const lastPushBefore = (at: number, name: string) => sink.pushes.filter((p) => p.answeredAt <= at && sampleValue(p.body, name) !== undefined).at(-1)

  it('answers each HTTP invocation after its flush reached the backend, with the cold start counted once', async () => {
    const ids = ['1', '2', '9', '1']
    for (const [i, id] of ids.entries()) {
      const started = performance.now()
      const response = await fetch(`${offline.httpUrl}/orders/${id}`, { signal: AbortSignal.timeout(20_000) })
      await response.text()
      const answered = performance.now()
      const status = String(response.status)
      expect(status, offline.output().slice(-3000)).toBe(id === '9' ? '404' : '200')
      httpTotals.set(status, (httpTotals.get(status) ?? 0) + 1)
      // The backend holds every push for SINK_DELAY_MS, so an unawaited flush would answer sooner.
      expect(answered - started).toBeGreaterThanOrEqual(SINK_DELAY_MS)
      const push = lastPushBefore(answered, 'http_requests_total')
      expect(push, `no push answered before response ${i + 1}`).toBeDefined()
      for (const [code, count] of httpTotals) expect(sampleValue(push!.body, 'http_requests_total', { method: 'GET', route: ROUTE, status: code })).toBe(count)
      expect(sampleValue(push!.body, 'faas_invocations_total', { trigger: 'http', outcome: 'success' })).toBe(i + 1)
      expect(sampleValue(push!.body, 'faas_coldstarts_total')).toBe(1)
    }
    const last = lastPushBefore(performance.now(), 'http_requests_total')!
    expect(sampleValue(last.body, 'orders_looked_up_total', { result: 'found' })).toBe(3)
    // Route template only: the raw paths never become label values.
    expect(last.body).not.toMatch(/route="\/orders\/\d/)
    // serverless-offline sets AWS_LAMBDA_FUNCTION_NAME, so prewarm ran at init: it must leave no push and no series behind.
    expect(sink.pushes.every((p) => !p.body.includes('/lastcall/prewarm'))).toBe(true)
  }, 120_000)

  it('invokes the SQS consumer through the Lambda API and flushes before answering', async () => {
    const event = {
      Records: ['a', 'b', 'fail'].map((body, i) => ({
        messageId: `m${i}`, body, eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:lastcall-jobs',
        messageAttributes: { traceparent: { stringValue: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', dataType: 'String' } },
      })),
    }
    const response = await fetch(`${offline.lambdaUrl}/2015-03-31/functions/lastcall-examples-dev-jobs/invocations`, {
      method: 'POST', body: JSON.stringify(event), signal: AbortSignal.timeout(20_000),
    })
    expect(await response.json()).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] })
    const push = lastPushBefore(performance.now(), 'jobs_processed_total')
    expect(push, offline.output().slice(-3000)).toBeDefined()
    expect(sampleValue(push!.body, 'jobs_processed_total')).toBe(2)
    expect(sampleValue(push!.body, 'faas_invocations_total', { trigger: 'pubsub', outcome: 'success' })).toBe(1)
    expect(sampleValue(push!.body, 'faas_coldstarts_total')).toBe(1)
  }, 60_000)

  it.skipIf(!prometheusBackend.run)('lands the same totals in a real Prometheus through remote-write', async () => {
    const url = prometheus!.url
    const query = (q: string) => queryPrometheus(url, q)
    const byStatus = async () => Object.fromEntries((await query(`sum by (status) (http_requests_total{route="${ROUTE}"})`)).map((s) => [s.metric['status'], s.value]))
    const expected = Object.fromEntries(httpTotals)
    const arrived = await waitUntil(async () => JSON.stringify(await byStatus()) === JSON.stringify(expected), 15_000)
    expect(arrived ? expected : await byStatus()).toEqual(expected)
    expect((await query('sum(faas_coldstarts_total{job="lastcall-lambda-example"})'))[0]?.value).toBe(2)
    expect((await query('sum(faas_invocations_total{trigger="http",outcome="success"})'))[0]?.value).toBe(4)
    expect((await query('sum(jobs_processed_total)'))[0]?.value).toBe(2)
    // One instance label per function container: concurrent instances never share a series.
    expect(new Set((await query('faas_coldstarts_total')).map((s) => s.metric['instance'])).size).toBe(2)
  }, 60_000)
})
