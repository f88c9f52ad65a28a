/**
 * From stamped groups to requests: split into bounded chunks (a histogram
 * point never straddles two), encode, compress, send with the remote-write
 * retry rule, and tell the ledger how each request ended.
 */
import { describeError, type AttemptResult, type ExportContext, type RetryResult } from '../../src/index.js'
import { remoteWriteRetry, sendOnce, type HttpSuccess } from '../shared/http.js'
import type { SeriesLedger, Settlement, StampedGroup } from './series-ledger.js'
import { snappyCompress } from './snappy.js'
import { layOutBlocks, writeSamples } from './request-body.js'
import { seriesBlock, type SeriesBlock } from './series-block.js'

/** Upper bound of the uncompressed bytes per request by default; receivers commonly refuse bodies far below 2 GB, some at a few MB. */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024

/**
 * Cuts groups into chunks of at most `maxSamples` samples and `maxBytes`
 * uncompressed bytes (long label values make few samples large);
 * a group larger than either limit travels alone.
 */
export function splitGroups(groups: readonly StampedGroup[], maxSamples: number, maxBytes = DEFAULT_MAX_REQUEST_BYTES): StampedGroup[][] {
  const chunks: StampedGroup[][] = []
  let chunk: StampedGroup[] = []
  let samples = 0
  let bytes = 0
  for (const stamped of groups) {
    const size = stamped.group.values.length * (stamped.zeroMs === undefined ? 1 : 2)
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

/** Encoded size of a group: its block, which `encodeChunk` then reuses. */
function groupBytes(stamped: StampedGroup): number {
  return seriesBlock(stamped).bytes.length
}

/** The WriteRequest body of one chunk, snappy block compressed. */
export function encodeChunk(chunk: readonly StampedGroup[]): Uint8Array {
  const blocks = chunk.map(seriesBlock)
  const body = layOutBlocks(blocks)
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  let pos = 0
  for (let g = 0; g < chunk.length; g++) pos = writeSamples(blocks[g] as SeriesBlock, chunk[g] as StampedGroup, body, view, pos)
  return snappyCompress(body)
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
