/**
 * One backend's check: a telemetry of its own with just that adapter, a
 * counter and a span as test data, and one flush under a short deadline,
 * exactly as a function would flush. Its report, the requests it made and
 * the warnings lastcall logged are what the doctor prints.
 */
import { createExportContext, createTelemetry, describeError, type Adapter, type AdapterReport, type DiagnosticLogger, type RetryPolicy } from '../index.js'
import { recordingFetch, type RecordedRequest } from './recording-fetch.js'
import type { Target } from './targets.js'

/** The counter every check sends; its `backend` label says which check sent it. */
export const DOCTOR_COUNTER = 'lastcall_doctor_checks_total'

/** What one check found. */
export interface CheckResult {
  readonly target: Target
  readonly ok: boolean
  /** The adapter's part of the flush report; absent when the configuration was rejected. */
  readonly report?: AdapterReport
  /** Why the adapter could not even be made (an OptionsError message). */
  readonly configError?: string
  readonly requests: readonly RecordedRequest[]
  /** CloudWatch EMF documents written instead of sent. */
  readonly emfLines: readonly string[]
  /** Diagnostics lastcall logged during the flush (bad variables, failed cleanup). */
  readonly warnings: readonly string[]
}

export interface CheckOptions {
  readonly service: string
  readonly timeoutMs: number
  /** Passed to the telemetry, so adapters find their OTEL_* fallbacks as in a function. */
  readonly env: Readonly<Record<string, string | undefined>>
}

/** Two attempts: enough to show that retries happen, few enough to answer fast. */
const DOCTOR_RETRY: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 500, multiplier: 2, maxAttempts: 2 }

/**
 * Sends one test flush to `target` and reports what happened. Never throws.
 * @example const result = await runCheck(target, { service: 'lastcall-doctor', timeoutMs: 5000, env: process.env })
 */
export async function runCheck(target: Target, options: CheckOptions): Promise<CheckResult> {
  const emfLines: string[] = []
  const warnings: string[] = []
  const recording = recordingFetch()
  const base = { target, requests: recording.requests, emfLines, warnings }
  try {
    const adapter = target.build(emfLines)
    const telemetry = createTelemetry({
      service: options.service, adapters: [adapter], env: options.env, flushTimeoutMs: options.timeoutMs,
      fetch: recording.fetch, retryPolicy: DOCTOR_RETRY, logger: collect(warnings, adapter.name),
    })
    telemetry.counter({ name: DOCTOR_COUNTER, help: 'Test flushes sent by `lastcall doctor`.', labelNames: ['backend'] }).inc({ backend: target.kind })
    telemetry.tracer.startSpan('lastcall doctor check', { attributes: { 'lastcall.doctor.backend': target.kind } }).end()
    const report = (await telemetry.flush()).adapters[0]
    if (report === undefined) return { ...base, ok: false, configError: 'the flush reported no adapter' }
    await cleanUp(adapter, report.ok || target.kind !== 'pushgateway', options, recording.fetch, warnings)
    const ok = report.ok && (target.kind !== 'cloudwatch' || report.attempts > 0 || emfLines.length > 0)
    return { ...base, ok, report }
  } catch (error) {
    return { ...base, ok: false, configError: describeError(error) }
  }
}

/**
 * The adapter's shutdown, as a function's last flush would run it: the
 * Pushgateway deletes the test group (only after a push that succeeded:
 * a failed one left nothing to delete), the CloudWatch client closes.
 */
async function cleanUp(adapter: Adapter, run: boolean, options: CheckOptions, fetch: typeof globalThis.fetch, warnings: string[]): Promise<void> {
  if (adapter.shutdown === undefined || !run) return
  const { context, dispose } = createExportContext({ timeoutMs: options.timeoutMs, env: options.env, fetch, retryPolicy: DOCTOR_RETRY, logger: collect(warnings, adapter.name) })
  try {
    await adapter.shutdown(context)
  } catch (error) {
    warnings.push(`cleanup after the check failed: ${describeError(error)}`)
  } finally {
    dispose()
  }
}

function collect(into: string[], adapterName: string): DiagnosticLogger {
  // The engine's "adapter X failed" repeats the error the report already carries.
  const repeat = `adapter ${adapterName} failed`
  const keep = (message: string): void => {
    if (message !== repeat && into.length < 20 && !into.includes(message)) into.push(message)
  }
  return { debug: () => {}, info: () => {}, warn: keep, error: keep }
}
