/** telemetryMiddleware on hono's own request path (app.request): metrics, span, trace context, errors. */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { SpanKinds, StatusCodes } from '../../src/index.js'
import { telemetryMiddleware } from '../../src/integrations/hono/index.js'
import { deferred, memoryTelemetry, seriesOf, valueOf } from './helpers.js'

const PARENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736'
const PARENT_SPAN = '00f067aa0ba902b7'

function appWith(options: Parameters<typeof telemetryMiddleware>[1] = {}) {
  const { telemetry, memory } = memoryTelemetry()
  const app = new Hono()
  app.use(telemetryMiddleware(telemetry, { flush: 'none', ...options }))
  app.get('/users/:id', (c) => c.json({ id: c.req.param('id') }))
  app.get('/boom', () => {
    throw new Error('kaboom')
  })
  // hono's default onError logs the error; the test checks it through the span instead.
  app.onError((_error, c) => c.text('internal error', 500))
  return { app, telemetry, memory }
}

describe('telemetryMiddleware metrics', () => {
  it('labels requests by route template, never by the raw path', async () => {
    const { app, telemetry } = appWith()
    await app.request('/users/1')
    await app.request('/users/2')
    await app.request('/no/such/page/42')
    expect(valueOf(telemetry, 'http_requests_total', { method: 'GET', route: '/users/:id', status: '200' })).toBe(2)
    // hono reports the last pattern it matched: for a 404 that is the middleware's own `/*`.
    expect(valueOf(telemetry, 'http_requests_total', { method: 'GET', route: '/*', status: '404' })).toBe(1)
    expect(valueOf(telemetry, 'http_request_duration_seconds', { method: 'GET', route: '/users/:id', status: '200' })).toBe(2)
    const routes = seriesOf(telemetry, 'http_requests_total').map((l) => l['route'])
    expect(routes.some((r) => /\d/.test(r ?? ''))).toBe(false)
  })

  it('folds unknown methods into _OTHER and honours the prefix', async () => {
    const { app, telemetry } = appWith({ prefix: 'shop_' })
    await app.request('/users/1', { method: 'PURGE' })
    expect(seriesOf(telemetry, 'shop_http_requests_total')).toEqual([{ method: '_OTHER', route: '/*', status: '404' }])
  })

  it('counts requests in flight while they run', async () => {
    const { telemetry } = memoryTelemetry()
    const gate = deferred()
    const entered = deferred()
    const app = new Hono()
    app.use(telemetryMiddleware(telemetry, { flush: 'none' }))
    app.get('/slow', async (c) => {
      entered.resolve()
      await gate.promise
      return c.text('done')
    })
    const pending = app.request('/slow')
    await entered.promise
    expect(valueOf(telemetry, 'http_requests_in_flight', { method: 'GET' })).toBe(1)
    gate.resolve()
    await pending
    expect(valueOf(telemetry, 'http_requests_in_flight', { method: 'GET' })).toBe(0)
  })
})

describe('telemetryMiddleware spans and trace context', () => {
  it('names the server span METHOD routePath and continues the caller trace', async () => {
    const { app, telemetry, memory } = appWith()
    await app.request('/users/7', { headers: { traceparent: `00-${PARENT_TRACE}-${PARENT_SPAN}-01`, 'user-agent': 'test' } })
    await telemetry.flush()
    const [span] = memory.spans()
    expect(span).toMatchObject({ name: 'GET /users/:id', kind: SpanKinds.SERVER, traceId: PARENT_TRACE, parentSpanId: PARENT_SPAN, parentIsRemote: true })
    expect(span?.attributes).toMatchObject({ 'http.route': '/users/:id', 'http.response.status_code': 200, 'url.path': '/users/7', 'http.request.method': 'GET' })
    // Headers stay off spans unless `captureHeaders` names them (test/reliability/security-integrations.test.ts).
    expect(span?.attributes['user_agent.original']).toBeUndefined()
  })

  it('answers with traceparent only when asked, naming the server span', async () => {
    const plain = appWith()
    expect((await plain.app.request('/users/1')).headers.get('traceparent')).toBeNull()
    const { app, telemetry, memory } = appWith({ traceResponseHeader: true })
    const response = await app.request('/users/1', { headers: { traceparent: `00-${PARENT_TRACE}-${PARENT_SPAN}-01` } })
    await telemetry.flush()
    const span = memory.spans()[0]!
    expect(response.headers.get('traceparent')).toBe(`00-${PARENT_TRACE}-${span.spanId}-01`)
  })

  it('records the error hono caught: status 500, span ERROR with the exception', async () => {
    const { app, telemetry, memory } = appWith()
    const response = await app.request('/boom')
    expect(response.status).toBe(500)
    await telemetry.flush()
    const span = memory.spans()[0]!
    expect(span.name).toBe('GET /boom')
    expect(span.status).toEqual({ code: StatusCodes.ERROR, message: 'kaboom' })
    expect(span.events.map((e) => e.name)).toContain('exception')
    expect(span.attributes['error.type']).toBe('Error')
    expect(valueOf(telemetry, 'http_requests_total', { method: 'GET', route: '/boom', status: '500' })).toBe(1)
  })

  it('keeps the spans of overlapping requests apart', async () => {
    const { telemetry, memory } = memoryTelemetry()
    const app = new Hono()
    app.use(telemetryMiddleware(telemetry, { flush: 'none' }))
    const gates = { a: deferred(), b: deferred() }
    app.get('/work/:name', async (c) => {
      const name = c.req.param('name') as 'a' | 'b'
      await telemetry.tracer.startActiveSpan(`step ${name}`, async (span) => {
        await gates[name].promise
        span.end()
      })
      return c.text(name)
    })
    const a = app.request('/work/a')
    const b = app.request('/work/b')
    gates.b.resolve()
    await b
    gates.a.resolve()
    await a
    await telemetry.flush()
    const spans = memory.spans()
    for (const name of ['a', 'b']) {
      const step = spans.find((s) => s.name === `step ${name}`)!
      const root = spans.find((s) => s.spanId === step.parentSpanId)!
      expect(root.name).toBe('GET /work/:name')
      expect(root.attributes['url.path']).toBe(`/work/${name}`)
    }
  })
})
