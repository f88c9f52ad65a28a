/** The console adapter: what lastcall uses when no adapter is given, and a debugging aid. */
import type { Adapter, ExportBatch, ExportOutcome } from '../../src/index.js'
import { prettyBatch } from './format.js'

export interface ConsoleAdapterOptions {
  /** `pretty` (default): a readable summary; `json`: one JSON line per flush. */
  readonly format?: 'pretty' | 'json'
  /** Where lines go; default `console.log`. */
  readonly write?: (text: string) => void
  /** Leave metrics out (only spans). */
  readonly metrics?: boolean
  /** Leave spans out (only metrics). */
  readonly traces?: boolean
  readonly name?: string
}

/**
 * Prints each flush.
 * @example createTelemetry({ adapters: [consoleAdapter({ format: 'json' })] })
 */
export function consoleAdapter(options: ConsoleAdapterOptions = {}): Adapter {
  const name = options.name ?? 'console'
  const write = options.write ?? ((text: string) => console.log(text))
  const json = options.format === 'json'
  const render = (batch: ExportBatch): string => (json ? JSON.stringify(toJson(batch)) : prettyBatch(batch, name))
  return {
    name,
    temporality: 'cumulative',
    signals: { metrics: options.metrics !== false, traces: options.traces !== false },
    local: true,
    async export(batch: ExportBatch): Promise<ExportOutcome> {
      write(render(batch))
      return { ok: true, attempts: 1 }
    },
    warm(batch: ExportBatch): void {
      render(batch)
    },
  }
}

function toJson(batch: ExportBatch): unknown {
  return {
    time: new Date(batch.timeMs).toISOString(),
    resource: batch.resource.attributes,
    metrics: batch.metrics.map((m) => ({ name: m.name, kind: m.kind, unit: m.unit, points: m.points.map(({ key: _key, ...p }) => p) })),
    spans: batch.spans.map((s) => ({
      traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId, name: s.name, kind: s.kind,
      startTimeMs: s.startTimeMs, endTimeMs: s.endTimeMs, attributes: s.attributes, status: s.status,
      events: s.events, links: s.links,
    })),
  }
}
