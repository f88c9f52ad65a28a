/**
 * The queue trigger under workerd: a Worker that produces to and consumes
 * from a local queue (wrangler dev simulates Cloudflare Queues offline).
 * The instrumented consumer records a CONSUMER span with the messaging
 * attributes, API-created spans join it, and the flush delivers them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resourceOf, startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js'
import { eventually } from './trace-ids.js'
import { startWrangler, wranglerAvailable, type Wrangler } from './wrangler-harness.js'

const CONSUMER = 5 // OTLP span kind
// wrangler dev delivers a local queue batch after max_batch_timeout (1 s); under a loaded
// host, its first delivery and the flush after it have taken over 20 s.
const DELIVERY_MS = 45_000
const run = wranglerAvailable()

describe.skipIf(!run)('a queue consumer under wrangler dev', () => {
  let receiver: OtlpReceiver | undefined
  let worker: Wrangler | undefined

  beforeAll(async () => {
    receiver = await startOtlpReceiver()
    worker = await startWrangler({ config: 'test/workers/fixtures/queue.toml', vars: { OTLP_URL: receiver.url } })
  }, 90_000)

  afterAll(async () => {
    await worker?.stop()
    await receiver?.close()
  }, 30_000)

  it('records the batch as a CONSUMER span with its messages as children, and flushes it', async () => {
    const answer = await fetch(`${worker!.url}/enqueue/3`, { signal: AbortSignal.timeout(10_000) })
    expect(await answer.text()).toBe('queued 3\n')
    const consumer = await eventually(() => receiver!.spans().find((s) => s.name === 'lastcall-jobs process'), DELIVERY_MS)
    expect(consumer.kind).toBe(CONSUMER)
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'cloudflare_queues', 'messaging.operation.type': 'process', 'messaging.destination.name': 'lastcall-jobs',
      'faas.trigger': 'pubsub',
    })
    const batchSizes = receiver!.spans().filter((s) => s.name === 'lastcall-jobs process').map((s) => Number(s.attributes['messaging.batch.message_count']))
    const jobs = await eventually(() => {
      const found = receiver!.spans().filter((s) => s.name.startsWith('job '))
      return found.length === 3 ? found : undefined
    }, DELIVERY_MS)
    expect(jobs.map((s) => s.name).sort()).toEqual(['job 0', 'job 1', 'job 2'])
    const consumers = new Set(receiver!.spans().filter((s) => s.name === 'lastcall-jobs process').map((s) => s.spanId))
    for (const job of jobs) expect(consumers.has(job.parentSpanId), `${job.name} under a consumer span`).toBe(true)
    expect(batchSizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3)
    expect(resourceOf(consumer.export)).toMatchObject({ 'service.name': 'queue-fixture', 'cloud.provider': 'cloudflare' })
  }, 2 * DELIVERY_MS + 10_000)

  it('counts the invocations by trigger in the FaaS metrics', async () => {
    const invocations = await eventually(() => {
      const points = receiver!.exports.filter((e) => e.path === '/v1/metrics').flatMap((e) => metricPoints(e.body, 'faas_invocations_total'))
      return points.some((p) => p.attributes['trigger'] === 'pubsub') ? points : undefined
    }, DELIVERY_MS)
    expect(invocations.find((p) => p.attributes['trigger'] === 'pubsub')?.attributes['outcome']).toBe('success')
  }, DELIVERY_MS + 10_000)
})

type Json = Record<string, unknown>

function metricPoints(body: unknown, name: string): Array<{ attributes: Record<string, unknown> }> {
  const metrics = ((body as { resourceMetrics?: Array<{ scopeMetrics?: Array<{ metrics?: Json[] }> }> }).resourceMetrics ?? [])
    .flatMap((r) => r.scopeMetrics ?? []).flatMap((s) => s.metrics ?? []).filter((m) => m['name'] === name)
  return metrics.flatMap((m) => ((m['sum'] as { dataPoints?: Json[] } | undefined)?.dataPoints ?? []).map((p) => ({
    attributes: Object.fromEntries(((p['attributes'] as Array<{ key: string; value: Json }> | undefined) ?? []).map((a) => [a.key, Object.values(a.value)[0]])),
  })))
}
