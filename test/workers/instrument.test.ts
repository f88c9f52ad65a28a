/** instrument() in Node with a Workers-like ctx: the handler object, the triggers, waitUntil ordering, options. */
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { createTelemetry, SpanKinds, StatusCodes } from '../../src/index.js'
import { instrument, type MessageBatch } from '../../src/integrations/cloudflare/index.js'
import { telemetryMiddleware } from '../../src/integrations/hono/index.js'
import { deferred, FakeExecutionContext, memoryTelemetry, seriesOf, valueOf } from '../hono/helpers.js'

const request = (path: string, init?: RequestInit) => new Request(`https://worker.example${path}`, init)

describe('instrument: the handler object', () => {
  it('returns a new object, leaves the user’s alone, keeps other members and `this`', async () => {
    const { telemetry } = memoryTelemetry()
    const handler = {
      greeting: 'hi',
      async fetch(this: { greeting: string }) {
        return new Response(this.greeting)
      },
      email() {},
    }
    const fetchBefore = handler.fetch
    const wrapped = instrument(telemetry, handler)
    expect(wrapped).not.toBe(handler)
    expect(handler.fetch).toBe(fetchBefore)
    expect(wrapped.email).toBe(handler.email)
    const response = await wrapped.fetch(request('/'), {}, new FakeExecutionContext())
    expect(await response.text()).toBe('hi')
  })

  it('builds the telemetry from env once per isolate, and retries a factory that threw', async () => {
    const { memory } = memoryTelemetry()
    let calls = 0
    const worker = instrument((env: { FAIL?: string }) => {
      calls++
      if (env.FAIL === 'yes') throw new Error('bad binding')
      return createTelemetry({ service: 'from-env', adapters: [memory] })
    }, { fetch: async () => new Response('ok') })
    await expect(worker.fetch!(request('/'), { FAIL: 'yes' }, new FakeExecutionContext())).rejects.toThrow('bad binding')
    await worker.fetch!(request('/'), {}, new FakeExecutionContext())
    await worker.fetch!(request('/'), {}, new FakeExecutionContext())
    expect(calls).toBe(2)
  })

  it('rejects options that break a rule, eagerly when given as values', () => {
    const { telemetry } = memoryTelemetry()
    expect(() => instrument(telemetry, {}, { route: 'GET /x' as never })).toThrow(/route must be a function/)
    expect(() => instrument({} as never, {})).toThrow(/createTelemetry/)
  })
})

describe('instrument: fetch', () => {
  it('records a SERVER span with FaaS attributes, RED and FaaS metrics, and the cold start once', async () => {
    const { telemetry, memory } = memoryTelemetry()
    const worker = instrument(telemetry, { fetch: async () => new Response('ok', { status: 201 }) })
    const ctx = new FakeExecutionContext()
    await worker.fetch!(request('/items/1', { method: 'POST', headers: { 'cf-ray': '8a1b2c3d4e5f-AMS' } }), {}, ctx)
    await worker.fetch!(request('/items/2', { method: 'POST' }), {}, ctx)
    await ctx.drain()
    const [first, second] = memory.spans()
    expect(first).toMatchObject({ name: 'POST', kind: SpanKinds.SERVER })
    expect(first?.attributes).toMatchObject({ 'faas.trigger': 'http', 'faas.invocation_id': '8a1b2c3d4e5f-AMS', 'faas.coldstart': true, 'http.response.status_code': 201 })
    expect(second?.attributes['faas.coldstart']).toBe(false)
    expect(valueOf(telemetry, 'http_requests_total', { method: 'POST', route: 'unmatched', status: '201' })).toBe(2)
    expect(valueOf(telemetry, 'faas_invocations_total', { trigger: 'http', outcome: 'success' })).toBe(2)
    expect(valueOf(telemetry, 'faas_coldstarts_total', {})).toBe(1)
  })

  it('uses the route option for the label and span name', async () => {
    const { telemetry, memory } = memoryTelemetry()
    const worker = instrument(telemetry, { fetch: async () => new Response('ok') }, { route: () => '/items/:id', prefix: 'edge_' })
    const ctx = new FakeExecutionContext()
    await worker.fetch!(request('/items/9'), {}, ctx)
    await ctx.drain()
    expect(seriesOf(telemetry, 'edge_http_requests_total')).toEqual([{ method: 'GET', route: '/items/:id', status: '200' }])
    expect(memory.spans()[0]?.name).toBe('GET /items/:id')
  })

  it('rethrows the handler’s error unchanged, recorded as status 500 and outcome error', async () => {
    const { telemetry, memory } = memoryTelemetry()
    const failure = new TypeError('no such thing')
    const worker = instrument(telemetry, { fetch: async () => Promise.reject(failure) })
    const ctx = new FakeExecutionContext()
    await expect(worker.fetch!(request('/'), {}, ctx)).rejects.toBe(failure)
    await ctx.drain()
    expect(memory.spans()[0]?.status).toEqual({ code: StatusCodes.ERROR, message: 'no such thing' })
    expect(valueOf(telemetry, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '500' })).toBe(1)
    expect(valueOf(telemetry, 'faas_invocations_total', { trigger: 'http', outcome: 'error' })).toBe(1)
  })

  it('flushes in waitUntil after the handler’s own and nested waitUntil work; the ctx keeps its `this`', async () => {
    const { telemetry, memory } = memoryTelemetry()
    const gate = deferred()
    const worker = instrument(telemetry, {
      async fetch(_request, _env, ctx) {
        const { passThroughOnException } = ctx
        passThroughOnException?.()
        ctx.waitUntil(gate.promise.then(() => ctx.waitUntil(Promise.resolve().then(() => telemetry.tracer.startSpan('late').end()))))
        return new Response('accepted', { status: 202 })
      },
    })
    const ctx = new FakeExecutionContext()
    const response = await worker.fetch!(request('/'), {}, ctx)
    expect(response.status).toBe(202)
    await new Promise((r) => setTimeout(r, 20))
    expect(memory.batches).toHaveLength(0)
    gate.resolve()
    await ctx.drain()
    expect(memory.batches).toHaveLength(1)
    expect(memory.spans().map((s) => s.name).sort()).toEqual(['GET', 'late'])
  })

  it('with a Hono app inside, counts each request once, by hono’s route template', async () => {
    const { telemetry, memory } = memoryTelemetry()
    const app = new Hono()
    app.use(telemetryMiddleware(telemetry, { traceResponseHeader: true }))
    app.get('/users/:id', (c) => c.text('user'))
    app.get('/boom', () => {
      throw new Error('hono caught this')
    })
    app.onError((_error, c) => c.text('error', 500))
    const worker = instrument(telemetry, app)
    const ctx = new FakeExecutionContext()
    const response = await worker.fetch!(request('/users/3'), {}, ctx)
    await worker.fetch!(request('/boom'), {}, ctx)
    await ctx.drain()
    expect(seriesOf(telemetry, 'http_requests_total')).toEqual([
      { method: 'GET', route: '/users/:id', status: '200' },
      { method: 'GET', route: '/boom', status: '500' },
    ])
    expect(valueOf(telemetry, 'faas_invocations_total', { trigger: 'http', outcome: 'error' })).toBe(1)
    const [user, boom] = memory.spans()
    expect(user?.name).toBe('GET /users/:id')
    expect(response.headers.get('traceparent')).toBe(`00-${user?.traceId}-${user?.spanId}-03`)
    expect(boom?.status.message).toBe('hono caught this')
  })
})

describe('instrument: scheduled and queue', () => {
  it('records a cron run as trigger timer and a queue batch as a CONSUMER span', async () => {
    const { telemetry, memory } = memoryTelemetry()
    const worker = instrument(telemetry, {
      async scheduled() {},
      async queue(batch: MessageBatch) {
        if (batch.messages.length > 1) throw new Error('poison')
      },
    })
    const ctx = new FakeExecutionContext()
    await worker.scheduled!({ cron: '0 * * * *', scheduledTime: Date.UTC(2026, 0, 1) }, {}, ctx)
    const message = { id: 'm1', timestamp: new Date(), body: {} }
    await worker.queue!({ queue: 'orders', messages: [message] }, {}, ctx)
    await expect(worker.queue!({ queue: 'orders', messages: [message, message] }, {}, ctx)).rejects.toThrow('poison')
    await ctx.drain()
    const [cron, ok, failed] = memory.spans()
    expect(cron).toMatchObject({ name: 'scheduled', kind: SpanKinds.INTERNAL })
    expect(cron?.attributes).toMatchObject({ 'faas.trigger': 'timer', 'faas.cron': '0 * * * *', 'faas.time': '2026-01-01T00:00:00.000Z' })
    expect(ok).toMatchObject({ name: 'orders process', kind: SpanKinds.CONSUMER })
    expect(ok?.attributes).toMatchObject({ 'faas.trigger': 'pubsub', 'messaging.destination.name': 'orders', 'messaging.batch.message_count': 1 })
    expect(failed?.status.code).toBe(StatusCodes.ERROR)
    expect(valueOf(telemetry, 'faas_invocations_total', { trigger: 'pubsub', outcome: 'error' })).toBe(1)
    expect(valueOf(telemetry, 'faas_invocations_total', { trigger: 'timer', outcome: 'success' })).toBe(1)
  })
})

describe('instrument: outbound fetch', () => {
  const realFetch = globalThis.fetch
  afterEach(() => {
    globalThis.fetch = realFetch
  })

  it('traces the handler’s fetch calls, never the adapters’ own', async () => {
    const seen: Array<{ url: string; traceparent: string | null }> = []
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const sent = new Request(input, init)
      seen.push({ url: sent.url, traceparent: sent.headers.get('traceparent') })
      return new Response('{}', { status: 200 })
    }) as typeof fetch
    const exporter = {
      name: 'http', temporality: 'cumulative' as const, signals: { metrics: true, traces: true },
      async export(_batch: unknown, context: { fetch: typeof fetch }) {
        await context.fetch('https://collector.example/v1/traces', { method: 'POST', body: '{}' })
        return { ok: true }
      },
    }
    const { memory } = memoryTelemetry()
    const telemetry = createTelemetry({ service: 'outbound', adapters: [exporter, memory] })
    const worker = instrument(telemetry, {
      async fetch() {
        await fetch('https://api.example/orders?token=secret')
        await fetch('https://skip.example/')
        return new Response('ok')
      },
    }, { fetch: (r) => !r.url.startsWith('https://skip.') })
    const ctx = new FakeExecutionContext()
    await worker.fetch!(request('/', { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } }), {}, ctx)
    await ctx.drain()
    const client = memory.spans().find((s) => s.kind === SpanKinds.CLIENT)!
    expect(client.attributes['url.full']).toBe('https://api.example/orders')
    expect(memory.spans().filter((s) => s.kind === SpanKinds.CLIENT)).toHaveLength(1)
    expect(seen.find((s) => s.url.startsWith('https://api.'))?.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${client.spanId}-01`)
    expect(seen.find((s) => s.url.startsWith('https://skip.'))?.traceparent).toBeNull()
    expect(seen.find((s) => s.url.startsWith('https://collector.'))?.traceparent).toBeNull()
  })
})
