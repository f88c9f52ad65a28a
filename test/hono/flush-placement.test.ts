/** Where telemetryMiddleware puts the flush: Workers' waitUntil after the handler's own work, awaited on Lambda, nowhere on servers. */
import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'
import { describe, expect, it } from 'vitest'
import { createTelemetry, type Adapter } from '../../src/index.js'
import { telemetryMiddleware } from '../../src/integrations/hono/index.js'
import { deferred, FakeExecutionContext, memoryTelemetry } from './helpers.js'

describe('flush on a Workers-style executionCtx', () => {
  it('flushes in waitUntil only after the handler’s own (nested) waitUntil work settled', async () => {
    const { telemetry, memory } = memoryTelemetry()
    const gate = deferred()
    const app = new Hono()
    app.use(telemetryMiddleware(telemetry))
    app.get('/jobs/:id', (c) => {
      // Destructured on purpose: the pattern that throws "Illegal invocation" on a bare workerd ctx.
      const { waitUntil } = c.executionCtx
      waitUntil((async () => {
        await gate.promise
        telemetry.tracer.startSpan('background write').end()
        c.executionCtx.waitUntil((async () => {
          await new Promise((r) => setTimeout(r, 20))
          telemetry.tracer.startSpan('nested write').end()
        })())
      })())
      c.executionCtx.waitUntil(Promise.reject(new Error('a failed side job must not stop the flush')))
      return c.text('accepted', 202)
    })
    const ctx = new FakeExecutionContext()
    const response = await app.fetch(new Request('http://worker/jobs/1'), {}, ctx)
    expect(response.status).toBe(202)
    // The user's two promises reach the real ctx, plus our flush.
    expect(ctx.promises).toHaveLength(3)
    await new Promise((r) => setTimeout(r, 30))
    expect(memory.batches).toHaveLength(0)
    gate.resolve()
    await ctx.drain()
    expect(memory.batches).toHaveLength(1)
    expect(memory.spans().map((s) => s.name).sort()).toEqual(['GET /jobs/:id', 'background write', 'nested write'])
  })

  it('does not flush on a server without an execution context (left to the periodic flush)', async () => {
    const { telemetry, memory } = memoryTelemetry()
    const app = new Hono()
    app.use(telemetryMiddleware(telemetry))
    app.get('/', (c) => c.text('ok'))
    await app.request('/')
    await new Promise((r) => setTimeout(r, 20))
    expect(memory.batches).toHaveLength(0)
    expect(telemetry.collect().find((m) => m.name === 'http_requests_total')?.points).toHaveLength(1)
  })
})

describe('flush under hono/aws-lambda', () => {
  const event = {
    version: '2.0', routeKey: '$default', rawPath: '/orders/9', rawQueryString: '', headers: { host: 'api.example' }, isBase64Encoded: false,
    requestContext: { accountId: '1', apiId: 'x', domainName: 'api.example', domainPrefix: 'api', requestId: 'r-1', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0,
      http: { method: 'GET', path: '/orders/9', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
  }

  it('awaits the flush before the Lambda handler resolves, within the time Lambda has left', async () => {
    const budgets: number[] = []
    let exported = false
    const slow: Adapter = {
      name: 'slow', temporality: 'cumulative', signals: { metrics: true, traces: true },
      async export(_batch, context) {
        budgets.push(context.deadline - context.clock.now())
        await new Promise((r) => setTimeout(r, 50))
        exported = true
        return { ok: true }
      },
    }
    const telemetry = createTelemetry({ service: 'lambda-test', adapters: [slow], flushTimeoutMs: 5000 })
    const app = new Hono()
    app.use(telemetryMiddleware(telemetry))
    app.get('/orders/:id', (c) => c.json({ ok: true }))
    const lambdaContext = { awsRequestId: 'r-1', getRemainingTimeInMillis: () => 1500 }
    const result = (await handle(app)(event as never, lambdaContext as never)) as { statusCode: number }
    expect(result.statusCode).toBe(200)
    // Lambda may freeze the process as soon as the handler resolves: the export must be over by then.
    expect(exported).toBe(true)
    // Bounded by the remaining 1500 ms minus the margin, not by flushTimeoutMs.
    expect(budgets).toHaveLength(1)
    expect(budgets[0]).toBeLessThanOrEqual(1000)
  })
})
