/**
 * A Cloudflare Worker: a Hono app with lastcall. `instrument` owns each
 * request (span, RED and FaaS metrics, flush in `ctx.waitUntil`);
 * `telemetryMiddleware` inside reports hono's route template to it.
 * Adapters come from the bindings (`[vars]` in wrangler.toml, or
 * `wrangler dev --var LASTCALL_REMOTE_WRITE_URL:http://…`); with none set,
 * flushes print to the console.
 */
import { Hono } from 'hono'
import { createTelemetry, type Telemetry } from 'lastcall'
import { instrument } from 'lastcall/cloudflare'
import { telemetryMiddleware } from 'lastcall/hono'
import { adaptersFromEnv } from '../shared/adapters-from-env.js'

/** The bindings this Worker reads; all optional, empty means unset. */
interface Env {
  readonly LASTCALL_REMOTE_WRITE_URL?: string
  readonly LASTCALL_PUSHGATEWAY_URL?: string
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string
  readonly LASTCALL_CLOUDWATCH_NAMESPACE?: string
  readonly LASTCALL_FLUSH_TIMEOUT_MS?: string
}

// One telemetry per isolate, made from the bindings on the first request: Workers
// give module scope no `env`. Both the wrapper and the middleware ask for it here.
let telemetry: Telemetry | undefined
function telemetryFor(env: Env): Telemetry {
  telemetry ??= createTelemetry({
    service: 'lastcall-worker-example',
    env: { ...env },
    adapters: adaptersFromEnv({ ...env }),
    ...(env.LASTCALL_FLUSH_TIMEOUT_MS ? { flushTimeoutMs: Number(env.LASTCALL_FLUSH_TIMEOUT_MS) } : {}),
  })
  return telemetry
}

const app = new Hono<{ Bindings: Env }>()
app.use(telemetryMiddleware(telemetryFor, { traceResponseHeader: true }))

app.get('/hello/:name', (c) => c.text(`hello ${c.req.param('name')}\n`))

// Work after the response: its span is flushed with the request's, once it is done.
app.post('/orders/:id', (c) => {
  c.executionCtx.waitUntil(
    telemetryFor(c.env).tracer.startActiveSpan('audit order', async (span) => {
      await scheduler.wait(50)
      span.end()
    }),
  )
  return c.json({ accepted: c.req.param('id') }, 202)
})

// A handler that fails: recorded on the span, counted with status 500.
app.get('/fail', () => {
  throw new Error('this route always fails')
})

// Waits, so tests can hold requests open and overlap them in one isolate.
app.get('/slow/:ms', async (c) => {
  const span = telemetryFor(c.env).tracer.startSpan(`sleep ${c.req.param('ms')}`)
  await scheduler.wait(Math.min(Number(c.req.param('ms')) || 0, 5000))
  span.end()
  return c.text('slept\n')
})

export default instrument(telemetryFor, app)

/** workerd's timer helper; declared here so the example needs no @cloudflare/workers-types. */
declare const scheduler: { wait(ms: number): Promise<void> }
