// request-latency: the same Hono Worker inside lastcall's `instrument` and
// middleware. The console adapter writes nowhere, so each request still pays
// for its span, its metrics and the flush, but not for any I/O.
import { Hono } from 'hono'
import { createTelemetry } from 'lastcall'
import { consoleAdapter } from 'lastcall/adapters/console'
import { instrument } from 'lastcall/cloudflare'
import { telemetryMiddleware } from 'lastcall/hono'

const telemetry = createTelemetry({ service: 'bench-latency', adapters: [consoleAdapter({ write: () => {} })] })
const app = new Hono()
app.use(telemetryMiddleware(telemetry))
app.get('/hello/:name', (c) => c.text(`hello ${c.req.param('name')}\n`))
export default instrument(telemetry, app)
