/**
 * From stamped groups to requests: split into bounded chunks (a histogram
 * point never straddles two), encode, compress, send with the remote-write
 * retry rule, and tell the ledger how each request ended.
 */
import { describeError, type AttemptResult, type ExportContext, type RetryResult } from '../../src/index.js'
import { remoteWriteRetry, sendOnce, type HttpSuccess } from '../shared/http.js'
import type { SeriesLedger, Settlement, StampedGroup } from './series-ledger.js'
import { scratch } from './scratch.js'
import { snappyCompress } from './snappy.js'
import { ProtoWriter } from './protobuf.js'
import { pushLabelBytes, sampleFrame, timeSeriesSize, writeTimeSeries, type SampleFrame } from './write-request.js'

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

/** Estimated encoded size of a group: its encoded labels (cached, so `encodeChunk` reuses them) plus framing and samples. */
function groupBytes(stamped: StampedGroup): number {
  const labels: Uint8Array[] = []
  pushLabelBytes(stamped.group.series, labels)
  let bytes = 0
  for (const one of labels) bytes += 24 + (stamped.zeroMs === undefined ? 0 : 20) + one.length
  return bytes
}

/** The WriteRequest body of one chunk, snappy block compressed. */
export function encodeChunk(chunk: readonly StampedGroup[]): Uint8Array {
  // Sizing the buffer exactly first spares a growth copy of the whole request.
  const labels: Uint8Array[] = []
  const frames: SampleFrame[] = []
  let frame: SampleFrame | undefined
  let size = 0
  for (const { group, zeroMs, ms } of chunk) {
    frame = sampleFrame(ms, zeroMs, frame)
    frames.push(frame)
    const first = labels.length
    pushLabelBytes(group.series, labels)
    for (let i = first; i < labels.length; i++) size += timeSeriesSize((labels[i] as Uint8Array).length, frame)
  }
  // The body only lives until it is compressed, so it can go in a reused buffer.
  const w = new ProtoWriter(scratch(0, size))
  let n = 0
  for (let g = 0; g < chunk.length; g++) {
    const groupFrame = frames[g] as SampleFrame
    for (const one of (chunk[g] as StampedGroup).group.series) writeTimeSeries(w, labels[n++] as Uint8Array, one.value, groupFrame)
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
