/**
 * The Prometheus remote-write 1.0 adapter: each flush re-sends every
 * series' cumulative total, labelled with `job` and the instance id, so
 * concurrent instances never write the same series and a failed push is
 * made whole by the next one.
 */
import type { Adapter, ExportBatch, ExportContext, ExportOutcome, RetryResult } from '../../src/index.js'
import type { HttpSuccess } from '../shared/http.js'
import { createSerialQueue, TURN_ABORTED } from '../shared/serial.js'
import { resolveRemoteWriteOptions, type RemoteWriteOptions, type ResolvedRemoteWriteOptions } from './options.js'
import { encodeChunk, sendChunk, splitGroups } from './requests.js'
import { SeriesLedger, type StampedGroup } from './series-ledger.js'
import { seriesGroups } from './series.js'

/** Requests of one flush in flight at once; they never share a series. */
const PARALLEL_REQUESTS = 4

/**
 * Makes a remote-write adapter. Options are checked at once.
 * @example
 * const telemetry = createTelemetry({
 *   service: 'checkout',
 *   adapters: [remoteWrite({ url: 'https://prometheus.example/api/v1/write', bearerToken: token })],
 * })
 */
export function remoteWrite(options: RemoteWriteOptions): Adapter {
  const resolved = resolveRemoteWriteOptions(options)
  const ledger = new SeriesLedger()
  // One export at a time per adapter: two flushes must not carry one series concurrently (RW-17).
  const queue = createSerialQueue()
  return {
    name: resolved.name,
    temporality: 'cumulative',
    signals: { metrics: true, traces: false },
    async export(batch: ExportBatch, context: ExportContext): Promise<ExportOutcome> {
      const outcome = await queue.run(() => exportBatch(batch, context, resolved, ledger), context.signal)
      if (outcome !== TURN_ABORTED) return outcome
      return { ok: false, timedOut: true, attempts: 0, message: 'the previous export through this adapter was still running at the flush deadline' }
    },
    warm(batch: ExportBatch): void {
      // A ledger of its own: the warm-up's series must not count as sent, nor its caches stay behind.
      for (const chunk of chunksOf(batch, resolved, new SeriesLedger())) encodeChunk(chunk)
    },
  }
}

/** The batch's series, stamped against `ledger` and split into requests. */
function chunksOf(batch: ExportBatch, resolved: ResolvedRemoteWriteOptions, ledger: SeriesLedger): StampedGroup[][] {
  const job = resolved.job ?? batch.resource.serviceName
  const instanceKey = `${job}\u0000${batch.resource.instanceId}`
  const labelCache = ledger.labelCache(instanceKey)
  const groups = seriesGroups(batch.metrics, { job, instance: batch.resource.instanceId, external: resolved.labels }, labelCache)
  if (groups.length === 0) return []
  return splitGroups(ledger.stamp(instanceKey, groups, labelCache), resolved.maxSamplesPerRequest)
}

async function exportBatch(batch: ExportBatch, context: ExportContext, resolved: ResolvedRemoteWriteOptions, ledger: SeriesLedger): Promise<ExportOutcome> {
  const chunks = chunksOf(batch, resolved, ledger)
  if (chunks.length === 0) return { ok: true, attempts: 0 }
  const results: RetryResult<HttpSuccess>[] = new Array(chunks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const index = next++
      results[index] = await sendChunk(chunks[index] ?? [], resolved, context, ledger)
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, chunks.length) }, worker))
  return summarize(results)
}

/** One outcome for all requests of a flush; the first failure explains it. */
function summarize(results: readonly RetryResult<HttpSuccess>[]): ExportOutcome {
  const failed = results.filter((r) => !r.ok)
  const attempts = results.reduce((sum, r) => sum + r.attempts, 0)
  const timedOut = results.some((r) => r.timedOut)
  const first = failed[0]
  if (first === undefined || first.ok) return { ok: true, attempts, status: results[results.length - 1]?.status ?? 204 }
  const prefix = results.length > 1 ? `${failed.length} of ${results.length} requests failed; first: ` : ''
  const outcome = { ok: false, attempts, timedOut, message: prefix + first.message }
  return first.status === undefined ? outcome : { ...outcome, status: first.status }
}
