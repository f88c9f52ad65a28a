/**
 * The metric names every integration emits. Dashboards and alerts in
 * deploy/ rely on them, so they are defined once, here.
 */
import type { Counter, Gauge, Histogram, Telemetry } from '../../index.js'

/** Options every integration takes for its metrics. */
export interface IntegrationMetricOptions {
  /** Prepended to every metric name, e.g. `myapp_` gives `myapp_http_requests_total`. */
  readonly prefix?: string
  /** Histogram buckets for durations, in seconds; default Prometheus' 0.005 … 10. */
  readonly durationBuckets?: readonly number[]
}

export interface HttpMetrics {
  readonly requests: Counter
  readonly duration: Histogram
  readonly inFlight: Gauge
}

export interface FaasMetrics {
  readonly invocations: Counter
  readonly duration: Histogram
  readonly coldStarts: Counter
}

/** HTTP RED metrics: `http_requests_total`, `http_request_duration_seconds`, `http_requests_in_flight`. */
export function httpMetrics(telemetry: Telemetry, options: IntegrationMetricOptions = {}): HttpMetrics {
  const p = options.prefix ?? ''
  return {
    requests: telemetry.counter({ name: `${p}http_requests_total`, help: 'HTTP requests handled, by method, route template and status code.', labelNames: ['method', 'route', 'status'] }),
    duration: telemetry.histogram({
      name: `${p}http_request_duration_seconds`, help: 'Time to answer an HTTP request, by method, route template and status code.', unit: 'seconds',
      labelNames: ['method', 'route', 'status'], ...(options.durationBuckets === undefined ? {} : { buckets: options.durationBuckets }),
    }),
    inFlight: telemetry.gauge({ name: `${p}http_requests_in_flight`, help: 'HTTP requests being handled now.', labelNames: ['method'] }),
  }
}

/** Function metrics: `faas_invocations_total`, `faas_invocation_duration_seconds`, `faas_coldstarts_total`. */
export function faasMetrics(telemetry: Telemetry, options: IntegrationMetricOptions = {}): FaasMetrics {
  const p = options.prefix ?? ''
  return {
    invocations: telemetry.counter({ name: `${p}faas_invocations_total`, help: 'Function invocations, by trigger and outcome (success, error, timeout).', labelNames: ['trigger', 'outcome'] }),
    duration: telemetry.histogram({
      name: `${p}faas_invocation_duration_seconds`, help: 'Time a function invocation took, by trigger.', unit: 'seconds', labelNames: ['trigger'],
      ...(options.durationBuckets === undefined ? {} : { buckets: options.durationBuckets }),
    }),
    coldStarts: telemetry.counter({ name: `${p}faas_coldstarts_total`, help: 'Invocations that were the first in their container or isolate.' }),
  }
}

const warm = new WeakSet<Telemetry>()

/**
 * True exactly once per telemetry: for its first invocation. A telemetry is
 * created once per container or isolate, so this marks the cold start
 * without a module-level flag.
 */
export function takeColdStart(telemetry: Telemetry): boolean {
  if (warm.has(telemetry)) return false
  warm.add(telemetry)
  return true
}
