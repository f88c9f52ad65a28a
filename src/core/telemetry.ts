/**
 * `createTelemetry()`: one registry, one tracer provider, one flush engine,
 * one resource. Nothing is global: `lastcall/otel` registers the tracer
 * provider with `@opentelemetry/api` for programs that want `trace.getTracer()`.
 */
import type { Context, Tracer, TracerProvider } from '@opentelemetry/api'
import type { Adapter, FlushReport } from './adapter.js'
import type { MetricData, ResourceData, SpanData } from './data.js'
import { FlushEngine, type FlushOptions } from './flush/engine.js'
import { createLogger, type Logger } from './logger.js'
import { Registry, type HistogramDefinition, type MetricDefinition } from './metrics/registry.js'
import type { Counter } from './metrics/counter.js'
import type { Gauge } from './metrics/gauge.js'
import type { Histogram } from './metrics/histogram.js'
import { resolveOptions, type ResolvedOptions, type TelemetryOptions } from './options.js'
import { buildResource } from './resource.js'
import { SelfMetrics } from './self-metrics.js'
import { Invocation, type InvocationOptions } from './trace/invocation.js'
import { startInvocation } from './trace/start-invocation.js'
import { INVOCATION_KEY, LastcallTracerProvider } from './trace/tracer.js'
import { getSpanContext } from './trace/context.js'
import type { SpanSink } from './trace/span.js'
import { VERSION } from './version.js'

/** What `createTelemetry()` returns. */
export interface Telemetry {
  readonly service: string
  readonly resource: ResourceData
  /** An `@opentelemetry/api` Tracer whose spans belong to the running invocation. */
  readonly tracer: Tracer
  readonly tracerProvider: TracerProvider
  /** Structured JSON logger with trace and span ids. */
  readonly log: Logger
  readonly options: ResolvedOptions
  counter(definition: MetricDefinition): Counter
  gauge(definition: MetricDefinition): Gauge
  histogram(definition: HistogramDefinition): Histogram
  /** Sends metrics and finished spans to every adapter. Never rejects. */
  flush(options?: FlushOptions): Promise<FlushReport>
  /** Starts an invocation; run code with `invocation.run(fn)`, then `invocation.end()`. */
  startInvocation(options: InvocationOptions): Invocation
  /** Runs `fn` as one invocation; with `flush: true`, flushes before returning. Errors are recorded and rethrown unchanged. */
  invoke<T>(options: InvocationOptions & { readonly flush?: boolean }, fn: (invocation: Invocation) => T | Promise<T>): Promise<T>
  /** A cumulative snapshot of every metric, as adapters see it. */
  collect(): MetricData[]
  /** Invocations started and not yet ended. */
  readonly activeInvocations: number
  /** Flushes, then lets adapters clean up (e.g. delete a Pushgateway group). */
  shutdown(options?: FlushOptions): Promise<FlushReport>
}

export function createTelemetryWith(options: TelemetryOptions | undefined, defaultAdapters: () => Adapter[]): Telemetry {
  const resolved = resolveOptions(options)
  const { clock } = resolved
  const instanceStartMs = clock.now()
  const resource = buildResource(resolved.env, resolved.service, resolved.resource)
  const self = new SelfMetrics(() => registry)
  const registry = new Registry(clock, resolved.maxSeriesPerMetric, (metric) => self.droppedSeries(metric))
  const active = new Set<Invocation>()
  let queue: SpanData[] = []
  const enqueue = (spans: readonly SpanData[]): void => {
    const room = resolved.maxQueuedSpans - queue.length
    if (room < spans.length) self.droppedSpans(spans.length - Math.max(0, room))
    for (let i = 0; i < Math.min(room, spans.length); i++) queue.push(spans[i] as SpanData)
  }
  const lateSink: SpanSink = { push: (span) => enqueue([span]) }
  const host = {
    lateSink,
    maxSpans: resolved.maxSpansPerInvocation,
    dropSpans: (count: number) => self.droppedSpans(count),
    complete: (invocation: Invocation) => {
      active.delete(invocation)
      enqueue(invocation.drain())
    },
  }
  const router = {
    clock,
    fallbackContext(ctx: Context): Context {
      if (active.size !== 1 || ctx.getValue(INVOCATION_KEY) !== undefined || getSpanContext(ctx) !== undefined) return ctx
      for (const only of active) return only.context
      return ctx
    },
    sinkFor(ctx: Context): SpanSink {
      const owner = ctx.getValue(INVOCATION_KEY) as Invocation | undefined
      if (owner !== undefined) return owner
      // Without an async context manager (Workers without nodejs_compat) the only safe guess is the sole running invocation.
      if (active.size === 1) for (const only of active) return only
      return lateSink
    },
  }
  const provider = new LastcallTracerProvider(router)
  const tracer = provider.getTracer('lastcall', VERSION)
  const engine = new FlushEngine({
    adapters: resolved.adapters ?? defaultAdapters(), registry, resource, instanceStartMs, clock,
    logger: resolved.logger, env: resolved.env, fetch: resolved.fetch, timeoutMs: resolved.flushTimeoutMs,
    maxQueuedSpans: resolved.maxQueuedSpans,
    ...(resolved.retryPolicy === undefined ? {} : { retryPolicy: resolved.retryPolicy }),
    takeSpans: () => {
      const taken = queue
      queue = []
      return taken
    },
    onSpansDropped: (count) => self.droppedSpans(count),
    onAdapterDone: (report) => {
      if (report.attempts > 0) self.flushed(report.adapter, report.durationMs / 1000, report.ok)
    },
  })
  const soleIds = (): { traceId: string; spanId: string } | undefined => {
    if (active.size !== 1) return undefined
    for (const only of active) return only.info
    return undefined
  }
  const log = createLogger({ service: resource.serviceName, level: resolved.logLevel, fallbackIds: soleIds, ...(resolved.logWrite === undefined ? {} : { write: resolved.logWrite }) })

  const telemetry: Telemetry = {
    service: resource.serviceName,
    resource,
    tracer,
    tracerProvider: provider,
    log,
    options: resolved,
    counter: (d) => registry.counter(d),
    gauge: (d) => registry.gauge(d),
    histogram: (d) => registry.histogram(d),
    flush: (flushOptions) => engine.flush(flushOptions),
    startInvocation(invocationOptions) {
      const invocation = startInvocation(host, tracer, invocationOptions)
      active.add(invocation)
      return invocation
    },
    async invoke(invocationOptions, fn) {
      const invocation = telemetry.startInvocation(invocationOptions)
      try {
        const result = await invocation.run(() => fn(invocation))
        invocation.end()
        return result
      } catch (error) {
        invocation.end({ error })
        throw error
      } finally {
        if (invocationOptions.flush === true) await engine.flush({ invocation: invocation.info })
      }
    },
    collect: () => registry.collect(clock.now()),
    get activeInvocations() {
      return active.size
    },
    async shutdown(flushOptions) {
      const report = await engine.flush(flushOptions)
      await engine.shutdown(flushOptions?.timeoutMs ?? resolved.flushTimeoutMs)
      return report
    },
  }
  return telemetry
}
