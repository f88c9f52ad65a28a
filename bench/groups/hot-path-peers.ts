/**
 * The peers of the hot-path group, each set up the way its documentation
 * shows, writing to a series that exists before timing starts. Only
 * prom-client has bound series; for OpenTelemetry the closest thing is a
 * reused attributes object, for the EMF libraries dimensions set once.
 */
import promClient from 'prom-client'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { createMetricsLogger, Unit } from 'aws-embedded-metrics'
import type { Case } from '../lib/measure.js'
import { METHODS, ROTATION, ROUTES, rotating } from './hot-path-labels.js'

type Labels = { readonly method: string; readonly route: string }

export function promClientCases({ method, route }: Labels, latency: number): Case[] {
  const registers = [new promClient.Registry()]
  const labelNames = ['method', 'route']
  const counter = new promClient.Counter({ name: 'requests_total', help: 'Requests', labelNames, registers })
  const histogram = new promClient.Histogram({ name: 'latency_seconds', help: 'Latency', labelNames, registers })
  const gauge = new promClient.Gauge({ name: 'in_flight', help: 'In flight', labelNames, registers })
  const c = counter.labels({ method, route })
  const h = histogram.labels({ method, route })
  const g = gauge.labels({ method, route })
  let n = 0
  let r = 0
  for (let i = 0; i < ROTATION; i++) counter.inc(rotating(i))
  return [
    { id: 'counter.labels', lib: 'prom-client', fn: () => counter.inc({ method, route }) },
    { id: 'counter.labels.rotating', lib: 'prom-client', fn: () => counter.inc({ method: METHODS[r & 1] as string, route: ROUTES[(r++ >> 1) & 7] as string }) },
    { id: 'counter.bound', lib: 'prom-client', fn: () => c.inc() },
    { id: 'histogram.labels', lib: 'prom-client', fn: () => histogram.observe({ method, route }, latency) },
    { id: 'histogram.bound', lib: 'prom-client', fn: () => h.observe(latency) },
    { id: 'gauge.labels', lib: 'prom-client', fn: () => gauge.set({ method, route }, ++n) },
    { id: 'gauge.bound', lib: 'prom-client', fn: () => g.set(++n) },
  ]
}

/** A reader that only exists so the provider aggregates, as with a real exporter. */
class IdleReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export function otelCases({ method, route }: Labels, latency: number): Case[] {
  const provider = new MeterProvider({ readers: [new IdleReader()] })
  const meter = provider.getMeter('bench')
  const counter = meter.createCounter('requests_total')
  const histogram = meter.createHistogram('latency_seconds', { advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] } })
  const gauge = meter.createGauge('in_flight')
  const attributes = { method, route }
  counter.add(1, attributes)
  histogram.record(latency, attributes)
  gauge.record(0, attributes)
  let n = 0
  let r = 0
  for (let i = 0; i < ROTATION; i++) counter.add(1, rotating(i))
  return [
    { id: 'counter.labels', lib: 'OpenTelemetry', fn: () => counter.add(1, { method, route }) },
    { id: 'counter.labels.rotating', lib: 'OpenTelemetry', fn: () => counter.add(1, { method: METHODS[r & 1] as string, route: ROUTES[(r++ >> 1) & 7] as string }) },
    { id: 'counter.bound', lib: 'OpenTelemetry', fn: () => counter.add(1, attributes) },
    { id: 'histogram.labels', lib: 'OpenTelemetry', fn: () => histogram.record(latency, { method, route }) },
    { id: 'histogram.bound', lib: 'OpenTelemetry', fn: () => histogram.record(latency, attributes) },
    { id: 'gauge.labels', lib: 'OpenTelemetry', fn: () => gauge.record(++n, { method, route }) },
    { id: 'gauge.bound', lib: 'OpenTelemetry', fn: () => gauge.record(++n, attributes) },
  ]
}

/**
 * Powertools keeps every value in an array and serializes the blob itself
 * at 100 values; that cost is part of its hot path, so it stays in. Only
 * the console write is replaced, as lastcall's flush is not timed either.
 */
export function powertoolsCases({ method, route }: Labels, latency: number): Case[] {
  const metrics = new Metrics({ namespace: 'bench', serviceName: 'bench', defaultDimensions: { method, route } })
  ;(metrics as unknown as { console: { log(line: string): void } }).console = { log: () => {} }
  let n = 0
  return [
    { id: 'counter.bound', lib: 'Powertools', fn: () => metrics.addMetric('requests', MetricUnit.Count, 1) },
    { id: 'histogram.bound', lib: 'Powertools', fn: () => metrics.addMetric('latency', MetricUnit.Seconds, latency) },
    { id: 'gauge.bound', lib: 'Powertools', fn: () => metrics.addMetric('in_flight', MetricUnit.Count, ++n) },
  ]
}

/**
 * aws-embedded-metrics appends every value until `flush()`. A fresh context
 * every 1,000 values stands in for the flush at the end of an invocation,
 * so the array does not grow for the whole run.
 */
export function emfCases({ method, route }: Labels, latency: number): Case[] {
  const logger = createMetricsLogger()
  logger.setNamespace('bench')
  logger.putDimensions({ method, route })
  const state = logger as unknown as { context: { createCopyWithContext(): unknown } }
  let calls = 0
  let n = 0
  const rotate = (): void => {
    if (++calls === 1000) {
      calls = 0
      state.context = state.context.createCopyWithContext() as typeof state.context
    }
  }
  return [
    { id: 'counter.bound', lib: 'aws-embedded-metrics', fn: () => (logger.putMetric('requests', 1, Unit.Count), rotate()) },
    { id: 'histogram.bound', lib: 'aws-embedded-metrics', fn: () => (logger.putMetric('latency', latency, Unit.Seconds), rotate()) },
    { id: 'gauge.bound', lib: 'aws-embedded-metrics', fn: () => (logger.putMetric('in_flight', ++n, Unit.Count), rotate()) },
  ]
}
