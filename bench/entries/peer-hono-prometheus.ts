// @hono/prometheus (prom-client underneath) with its /metrics route (hono itself left out of the count).
import { Hono } from 'hono'
import { prometheus } from '@hono/prometheus'

const { printMetrics, registerMetrics } = prometheus()
const app = new Hono()
app.use('*', registerMetrics)
app.get('/metrics', printMetrics)
export default app
