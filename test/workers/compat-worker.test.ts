/**
 * With nodejs_compat, lastcall gets AsyncLocalStorage through
 * process.getBuiltinModule: spans started through the OpenTelemetry API join
 * their own request even when requests overlap. Also covered here: a
 * telemetry created at module scope, outbound fetch tracing (and adapters'
 * own requests left untraced), and the cron trigger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js'
import { eventually, newTrace } from './trace-ids.js'
import { startWrangler, wranglerAvailable, type Wrangler } from './wrangler-harness.js'

const CLIENT = 3 // OTLP span kind
const run = wranglerAvailable()

describe.skipIf(!run)('a Worker with nodejs_compat under wrangler dev', () => {
  let receiver: OtlpReceiver | undefined
  let worker: Wrangler | undefined

  beforeAll(async () => {
    receiver = await startOtlpReceiver()
    worker = await startWrangler({
      script: 'test/workers/fixtures/compat-worker.ts',
      compatibilityFlags: ['nodejs_compat'],
      testScheduled: true,
      vars: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', DOWNSTREAM_URL: receiver.url },
    })
  }, 90_000)

  afterAll(async () => {
    await worker?.stop()
    await receiver?.close()
  }, 30_000)

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${worker!.url}${path}`, { headers, signal: AbortSignal.timeout(10_000) }).then(async (r) => ({ status: r.status, body: await r.text() }))

  it('attaches API-created spans to their own request while requests overlap', async () => {
    const [a, b] = [newTrace(), newTrace()]
    const results = await Promise.all([get('/slow/400', a.headers), get('/slow/50', b.headers)])
    expect(results.map((r) => r.status)).toEqual([200, 200])
    for (const [trace, ms] of [[a, 400], [b, 50]] as const) {
      const server = await eventually(() => receiver!.spans().find((s) => s.traceId === trace.traceId && s.name === 'GET /slow/:ms'))
      const sleep = await eventually(() => receiver!.spans().find((s) => s.name === `sleep ${ms}` && s.traceId === trace.traceId))
      expect(sleep.parentSpanId).toBe(server.spanId)
      expect(server.attributes['url.path']).toBe(`/slow/${ms}`)
    }
  })

  it('traces outbound fetch with a CLIENT span and traceparent, but never the exports', async () => {
    const trace = newTrace()
    expect((await get('/call', trace.headers)).body).toBe('downstream ok')
    const client = await eventually(() => receiver!.spans().find((s) => s.traceId === trace.traceId && s.kind === CLIENT))
    const server = await eventually(() => receiver!.spans().find((s) => s.traceId === trace.traceId && s.name === 'GET /call'))
    expect(client.parentSpanId).toBe(server.spanId)
    expect(client.attributes['url.full']).toBe(`${receiver!.url}/downstream`)
    const downstream = receiver!.downstream.at(-1)!
    expect(downstream.headers['traceparent']).toBe(`00-${trace.traceId}-${client.spanId}-01`)
    // The adapter's own requests: no traceparent, and no CLIENT span describes them.
    expect(receiver!.exports.length).toBeGreaterThan(0)
    for (const sent of receiver!.exports) expect(sent.headers['traceparent']).toBeUndefined()
    expect(receiver!.spans().filter((s) => s.kind === CLIENT && String(s.attributes['url.full']).includes('/v1/'))).toEqual([])
  })

  it('instruments the cron trigger', async () => {
    expect((await get('/__scheduled?cron=*/5+*+*+*+*')).status).toBe(200)
    const cron = await eventually(() => receiver!.spans().find((s) => s.name === 'scheduled'))
    expect(cron.attributes).toMatchObject({ 'faas.trigger': 'timer', 'faas.cron': '*/5 * * * *' })
    const work = await eventually(() => receiver!.spans().find((s) => s.name === 'cron work'))
    expect(work.parentSpanId).toBe(cron.spanId)
  })
})
