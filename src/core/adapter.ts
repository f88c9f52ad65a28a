/**
 * The contract between the flush engine and an adapter. An adapter is a
 * factory's product: a name, what it takes, and an `export` that turns one
 * batch into requests (or log lines) and says how that went.
 */
import type { ExportBatch, Temporality } from './data.js'
import type { Clock } from './clock.js'
import type { DiagnosticLogger } from './diagnostics.js'

/** Outcome of one attempt at sending something. */
export type AttemptResult<T = unknown> =
  | { readonly ok: true; readonly value: T; readonly status?: number }
  | {
      readonly ok: false
      /** Whether the protocol allows sending the same thing again. */
      readonly retryable: boolean
      /** Server-requested delay (Retry-After), in ms. */
      readonly retryAfterMs?: number
      readonly status?: number
      /** Short, credential-free description. */
      readonly message: string
    }

/** Outcome of a request after all its retries. */
export type RetryResult<T = unknown> = AttemptResult<T> & {
  /** Attempts made, at least 1 unless the deadline had already passed. */
  readonly attempts: number
  /** True when the deadline stopped further attempts. */
  readonly timedOut: boolean
}

/** Everything an adapter gets besides the batch. */
export interface ExportContext {
  /**
   * Aborts when the flush deadline passes; pass it to `fetch`. Made on first read (a getter), so
   * pass the context itself on: a copy such as `{ ...context }` leaves it out.
   */
  readonly signal: AbortSignal
  /** Deadline as epoch ms on `clock`. */
  readonly deadline: number
  readonly clock: Clock
  readonly logger: DiagnosticLogger
  /** Variables (process env or Worker bindings) for fallbacks such as `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** The `fetch` to use; integrations may pass an uninstrumented one. */
  readonly fetch: typeof fetch
  /**
   * Runs `attempt` until it succeeds, fails for good, or the deadline comes,
   * with exponential backoff, full jitter and Retry-After.
   */
  retry<T>(attempt: (signal: AbortSignal, attemptNumber: number) => Promise<AttemptResult<T>>): Promise<RetryResult<T>>
}

/** What an adapter reports after one export. */
export interface ExportOutcome {
  /** Everything in the batch was accepted. */
  readonly ok: boolean
  /** Metrics accepted (defaults to `ok`); decides what a delta adapter acknowledges. */
  readonly metricsDelivered?: boolean
  /** Spans accepted (defaults to `ok`); undelivered spans are kept for the next flush, bounded. */
  readonly spansDelivered?: boolean
  /** Last HTTP status seen, if any. */
  readonly status?: number
  /** Short, credential-free description of a failure or warning. */
  readonly message?: string
  /** Requests (or documents) sent, retries included. */
  readonly attempts?: number
  /** True when the deadline cut the export short. */
  readonly timedOut?: boolean
  /** Points or spans the backend said it rejected (OTLP partial success). */
  readonly rejected?: number
}

/** A destination for telemetry. Build one with an adapter factory such as `otlp()`. */
export interface Adapter {
  /** Unique among a telemetry's adapters; used as the `adapter` label of lastcall's own metrics. */
  readonly name: string
  /** Cumulative adapters get totals; delta adapters get changes since their last successful export. */
  readonly temporality: Temporality
  /** Which signals the adapter takes. */
  readonly signals: { readonly metrics: boolean; readonly traces: boolean }
  /**
   * True when the adapter writes locally (stdout, EMF) with no network round
   * trip. Integrations that skip flushes to save latency (`flushEvery`)
   * still flush local adapters on every invocation.
   */
  readonly local?: boolean
  export(batch: ExportBatch, context: ExportContext): Promise<ExportOutcome>
  /**
   * Encodes `batch` the way `export` would and throws the result away, so the
   * JavaScript engine compiles the encoder before the first real flush (see
   * `prewarm` in `lastcall/lambda`). Sends and writes nothing and changes no
   * state a later export depends on. May throw; callers ignore what it throws.
   */
  warm?(batch: ExportBatch, context: ExportContext): void
  /** Called once by `telemetry.shutdown()`; e.g. deletes a Pushgateway group. */
  shutdown?(context: ExportContext): Promise<void>
}

/** Per-adapter part of a flush report. */
export interface AdapterReport {
  readonly adapter: string
  readonly ok: boolean
  readonly durationMs: number
  readonly attempts: number
  readonly timedOut: boolean
  readonly status?: number
  readonly message?: string
  /** Series points and spans handed to the adapter. */
  readonly points: number
  readonly spans: number
  readonly rejected?: number
}

/** What `telemetry.flush()` resolves to. It never rejects. */
export interface FlushReport {
  /** True when every adapter succeeded (also when there was nothing to send). */
  readonly ok: boolean
  readonly durationMs: number
  readonly adapters: readonly AdapterReport[]
}
