import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTelemetry, type Adapter, type ExportBatch, type Telemetry } from '../../src/index.js'
import { memoryAdapter } from '../../src/testing/index.js'
import { tracked } from '../support/tracked.js'

// Tests that step fake timers switch them on themselves; every test ends on real ones.
afterEach(() => {
  vi.useRealTimers()
})

const base = { service: 'flush-test' } as const

function hangingAdapter(name = 'hang'): Adapter {
  return { name, temporality: 'cumulative', signals: { metrics: true, traces: true }, export: () => new Promise(() => {}) }
}

function throwingAdapter(): Adapter {
  return { name: 'throws', temporality: 'cumulative', signals: { metrics: true, traces: true }, export: async () => { throw new Error('boom') } }
}

function counted(t: Telemetry): void {
  t.counter({ name: 'c_total', help: 'h' }).inc()
}

describe('flush engine', () => {
  it('runs every adapter and reports each', async () => {
    const a = memoryAdapter({ name: 'a' })
    const b = memoryAdapter({ name: 'b' })
    const t = createTelemetry({ ...base, adapters: [a, b] })
    counted(t)
    const report = await t.flush()
    expect(report.ok).toBe(true)
    expect(report.adapters.map((r) => [r.adapter, r.ok, r.points])).toEqual([['a', true, 1], ['b', true, 1]])
    expect(a.value('c_total')).toBe(1)
  })

  // On fake timers: the assertions name the moment the flush settles, whatever the host's load.
  it('returns within the deadline when an adapter hangs, and the others still deliver', async () => {
    vi.useFakeTimers()
    const memory = memoryAdapter()
    const t = createTelemetry({ ...base, adapters: [hangingAdapter(), memory], flushTimeoutMs: 300 })
    counted(t)
    const flush = tracked(t.flush())
    // The deadline, then a 50 ms grace for an adapter that ignores its abort signal.
    await vi.advanceTimersByTimeAsync(349)
    expect(flush.settled()).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(flush.settled()).toBe(true)
    const report = await flush.promise
    expect(report.ok).toBe(false)
    expect(report.adapters[0]).toMatchObject({ adapter: 'hang', ok: false, timedOut: true })
    expect(memory.value('c_total')).toBe(1)
  })

  it('returns at the deadline on real timers too', async () => {
    const memory = memoryAdapter()
    const t = createTelemetry({ ...base, adapters: [hangingAdapter(), memory], flushTimeoutMs: 300 })
    counted(t)
    const started = performance.now()
    const report = await t.flush()
    const elapsed = performance.now() - started
    // A loose bound: the exact moment is the fake-timer test's; this one checks real timers are used.
    expect(elapsed).toBeLessThan(300 + 2000)
    expect(report.ok).toBe(false)
    expect(report.adapters[0]).toMatchObject({ adapter: 'hang', ok: false, timedOut: true })
    expect(report.adapters[1]).toMatchObject({ adapter: 'memory', ok: true })
  })

  it('never throws, even when an adapter throws', async () => {
    const t = createTelemetry({ ...base, adapters: [throwingAdapter()] })
    counted(t)
    const report = await t.flush()
    expect(report.adapters[0]).toMatchObject({ ok: false, message: 'adapter threw: boom' })
  })

  it('a timeout option can only shorten the configured deadline', async () => {
    const t = createTelemetry({ ...base, adapters: [hangingAdapter()], flushTimeoutMs: 5_000 })
    counted(t)
    const started = performance.now()
    await t.flush({ timeoutMs: 100 })
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('coalesces concurrent calls: one running, one follow-up shared by later callers', async () => {
    let exports = 0
    let release: () => void = () => {}
    const slow: Adapter = {
      name: 'slow', temporality: 'cumulative', signals: { metrics: true, traces: true },
      export: async () => {
        exports++
        if (exports === 1) await new Promise<void>((r) => (release = r))
        return { ok: true }
      },
    }
    const t = createTelemetry({ ...base, adapters: [slow] })
    counted(t)
    const first = t.flush()
    const second = t.flush()
    const third = t.flush()
    expect(second).toBe(third)
    release()
    await Promise.all([first, second, third])
    expect(exports).toBe(2)
  })

  it('retries retryable failures with backoff until the deadline, honouring retry-after', async () => {
    const times: number[] = []
    const flaky: Adapter = {
      name: 'flaky', temporality: 'cumulative', signals: { metrics: true, traces: false },
      export: async (_batch, context) => {
        const result = await context.retry(async (_signal, n) => {
          times.push(performance.now())
          return n < 3 ? { ok: false, retryable: true, retryAfterMs: 100, message: 'HTTP 429' } : { ok: true, value: undefined }
        })
        return { ok: result.ok, attempts: result.attempts }
      },
    }
    const t = createTelemetry({ ...base, adapters: [flaky], flushTimeoutMs: 2_000 })
    counted(t)
    const report = await t.flush()
    expect(report.adapters[0]).toMatchObject({ ok: true, attempts: 3 })
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(95)
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(95)
  })

  it('does not retry permanent failures', async () => {
    const memory = memoryAdapter()
    memory.failWith = 'permanent'
    const t = createTelemetry({ ...base, adapters: [memory] })
    counted(t)
    const report = await t.flush()
    expect(report.adapters[0]).toMatchObject({ ok: false, attempts: 1 })
  })

  it('stops retrying at the deadline', async () => {
    const memory = memoryAdapter()
    memory.failWith = 'retryable'
    const t = createTelemetry({ ...base, adapters: [memory], flushTimeoutMs: 400 })
    counted(t)
    vi.useFakeTimers()
    const flush = tracked(t.flush())
    await vi.advanceTimersByTimeAsync(400)
    expect(flush.settled()).toBe(true)
    const report = await flush.promise
    expect(report.adapters[0]?.ok).toBe(false)
    expect(report.adapters[0]?.attempts).toBeGreaterThan(1)
  })

  it('counts flush failures and durations in its own metrics', async () => {
    const memory = memoryAdapter()
    const t = createTelemetry({ ...base, adapters: [memory, throwingAdapter()] })
    counted(t)
    await t.flush()
    await t.flush()
    expect(memory.value('lastcall_flush_failures_total', { adapter: 'throws' })).toBe(1)
    expect(memory.value('lastcall_flush_failures_total', { adapter: 'memory' })).toBe(0)
    const last = memory.batches.at(-1) as ExportBatch
    expect(last.metrics.some((m) => m.name === 'lastcall_flush_duration_seconds')).toBe(true)
  })

  it('skips adapters with nothing to send', async () => {
    const memory = memoryAdapter()
    const t = createTelemetry({ ...base, adapters: [memory] })
    const report = await t.flush()
    expect(report.adapters[0]).toMatchObject({ ok: true, attempts: 0, points: 0 })
    expect(memory.batches).toHaveLength(0)
  })
})

describe('delta adapters', () => {
  it('send what changed since the last successful export, and carry failures into the next flush', async () => {
    const delta = memoryAdapter({ temporality: 'delta', name: 'delta' })
    let now = 1_000_000
    const t = createTelemetry({ ...base, adapters: [delta], clock: { now: () => now } })
    const c = t.counter({ name: 'c_total', help: 'h', labelNames: ['k'] })
    const h = t.histogram({ name: 'h', help: 'h', buckets: [1] })
    const g = t.gauge({ name: 'g', help: 'h' })
    c.inc({ k: 'a' }, 5)
    h.observe(0.5)
    g.set(3)
    await t.flush()
    let batch = delta.batches.at(-1) as ExportBatch
    expect(batch.temporality).toBe('delta')
    expect(batch.metrics.find((m) => m.name === 'c_total')?.points[0]).toMatchObject({ value: 5, startTimeMs: 1_000_000 })

    now += 10_000
    c.inc({ k: 'a' }, 2)
    delta.failWith = 'permanent'
    await t.flush()
    c.inc({ k: 'a' }, 3)
    h.observe(2)
    delta.failWith = undefined
    now += 10_000
    await t.flush()
    batch = delta.batches.at(-1) as ExportBatch
    // 2 from the failed flush plus 3 since: nothing lost, nothing doubled.
    expect(batch.metrics.find((m) => m.name === 'c_total')?.points[0]).toMatchObject({ value: 5, startTimeMs: 1_000_000 })
    const hp = batch.metrics.find((m) => m.name === 'h')?.points[0]
    expect(hp).toMatchObject({ count: 1, sum: 2, bucketCounts: [0, 1] })
    // The gauge did not change after it was delivered, so it is left out.
    expect(batch.metrics.find((m) => m.name === 'g')).toBeUndefined()
    expect(delta.value('c_total', { k: 'a' })).toBe(10)
  })

  it('keep spans that failed to deliver for the next flush, bounded', async () => {
    const memory = memoryAdapter()
    const t = createTelemetry({ ...base, adapters: [memory], maxQueuedSpans: 3 })
    memory.failWith = 'permanent'
    for (let i = 0; i < 2; i++) await t.invoke({ name: `op${i}` }, () => {})
    await t.flush()
    for (let i = 2; i < 4; i++) await t.invoke({ name: `op${i}` }, () => {})
    memory.failWith = undefined
    await t.flush()
    expect(memory.spans().map((s) => s.name)).toEqual(['op0', 'op1', 'op2'])
    await t.flush()
    expect(memory.value('lastcall_dropped_spans_total')).toBe(1)
  })
})
