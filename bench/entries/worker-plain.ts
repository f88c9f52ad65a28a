// request-latency: the Worker without lastcall, the baseline its twin is compared with.
import { Hono } from 'hono'

const app = new Hono()
app.get('/hello/:name', (c) => c.text(`hello ${c.req.param('name')}\n`))
export default app
