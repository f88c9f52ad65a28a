/**
 * One signal's export: resolve where and how to send, encode within the
 * size cap, send. Traces and metrics are separate requests (OT-1), so each
 * reports its own delivery.
 */
import type { ExportBatch, ExportContext, MetricData, SpanData } from '../../src/index.js'
import { encodeInChunks, halveMetrics, halveSpans, type Chunks } from './chunks.js'
import { resolveSignal } from './config.js'
import { encodeMetricsJson } from './json-metrics.js'
import { encodeTracesJson } from './json-traces.js'
import { countPoints } from './metric-model.js'
import type { ValidatedOtlpOptions } from './options.js'
import { encodeMetricsProto } from './proto-metrics.js'
import { encodeTracesProto } from './proto-traces.js'
import { sendBodies, type SendResult } from './transport.js'

/** A signal's result, with what the size cap made it drop. */
export interface SignalResult extends SendResult {
  readonly dropped: number
}

function dropMessage(chunks: Chunks, what: string, maxBytes: number): string {
  return `dropped ${chunks.dropped} ${what}: alone they encode to ${chunks.largestDropped} bytes, over the ${maxBytes}-byte request cap (OT-5)`
}

async function finish(
  context: ExportContext,
  chunks: Chunks,
  what: 'spans' | 'data points',
  maxBytes: number,
  run: (bodies: readonly Uint8Array[]) => Promise<SendResult>,
): Promise<SignalResult> {
  if (chunks.dropped > 0) context.logger.warn(`otlp: ${dropMessage(chunks, what, maxBytes)}`)
  const sent = chunks.bodies.length > 0 ? await run(chunks.bodies) : { delivered: true, attempts: 0, timedOut: false, rejected: 0 }
  if (chunks.dropped === 0) return { ...sent, dropped: 0 }
  const message = [sent.message, dropMessage(chunks, what, maxBytes)].filter((m) => m !== undefined).join('; ')
  return { ...sent, dropped: chunks.dropped, message }
}

/**
 * Sends the batch's spans, or resolves to undefined when there are none (OT-7).
 * @example await exportTraces(batch, context, options, warn)
 */
export async function exportTraces(
  batch: ExportBatch,
  context: ExportContext,
  options: ValidatedOtlpOptions,
  warn: (message: string) => void,
): Promise<SignalResult | undefined> {
  if (batch.spans.length === 0) return undefined
  const config = resolveSignal(options, context.env, 'traces', warn)
  const encode = config.encoding === 'json' ? encodeTracesJson : encodeTracesProto
  const chunks = encodeInChunks<readonly SpanData[]>(batch.spans, (spans) => encode(batch.resource, spans), options.maxRequestBytes, halveSpans, (s) => s.length)
  return finish(context, chunks, 'spans', options.maxRequestBytes, (bodies) => sendBodies(context, config, 'spans', bodies, warn))
}

/**
 * Sends the batch's metric points, or resolves to undefined when there are none (OT-7).
 * @example await exportMetrics(batch, context, options, warn)
 */
export async function exportMetrics(
  batch: ExportBatch,
  context: ExportContext,
  options: ValidatedOtlpOptions,
  warn: (message: string) => void,
): Promise<SignalResult | undefined> {
  if (countPoints(batch.metrics) === 0) return undefined
  const config = resolveSignal(options, context.env, 'metrics', warn)
  const encode = config.encoding === 'json' ? encodeMetricsJson : encodeMetricsProto
  const chunks = encodeInChunks<readonly MetricData[]>(
    batch.metrics,
    (metrics) => encode(batch.resource, metrics, batch.temporality),
    options.maxRequestBytes,
    halveMetrics,
    countPoints,
  )
  return finish(context, chunks, 'data points', options.maxRequestBytes, (bodies) => sendBodies(context, config, 'data points', bodies, warn))
}

/**
 * Encodes the batch's spans and points in the configured encoding, as the
 * two exports above would, and drops the bodies: nothing is sent or logged.
 * @example warmSignals(batch, context, options)
 */
export function warmSignals(batch: ExportBatch, context: ExportContext, options: ValidatedOtlpOptions): void {
  const quiet = (): void => {}
  if (options.signals.traces && batch.spans.length > 0) {
    const { encoding } = resolveSignal(options, context.env, 'traces', quiet)
    if (encoding === 'json') encodeTracesJson(batch.resource, batch.spans)
    else encodeTracesProto(batch.resource, batch.spans)
  }
  if (options.signals.metrics && countPoints(batch.metrics) > 0) {
    const { encoding } = resolveSignal(options, context.env, 'metrics', quiet)
    if (encoding === 'json') encodeMetricsJson(batch.resource, batch.metrics, batch.temporality)
    else encodeMetricsProto(batch.resource, batch.metrics, batch.temporality)
  }
}
