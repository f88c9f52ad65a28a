/** Every event shape: trigger, span name and kind, route, trace context, FaaS attributes. */
import { SpanKind } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { wrapHandler, type LambdaOptions } from '../../src/integrations/lambda/index.js'
import { MAX_LINKS } from '../../src/integrations/lambda/message-event.js'
import { alb, ARN, eventBridge, functionUrl, httpV2, PARENT_ID, restV1, s3, scheduled, sns, sqs, TRACE_ID, TRACEPARENT } from './events.js'
import { lambdaContext, rootOf, setup } from './helpers.js'

async function runOnce(event: unknown, options: LambdaOptions = {}) {
  const { memory, telemetry } = setup()
  const context = lambdaContext()
  await wrapHandler(telemetry, async () => ({ statusCode: 200 }), options)(event, context)
  return { memory, root: rootOf(memory.spans(), context.awsRequestId) }
}

const cases = [
  { shape: 'API Gateway REST (v1)', event: restV1(), trigger: 'http', kind: SpanKind.SERVER, name: 'GET /orders/{id}', route: '/orders/{id}', method: 'GET' },
  { shape: 'HTTP API (v2)', event: httpV2(), trigger: 'http', kind: SpanKind.SERVER, name: 'GET /orders/{id}', route: '/orders/{id}', method: 'GET' },
  { shape: 'HTTP API $default route', event: httpV2({}, '$default'), trigger: 'http', kind: SpanKind.SERVER, name: 'GET $default', route: '$default', method: 'GET' },
  { shape: 'Function URL', event: functionUrl(), trigger: 'http', kind: SpanKind.SERVER, name: 'POST $default', route: '$default', method: 'POST' },
  { shape: 'ALB', event: alb({}), trigger: 'http', kind: SpanKind.SERVER, name: 'DELETE unmatched', route: 'unmatched', method: 'DELETE' },
  { shape: 'SQS', event: sqs([{ id: 'm1' }]), trigger: 'pubsub', kind: SpanKind.CONSUMER, name: 'jobs process' },
  { shape: 'SNS', event: sns(), trigger: 'pubsub', kind: SpanKind.CONSUMER, name: 'alerts process' },
  { shape: 'EventBridge', event: eventBridge(), trigger: 'pubsub', kind: SpanKind.CONSUMER, name: 'shop.orders process' },
  { shape: 'scheduled event', event: scheduled(), trigger: 'timer', kind: SpanKind.SERVER, name: 'orders' },
  { shape: 'S3 notification', event: s3(), trigger: 'datasource', kind: SpanKind.SERVER, name: 'orders' },
  { shape: 'anything else', event: { hello: 'world' }, trigger: 'other', kind: SpanKind.SERVER, name: 'orders' },
  { shape: 'a non-object payload', event: 'just a string', trigger: 'other', kind: SpanKind.SERVER, name: 'orders' },
] as const

describe('wrapHandler: triggers', () => {
  for (const c of cases) {
    it(`recognises ${c.shape}`, async () => {
      const { memory, root } = await runOnce(c.event)
      expect(root.attributes['faas.trigger']).toBe(c.trigger)
      expect(root.kind).toBe(c.kind)
      expect(root.name).toBe(c.name)
      expect(memory.value('faas_invocations_total', { trigger: c.trigger, outcome: 'success' })).toBe(1)
      if ('route' in c) {
        expect(root.attributes['http.route']).toBe(c.route)
        expect(root.attributes['http.request.method']).toBe(c.method)
        expect(memory.value('http_requests_total', { method: c.method, route: c.route, status: '200' })).toBe(1)
      } else {
        expect(memory.value('http_requests_total', {})).toBeUndefined()
        expect(memory.batches.flatMap((b) => b.metrics).some((m) => m.name === 'http_requests_total' && m.points.length > 0)).toBe(false)
      }
    })
  }

  it('never uses the raw path as the route: two ids, one series', async () => {
    const { memory, telemetry } = setup()
    const handler = wrapHandler(telemetry, async () => ({ statusCode: 200 }))
    await handler({ ...restV1(), path: '/orders/1' }, lambdaContext())
    await handler({ ...restV1(), path: '/orders/2' }, lambdaContext())
    const series = memory.batches.at(-1)?.metrics.find((m) => m.name === 'http_requests_total')?.points ?? []
    expect(series.map((p) => p.labels)).toEqual([{ method: 'GET', route: '/orders/{id}', status: '200' }])
  })

  it('lets the route option name the template where the host has none (ALB)', async () => {
    const { root, memory } = await runOnce(alb({}), { route: (event) => ((event as { path?: string }).path?.startsWith('/orders/') ? '/orders/:id' : undefined) })
    expect(root.attributes['http.route']).toBe('/orders/:id')
    expect(memory.value('http_requests_total', { method: 'DELETE', route: '/orders/:id', status: '200' })).toBe(1)
  })

  it('labels an unknown method _OTHER, so a client cannot mint series', async () => {
    const { memory } = await runOnce({ ...alb({}), httpMethod: 'PURGE' })
    expect(memory.value('http_requests_total', { method: '_OTHER', route: 'unmatched', status: '200' })).toBe(1)
  })

  it('sets the FaaS semantic convention attributes', async () => {
    const { root } = await runOnce(httpV2())
    expect(root.attributes).toMatchObject({
      'faas.invocation_id': expect.stringMatching(/^req-/), 'faas.coldstart': true, 'faas.trigger': 'http',
      'cloud.account.id': '123456789012', 'aws.lambda.invoked_arn': ARN, 'url.path': '/orders/42', 'http.response.status_code': 200,
    })
  })

  it('reads the account of each invocation\'s own ARN, also when it changes between invocations', async () => {
    const { memory, telemetry } = setup()
    const handler = wrapHandler(telemetry, async () => ({ statusCode: 200 }))
    const arns = [ARN, 'arn:aws:lambda:eu-west-1:210987654321:function:orders:live', ARN, 'not-an-arn']
    for (const [i, arn] of arns.entries()) await handler(httpV2(), { ...lambdaContext(30_000, `arn-${i}`), invokedFunctionArn: arn })
    const accounts = arns.map((_, i) => rootOf(memory.spans(), `arn-${i}`).attributes['cloud.account.id'])
    expect(accounts).toEqual(['123456789012', '210987654321', '123456789012', undefined])
  })

  it('records no request headers unless asked, then only the named ones', async () => {
    const quiet = await runOnce(httpV2({ 'x-tenant': 'acme', authorization: 'secret' }))
    expect(Object.keys(quiet.root.attributes).filter((k) => k.startsWith('http.request.header.'))).toEqual([])
    const loud = await runOnce(restV1(null, { 'X-Tenant': ['acme', 'beta'], Authorization: ['secret'] }), { captureHeaders: ['X-Tenant'] })
    expect(loud.root.attributes['http.request.header.x-tenant']).toEqual(['acme', 'beta'])
    expect(loud.root.attributes['http.request.header.authorization']).toBeUndefined()
  })
})

describe('wrapHandler: trace context', () => {
  const continues = (root: { traceId: string; parentSpanId: string }) => {
    expect(root.traceId).toBe(TRACE_ID)
    expect(root.parentSpanId).toBe(PARENT_ID)
  }

  it('continues a trace from v2 headers', async () => continues((await runOnce(httpV2({ traceparent: TRACEPARENT }))).root))
  it('reads v1 headers in any case', async () => continues((await runOnce(restV1({ TraceParent: TRACEPARENT }))).root))
  it('prefers multiValueHeaders, so a header present in both forms is not read twice', async () => {
    continues((await runOnce(restV1({ traceparent: TRACEPARENT }, { Traceparent: [TRACEPARENT] }))).root)
  })
  it('reads ALB multi-value headers', async () => continues((await runOnce(alb(undefined, { traceparent: [TRACEPARENT] }))).root))
  it('starts a new trace for null headers, a repeated or a malformed traceparent', async () => {
    for (const event of [restV1(null, null), restV1(null, { traceparent: [TRACEPARENT, TRACEPARENT] }), httpV2({ traceparent: 'garbage' })]) {
      const { root } = await runOnce(event)
      expect(root.traceId).not.toBe(TRACE_ID)
      expect(root.parentSpanId).toBe('')
    }
  })

  it('links each SQS message that carries a traceparent attribute, without adopting a parent', async () => {
    const other = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`
    const { root } = await runOnce(sqs([
      { id: 'm1', traceparent: TRACEPARENT, tracestate: 'vendor=x' },
      { id: 'm2' },
      { id: 'm3', traceparent: other, attributeName: 'TraceParent' },
      { id: 'm4', traceparent: 'not-a-traceparent' },
    ]))
    expect(root.parentSpanId).toBe('')
    expect(root.traceId).not.toBe(TRACE_ID)
    expect(root.links.map((l) => [l.traceId, l.spanId, l.traceFlags, l.attributes['messaging.message.id']])).toEqual([
      [TRACE_ID, PARENT_ID, 1, 'm1'],
      ['a'.repeat(32), 'b'.repeat(16), 0, 'm3'],
    ])
    expect(root.links[0]?.traceState).toBe('vendor=x')
    expect(root.attributes).toMatchObject({ 'messaging.system': 'aws_sqs', 'messaging.destination.name': 'jobs', 'messaging.batch.message_count': 4 })
  })

  it(`caps links at ${MAX_LINKS} for a big SQS batch`, async () => {
    const messages = Array.from({ length: MAX_LINKS + 50 }, (_, i) => ({ id: `m${i}`, traceparent: TRACEPARENT }))
    const { root } = await runOnce(sqs(messages))
    expect(root.links).toHaveLength(MAX_LINKS)
  })

  it('links an SNS message by its traceparent attribute', async () => {
    const { root } = await runOnce(sns(TRACEPARENT))
    expect(root.links.map((l) => [l.traceId, l.spanId])).toEqual([[TRACE_ID, PARENT_ID]])
  })
})
