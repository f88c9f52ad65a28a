/**
 * The OTLP/HTTP adapter: spans to `/v1/traces` and metrics to `/v1/metrics`,
 * in protobuf or JSON, each signal its own request with its own outcome.
 */
import { describeError, type Adapter, type ExportBatch, type ExportContext, type ExportOutcome } from '../../src/index.js'
import { exportMetrics, exportTraces, warmSignals, type SignalResult } from './export-signals.js'
import { validateOtlpOptions, type OtlpOptions } from './options.js'

/** Distinct configuration warnings kept per adapter, so a bad variable is reported once, not every flush. */
const MAX_REMEMBERED_WARNINGS = 32

/**
 * Creates an OTLP/HTTP adapter. Options left out fall back to the standard
 * `OTEL_EXPORTER_OTLP_*` variables of the flush's env, then to OTLP defaults.
 * Throws OptionsError for invalid options.
 * @example
 * createTelemetry({ service: 'checkout', adapters: [otlp({ endpoint: 'https://otel.example.com', compression: 'gzip' })] })
 */
export function otlp(options: OtlpOptions = {}): Adapter {
  const resolved = validateOtlpOptions(options)
  const warned = new Set<string>()
  return {
    name: resolved.name,
    temporality: resolved.temporality,
    signals: resolved.signals,
    async export(batch: ExportBatch, context: ExportContext): Promise<ExportOutcome> {
      const warn = (message: string): void => {
        if (warned.has(message) || warned.size >= MAX_REMEMBERED_WARNINGS) return
        warned.add(message)
        context.logger.warn(`otlp: ${message}`)
      }
      try {
        const [traces, metrics] = await Promise.all([
          resolved.signals.traces ? exportTraces(batch, context, resolved, warn) : undefined,
          resolved.signals.metrics ? exportMetrics(batch, context, resolved, warn) : undefined,
        ])
        return combine(traces, metrics)
      } catch (error) {
        // Encoding bugs must not escape into the flush; report and keep the data for a retry.
        return { ok: false, metricsDelivered: false, spansDelivered: false, message: `otlp: ${describeError(error)}` }
      }
    },
    warm(batch: ExportBatch, context: ExportContext): void {
      warmSignals(batch, context, resolved)
    },
  }
}

/** Folds the two signals' results into one outcome; a missing signal had nothing to send. */
function combine(traces: SignalResult | undefined, metrics: SignalResult | undefined): ExportOutcome {
  const parts = [
    ['traces', traces],
    ['metrics', metrics],
  ] as const
  const spansDelivered = traces?.delivered ?? true
  const metricsDelivered = metrics?.delivered ?? true
  const rejected = (traces?.rejected ?? 0) + (metrics?.rejected ?? 0)
  const dropped = (traces?.dropped ?? 0) + (metrics?.dropped ?? 0)
  const messages = parts.flatMap(([signal, r]) => (r?.message === undefined ? [] : [`${signal}: ${r.message}`]))
  // The status of a failed signal says more than the other's 200.
  const status = [traces, metrics].find((r) => r !== undefined && !r.delivered)?.status ?? metrics?.status ?? traces?.status
  const outcome: ExportOutcome = {
    ok: spansDelivered && metricsDelivered && rejected === 0 && dropped === 0,
    spansDelivered,
    metricsDelivered,
    attempts: (traces?.attempts ?? 0) + (metrics?.attempts ?? 0),
    timedOut: (traces?.timedOut ?? false) || (metrics?.timedOut ?? false),
    ...(status === undefined ? {} : { status }),
    ...(messages.length === 0 ? {} : { message: messages.join('; ') }),
    ...(rejected === 0 ? {} : { rejected }),
  }
  return outcome
}
