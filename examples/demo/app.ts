/** The demo's Hono app: a small shop with varied latency and some failures. */
import { Hono } from 'hono'
import type { Telemetry } from '../../src/index.js'
import { telemetryMiddleware } from '../../src/integrations/hono/index.js'

/** A seeded generator, so every run of the demo tells the same story. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function createShop(telemetry: Telemetry, random: () => number): Hono {
  const orders = telemetry.counter({ name: 'shop_orders_total', help: 'Orders placed, by payment outcome.', labelNames: ['outcome'] })
  const app = new Hono()
  // Every request is flushed before its response leaves, as on Lambda.
  app.use(telemetryMiddleware(telemetry, { flush: 'await', traceResponseHeader: true }))

  app.get('/products/:id', async (c) => {
    const id = Number(c.req.param('id'))
    await telemetry.tracer.startActiveSpan('catalog.lookup', async (span) => {
      span.setAttribute('product.id', id)
      await pause(5 + random() * 40)
      span.end()
    })
    if (id > 90) return c.json({ error: 'no such product' }, 404)
    return c.json({ id, name: `Product ${id}`, price: 10 + (id % 7) })
  })

  app.post('/checkout', async (c) => {
    await telemetry.tracer.startActiveSpan('payment.charge', { kind: 2 }, async (span) => {
      await pause(20 + random() * 120)
      span.end()
    })
    if (random() < 0.15) {
      orders.inc({ outcome: 'declined' })
      throw new Error('payment provider timed out')
    }
    orders.inc({ outcome: 'paid' })
    telemetry.log.info('order placed')
    return c.json({ ok: true }, 201)
  })

  app.get('/health', (c) => c.text('ok'))
  // The middleware has recorded the error on the span by now; answer like a real shop would.
  app.onError((error, c) => c.json({ error: error.message }, 500))
  return app
}
