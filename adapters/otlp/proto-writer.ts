/**
 * A small protobuf writer with no dependencies and no Node built-ins. It
 * writes into one growing buffer; a nested message reserves a one-byte length
 * and is moved right only in the rare case its length needs more bytes, so
 * nothing is measured twice.
 */
import { writeUtf8 } from './utf8.js'

/** Protobuf wire types. */
const Wire = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const

const TWO_32 = 4_294_967_296

/**
 * Appends protobuf fields to a growing byte buffer.
 * @example
 * const w = new ProtoWriter()
 * const at = w.fork(1); w.string(1, 'name'); w.join(at)
 * const bytes = w.finish()
 */
export class ProtoWriter {
  #buf: Uint8Array
  #view: DataView
  #pos = 0

  /** Starts with `initial` bytes of room, or writes into the given buffer (stale contents are overwritten) until it must grow. */
  constructor(initial: number | Uint8Array = 4096) {
    this.#buf = typeof initial === 'number' ? new Uint8Array(Math.max(64, initial)) : initial
    this.#view = new DataView(this.#buf.buffer, this.#buf.byteOffset, this.#buf.byteLength)
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#pos
  }

  /** Makes room for `n` more bytes. */
  #ensure(n: number): void {
    if (this.#pos + n <= this.#buf.length) return
    let size = this.#buf.length * 2
    while (size < this.#pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.#buf.subarray(0, this.#pos))
    this.#buf = next
    this.#view = new DataView(next.buffer)
  }

  /** Writes a non-negative integer below 2^53 as a varint. */
  #varint(value: number): void {
    this.#ensure(10)
    const buf = this.#buf
    let pos = this.#pos
    while (value >= 0x80) {
      buf[pos++] = (value % 0x80) | 0x80
      value = Math.floor(value / 0x80)
    }
    buf[pos++] = value
    this.#pos = pos
  }

  /** Writes a field key. */
  tag(field: number, wire: number): void {
    const key = field * 8 + wire
    if (key < 0x80) {
      this.#ensure(1)
      this.#buf[this.#pos++] = key
    } else this.#varint(key)
  }

  /** A uint32, uint64 (below 2^53), enum or bool field as a varint. */
  uint(field: number, value: number): void {
    this.tag(field, Wire.VARINT)
    this.#varint(value)
  }

  /** An int64 field; negative values take ten bytes (two's complement), as protobuf requires. */
  int64(field: number, value: number): void {
    this.tag(field, Wire.VARINT)
    if (value >= 0) return this.#varint(value)
    // Two's complement of a safe negative integer, split in 32-bit halves.
    const magnitude = -value
    let lo = (TWO_32 - (magnitude % TWO_32)) % TWO_32
    let hi = TWO_32 - 1 - Math.floor(magnitude / TWO_32) + (lo === 0 ? 1 : 0)
    this.#ensure(10)
    for (let i = 0; i < 9; i++) {
      this.#buf[this.#pos++] = (lo & 0x7f) | 0x80
      lo = (lo >>> 7) | ((hi & 0x7f) << 25)
      hi >>>= 7
    }
    this.#buf[this.#pos++] = lo & 0x01
  }

  /** A double field (little-endian IEEE 754). */
  double(field: number, value: number): void {
    this.tag(field, Wire.I64)
    this.#ensure(8)
    this.#view.setFloat64(this.#pos, value, true)
    this.#pos += 8
  }

  /** A fixed64 field from its low and high 32-bit halves. */
  fixed64(field: number, lo: number, hi: number): void {
    this.tag(field, Wire.I64)
    this.#ensure(8)
    this.#view.setUint32(this.#pos, lo, true)
    this.#view.setUint32(this.#pos + 4, hi, true)
    this.#pos += 8
  }

  /** A fixed32 field. */
  fixed32(field: number, value: number): void {
    this.tag(field, Wire.I32)
    this.#ensure(4)
    this.#view.setUint32(this.#pos, value >>> 0, true)
    this.#pos += 4
  }

  /** A string field, UTF-8 encoded. */
  string(field: number, value: string): void {
    this.tag(field, Wire.LEN)
    this.#ensure(value.length * 3 + 1)
    const start = this.#pos++
    this.#pos = writeUtf8(value, this.#buf, this.#pos)
    this.#patchLength(start)
  }

  /** A bytes field. */
  bytes(field: number, value: Uint8Array): void {
    this.tag(field, Wire.LEN)
    this.#varint(value.length)
    this.#ensure(value.length)
    this.#buf.set(value, this.#pos)
    this.#pos += value.length
  }

  /** Bytes encoded elsewhere (cached fields), copied as they are. */
  raw(bytes: Uint8Array): void {
    const length = bytes.length
    this.#ensure(length)
    // Below 16 bytes a loop beats the call into `set`; above, `set` (a memcpy) wins.
    if (length < 16) {
      const buf = this.#buf
      let pos = this.#pos
      for (let i = 0; i < length; i++) buf[pos++] = bytes[i] as number
      this.#pos = pos
      return
    }
    this.#buf.set(bytes, this.#pos)
    this.#pos += length
  }

  /** The key and length of a length-delimited field whose `length` is known, so nothing is back-patched. */
  header(field: number, length: number): void {
    this.tag(field, Wire.LEN)
    this.#varint(length)
  }

  /**
   * Packed fixed64 counts (non-negative integers below 2^53; others count
   * as 0 or are floored) in one bounds check: a histogram point's buckets.
   */
  packedCounts(field: number, counts: ArrayLike<number>): void {
    const n = counts.length
    this.header(field, n * 8)
    this.#ensure(n * 8)
    const view = this.#view
    let pos = this.#pos
    for (let i = 0; i < n; i++) {
      const value = counts[i] as number
      const v = value > 0 ? Math.floor(value) : 0
      const hi = v < TWO_32 ? 0 : Math.floor(v / TWO_32)
      view.setUint32(pos, v - hi * TWO_32, true)
      view.setUint32(pos + 4, hi, true)
      pos += 8
    }
    this.#pos = pos
  }

  /** Starts a length-delimited field (a nested message or packed values); pass the result to `join`. */
  fork(field: number): number {
    this.tag(field, Wire.LEN)
    this.#ensure(1)
    return this.#pos++
  }

  /** Ends the field `fork` started by writing its length. */
  join(start: number): void {
    this.#patchLength(start)
  }

  /** Raw bytes of a packed field's body; call between `fork` and `join`. */
  rawFixed64(lo: number, hi: number): void {
    this.#ensure(8)
    this.#view.setUint32(this.#pos, lo, true)
    this.#view.setUint32(this.#pos + 4, hi, true)
    this.#pos += 8
  }

  /** Raw little-endian double inside a packed field. */
  rawDouble(value: number): void {
    this.#ensure(8)
    this.#view.setFloat64(this.#pos, value, true)
    this.#pos += 8
  }

  /** Reserves `n` bytes and returns the buffer and offset to fill them (ids, fixed-size blobs). */
  reserve(field: number, n: number): { buf: Uint8Array; at: number } {
    this.tag(field, Wire.LEN)
    this.#varint(n)
    this.#ensure(n)
    const at = this.#pos
    this.#pos += n
    return { buf: this.#buf, at }
  }

  /** Drops what was written after `length` (a value found invalid after writing). */
  truncate(length: number): void {
    if (length < this.#pos) this.#pos = length
  }

  /** The bytes written, as a new array the writer no longer touches. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#pos)
  }

  /** Writes the length of the body after the one byte reserved at `start`, moving the body if it needs more. */
  #patchLength(start: number): void {
    const length = this.#pos - start - 1
    if (length < 0x80) {
      this.#buf[start] = length
      return
    }
    const extra = varintSize(length) - 1
    this.#ensure(extra)
    this.#buf.copyWithin(start + 1 + extra, start + 1, this.#pos)
    let value = length
    let pos = start
    while (value >= 0x80) {
      this.#buf[pos++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
    this.#buf[pos] = value
    this.#pos += extra
  }
}

/**
 * Bytes of `value` as a varint.
 * @example varintSize(300) // 2
 */
export function varintSize(value: number): number {
  let size = 1
  while (value >= 0x80) {
    value = Math.floor(value / 0x80)
    size++
  }
  return size
}
