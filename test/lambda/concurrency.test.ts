/** flushEvery, and Lambda multi-concurrency: overlapping invocations in one process keep their spans apart. */
import { trace } from '@opentelemetry/api'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createTelemetry, type Clock } from '../../src/index.js'
import { wrapHandler } from '../../src/integrations/lambda/index.js'
import { registerGlobal } from '../../src/otel/index.js'
import { memoryAdapter } from '../../src/testing/index.js'
import { httpV2, TRACE_ID } from './events.js'
import { lambdaContext, rootOf, setup, sleep } from './helpers.js'

describe('wrapHandler: flushEvery', () => {
  it('flushes on the cold start, then only once the interval has passed; a timeout always flushes', async () => {
    let now = 1_800_000_000_000
    const clock: Clock = { now: () => now }
    const memory = memoryAdapter()
    const telemetry = createTelemetry({ service: 'orders', adapters: [memory], clock })
    const handler = wrapHandler(telemetry, async (event: { wait?: number }) => {
      if (event.wait !== undefined) await sleep(event.wait)
      return { statusCode: 200 }
    }, { flushEvery: { intervalMs: 10_000 }, flushMarginMs: 10, timeoutFlushMs: 50 })
    const flushes = () => memory.batches.length
    await handler({}, lambdaContext())
    expect(flushes()).toBe(1)
    now += 4_000
    await handler({}, lambdaContext())
    now += 4_000
    await handler({}, lambdaContext())
    expect(flushes()).toBe(1)
    now += 2_500
    await handler({}, lambdaContext())
    expect(flushes()).toBe(2)
    // The skipped invocations were not lost: the next flush carries the totals.
    expect(memory.value('faas_invocations_total', { trigger: 'other', outcome: 'success' })).toBe(4)
    now += 1_000
    await handler({ wait: 300 }, lambdaContext(200))
    expect(flushes()).toBe(3)
    expect(memory.value('faas_invocations_total', { trigger: 'other', outcome: 'timeout' })).toBe(1)
  })

  it('still writes local adapters (EMF, console) on every invocation between intervals', async () => {
    let now = 1_800_000_000_000
    const network = memoryAdapter({ name: 'network', temporality: 'delta' })
    const emf = memoryAdapter({ name: 'emf', temporality: 'delta', local: true })
    const telemetry = createTelemetry({ service: 'orders', adapters: [network, emf], clock: { now: () => now } })
    const handler = wrapHandler(telemetry, async () => ({ statusCode: 200 }), { flushEvery: { intervalMs: 10_000 } })
    for (let i = 0; i < 4; i++) {
      await handler({}, lambdaContext())
      now += 1_000
    }
    expect(network.batches).toHaveLength(1)
    expect(emf.batches).toHaveLength(4)
    // Each local flush carried exactly its own invocation: deltas add up, nothing doubled.
    expect(emf.value('faas_invocations_total', { trigger: 'other', outcome: 'success' })).toBe(4)
  })
})

describe('wrapHandler: concurrent invocations in one process', () => {
  it('keeps overlapping invocations, their child spans and their parents apart', async () => {
    const { memory, telemetry } = setup()
    // The user's own spans come through the API's global tracer, as instrumentation libraries' do.
    const registration = registerGlobal(telemetry)
    onTestFinished(() => registration.unregister())
    const handler = wrapHandler(telemetry, async (event: { n: number }) => {
      for (let step = 0; step < 3; step++) {
        await telemetry.tracer.startActiveSpan(`work ${event.n}.${step}`, async (span) => {
          await sleep(1 + ((event.n * 7 + step * 3) % 5))
          trace.getTracer('user').startSpan(`query ${event.n}.${step}`).end()
          span.end()
        })
      }
      return { statusCode: 200, n: event.n }
    })
    const parent = (n: number) => `00-${TRACE_ID}-${n.toString(16).padStart(16, '0')}-01`
    const contexts = Array.from({ length: 20 }, () => lambdaContext())
    const results = await Promise.all(contexts.map((context, n) => handler({ ...httpV2({ traceparent: parent(n + 1) }), n } as never, context)))
    expect(results.map((r) => r.n)).toEqual(contexts.map((_, n) => n))
    await telemetry.flush()
    const spans = memory.spans()
    contexts.forEach((context, n) => {
      const root = rootOf(spans, context.awsRequestId)
      expect(root.parentSpanId).toBe(parent(n + 1).slice(36, 52))
      for (let step = 0; step < 3; step++) {
        const work = spans.find((s) => s.name === `work ${n}.${step}`)
        const query = spans.find((s) => s.name === `query ${n}.${step}`)
        expect(work?.parentSpanId).toBe(root.spanId)
        expect(query?.parentSpanId).toBe(work?.spanId)
        expect(query?.traceId).toBe(root.traceId)
      }
    })
    expect(spans).toHaveLength(20 * 7)
    expect(memory.value('http_requests_in_flight', { method: 'GET' })).toBe(0)
    expect(memory.value('faas_coldstarts_total')).toBe(1)
    expect(memory.value('http_requests_total', { method: 'GET', route: '/orders/{id}', status: '200' })).toBe(20)
  })

  it('does not let one invocation\'s error or timeout leak into another running beside it', async () => {
    const { memory, telemetry } = setup()
    const handler = wrapHandler(telemetry, async (event: { fail: boolean }) => {
      await sleep(event.fail ? 5 : 20)
      if (event.fail) throw new Error('only me')
      return { statusCode: 200 }
    })
    const ok = lambdaContext(); const bad = lambdaContext()
    const [good, failed] = await Promise.allSettled([handler({ ...httpV2(), fail: false } as never, ok), handler({ ...httpV2(), fail: true } as never, bad)])
    expect(good.status).toBe('fulfilled')
    expect(failed.status).toBe('rejected')
    expect(rootOf(memory.spans(), ok.awsRequestId).status.code).toBe(0)
    expect(rootOf(memory.spans(), bad.awsRequestId).status.code).toBe(2)
  })
})
