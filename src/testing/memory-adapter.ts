/**
 * An adapter that keeps what was flushed, for lastcall's tests and users'
 * own. It can be told to fail, to test what happens when a backend is down.
 */
import type { Adapter, ExportBatch, ExportOutcome, Temporality } from '../index.js'

export interface MemoryAdapterOptions {
  readonly name?: string
  readonly temporality?: Temporality
  readonly signals?: { readonly metrics: boolean; readonly traces: boolean }
  /** Behave like a local (stdout) adapter, flushed even when an integration skips network flushes. */
  readonly local?: boolean
}

/** The adapter, plus what it received. */
export interface MemoryAdapter extends Adapter {
  /** Every batch received, accepted or not, in order. */
  readonly batches: ExportBatch[]
  /** Makes the next exports fail (`'retryable'` or `'permanent'`) until set back to `undefined`. */
  failWith: 'retryable' | 'permanent' | undefined
  /** Latest value of a counter or gauge series among accepted batches (cumulative), or the sum of deltas. */
  value(name: string, labels?: Readonly<Record<string, string>>): number | undefined
  /** All spans of accepted batches. */
  spans(): ExportBatch['spans'][number][]
  clear(): void
}

/**
 * @example
 * const memory = memoryAdapter()
 * const telemetry = createTelemetry({ adapters: [memory] })
 * await telemetry.flush(); expect(memory.value('jobs_total')).toBe(1)
 */
export function memoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const accepted: ExportBatch[] = []
  const adapter: MemoryAdapter = {
    name: options.name ?? 'memory',
    temporality: options.temporality ?? 'cumulative',
    signals: options.signals ?? { metrics: true, traces: true },
    ...(options.local === true ? { local: true } : {}),
    batches: [],
    failWith: undefined,
    async export(batch: ExportBatch, context): Promise<ExportOutcome> {
      adapter.batches.push(batch)
      const failWith = adapter.failWith
      if (failWith !== undefined) {
        const result = await context.retry(async () => ({ ok: false as const, retryable: failWith === 'retryable', message: `memory adapter told to fail (${failWith})` }))
        return { ok: false, attempts: result.attempts, timedOut: result.timedOut, message: result.ok ? '' : result.message }
      }
      accepted.push(batch)
      return { ok: true, attempts: 1 }
    },
    value(name, labels = {}) {
      let total: number | undefined
      const wanted = JSON.stringify(Object.entries(labels).sort())
      for (const batch of accepted) {
        for (const metric of batch.metrics) {
          if (metric.name !== name || metric.kind === 'histogram') continue
          for (const point of metric.points) {
            if (JSON.stringify(Object.entries(point.labels).sort()) !== wanted) continue
            total = batch.temporality === 'delta' && metric.kind === 'counter' ? (total ?? 0) + point.value : point.value
          }
        }
      }
      return total
    },
    spans: () => accepted.flatMap((b) => b.spans),
    clear() {
      adapter.batches.length = 0
      accepted.length = 0
    },
  }
  return adapter
}
