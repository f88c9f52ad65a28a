/**
 * The encoded TimeSeries messages of one point, side by side, kept on the
 * point's ledger state across flushes. Labels do not change from one flush
 * to the next, and a sample is fixed-width once its timestamp's varint
 * length is known, so a flush reuses the block and writes only values and
 * timestamps into it (see `request-body.ts`) instead of encoding anew.
 */
import type { LabelPair } from './labels.js'
import { ProtoWriter } from '../shared/proto-writer.js'
import { varintSize } from '../shared/varint.js'
import type { Extras } from './label-cache.js'
import type { StampedGroup } from './series-ledger.js'
import { writeLabels, writeSample } from './write-request.js'

/** One point's series as encoded for some timestamps of the same varint lengths. */
export interface SeriesBlock {
  readonly base: readonly LabelPair[]
  /** Replaced by an equal newer array, so that next flush identity answers. */
  extras: Extras
  /** Its own buffer when new; then a view into the last request body it was laid out in (see `layOutBlocks`). */
  bytes: Uint8Array
  /** Where each series' sample double starts; the sample's timestamp follows its tag, 9 bytes on. */
  readonly valueAt: Int32Array
  readonly msSize: number
  /** Varint length of the zero sample's timestamp; 0 when there is no zero sample. */
  readonly zeroSize: number
  /** The stamped group it was last checked against: sizing and writing a request check once. */
  checked: StampedGroup | undefined
}

/**
 * The block of a stamped group, for sizing and writing. Cached on the
 * group's ledger state, so it lives exactly as long as the series does; a
 * base that is not frozen could change in place, so its block is built
 * anew every time.
 * @example const size = seriesBlock(stamped).bytes.length
 */
export function seriesBlock(stamped: StampedGroup): SeriesBlock {
  const cached = stamped.state.block
  if (cached !== undefined && (cached.checked === stamped || fits(cached, stamped))) {
    cached.checked = stamped
    return cached
  }
  const block = buildBlock(stamped)
  stamped.state.block = Object.isFrozen(block.base) ? block : undefined
  return block
}

function fits(block: SeriesBlock, { group, ms, zeroMs }: StampedGroup): boolean {
  if (block.base !== group.base || varintSize(ms) !== block.msSize) return false
  if ((zeroMs === undefined ? 0 : varintSize(zeroMs)) !== block.zeroSize) return false
  if (block.extras === group.extras) return true
  if (!sameExtras(block.extras, group.extras)) return false
  block.extras = group.extras
  return true
}

function buildBlock(stamped: StampedGroup): SeriesBlock {
  const { group, ms, zeroMs } = stamped
  const { base, extras, values } = group
  const w = new ProtoWriter(128 * extras.length)
  const valueAt = new Int32Array(extras.length)
  const msSize = varintSize(ms)
  for (let i = 0; i < extras.length; i++) {
    const mark = w.fork(1)
    writeLabels(w, base, extras[i] as readonly LabelPair[])
    if (zeroMs !== undefined) writeSample(w, 0, zeroMs)
    writeSample(w, values[i] as number, ms)
    w.join(mark)
    // Counted back from the end: `join` may have moved the message to widen its length.
    valueAt[i] = w.length - msSize - 9
  }
  const zeroSize = zeroMs === undefined ? 0 : varintSize(zeroMs)
  return { base, extras, bytes: w.finish(), valueAt, msSize, zeroSize, checked: stamped }
}

function sameExtras(a: Extras, b: Extras): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!samePairs(a[i] as readonly LabelPair[], b[i] as readonly LabelPair[])) return false
  return true
}

function samePairs(a: readonly LabelPair[], b: readonly LabelPair[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as LabelPair
    const y = b[i] as LabelPair
    if (x !== y && (x[0] !== y[0] || x[1] !== y[1])) return false
  }
  return true
}
