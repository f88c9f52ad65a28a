/**
 * Runs the fault matrix for one adapter: every case against a fresh
 * scripted server, each through `wrapHandler` and hono's middleware, with
 * a handler that returns and one that throws. Per run it checks the
 * protocol's retry rule at the server, that the caller gets exactly what
 * the handler gave, that lastcall added at most the deadline plus a
 * margin, and that `lastcall_flush_failures_total` counted the failure.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { AdapterReport, FlushOptions, FlushReport, Telemetry } from '../../../src/index.js'
import { refusedPort, startScriptedServer, type ScriptedServer } from '../../support/scripted-server.js'
import { FAULT_CASES, type Expectation, type FaultCase } from './fault-cases.js'
import type { Target } from './targets.js'
import { faultTelemetry, flushFailures, HANDLER_ERROR, HANDLER_RESULT, viaHono, viaLambda, type Behaviour, type HonoAnswer, type RunResult } from './wrapped-runs.js'

/** Deadline of the cases without a Retry-After to wait for: short, to keep the suite quick. */
export const FAULT_FLUSH_TIMEOUT_MS = 600
/** Allowed on top of the deadline: the engine's 50 ms grace, timers, a loaded CI machine. Bounds, not speeds. */
export const ADDED_TIME_MARGIN_MS = 1_000

/**
 * Keeps every report the integration's flushes return. The integrations
 * call `telemetry.flush` through the object, so wrapping the property sees
 * exactly what they got, including an adapter abandoned at the deadline.
 */
export function recordReports(telemetry: Telemetry): FlushReport[] {
  const reports: FlushReport[] = []
  const flush = telemetry.flush
  Object.assign(telemetry, {
    flush: async (options?: FlushOptions) => {
      const report = await flush(options)
      reports.push(report)
      return report
    },
  })
  return reports
}

const RUNS: ReadonlyArray<readonly ['lambda' | 'hono', Behaviour]> = [['lambda', 'returns'], ['lambda', 'throws'], ['hono', 'returns'], ['hono', 'throws']]

/** Defines the suite for `target`. */
export function defineFaultSuite(target: Target): void {
  const baseline = new Map<Behaviour, HonoAnswer>()
  beforeAll(async () => {
    for (const behaviour of ['returns', 'throws'] as const) baseline.set(behaviour, (await viaHono(undefined, behaviour)).answer)
    await warmUp(target)
  })

  describe.concurrent(`${target.name} under faults`, () => {
    for (const fault of FAULT_CASES.filter((c) => c.only === undefined || c.only.includes(target.protocol))) {
      it(fault.name, async () => {
        const server = fault.script === undefined ? undefined : await startScriptedServer(fault.script(target.ok), { perPath: true })
        const baseUrl = server?.url ?? `http://127.0.0.1:${await refusedPort()}`
        try {
          for (const [host, behaviour] of RUNS) await checkRun(target, fault, server, baseUrl, host, behaviour, baseline)
        } finally {
          await server?.close()
        }
      })
    }
  })
}

/** One healthy run first, so loading and compiling the adapter's code is not charged to the first case's deadline. */
async function warmUp(target: Target): Promise<void> {
  const server = await startScriptedServer([target.ok])
  try {
    await viaLambda(faultTelemetry(target.adapter(server.url), 10_000), 'returns')
  } finally {
    await server.close()
  }
}

async function checkRun(
  target: Target, fault: FaultCase, server: ScriptedServer | undefined, baseUrl: string,
  host: 'lambda' | 'hono', behaviour: Behaviour, baseline: Map<Behaviour, HonoAnswer>,
): Promise<void> {
  const expectation = fault.expect(target.protocol)
  const flushTimeoutMs = fault.flushTimeoutMs ?? FAULT_FLUSH_TIMEOUT_MS
  if (server !== undefined && fault.script !== undefined) server.script(fault.script(target.ok))
  const seenBefore = server?.received.length ?? 0
  const telemetry = faultTelemetry(target.adapter(baseUrl), flushTimeoutMs)
  const reports = recordReports(telemetry)
  const run: RunResult = host === 'lambda' ? await viaLambda(telemetry, behaviour) : await viaHono(telemetry, behaviour)
  const where = `${target.name} / ${fault.name} / ${host} handler ${behaviour}`

  if (host === 'lambda' && behaviour === 'returns') expect(run.value, where).toBe(HANDLER_RESULT)
  if (host === 'lambda' && behaviour === 'throws') expect(run.error, where).toBe(HANDLER_ERROR)
  if (host === 'hono') {
    const { answer } = run as RunResult & { answer: HonoAnswer }
    expect(answer, where).toEqual(baseline.get(behaviour))
    if (behaviour === 'throws') expect(answer.caught, where).toBe(HANDLER_ERROR)
  }
  expect(run.addedMs, `${where}: time added by lastcall`).toBeLessThanOrEqual(flushTimeoutMs + ADDED_TIME_MARGIN_MS)

  expect(reports, `${where}: one flush`).toHaveLength(1)
  const outcome = reports[0]?.adapters[0]
  expect(outcome?.ok, `${where}: report ${JSON.stringify(outcome)}`).toBe(expectation.delivered)
  expect(flushFailures(telemetry, target.name), `${where}: lastcall_flush_failures_total`).toBe(expectation.delivered ? 0 : 1)
  if (expectation.rejected !== undefined) expect(outcome?.rejected, where).toBe(expectation.rejected)
  if (expectation.returnsEarly === true) expect(outcome?.durationMs, `${where}: gave up at once`).toBeLessThan(flushTimeoutMs / 2)
  checkAttempts(target, expectation, server?.received.slice(seenBefore).map((r) => r.url) ?? [], outcome, where)
}

function checkAttempts(target: Target, expectation: Expectation, urls: string[], outcome: AdapterReport | undefined, where: string): void {
  const perPath = new Map<string, number>()
  for (const url of urls) {
    const path = target.paths(url.split('?')[0] ?? '')
    if (path !== undefined) perPath.set(path, (perPath.get(path) ?? 0) + 1)
  }
  const counts = [...perPath.values()]
  const message = `${where}: attempts per path ${JSON.stringify(Object.fromEntries(perPath))}`
  if (expectation.attempts === 'none') {
    expect(counts, message).toEqual([])
    // Nothing listens: a refused connection is a transport failure, retried until the deadline.
    expect(outcome?.attempts ?? 0, `${where}: attempts in the report`).toBeGreaterThanOrEqual(2)
    return
  }
  expect(counts.length, message).toBeGreaterThan(0)
  for (const count of counts) {
    if (expectation.attempts === 'once') expect(count, message).toBe(1)
    if (expectation.attempts === 'twice') expect(count, message).toBe(2)
    if (expectation.attempts === 'retried') expect(count, message).toBeGreaterThanOrEqual(2)
  }
}
