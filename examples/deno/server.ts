/**
 * A Deno server: a Hono app with lastcall, imported by package name.
 *
 *   npm run build            # the package's exports map points at dist/
 *   node_modules/.bin/deno run --sloppy-imports --allow-net --allow-env examples/deno/server.ts
 *
 * Inside this repository Deno resolves `lastcall` the way Node does, through
 * the package.json at the root (a package may import itself by name), and
 * `hono` from node_modules. In your own project write `npm:lastcall` or add
 * it to your package.json. `--sloppy-imports` is only for the shared
 * examples/shared/adapters-from-env.ts, whose imports end in `.js` like the
 * rest of the repository's TypeScript.
 *
 * Adapters come from LASTCALL_REMOTE_WRITE_URL, LASTCALL_PUSHGATEWAY_URL,
 * OTEL_EXPORTER_OTLP_ENDPOINT or LASTCALL_CLOUDWATCH_NAMESPACE; with none set,
 * flushes print to the console. A long-running server flushes periodically
 * (LASTCALL_FLUSH_INTERVAL_MS, default 15 s) and once more on SIGTERM/SIGINT.
 * PORT=0 picks a free port; the first line printed names it.
 */
import { Hono } from 'hono'
import { createTelemetry } from 'lastcall'
import { telemetryMiddleware } from 'lastcall/hono'
import { flushOnExit, metricsHandler, startPeriodicFlush } from 'lastcall/server'
import { adaptersFromEnv, describeAdapterEnv } from '../shared/adapters-from-env.ts'

const env = Deno.env.toObject()
const telemetry = createTelemetry({ service: 'lastcall-deno-example', env, adapters: adaptersFromEnv(env) })

const app = new Hono()
// Before the middleware: scrapes are not requests worth counting.
const scrape = metricsHandler(telemetry)
app.get('/metrics', (c) => scrape(c.req.raw))
app.use(telemetryMiddleware(telemetry, { traceResponseHeader: true }))
app.get('/hello/:name', (c) =>
  telemetry.tracer.startActiveSpan('greet', async (span) => {
    // The active span outlives the await: lastcall keeps it on the runtime's AsyncLocalStorage.
    await new Promise((resolve) => setTimeout(resolve, 1))
    telemetry.tracer.startSpan('render').end()
    span.end()
    return c.text(`hello ${c.req.param('name')} from Deno\n`)
  }),
)

startPeriodicFlush(telemetry, { intervalMs: Number(env['LASTCALL_FLUSH_INTERVAL_MS'] ?? 15_000) })
flushOnExit(telemetry)

Deno.serve({
  hostname: env['HOST'] ?? '127.0.0.1',
  port: Number(env['PORT'] ?? 8000),
  onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port} (adapters: ${describeAdapterEnv(env)})`),
}, app.fetch)
