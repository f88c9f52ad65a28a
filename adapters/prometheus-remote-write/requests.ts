/**
 * From stamped groups to requests: split into bounded chunks (a histogram
 * point never straddles two), encode, compress, send with the remote-write
 * retry rule, and tell the ledger how each request ended.
 */
import { describeError, type AttemptResult, type ExportContext, type RetryResult } from '../../src/index.js'
import { remoteWriteRetry, sendOnce, type HttpSuccess } from '../shared/http.js'
import type { SeriesLedger, Settlement, StampedGroup } from './series-ledger.js'
import { snappyCompress } from './snappy.js'
import { ProtoWriter } from './protobuf.js'
import { writeLabels, writeSample } from './write-request.js'

/** Upper bound of the uncompressed bytes per request by default; receivers commonly refuse bodies far below 2 GB, some at a few MB. */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024

/**
 * Cuts groups into chunks of at most `maxSamples` samples and about
 * `maxBytes` uncompressed bytes (long label values make few samples large);
 * a group larger than either limit travels alone.
 */
export function splitGroups(groups: readonly StampedGroup[], maxSamples: number, maxBytes = DEFAULT_MAX_REQUEST_BYTES): StampedGroup[][] {
  const chunks: StampedGroup[][] = []
  let chunk: StampedGroup[] = []
  let samples = 0
  let bytes = 0
  for (const stamped of groups) {
    const size = stamped.group.series.length * (stamped.zeroMs === undefined ? 1 : 2)
    const weight = groupBytes(stamped)
    if (chunk.length > 0 && (samples + size > maxSamples || bytes + weight > maxBytes)) {
      chunks.push(chunk)
      chunk = []
      samples = 0
      bytes = 0
    }
    chunk.push(stamped)
    samples += size
    bytes += weight
  }
  if (chunk.length > 0) chunks.push(chunk)
  return chunks
}

/** Estimated encoded size of a group: label text plus framing and samples (UTF-16 length stands in for UTF-8 bytes). */
function groupBytes(stamped: StampedGroup): number {
  let bytes = 0
  for (const one of stamped.group.series) {
    bytes += 24 + (stamped.zeroMs === undefined ? 0 : 20)
    for (const [name, value] of one.base) bytes += name.length + value.length + 6
    for (const [name, value] of one.extra) bytes += name.length + value.length + 6
  }
  return bytes
}

/** The WriteRequest body of one chunk, snappy block compressed. */
export function encodeChunk(chunk: readonly StampedGroup[]): Uint8Array {
  let count = 0
  for (const { group } of chunk) count += group.series.length
  const w = new ProtoWriter(256 + count * 160)
  for (const { group, zeroMs, ms } of chunk) {
    for (const one of group.series) {
      w.tag(1, 2)
      const mark = w.fork()
      writeLabels(w, one.base, one.extra)
      if (zeroMs !== undefined) writeSample(w, 0, zeroMs)
      writeSample(w, one.value, ms)
      w.join(mark)
    }
  }
  return snappyCompress(w.finish())
}

/** Where a chunk goes and with which headers. */
export interface ChunkTarget {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
}

/** Sends one chunk with retries and settles its groups in the ledger. */
export async function sendChunk(chunk: readonly StampedGroup[], target: ChunkTarget, context: ExportContext, ledger: SeriesLedger): Promise<RetryResult<HttpSuccess>> {
  const request = { url: target.url, method: 'POST' as const, headers: { ...target.headers }, body: encodeChunk(chunk), retry: remoteWriteRetry }
  let uncertain = false
  const result = await context.retry(async (signal): Promise<AttemptResult<HttpSuccess>> => {
    try {
      const attempt = await sendOnce(context, request, signal)
      // A non-retryable 4xx may have been ingested in part (RW-16); 5xx and 429 were not.
      if (!attempt.ok && !attempt.retryable) uncertain = true
      return attempt
    } catch (error) {
      if (!neverReachedServer(error)) uncertain = true
      return { ok: false, retryable: true, message: describeError(error) }
    }
  })
  ledger.settle(chunk, settlement(result.ok, uncertain))
  return result
}

function settlement(ok: boolean, uncertain: boolean): Settlement {
  if (ok) return 'delivered'
  return uncertain ? 'uncertain' : 'not-ingested'
}

/** A refused connection or an unknown host proves the body never left; anything else might have arrived. */
function neverReachedServer(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
}
