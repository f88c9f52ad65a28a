/**
 * EMF mode: encode, then hand each document to the line sink. A write that
 * throws before anything went out lets the flush engine keep the delta for
 * the next flush; once some documents are out, re-sending the batch would
 * count them twice, so the rest is reported as lost instead.
 */
import type { ExportBatch, ExportContext, ExportOutcome } from '../../src/index.js'
import { encodeEmf } from './emf-serializer.js'
import { defaultEmfWriter, prepareDefaultEmfWriter } from './emf-writer.js'
import type { ResolvedCloudWatchOptions } from './options.js'
import type { UnknownUnitHandler } from './unit-resolver.js'

/**
 * Writes the batch as EMF lines. Synchronous, as the writes are: the adapter's
 * async `export` makes the promise, and a second one would only add hooks and ticks.
 * @example exportEmf(batch, context, resolveCloudWatchOptions({ namespace: 'Checkout' }))
 */
export function exportEmf(batch: ExportBatch, context: ExportContext, options: ResolvedCloudWatchOptions, onUnknownUnit?: UnknownUnitHandler): ExportOutcome {
  return writeEmf(batch, context, options, options.write ?? defaultEmfWriter(), onUnknownUnit)
}

/**
 * Encodes the batch and drops the documents; sets up the default line sink
 * (Node makes `process.stdout` on first use) without writing to it.
 * @example warmEmf(batch, context, resolveCloudWatchOptions({ namespace: 'Checkout' }))
 */
export function warmEmf(batch: ExportBatch, context: ExportContext, options: ResolvedCloudWatchOptions): void {
  // The export's own path, into a sink that keeps nothing, so the first real flush finds all of it compiled.
  writeEmf(batch, context, options, discard)
  if (options.write === undefined) prepareDefaultEmfWriter()
}

/** Encodes the batch and hands each document to `write`; the outcome `exportEmf` reports. */
function writeEmf(batch: ExportBatch, context: ExportContext, options: ResolvedCloudWatchOptions, write: (line: string) => void, onUnknownUnit?: UnknownUnitHandler): ExportOutcome {
  const { documents, drops } = encodeEmf(batch, options, onUnknownUnit === undefined ? { nowMs: context.clock.now() } : { nowMs: context.clock.now(), onUnknownUnit })
  let written = 0
  try {
    for (const document of documents) {
      write(document)
      written++
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const lost = documents.length - written
    const message = [`EMF write failed after ${written} of ${documents.length} documents: ${reason}`, written > 0 ? `${lost} documents lost` : undefined, drops.describe()]
    return { ok: false, metricsDelivered: written > 0, attempts: written + 1, message: message.filter((part) => part !== undefined).join('; ') }
  }
  const message = drops.describe()
  return message === undefined ? { ok: true, attempts: documents.length } : { ok: true, attempts: documents.length, message }
}

function discard(): void {}
