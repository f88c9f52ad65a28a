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
