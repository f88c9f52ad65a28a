/** The waitUntil bookkeeping shared by lastcall/cloudflare and lastcall/hono: bounded by Workers' 30 s window. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushInWaitUntil, trackWaitUntil, WAIT_UNTIL_LIMIT_MS } from '../../src/integrations/shared/wait-until.js'
import { FakeExecutionContext, memoryTelemetry } from '../hono/helpers.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('trackWaitUntil', () => {
  it('passes every promise to the host and reports when all settled, rejections included', async () => {
    const ctx = new FakeExecutionContext()
    const tracker = trackWaitUntil(ctx)
    tracker.context.waitUntil(Promise.reject(new Error('side job failed')))
    tracker.context.waitUntil(new Promise((r) => setTimeout(r, 10)))
    expect(ctx.promises).toHaveLength(2)
    await expect(tracker.settled(1000)).resolves.toBe(true)
    await ctx.drain()
  })

  it('gives up on work that never settles once the budget is spent', async () => {
    const tracker = trackWaitUntil(new FakeExecutionContext())
    tracker.context.waitUntil(new Promise(() => {}))
    await expect(tracker.settled(30)).resolves.toBe(false)
  })

  it('exposes extra symbol-keyed members without touching the host object', () => {
    const ctx = new FakeExecutionContext()
    const key = Symbol('scope')
    const tracker = trackWaitUntil(ctx, { [key]: 'scope' })
    expect((tracker.context as unknown as Record<symbol, unknown>)[key]).toBe('scope')
    expect(Object.getOwnPropertySymbols(ctx)).toEqual([])
  })
})

describe('flushInWaitUntil', () => {
  it('flushes before the 30 s window closes even when the handler’s work never settles', async () => {
    vi.useFakeTimers()
    const { telemetry, memory } = memoryTelemetry()
    const ctx = new FakeExecutionContext()
    const tracker = trackWaitUntil(ctx)
    tracker.context.waitUntil(new Promise(() => {}))
    telemetry.counter({ name: 'jobs_total', help: 'jobs' }).inc()
    flushInWaitUntil(ctx, tracker, telemetry, { traceId: '0'.repeat(32), spanId: '0'.repeat(16), requestId: undefined })
    await vi.advanceTimersByTimeAsync(WAIT_UNTIL_LIMIT_MS - 1000 - telemetry.options.flushTimeoutMs - 1)
    expect(memory.batches).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(10)
    expect(memory.batches).toHaveLength(1)
  })
})
