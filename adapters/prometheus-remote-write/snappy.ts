/**
 * Snappy *block* compression (google/snappy format_description.txt), the
 * only flavour remote-write accepts; never the framed format. A greedy
 * LZ77 over 64 KiB blocks with a hash table of 4-byte sequences, like the
 * reference compressor, so copy offsets always fit in two bytes.
 */

import { scratch } from '../shared/scratch.js'

const BLOCK_SIZE = 1 << 16
/** Shorter blocks are sent as one literal: matching cannot pay for itself. */
const MIN_MATCH_INPUT = 15
const MAX_HASH_BITS = 14
const HASH_MULTIPLIER = 0x1e35a7bd

/**
 * Compresses `input` into a snappy block: the uncompressed length as a
 * varint, then literal and copy elements.
 * @example const body = snappyCompress(new TextEncoder().encode('hello hello hello'))
 */
export function snappyCompress(input: Uint8Array): Uint8Array {
  // Worst case size; a reused buffer, since only the bytes written are copied out.
  const out = scratch('snappy', 32 + input.length + Math.ceil(input.length / 6))
  let op = 0
  for (let rest = input.length; ; rest = Math.floor(rest / 0x80)) {
    if (rest < 0x80) {
      out[op++] = rest
      break
    }
    out[op++] = (rest % 0x80) | 0x80
  }
  const table = new Uint16Array(1 << hashBits(Math.min(input.length, BLOCK_SIZE)))
  for (let start = 0; start < input.length; start += BLOCK_SIZE) {
    const end = Math.min(input.length, start + BLOCK_SIZE)
    op = end - start < MIN_MATCH_INPUT ? emitLiteral(input, start, end, out, op) : compressBlock(input, start, end, out, op, table)
  }
  return out.slice(0, op)
}

function hashBits(length: number): number {
  let bits = 8
  while (bits < MAX_HASH_BITS && 1 << bits < length) bits++
  return bits
}

/** One block. Table entries are positions relative to `start`, so they fit 16 bits. */
function compressBlock(input: Uint8Array, start: number, end: number, out: Uint8Array, op: number, table: Uint16Array): number {
  table.fill(0)
  // Unaligned little-endian 4-byte loads in one call each, instead of four byte reads and shifts.
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength)
  const shift = 32 - Math.log2(table.length)
  // Leave room for 4-byte loads past a match end.
  const limit = end - MIN_MATCH_INPUT + 1
  let emitFrom = start
  let ip = start + 1
  while (ip < limit) {
    // Skip faster through data that does not compress (the reference's heuristic).
    let skip = 32
    let candidate = 0
    for (;;) {
      const word = view.getInt32(ip, true)
      const h = Math.imul(word, HASH_MULTIPLIER) >>> shift
      candidate = start + (table[h] as number)
      table[h] = ip - start
      if (view.getInt32(candidate, true) === word && candidate < ip) break
      // As in the reference, each miss grows the step by a 32nd: data that does not compress is crossed ever faster.
      const step = skip >> 5
      skip += step
      ip += step
      if (ip >= limit) return emitLiteral(input, emitFrom, end, out, op)
    }
    op = emitLiteral(input, emitFrom, ip, out, op)
    // Emit copies for as long as the next position matches too.
    let word = 0
    do {
      const length = 4 + matchLength(view, candidate + 4, ip + 4, end)
      op = emitCopy(ip - candidate, length, out, op)
      ip += length
      emitFrom = ip
      if (ip >= limit) return emitLiteral(input, emitFrom, end, out, op)
      table[Math.imul(view.getInt32(ip - 1, true), HASH_MULTIPLIER) >>> shift] = ip - 1 - start
      word = view.getInt32(ip, true)
      const h = Math.imul(word, HASH_MULTIPLIER) >>> shift
      candidate = start + (table[h] as number)
      table[h] = ip - start
    } while (view.getInt32(candidate, true) === word)
    ip++
  }
  return emitLiteral(input, emitFrom, end, out, op)
}

/**
 * How many bytes from `a` equal those from `b` (a < b), stopping at `end`:
 * eight at a time as two words (matches here are long: whole label sets),
 * then the first differing word's low zero bits tell how many of its bytes
 * still match (the loads are little-endian).
 */
function matchLength(view: DataView, a: number, b: number, end: number): number {
  let n = 0
  while (b + n + 8 <= end) {
    const low = view.getInt32(a + n, true) ^ view.getInt32(b + n, true)
    if (low !== 0) return n + ((31 - Math.clz32(low & -low)) >> 3)
    const high = view.getInt32(a + n + 4, true) ^ view.getInt32(b + n + 4, true)
    if (high !== 0) return n + 4 + ((31 - Math.clz32(high & -high)) >> 3)
    n += 8
  }
  while (b + n < end && view.getUint8(a + n) === view.getUint8(b + n)) n++
  return n
}

/** A literal element: tag with length-1 (inline below 60, else in 1–4 extra bytes), then the bytes. */
function emitLiteral(input: Uint8Array, from: number, to: number, out: Uint8Array, op: number): number {
  const length = to - from
  if (length === 0) return op
  const n = length - 1
  if (n < 60) {
    out[op++] = n << 2
  } else {
    const extra = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4
    out[op++] = (59 + extra) << 2
    for (let i = 0, rest = n; i < extra; i++, rest = Math.floor(rest / 0x100)) out[op++] = rest & 0xff
  }
  if (length < 16) {
    for (let i = from; i < to; i++) out[op++] = input[i] as number
  } else {
    out.set(input.subarray(from, to), op)
    op += length
  }
  return op
}

/** Copy elements for a match; long matches are cut into pieces of at most 64 bytes, none shorter than 4. */
function emitCopy(offset: number, length: number, out: Uint8Array, op: number): number {
  while (length >= 68) {
    op = emitCopy2(offset, 64, out, op)
    length -= 64
  }
  if (length > 64) {
    op = emitCopy2(offset, 60, out, op)
    length -= 60
  }
  if (length < 12 && offset < 2048) {
    out[op++] = 1 | ((length - 4) << 2) | ((offset >> 8) << 5)
    out[op++] = offset & 0xff
    return op
  }
  return emitCopy2(offset, length, out, op)
}

function emitCopy2(offset: number, length: number, out: Uint8Array, op: number): number {
  out[op++] = 2 | ((length - 1) << 2)
  out[op++] = offset & 0xff
  out[op++] = offset >> 8
  return op
}
