/**
 * The plain data that leaves the core at flush time. Adapters read only
 * these shapes: they never touch live instruments or spans.
 */
import type { AttributeValue } from '@opentelemetry/api'

/** Attribute map as OpenTelemetry defines it (string, number, boolean or arrays of one type). */
export type Attributes = Readonly<Record<string, AttributeValue>>

/** The kind of a metric family. */
export type MetricKind = 'counter' | 'gauge' | 'histogram'

/** How metric values are expressed in a batch. */
export type Temporality = 'cumulative' | 'delta'

/** One counter or gauge series at flush time. */
export interface NumberPoint {
  /** Stable identity of the series inside its metric (label values joined). */
  readonly key: string
  /** Label names to values, already validated; the overflow series carries `otel_metric_overflow="true"`. */
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
  /** Epoch ms: the series' creation (cumulative) or the previous successful export (delta). */
  readonly startTimeMs: number
  /** Epoch ms of the snapshot. */
  readonly timeMs: number
}

/** One histogram series at flush time. */
export interface HistogramPoint {
  readonly key: string
  readonly labels: Readonly<Record<string, string>>
  /** Per-bucket (not cumulative) counts, length `bounds.length + 1`; the last is the `+Inf` bucket. */
  readonly bucketCounts: readonly number[]
  readonly sum: number
  readonly count: number
  /** Smallest and largest observation; `undefined` when unknown (delta points). */
  readonly min: number | undefined
  readonly max: number | undefined
  readonly startTimeMs: number
  readonly timeMs: number
}

interface MetricDataBase {
  readonly name: string
  readonly help: string
  /** Unit as given at definition ('' when none), e.g. 'seconds', 'bytes'. */
  readonly unit: string
  readonly labelNames: readonly string[]
}

/** A counter or gauge family. */
export interface NumberMetricData extends MetricDataBase {
  readonly kind: 'counter' | 'gauge'
  readonly points: readonly NumberPoint[]
}

/** A histogram family. */
export interface HistogramMetricData extends MetricDataBase {
  readonly kind: 'histogram'
  /** Upper bounds, strictly increasing, without `+Inf`. */
  readonly bounds: readonly number[]
  readonly points: readonly HistogramPoint[]
}

/** One metric family with its series. */
export type MetricData = NumberMetricData | HistogramMetricData

/** Write versions of gauge series: metric name → series key → version (internal to delta exports). */
export type GaugeVersions = ReadonlyMap<string, ReadonlyMap<string, number>>

/** OpenTelemetry span kinds, numbered as in `@opentelemetry/api` (OTLP adds one). */
export const SpanKinds = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const

/** Span status codes, numbered as in `@opentelemetry/api` and OTLP. */
export const StatusCodes = { UNSET: 0, OK: 1, ERROR: 2 } as const

/** A timed event on a span. */
export interface SpanEventData {
  readonly name: string
  readonly timeMs: number
  readonly attributes: Attributes
  readonly droppedAttributesCount: number
}

/** A link from a span to another span context. */
export interface SpanLinkData {
  readonly traceId: string
  readonly spanId: string
  readonly traceState: string | undefined
  readonly traceFlags: number
  readonly isRemote: boolean
  readonly attributes: Attributes
  readonly droppedAttributesCount: number
}

/** A finished span, immutable. Ids are lowercase hex. Times are epoch ms with sub-ms fraction. */
export interface SpanData {
  readonly traceId: string
  readonly spanId: string
  /** Empty string for a root span. */
  readonly parentSpanId: string
  readonly parentIsRemote: boolean
  readonly traceState: string | undefined
  readonly traceFlags: number
  readonly name: string
  readonly kind: number
  readonly startTimeMs: number
  /** Never before `startTimeMs`. */
  readonly endTimeMs: number
  readonly attributes: Attributes
  readonly droppedAttributesCount: number
  readonly events: readonly SpanEventData[]
  readonly droppedEventsCount: number
  readonly links: readonly SpanLinkData[]
  readonly droppedLinksCount: number
  readonly status: { readonly code: number; readonly message: string }
  /** The tracer (instrumentation scope) that made the span. */
  readonly scope: InstrumentationScope
}

/** Name and version of the code that produced telemetry. */
export interface InstrumentationScope {
  readonly name: string
  readonly version: string
}

/** Who is sending: service name, instance id and the detected platform attributes. */
export interface ResourceData {
  readonly serviceName: string
  /** Random per cold start; Prometheus adapters use it as `instance`. */
  readonly instanceId: string
  /** All resource attributes, including `service.name` and `service.instance.id`. */
  readonly attributes: Attributes
}

/** Correlation data of the invocation that triggered a flush, when there is one. */
export interface InvocationInfo {
  readonly traceId: string
  readonly spanId: string
  readonly requestId: string | undefined
}

/** What one adapter receives at a flush. */
export interface ExportBatch {
  readonly resource: ResourceData
  /** Metric families in the adapter's temporality; empty when the adapter takes no metrics. */
  readonly metrics: readonly MetricData[]
  readonly temporality: Temporality
  /** Finished spans not yet delivered to this adapter; empty when it takes no traces. */
  readonly spans: readonly SpanData[]
  /** Epoch ms when the snapshot was taken. */
  readonly timeMs: number
  /** Epoch ms when this container or isolate started (cumulative start time). */
  readonly instanceStartMs: number
  readonly invocation: InvocationInfo | undefined
}
