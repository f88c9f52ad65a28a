/**
 * Workers keep waitUntil work alive for 30 s after the response (RT-2):
 * every flush lastcall hands to `ctx.waitUntil` settles inside that window,
 * with the longest deadline lastcall allows (25 s), a backend that never
 * answers and user waitUntil work that never settles, through `instrument()`
 * and hono's middleware, and also when requests overlap in one isolate so a
 * flush has to queue behind another. Fake timers move the clock.
 *
 * The wait for the handler's own waitUntil work is covered in
 * test/workers/wait-until.test.ts and test/hono/flush-placement.test.ts.
 */
import { Hono } from 'hono'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTelemetry, type Adapter, type Telemetry } from '../../src/index.js'
import { instrument } from '../../src/integrations/cloudflare/index.js'
import { telemetryMiddleware } from '../../src/integrations/hono/index.js'
import { WAIT_UNTIL_LIMIT_MS } from '../../src/integrations/shared/wait-until.js'
import { FakeExecutionContext } from '../hono/helpers.js'
import { hangingAdapter } from '../lambda/helpers.js'
import { recordReports } from './support/fault-suite.js'
import { flushFailures } from './support/wrapped-runs.js'

describe('Workers: every flush settles inside the 30 s waitUntil window', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** The longest deadline lastcall allows, a backend that never answers, and a clock the fake timers move. */
  function workerTelemetry(adapter: Adapter): Telemetry {
    return createTelemetry({ service: 'edge', adapters: [adapter], flushTimeoutMs: 25_000, env: {}, clock: { now: () => Date.now() } })
  }

  /** Marks when everything handed to `ctx.waitUntil` so far has settled. */
  function settledAt(ctx: FakeExecutionContext, startedMs: number): { readonly ms: number | undefined } {
    const state: { ms: number | undefined } = { ms: undefined }
    void Promise.allSettled(ctx.promises.slice()).then(() => (state.ms = Date.now() - startedMs))
    return state
  }

  it('instrument(): the user’s waitUntil work never settles and the backend hangs, yet the flush ends before 30 s and reports the loss', async () => {
    vi.useFakeTimers()
    const hanging = hangingAdapter()
    const telemetry = workerTelemetry(hanging)
    const reports = recordReports(telemetry)
    const worker = instrument(telemetry, {
      fetch: async (_request: Request, _env: unknown, ctx: { waitUntil(p: Promise<unknown>): void }) => {
        ctx.waitUntil(new Promise(() => {}))
        return new Response('ok')
      },
    })
    const ctx = new FakeExecutionContext()
    const started = Date.now()
    expect((await worker.fetch!(new Request('https://edge.example/'), {}, ctx)).status).toBe(200)
    const ours = new FakeExecutionContext()
    ours.promises.push(ctx.promises.at(-1)!)
    const done = settledAt(ours, started)
    await vi.advanceTimersByTimeAsync(WAIT_UNTIL_LIMIT_MS - 1)
    expect(done.ms).toBeDefined()
    expect(done.ms!).toBeLessThan(WAIT_UNTIL_LIMIT_MS)
    expect(reports[0]?.adapters[0]).toMatchObject({ ok: false, timedOut: true })
    expect(flushFailures(telemetry, 'hanging')).toBe(1)
  })

  it('instrument(): a request that overlaps a running flush still has its flush settled inside its own window', async () => {
    vi.useFakeTimers()
    const telemetry = workerTelemetry(hangingAdapter())
    const worker = instrument(telemetry, { fetch: async () => new Response('ok') })
    const first = new FakeExecutionContext()
    await worker.fetch!(new Request('https://edge.example/a'), {}, first)
    await vi.advanceTimersByTimeAsync(1_000)
    const second = new FakeExecutionContext()
    const secondStarted = Date.now()
    await worker.fetch!(new Request('https://edge.example/b'), {}, second)
    const done = settledAt(second, secondStarted)
    // Without a bound, the second flush would wait 24 s for the first one, then take its own 25 s.
    await vi.advanceTimersByTimeAsync(WAIT_UNTIL_LIMIT_MS - 1)
    expect(done.ms).toBeDefined()
    expect(done.ms!).toBeLessThan(WAIT_UNTIL_LIMIT_MS)
  })

  it('hono middleware on a Workers executionCtx: the same bound with a hanging backend and never-settling user work', async () => {
    vi.useFakeTimers()
    const telemetry = workerTelemetry(hangingAdapter())
    const app = new Hono()
    app.use(telemetryMiddleware(telemetry))
    app.get('/', (c) => {
      c.executionCtx.waitUntil(new Promise(() => {}))
      return c.text('ok')
    })
    const ctx = new FakeExecutionContext()
    const started = Date.now()
    expect((await app.fetch(new Request('https://edge.example/'), {}, ctx)).status).toBe(200)
    const ours = new FakeExecutionContext()
    ours.promises.push(ctx.promises.at(-1)!)
    const done = settledAt(ours, started)
    await vi.advanceTimersByTimeAsync(WAIT_UNTIL_LIMIT_MS - 1)
    expect(done.ms).toBeDefined()
    expect(done.ms!).toBeLessThan(WAIT_UNTIL_LIMIT_MS)
  })
})
