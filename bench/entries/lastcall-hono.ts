// A Hono app with lastcall/hono and a /metrics scrape route (hono itself left out of the count).
import { Hono } from 'hono'
import { createTelemetry, metricsHandler } from 'lastcall'
import { telemetryMiddleware } from 'lastcall/hono'

const telemetry = createTelemetry({ service: 'bench', adapters: [] })
const app = new Hono()
app.use(telemetryMiddleware(telemetry))
const scrape = metricsHandler(telemetry)
app.get('/metrics', (c) => scrape(c.req.raw))
export default app
