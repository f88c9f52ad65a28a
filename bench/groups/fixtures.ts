/**
 * The same metric data for every library in the encoding groups: half the
 * series on counters, half on histograms with the 11 default bounds, two
 * labels each, spread over 10 counter and 10 histogram families.
 */
import promClient from 'prom-client'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { DEFAULT_BUCKETS, createTelemetry, type Telemetry } from '../../src/index.js'

export const FAMILIES = 10

/** Label values of series `i` of a family: two labels, both varying. */
export function seriesLabels(i: number): { route: string; status: string } {
  return { route: `/api/v1/resource-${Math.floor(i / 5)}`, status: String(200 + (i % 5)) }
}

/** The value observed into histogram series `i`, spread over the buckets. */
function observation(i: number, k: number): number {
  return ((i * 7 + k * 13) % 100) / 40
}

/** Records `series` series (half counters, half histograms) into lastcall. */
export function lastcallMetrics(series: number): Telemetry {
  const telemetry = createTelemetry({ service: 'bench', adapters: [], maxSeriesPerMetric: series })
  const perFamily = series / 2 / FAMILIES
  for (let f = 0; f < FAMILIES; f++) {
    const counter = telemetry.counter({ name: `bench_requests_${f}_total`, help: `Requests ${f}`, labelNames: ['route', 'status'] })
    const histogram = telemetry.histogram({ name: `bench_latency_${f}_seconds`, help: `Latency ${f}`, labelNames: ['route', 'status'] })
    for (let i = 0; i < perFamily; i++) {
      counter.inc(seriesLabels(i), i + 1)
      for (let k = 0; k < 3; k++) histogram.observe(seriesLabels(i), observation(i, k))
    }
  }
  return telemetry
}

/** The same data in a prom-client registry. */
export function promClientMetrics(series: number): promClient.Registry {
  const registry = new promClient.Registry()
  const perFamily = series / 2 / FAMILIES
  for (let f = 0; f < FAMILIES; f++) {
    const registers = [registry]
    const counter = new promClient.Counter({ name: `bench_requests_${f}_total`, help: `Requests ${f}`, labelNames: ['route', 'status'], registers })
    const histogram = new promClient.Histogram({ name: `bench_latency_${f}_seconds`, help: `Latency ${f}`, labelNames: ['route', 'status'], registers })
    for (let i = 0; i < perFamily; i++) {
      counter.inc(seriesLabels(i), i + 1)
      for (let k = 0; k < 3; k++) histogram.observe(seriesLabels(i), observation(i, k))
    }
  }
  return registry
}

/** A reader that only exists so the test can collect on demand. */
class OnDemandReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** The same data in an OpenTelemetry MeterProvider; `reader.collect()` gives its ResourceMetrics. */
export function otelMetrics(series: number): { provider: MeterProvider; reader: MetricReader } {
  const reader = new OnDemandReader()
  const provider = new MeterProvider({ readers: [reader], resource: resourceFromAttributes({ 'service.name': 'bench' }) })
  const meter = provider.getMeter('bench')
  const perFamily = series / 2 / FAMILIES
  for (let f = 0; f < FAMILIES; f++) {
    const counter = meter.createCounter(`bench_requests_${f}_total`, { description: `Requests ${f}` })
    const histogram = meter.createHistogram(`bench_latency_${f}_seconds`, { description: `Latency ${f}`, unit: 's', advice: { explicitBucketBoundaries: [...DEFAULT_BUCKETS] } })
    for (let i = 0; i < perFamily; i++) {
      counter.add(i + 1, seriesLabels(i))
      for (let k = 0; k < 3; k++) histogram.record(observation(i, k), seriesLabels(i))
    }
  }
  return { provider, reader }
}
