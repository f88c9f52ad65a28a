/** instrumentFetchHandler: RED metrics by route template, server span, traceparent in, errors untouched; periodic flush. */
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createTelemetry, OptionsError, type SpanData } from '../../src/index.js'
import { flushOnExit, instrumentFetchHandler, metricsHandler, startPeriodicFlush } from '../../src/integrations/server/index.js'
import { memoryAdapter } from '../../src/testing/index.js'

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const route = (request: Request) => (/^\/things\/[^/]+$/.test(new URL(request.url).pathname) ? '/things/:id' : undefined)

function setup() {
  const memory = memoryAdapter()
  const telemetry = createTelemetry({ service: 'server', adapters: [memory] })
  return { memory, telemetry }
}

describe('instrumentFetchHandler', () => {
  it('counts by the route template, and every unknown path as one unmatched route', async () => {
    const { memory, telemetry } = setup()
    const handle = instrumentFetchHandler(telemetry, (request) => new Response('x', { status: new URL(request.url).pathname === '/things/2' ? 404 : 200 }), { route })
    for (const path of ['/things/1', '/things/2', '/nope/1', '/nope/2']) await handle(new Request(`http://localhost${path}`))
    await telemetry.flush()
    expect(memory.value('http_requests_total', { method: 'GET', route: '/things/:id', status: '200' })).toBe(1)
    expect(memory.value('http_requests_total', { method: 'GET', route: '/things/:id', status: '404' })).toBe(1)
    expect(memory.value('http_requests_total', { method: 'GET', route: 'unmatched', status: '200' })).toBe(2)
    expect(memory.value('http_requests_in_flight', { method: 'GET' })).toBe(0)
    const names = memory.spans().map((s) => s.name).sort()
    expect(names).toEqual(['GET', 'GET', 'GET /things/:id', 'GET /things/:id'])
  })

  it('continues the caller\'s trace and passes the response and extra arguments through', async () => {
    const { memory, telemetry } = setup()
    const response = new Response('ok')
    let extra: unknown
    const handle = instrumentFetchHandler(telemetry, (_request: Request, server: { id: number }) => { extra = server; return response })
    expect(await handle(new Request('http://localhost/', { headers: { traceparent: TRACEPARENT } }), { id: 7 })).toBe(response)
    expect(extra).toEqual({ id: 7 })
    await telemetry.flush()
    const [root] = memory.spans()
    expect(root?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736')
    expect(root?.parentSpanId).toBe('00f067aa0ba902b7')
    expect(root?.kind).toBe(1)
  })

  it('rethrows the same error and counts it as a 500', async () => {
    const { memory, telemetry } = setup()
    const error = new Error('broken')
    const handle = instrumentFetchHandler(telemetry, () => { throw error }, { route: () => '/r', prefix: 'app_' })
    await expect(handle(new Request('http://localhost/r', { method: 'POST' }))).rejects.toBe(error)
    await telemetry.flush()
    expect(memory.value('app_http_requests_total', { method: 'POST', route: '/r', status: '500' })).toBe(1)
    expect(memory.spans()[0]?.status.code).toBe(2)
  })

  it('keeps overlapping requests to a real Node server (@hono/node-server) apart', async () => {
    const { memory, telemetry } = setup()
    const handle = instrumentFetchHandler(telemetry, async (request) => {
      const id = new URL(request.url).pathname.split('/')[2] ?? ''
      await telemetry.tracer.startActiveSpan(`child ${id}`, async (span) => {
        await sleep(5 + (Number(id) % 4) * 3)
        span.end()
      })
      return new Response(id)
    }, { route })
    const server = serve({ fetch: handle, port: 0, hostname: '127.0.0.1' })
    try {
      await new Promise<void>((resolve) => server.once('listening', () => resolve()))
      const { port } = server.address() as AddressInfo
      const ids = Array.from({ length: 16 }, (_, i) => String(i))
      const bodies = await Promise.all(ids.map(async (id) => (await fetch(`http://127.0.0.1:${port}/things/${id}`, { signal: AbortSignal.timeout(5000) })).text()))
      expect(bodies).toEqual(ids)
      await telemetry.flush()
      const spans = memory.spans()
      const roots = spans.filter((s) => s.name === 'GET /things/:id')
      expect(roots).toHaveLength(16)
      for (const id of ids) {
        const child = spans.find((s) => s.name === `child ${id}`) as SpanData
        const root = roots.find((r) => r.spanId === child.parentSpanId)
        expect(root?.attributes['url.path']).toBe(`/things/${id}`)
        expect(root?.traceId).toBe(child.traceId)
      }
      expect(memory.value('http_requests_total', { method: 'GET', route: '/things/:id', status: '200' })).toBe(16)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('re-exports metricsHandler for /metrics', async () => {
    const { telemetry } = setup()
    telemetry.counter({ name: 'jobs_total', help: 'jobs' }).inc()
    expect(await metricsHandler(telemetry)(new Request('http://localhost/metrics')).text()).toContain('jobs_total 1')
  })
})

describe('startPeriodicFlush', () => {
  let stop: (() => void) | undefined
  afterEach(() => stop?.())

  it('flushes every interval until stopped', async () => {
    const { memory, telemetry } = setup()
    telemetry.counter({ name: 'ticks_total', help: 'ticks' }).inc()
    stop = startPeriodicFlush(telemetry, { intervalMs: 40 })
    await sleep(230)
    const seen = memory.batches.length
    expect(seen).toBeGreaterThanOrEqual(3)
    stop()
    await sleep(150)
    expect(memory.batches.length).toBe(seen)
  })

  it('rejects a missing or non-positive interval', () => {
    const { telemetry } = setup()
    expect(() => startPeriodicFlush(telemetry, { intervalMs: 0 })).toThrow(OptionsError)
    expect(() => startPeriodicFlush(telemetry, {} as never)).toThrow(/intervalMs/)
  })
})

describe('flushOnExit', () => {
  it('rejects a signal it cannot turn into an exit code, before listening to anything', () => {
    const { telemetry } = setup()
    expect(() => flushOnExit(telemetry, { signals: ['SIGKILL' as never] })).toThrow(/unsupported signal "SIGKILL"/)
  })
})
