/** The wrapper's contract with Lambda: results and errors untouched, cold start once, flush before resolve, inside the time left. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTelemetry, OptionsError } from '../../src/index.js'
import { wrapHandler } from '../../src/integrations/lambda/index.js'
import { memoryAdapter } from '../../src/testing/index.js'
import { httpV2, restV1, sqs } from './events.js'
import { gatedAdapter, hangingAdapter, lambdaContext, rootOf, setup, sleep } from './helpers.js'
import { tracked } from '../support/tracked.js'

// Tests that step fake timers switch them on themselves; every test ends on real ones.
afterEach(() => {
  vi.useRealTimers()
})

describe('wrapHandler: results, errors, cold start', () => {
  it('returns the handler result itself and labels the status from statusCode', async () => {
    const { memory, telemetry } = setup()
    const result = { statusCode: 201, headers: { a: 'b' }, body: '{}' }
    expect(await wrapHandler(telemetry, async () => result)(httpV2(), lambdaContext())).toBe(result)
    expect(memory.value('http_requests_total', { method: 'GET', route: '/orders/{id}', status: '201' })).toBe(1)
  })

  it('counts a result without statusCode as 200, as HTTP APIs answer it', async () => {
    const { memory, telemetry } = setup()
    expect(await wrapHandler(telemetry, async () => 'plain body')(httpV2(), lambdaContext())).toBe('plain body')
    expect(memory.value('http_requests_total', { method: 'GET', route: '/orders/{id}', status: '200' })).toBe(1)
  })

  it('counts a REST API or ALB result without statusCode as the 502 those front doors answer', async () => {
    const { memory, telemetry } = setup()
    await wrapHandler(telemetry, async () => 'not a proxy result')(restV1(), lambdaContext())
    expect(memory.value('http_requests_total', { method: 'GET', route: '/orders/{id}', status: '502' })).toBe(1)
  })

  it('hands the handler a context that reads, calls and writes through to the real one', async () => {
    const { telemetry } = setup()
    class ClassContext {
      readonly awsRequestId = 'class-ctx'
      callbackWaitsForEmptyEventLoop = true
      readonly #deadline = Date.now() + 10_000
      getRemainingTimeInMillis(): number { return this.#deadline - Date.now() }
    }
    const real = new ClassContext()
    const seen = await wrapHandler(telemetry, async (_event: unknown, context: ClassContext) => {
      context.callbackWaitsForEmptyEventLoop = false
      return { id: context.awsRequestId, remaining: context.getRemainingTimeInMillis() }
    })({}, real)
    expect(seen.id).toBe('class-ctx')
    expect(seen.remaining).toBeGreaterThan(9000)
    expect(real.callbackWaitsForEmptyEventLoop).toBe(false)
    expect(Object.getOwnPropertySymbols(real)).toEqual([])
  })

  it('rethrows the very same error (async, sync, and non-Error values), records it, and counts 500', async () => {
    const { memory, telemetry } = setup()
    const thrown = [new TypeError('boom'), { code: 'E_CUSTOM' }, 'a string']
    for (const value of thrown) {
      const context = lambdaContext()
      await expect(wrapHandler(telemetry, async () => { throw value })(httpV2(), context)).rejects.toBe(value)
      const root = rootOf(memory.spans(), context.awsRequestId)
      expect(root.status.code).toBe(2)
      expect(root.events.some((e) => e.name === 'exception')).toBe(true)
    }
    const sync = new Error('sync')
    await expect(wrapHandler(telemetry, (() => { throw sync }) as () => Promise<void>)(httpV2(), lambdaContext())).rejects.toBe(sync)
    expect(memory.value('http_requests_total', { method: 'GET', route: '/orders/{id}', status: '500' })).toBe(4)
    expect(memory.value('faas_invocations_total', { trigger: 'http', outcome: 'error' })).toBe(4)
    expect(rootOf(memory.spans(), memory.spans().at(-1)?.attributes['faas.invocation_id'] as string).attributes['error.type']).toBe('Error')
  })

  it('marks a 5xx result failed without an exception', async () => {
    const { memory, telemetry } = setup()
    const context = lambdaContext()
    await wrapHandler(telemetry, async () => ({ statusCode: 503 }))(httpV2(), context)
    const root = rootOf(memory.spans(), context.awsRequestId)
    expect(root.status.code).toBe(2)
    expect(root.events).toEqual([])
    expect(memory.value('faas_invocations_total', { trigger: 'http', outcome: 'success' })).toBe(1)
  })

  it('counts the cold start once per telemetry, across handlers and triggers', async () => {
    const { memory, telemetry } = setup()
    const http = wrapHandler(telemetry, async () => ({ statusCode: 200 }))
    const queue = wrapHandler(telemetry, async () => ({ batchItemFailures: [] }))
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const a = lambdaContext(); const b = lambdaContext()
      ids.push(a.awsRequestId, b.awsRequestId)
      await http(httpV2(), a)
      await queue(sqs([{ id: 'm' }]), b)
    }
    expect(memory.value('faas_coldstarts_total')).toBe(1)
    expect(ids.map((id) => rootOf(memory.spans(), id).attributes['faas.coldstart'])).toEqual([true, false, false, false, false, false])
    expect(memory.value('faas_invocations_total', { trigger: 'pubsub', outcome: 'success' })).toBe(3)
  })

  it('applies the metric prefix to every metric', async () => {
    const { memory, telemetry } = setup()
    await wrapHandler(telemetry, async () => ({ statusCode: 200 }), { prefix: 'shop_' })(httpV2(), lambdaContext())
    const names = memory.batches.at(-1)?.metrics.map((m) => m.name).sort()
    expect(names).toEqual(expect.arrayContaining(['shop_faas_coldstarts_total', 'shop_faas_invocation_duration_seconds', 'shop_faas_invocations_total', 'shop_http_request_duration_seconds', 'shop_http_requests_in_flight', 'shop_http_requests_total']))
    expect(names?.some((n) => n.startsWith('http_') || n.startsWith('faas_'))).toBe(false)
  })

  it('checks options when wrapping', () => {
    const { telemetry } = setup()
    const handler = async () => undefined
    expect(() => wrapHandler(telemetry, handler, { flushMarginMs: -1 })).toThrow(OptionsError)
    expect(() => wrapHandler(telemetry, handler, { flushEvery: { intervalMs: 0 } })).toThrow(/flushEvery/)
    expect(() => wrapHandler(telemetry, handler, { captureHeaders: [''] })).toThrow(/captureHeaders/)
    expect(() => wrapHandler(telemetry, 'nope' as never)).toThrow(TypeError)
  })
})

describe('wrapHandler: flush', () => {
  it('does not resolve until the flush has finished', async () => {
    const gated = gatedAdapter()
    const telemetry = createTelemetry({ service: 'orders', adapters: [gated] })
    let handlerDone = false
    const pending = wrapHandler(telemetry, async () => { handlerDone = true; return { statusCode: 200 } })(httpV2(), lambdaContext())
    let resolved = false
    void pending.then(() => { resolved = true })
    await sleep(100)
    expect(handlerDone).toBe(true)
    expect(gated.log).toEqual(['export started'])
    expect(resolved).toBe(false)
    gated.release()
    await pending
    expect(gated.log).toEqual(['export started', 'export finished'])
  })

  // On fake timers (Date included, so the context's clock moves with them): the
  // assertions name the exact moment the invocation settles, whatever the host's load.
  it('bounds the flush by the time left minus the margin, below flushTimeoutMs', async () => {
    vi.useFakeTimers()
    const hanging = hangingAdapter()
    const telemetry = createTelemetry({ service: 'orders', adapters: [hanging], flushTimeoutMs: 5000 })
    const invocation = tracked(wrapHandler(telemetry, async () => ({ statusCode: 200 }), { flushMarginMs: 100 })(httpV2(), lambdaContext(700)))
    await vi.advanceTimersByTimeAsync(590)
    expect(hanging.deadlines[0]).toBeLessThanOrEqual(600)
    expect(hanging.deadlines[0]).toBeGreaterThan(590)
    expect(invocation.settled()).toBe(false)
    await vi.advanceTimersByTimeAsync(10)
    expect(invocation.settled()).toBe(true)
    expect(await invocation.promise).toEqual({ statusCode: 200 })
  })

  it('bounds the flush by flushTimeoutMs when more time is left, or when the context has no deadline', async () => {
    vi.useFakeTimers()
    for (const remaining of [60_000, undefined]) {
      const hanging = hangingAdapter()
      const telemetry = createTelemetry({ service: 'orders', adapters: [hanging], flushTimeoutMs: 200 })
      const invocation = tracked(wrapHandler(telemetry, async () => null)({}, lambdaContext(remaining)))
      await vi.advanceTimersByTimeAsync(190)
      expect(hanging.deadlines[0]).toBeLessThanOrEqual(200)
      expect(hanging.deadlines[0]).toBeGreaterThan(190)
      expect(invocation.settled()).toBe(false)
      await vi.advanceTimersByTimeAsync(10)
      expect(invocation.settled()).toBe(true)
    }
  })
})

describe('wrapHandler: timeouts', () => {
  it('records a timeout and flushes before the deadline, then still returns the late result', async () => {
    vi.useFakeTimers()
    const memory = memoryAdapter()
    const telemetry = createTelemetry({ service: 'orders', adapters: [memory] })
    const late = { statusCode: 200, body: 'late' }
    const context = lambdaContext(1000)
    const invocation = tracked(wrapHandler(telemetry, async () => { await sleep(1100); return late }, { flushMarginMs: 100, timeoutFlushMs: 300 })(httpV2(), context))
    await vi.advanceTimersByTimeAsync(599)
    expect(memory.value('faas_invocations_total', { trigger: 'http', outcome: 'timeout' })).toBeUndefined()
    // At 600 ms (1000 - 100 margin - 300 reserve) the timeout is recorded and flushed; the handler still runs.
    await vi.advanceTimersByTimeAsync(1)
    expect(memory.value('faas_invocations_total', { trigger: 'http', outcome: 'timeout' })).toBe(1)
    expect(memory.value('http_requests_total', { method: 'GET', route: '/orders/{id}', status: '504' })).toBe(1)
    const root = rootOf(memory.spans(), context.awsRequestId)
    expect(root.status.code).toBe(2)
    expect(root.attributes['error.type']).toBe('timeout')
    await vi.advanceTimersByTimeAsync(499)
    expect(invocation.settled()).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(invocation.settled()).toBe(true)
    expect(await invocation.promise).toBe(late)
  })

  it('rethrows the late error of a timed-out handler unchanged', async () => {
    const { telemetry } = setup()
    const error = new Error('gave up')
    const pending = wrapHandler(telemetry, async () => { await sleep(500); throw error }, { flushMarginMs: 50, timeoutFlushMs: 100 })({}, lambdaContext(400))
    await expect(pending).rejects.toBe(error)
  })

  it('keeps at least half the usable time for the handler in short functions', async () => {
    const { memory, telemetry } = setup()
    // 1000 ms left, margin 100: the reserve is capped at 450 ms (half of 900), so the handler gets 450 ms, not 0.
    await wrapHandler(telemetry, async () => { await sleep(100); return 'ok' }, { timeoutFlushMs: 5000 })({}, lambdaContext(1000))
    expect(memory.value('faas_invocations_total', { trigger: 'other', outcome: 'success' })).toBe(1)
  })
})
