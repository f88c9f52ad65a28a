/**
 * A request body from the blocks of its groups: laid out side by side,
 * where the same series in the same order were last flush, so that a
 * steady flush copies no label bytes at all and only writes each series'
 * value and timestamp.
 */
import { int64At } from '../shared/varint.js'
import type { SeriesBlock } from './series-block.js'
import type { StampedGroup } from './series-ledger.js'

/** A timestamp's varint, written once per group and copied into each series; only used within one call. */
const stampBytes = new Uint8Array(10)
const stampView = new DataView(stampBytes.buffer)
const zeroBytes = new Uint8Array(10)

/**
 * The body of a request made of `blocks` in order, still holding the
 * values and timestamps the blocks were last written with. Blocks that are
 * already side by side in one buffer, as the same series in the same order
 * were last flush, are used where they are; otherwise they are copied into
 * a new buffer and point into it from then on, so the next flush finds
 * them in place and copies nothing. An old buffer is freed once no block
 * points into it.
 * @example const body = layOutBlocks(chunk.map(seriesBlock))
 */
export function layOutBlocks(blocks: readonly SeriesBlock[]): Uint8Array {
  const first = blocks[0]?.bytes
  if (first === undefined) return new Uint8Array(0)
  let end = first.byteOffset
  let inPlace = true
  for (const { bytes } of blocks) {
    if (inPlace && (bytes.buffer !== first.buffer || bytes.byteOffset !== end)) inPlace = false
    end += bytes.length
  }
  const size = end - first.byteOffset
  if (inPlace) return new Uint8Array(first.buffer, first.byteOffset, size)
  const body = new Uint8Array(size)
  let pos = 0
  for (const block of blocks) {
    const length = block.bytes.length
    body.set(block.bytes, pos)
    block.bytes = body.subarray(pos, pos + length)
    pos += length
  }
  return body
}

/**
 * Writes the group's values and timestamps over those in its block's
 * series, which start at `pos` in `body` (`view` views `body`); returns
 * where the next block starts.
 * @example pos = writeSamples(block, stamped, body, view, pos)
 */
export function writeSamples(block: SeriesBlock, stamped: StampedGroup, body: Uint8Array, view: DataView, pos: number): number {
  const { valueAt, msSize, zeroSize } = block
  const { values } = stamped.group
  // The same varints `ProtoWriter.int64` wrote into the block.
  int64At(stampBytes, 0, stamped.ms)
  if (zeroSize > 0) int64At(zeroBytes, 0, stamped.zeroMs as number)
  // An epoch-ms timestamp is 6 bytes (until 2039): one 4-byte store and one 2-byte store, not six byte stores.
  const word = stampView.getUint32(0, true)
  const half = stampView.getUint16(4, true)
  for (let i = 0; i < valueAt.length; i++) {
    const at = pos + (valueAt[i] as number)
    const value = values[i] as number
    // Any NaN goes out as the quiet NaN 0x7ff8000000000000, as `ProtoWriter.quietDouble` writes it, never a stale marker.
    if (value !== value) {
      view.setUint32(at, 0, true)
      view.setUint32(at + 4, 0x7ff80000, true)
    } else {
      view.setFloat64(at, value, true)
    }
    if (msSize === 6) {
      view.setUint32(at + 9, word, true)
      view.setUint16(at + 13, half, true)
    } else {
      for (let k = 0, t = at + 9; k < msSize; k++) body[t++] = stampBytes[k] as number
    }
    // The zero sample sits right before this one: its timestamp ends 3 bytes before the double (sample tag, length, value tag).
    for (let k = 0, t = at - 3 - zeroSize; k < zeroSize; k++) body[t++] = zeroBytes[k] as number
  }
  return pos + block.bytes.length
}
