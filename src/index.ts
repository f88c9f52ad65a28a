/**
 * lastcall: metrics and traces for serverless and edge functions, recorded in
 * memory per invocation and flushed at its end through pluggable adapters.
 * @packageDocumentation
 */
export type {
  Attributes, MetricKind, Temporality, NumberPoint, HistogramPoint, NumberMetricData, HistogramMetricData,
  MetricData, SpanEventData, SpanLinkData, SpanData, InstrumentationScope, ResourceData, InvocationInfo, ExportBatch,
} from './core/data.js'
export { SpanKinds, StatusCodes } from './core/data.js'
export type { Adapter, AdapterReport, AttemptResult, ExportContext, ExportOutcome, FlushReport, RetryResult } from './core/adapter.js'
export { systemClock, type Clock } from './core/clock.js'
export { consoleDiagnostics, silentDiagnostics, type DiagnosticLogger } from './core/diagnostics.js'
export { LastcallError, DefinitionError, InputError, OptionsError, isLastcallError } from './core/errors.js'
export { parseRetryAfter, describeError, defaultRetryPolicy, type RetryPolicy } from './core/flush/retry.js'
export { createExportContext, type ExportContextInit } from './core/flush/export-context.js'

// Telemetry
export { createTelemetry } from './create-telemetry.js'
export type { Telemetry } from './core/telemetry.js'
export type { TelemetryOptions, ResolvedOptions } from './core/options.js'
export type { FlushOptions } from './core/flush/engine.js'

// Instruments
export type { Counter, BoundCounter } from './core/metrics/counter.js'
export type { Gauge, BoundGauge } from './core/metrics/gauge.js'
export type { Histogram, BoundHistogram } from './core/metrics/histogram.js'
export type { MetricDefinition, HistogramDefinition } from './core/metrics/registry.js'
export type { LabelValues } from './core/metrics/series-store.js'
export { DEFAULT_BUCKETS, OVERFLOW_LABEL } from './core/metrics/rules.js'
export { SELF_METRICS } from './core/self-metrics.js'

// Invocations and trace context
export type { Invocation, InvocationOptions, InvocationOutcome } from './core/trace/invocation.js'
export {
  extractTraceContext, injectTraceContext, parseTraceparent, formatTraceparent, TraceFlagBits,
  type HeadersLike, type RemoteTraceContext, type TraceParent, type PropagatedContext,
} from './core/trace/trace-context.js'
export { parseTracestate, TraceState } from './core/trace/tracestate.js'
export { randomTraceId, randomSpanId } from './core/trace/ids.js'

// Logging, resource, exposition
export { createLogger, parseLogLevel, type Logger, type LogLevel, type LoggerInit } from './core/logger.js'
export { parseResourceAttributes } from './core/resource.js'
export { detectRuntime, hostEnv, type RuntimeName } from './core/runtime.js'
export { encodeTextExposition, encodeTextExpositionBytes, TEXT_EXPOSITION_CONTENT_TYPE, formatBucketBound, formatSampleValue, type TextExpositionOptions } from './core/exposition/index.js'
export { utf8Length } from './core/exposition/series-text.js'
export { metricsHandler, type Collectable } from './core/metrics-handler.js'
export { sleep } from './core/clock.js'
export { VERSION } from './core/version.js'
