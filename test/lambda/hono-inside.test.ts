/**
 * hono/aws-lambda inside wrapHandler: the middleware finds the wrapper's
 * request scope on the Lambda context, so the request is counted and
 * flushed once, by the wrapper, under hono's route template.
 */
import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'
import { describe, expect, it } from 'vitest'
import { telemetryMiddleware } from '../../src/integrations/hono/index.js'
import { wrapHandler } from '../../src/integrations/lambda/index.js'
import { httpV2, TRACE_ID, TRACEPARENT } from './events.js'
import { lambdaContext, rootOf, setup } from './helpers.js'

function app(telemetry: Parameters<typeof telemetryMiddleware>[0]) {
  const hono = new Hono()
  hono.use(telemetryMiddleware(telemetry))
  hono.get('/orders/:id', (c) => c.json({ id: c.req.param('id') }))
  hono.get('/boom', () => { throw new Error('caught by hono') })
  hono.onError((_error, c) => c.text('failed', 500))
  return hono
}

const proxyEvent = (path: string) => ({ ...httpV2({ host: 'api.example.com', traceparent: TRACEPARENT }, '$default'), rawPath: path, requestContext: { ...httpV2().requestContext, routeKey: '$default', http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' } } })

describe('wrapHandler around hono/aws-lambda', () => {
  it('counts and flushes once, labelled with the route hono matched', async () => {
    const { memory, telemetry } = setup()
    const handler = wrapHandler(telemetry, handle(app(telemetry)))
    const context = lambdaContext()
    const result = await handler(proxyEvent('/orders/42') as never, context as never)
    expect(result.statusCode).toBe(200)
    expect(JSON.parse(result.body)).toEqual({ id: '42' })
    expect(memory.batches).toHaveLength(1)
    expect(memory.value('http_requests_total', { method: 'GET', route: '/orders/:id', status: '200' })).toBe(1)
    expect(memory.value('http_requests_total', { method: 'GET', route: '$default', status: '200' })).toBeUndefined()
    const spans = memory.spans()
    expect(spans).toHaveLength(1)
    const root = rootOf(spans, context.awsRequestId)
    expect(root.name).toBe('GET /orders/:id')
    expect(root.attributes['http.route']).toBe('/orders/:id')
    expect(root.traceId).toBe(TRACE_ID)
  })

  it('records an error hono caught and answered with a 500 on the invocation span', async () => {
    const { memory, telemetry } = setup()
    const context = lambdaContext()
    const result = await wrapHandler(telemetry, handle(app(telemetry)))(proxyEvent('/boom') as never, context as never)
    expect(result.statusCode).toBe(500)
    const root = rootOf(memory.spans(), context.awsRequestId)
    expect(root.status.code).toBe(2)
    expect(root.events.map((e) => e.attributes['exception.message'])).toEqual(['caught by hono'])
    expect(memory.value('faas_invocations_total', { trigger: 'http', outcome: 'success' })).toBe(1)
    expect(memory.value('http_requests_total', { method: 'GET', route: '/boom', status: '500' })).toBe(1)
  })
})
