/**
 * A workload that makes one telemetry emit every metric lastcall defines:
 * the integrations' HTTP and function metrics (through their shared
 * definitions, the code every integration calls) and lastcall's own
 * metrics, which appear only when something happens (a flush, a dropped
 * span, an overflowing metric). The deploy tests take the names lastcall
 * emits from here, not from a list written by hand, so a renamed metric
 * fails them.
 */
import { createTelemetry, SELF_METRICS, type Adapter, type MetricData, type Telemetry } from '../../src/index.js'
import { faasMetrics, httpMetrics } from '../../src/integrations/shared/red-metrics.js'
import { memoryAdapter } from '../../src/testing/index.js'

/** Small limits so that the drop counters move. */
const MAX_SERIES = 10
const MAX_QUEUED_SPANS = 1
/** A user metric that overflows; it is not one of lastcall's names. */
const PROBE = 'doctor_probe_total'

/**
 * A telemetry for the workload, sending through `adapters`.
 * @example const telemetry = workloadTelemetry('checkout', [memoryAdapter()])
 */
export function workloadTelemetry(service: string, adapters: Adapter[]): Telemetry {
  return createTelemetry({ service, adapters, maxSeriesPerMetric: MAX_SERIES, maxQueuedSpans: MAX_QUEUED_SPANS, flushTimeoutMs: 5000 })
}

/**
 * Records into every integration metric and provokes every drop counter.
 * lastcall's flush metrics appear from the second flush on.
 * @example exercise(telemetry); await telemetry.flush(); await telemetry.flush()
 */
export function exercise(telemetry: Telemetry): void {
  const http = httpMetrics(telemetry)
  const faas = faasMetrics(telemetry)
  for (const route of ['/orders/:id', '/orders']) {
    for (const [status, seconds] of [['200', 0.02], ['404', 0.01], ['500', 1.7]] as const) {
      http.requests.inc({ method: 'GET', route, status }, 3)
      http.duration.observe({ method: 'GET', route, status }, seconds)
    }
  }
  http.inFlight.inc({ method: 'GET' })
  faas.invocations.inc({ trigger: 'http', outcome: 'success' }, 5)
  faas.invocations.inc({ trigger: 'pubsub', outcome: 'error' })
  faas.duration.observe({ trigger: 'http' }, 0.05)
  faas.duration.observe({ trigger: 'pubsub' }, 0.4)
  faas.coldStarts.inc()
  const probe = telemetry.counter({ name: PROBE, help: 'Series beyond maxSeriesPerMetric, to move lastcall_dropped_series_total.', labelNames: ['id'] })
  for (let i = 0; i < MAX_SERIES + 2; i++) probe.inc({ id: String(i) })
  // Finished outside any invocation, they queue; beyond maxQueuedSpans they are dropped and counted.
  for (let i = 0; i < MAX_QUEUED_SPANS + 2; i++) telemetry.tracer.startSpan('probe').end()
}

/**
 * Every family lastcall emits, from running the workload in memory: two
 * flushes, since lastcall's flush metrics are recorded after the first.
 * @example const names = exposedNames(await emittedFamilies())
 */
export async function emittedFamilies(): Promise<MetricData[]> {
  const telemetry = workloadTelemetry('workload', [memoryAdapter()])
  exercise(telemetry)
  await telemetry.flush()
  await telemetry.flush()
  return lastcallFamilies(telemetry.collect())
}

/** The families lastcall defines, out of a snapshot of the workload: all but the probe. */
export function lastcallFamilies(metrics: readonly MetricData[]): MetricData[] {
  return metrics.filter((family) => family.name !== PROBE)
}

/** The names of lastcall's own metrics, for checking that the workload provoked each. */
export const SELF_METRIC_NAMES: readonly string[] = Object.values(SELF_METRICS)

/**
 * The series names Prometheus sees for the families: a histogram `x` is
 * `x_bucket`, `x_sum` and `x_count`.
 * @example exposedNames(families).has('http_request_duration_seconds_bucket')
 */
export function exposedNames(families: readonly MetricData[]): Set<string> {
  const names = new Set<string>()
  for (const family of families) {
    if (family.kind === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(family.name + suffix)
    else names.add(family.name)
  }
  return names
}
