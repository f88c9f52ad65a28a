/**
 * EXPERIMENT, not a product entry: a telemetry with the core's metrics half
 * only (registry, instruments, flush engine, options, resource, lastcall's
 * own metrics), no tracer, no invocations and no default adapter. It exists
 * so BENCHMARKS.md can show what the "tracing half a program can leave out"
 * would weigh before anyone builds it.
 */
import { FlushEngine } from '../../../src/core/flush/engine.js'
import { Registry, type HistogramDefinition, type MetricDefinition } from '../../../src/core/metrics/registry.js'
import { resolveOptions, type TelemetryOptions } from '../../../src/core/options.js'
import { buildResource } from '../../../src/core/resource.js'
import { SelfMetrics } from '../../../src/core/self-metrics.js'

export function createMetricsOnlyTelemetry(options: TelemetryOptions) {
  const resolved = resolveOptions(options)
  const { clock } = resolved
  const resource = buildResource(resolved.env, resolved.service, resolved.resource)
  const self = new SelfMetrics(() => registry)
  const registry = new Registry(clock, resolved.maxSeriesPerMetric, (metric) => self.droppedSeries(metric))
  const engine = new FlushEngine({
    adapters: resolved.adapters ?? [], registry, resource, instanceStartMs: clock.now(), clock,
    logger: resolved.logger, env: resolved.env, fetch: resolved.fetch, timeoutMs: resolved.flushTimeoutMs,
    maxQueuedSpans: 0, takeSpans: () => [], onSpansDropped: () => {},
    onAdapterDone: (report) => {
      if (report.attempts > 0) self.flushed(report.adapter, report.durationMs / 1000, report.ok)
    },
  })
  return {
    counter: (d: MetricDefinition) => registry.counter(d),
    gauge: (d: MetricDefinition) => registry.gauge(d),
    histogram: (d: HistogramDefinition) => registry.histogram(d),
    flush: () => engine.flush(),
  }
}
