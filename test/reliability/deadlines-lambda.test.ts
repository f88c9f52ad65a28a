/**
 * Lambda's deadline, end to end with a failing backend: a handler that runs
 * into its timeout still gets a flush that ends before Lambda's deadline,
 * a quick handler's flush is cut to the time left, and a flush that has to
 * queue behind an earlier one still ends within its own budget.
 *
 * The timeout flush with an in-memory adapter is covered in
 * test/lambda/lifecycle.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { remoteWrite } from '../../adapters/prometheus-remote-write/index.js'
import { createTelemetry, type Adapter, type Telemetry } from '../../src/index.js'
import { wrapHandler } from '../../src/integrations/lambda/index.js'
import { httpV2 } from '../lambda/events.js'
import { lambdaContext, sleep } from '../lambda/helpers.js'
import { startScriptedServer, type Reply, type ScriptedServer } from '../support/scripted-server.js'
import { recordReports } from './support/fault-suite.js'
import { flushFailures } from './support/wrapped-runs.js'

/** Timers on a loaded machine fire late; the bound stays a bound. */
const TIMER_SLACK_MS = 250

describe('Lambda: the flush ends before the invocation deadline, with a backend that fails', () => {
  let server: ScriptedServer
  afterEach(async () => {
    await server.close()
  })

  const backends: Record<string, Reply> = { 'hangs': { hang: true }, 'answers 503': { status: 503, body: 'unavailable' } }
  for (const [name, reply] of Object.entries(backends)) {
    it(`handler runs into its timeout, backend ${name}: the timeout flush ends before the deadline and the late result passes through`, async () => {
      server = await startScriptedServer([reply])
      const telemetry = lambdaTelemetry(server.url, 10_000)
      const reports = recordReports(telemetry)
      const late = { statusCode: 200, body: 'late but mine' }
      const context = lambdaContext(2_000)
      const started = performance.now()
      let flushedAt = 0
      const wrapped = wrapHandler(telemetry, async () => {
        await sleep(2_600)
        return late
      }, { flushMarginMs: 100, timeoutFlushMs: 500 })
      void reportsSettle(reports).then(() => (flushedAt = performance.now() - started))
      expect(await wrapped(httpV2(), context)).toBe(late)
      // Lambda would have killed the process at 2000 ms: the flush had to be over by then.
      expect(flushedAt).toBeGreaterThan(0)
      expect(flushedAt).toBeLessThanOrEqual(2_000 + TIMER_SLACK_MS)
      expect(reports[0]?.adapters[0]).toMatchObject({ ok: false })
      expect(server.received.length).toBeGreaterThanOrEqual(1)
      expect(flushFailures(telemetry, 'prometheus-remote-write')).toBe(1)
      expect(telemetry.collect().find((m) => m.name === 'faas_invocations_total')?.points.map((p) => p.labels['outcome'])).toEqual(['timeout'])
    })
  }

  it('with little time left, the flush of a quick handler is cut to that time, not flushTimeoutMs', async () => {
    server = await startScriptedServer([{ hang: true }])
    const telemetry = lambdaTelemetry(server.url, 10_000)
    const started = performance.now()
    const result = await wrapHandler(telemetry, async () => 'done', { flushMarginMs: 100 })(httpV2(), lambdaContext(800))
    expect(result).toBe('done')
    expect(performance.now() - started).toBeLessThanOrEqual(800 + TIMER_SLACK_MS)
  })

  it('a flush the handler started itself does not stretch the wrapper’s flush past the time left', async () => {
    server = await startScriptedServer([{ hang: true }])
    const telemetry = lambdaTelemetry(server.url, 10_000)
    const started = performance.now()
    const result = await wrapHandler(telemetry, async () => {
      // Fire and forget, with the full 10 s budget: the wrapper's own flush has to queue behind it.
      void telemetry.flush()
      return 'done'
    }, { flushMarginMs: 100 })(httpV2(), lambdaContext(1_000))
    expect(result).toBe('done')
    expect(performance.now() - started).toBeLessThanOrEqual(1_000 + TIMER_SLACK_MS)
  })
})

function lambdaTelemetry(url: string, flushTimeoutMs: number): Telemetry {
  return createTelemetry({
    service: 'deadlines', env: {}, flushTimeoutMs,
    adapters: [remoteWrite({ url: `${url}/api/v1/write` })],
    retryPolicy: { initialDelayMs: 20, maxDelayMs: 200, multiplier: 2, maxAttempts: 50 },
  })
}

/** Resolves when the first report arrives. */
async function reportsSettle(reports: readonly unknown[]): Promise<void> {
  while (reports.length === 0) await sleep(5)
}

describe('flush engine: a flush queued behind a running one keeps its own deadline', () => {
  it('resolves within its own budget with a report that says it waited, and the data goes with a later flush', async () => {
    let release: () => void = () => {}
    const exported: number[] = []
    const gated: Adapter = {
      name: 'gated', temporality: 'delta', signals: { metrics: true, traces: false },
      async export(batch) {
        let total = 0
        for (const metric of batch.metrics) for (const point of metric.points) total += 'value' in point ? point.value : 0
        exported.push(total)
        if (exported.length === 1) await new Promise<void>((resolve) => (release = resolve))
        return { ok: true }
      },
    }
    const telemetry = createTelemetry({ service: 'engine', adapters: [gated], flushTimeoutMs: 5_000, env: {} })
    const jobs = telemetry.counter({ name: 'jobs_total', help: 'jobs' })
    jobs.inc()
    const first = telemetry.flush()
    jobs.inc(2)
    const started = performance.now()
    const queued = await telemetry.flush({ timeoutMs: 200 })
    expect(performance.now() - started).toBeLessThanOrEqual(200 + TIMER_SLACK_MS)
    expect(queued.adapters[0]).toMatchObject({ adapter: 'gated', ok: false, timedOut: true, attempts: 0, message: expect.stringMatching(/waited for an earlier flush until the deadline/) })
    release()
    expect((await first).ok).toBe(true)
    // The queued flush never ran (its time was up), so its increments are still owed, once.
    expect((await telemetry.flush()).ok).toBe(true)
    expect(exported).toEqual([1, 2])
  })
})
