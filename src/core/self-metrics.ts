/** lastcall's own metrics, defined on first use so a fresh registry holds only what the user defines. */
import type { Counter } from './metrics/counter.js'
import type { Histogram } from './metrics/histogram.js'
import type { Registry } from './metrics/registry.js'

export const SELF_METRICS = {
  flushDuration: 'lastcall_flush_duration_seconds',
  flushFailures: 'lastcall_flush_failures_total',
  droppedSpans: 'lastcall_dropped_spans_total',
  droppedSeries: 'lastcall_dropped_series_total',
} as const

export class SelfMetrics {
  readonly #registry: () => Registry
  #duration: Histogram | undefined
  #failures: Counter | undefined
  #spans: Counter | undefined
  #series: Counter | undefined

  constructor(registry: () => Registry) {
    this.#registry = registry
  }

  flushed(adapter: string, seconds: number, ok: boolean): void {
    this.#duration ??= this.#registry().histogram({
      name: SELF_METRICS.flushDuration, help: 'Time one flush took per adapter, retries included.', unit: 'seconds', labelNames: ['adapter'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25],
    }, true)
    this.#failures ??= this.#registry().counter({ name: SELF_METRICS.flushFailures, help: 'Flushes an adapter could not deliver.', labelNames: ['adapter'] }, true)
    this.#duration.observe({ adapter }, seconds)
    // Touch the failure series on success too, so rate() and alerts see an explicit zero.
    this.#failures.inc({ adapter }, ok ? 0 : 1)
  }

  droppedSpans(count: number): void {
    this.#spans ??= this.#registry().counter({ name: SELF_METRICS.droppedSpans, help: 'Spans dropped by a limit (per invocation or queued).' }, true)
    this.#spans.inc(count)
  }

  droppedSeries(metric: string): void {
    // The overflow counter cannot itself overflow into a loop: its own overflow is not counted.
    if (metric === SELF_METRICS.droppedSeries) return
    this.#series ??= this.#registry().counter({ name: SELF_METRICS.droppedSeries, help: 'Measurements recorded into the overflow series because a metric reached maxSeriesPerMetric.', labelNames: ['metric'] }, true)
    this.#series.inc({ metric })
  }
}
