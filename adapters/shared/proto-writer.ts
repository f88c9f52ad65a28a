/**
 * The protobuf writer of the OTLP and remote-write encoders, with no
 * dependencies and no Node built-ins. It writes into one growing buffer; a
 * nested message reserves the bytes its length usually needs (one unless
 * the caller knows better) and is moved only in the rare case the length
 * needs another count, so nothing is measured twice. One class serves both
 * adapters so that its hot methods stay monomorphic when both are loaded.
 */
import { writeUtf8 } from './utf8.js'
import { int64At, varintAt, varintSize } from './varint.js'

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
    // At least 64, so that a given empty buffer grows too.
    let size = Math.max(64, this.#buf.length * 2)
    while (size < this.#pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.#buf.subarray(0, this.#pos))
    this.#buf = next
    this.#view = new DataView(next.buffer)
  }

  /** Writes a non-negative integer below 2^53 as a varint. */
  #varint(value: number): void {
    this.#ensure(10)
    this.#pos = varintAt(this.#buf, this.#pos, value)
  }

  /** Writes a field key; the caller has made room for it (10 bytes). */
  #key(field: number, wire: number): void {
    const key = field * 8 + wire
    if (key < 0x80) this.#buf[this.#pos++] = key
    else this.#pos = varintAt(this.#buf, this.#pos, key)
  }

  /** Writes a field key. */
  tag(field: number, wire: number): void {
    this.#ensure(10)
    this.#key(field, wire)
  }

  /** A uint32, uint64 (below 2^53), enum or bool field as a varint. */
  uint(field: number, value: number): void {
    this.#ensure(20)
    this.#key(field, Wire.VARINT)
    this.#pos = varintAt(this.#buf, this.#pos, value)
  }

  /** An int64 field; negative values (truncated toward zero) take ten bytes (two's complement), as protobuf requires. */
  int64(field: number, value: number): void {
    if (!(value < 0)) return this.uint(field, value)
    this.#ensure(20)
    this.#key(field, Wire.VARINT)
    this.#pos = int64At(this.#buf, this.#pos, value)
  }

  /** A double field (little-endian IEEE 754). */
  double(field: number, value: number): void {
    this.#ensure(18)
    this.#key(field, Wire.I64)
    this.#view.setFloat64(this.#pos, value, true)
    this.#pos += 8
  }

  /**
   * A double field whose NaN, whatever its payload, is written as the quiet
   * NaN 0x7ff8000000000000: Prometheus reads one payload as the stale marker.
   */
  quietDouble(field: number, value: number): void {
    this.#ensure(18)
    this.#key(field, Wire.I64)
    if (value !== value) {
      this.#view.setUint32(this.#pos, 0, true)
      this.#view.setUint32(this.#pos + 4, 0x7ff80000, true)
    } else {
      this.#view.setFloat64(this.#pos, value, true)
    }
    this.#pos += 8
  }

  /** A fixed64 field from its low and high 32-bit halves. */
  fixed64(field: number, lo: number, hi: number): void {
    this.#ensure(18)
    this.#key(field, Wire.I64)
    const pos = this.#pos
    this.#view.setUint32(pos, lo, true)
    this.#view.setUint32(pos + 4, hi, true)
    this.#pos = pos + 8
  }

  /** A fixed32 field. */
  fixed32(field: number, value: number): void {
    this.#ensure(14)
    this.#key(field, Wire.I32)
    this.#view.setUint32(this.#pos, value >>> 0, true)
    this.#pos += 4
  }

  /** A string field, UTF-8 encoded. */
  string(field: number, value: string): void {
    const length = value.length
    this.#ensure(length * 3 + 11)
    this.#key(field, Wire.LEN)
    const start = this.#pos++
    // Short ASCII, the usual name or label: its length is its character count and fits one byte, so nothing is patched.
    if (length < 0x80) {
      const buf = this.#buf
      let pos = start + 1
      let i = 0
      for (; i < length; i++) {
        const code = value.charCodeAt(i)
        if (code >= 0x80) break
        buf[pos++] = code
      }
      if (i === length) {
        buf[start] = length
        this.#pos = pos
        return
      }
    }
    this.#pos = writeUtf8(value, this.#buf, start + 1)
    this.#patchLength(start, 1)
  }

  /** A bytes field. */
  bytes(field: number, value: Uint8Array): void {
    this.tag(field, Wire.LEN)
    this.#varint(value.length)
    this.raw(value)
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
    this.#ensure(20)
    this.#key(field, Wire.LEN)
    this.#pos = varintAt(this.#buf, this.#pos, length)
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

  /**
   * Starts a length-delimited field (a nested message or packed values) with
   * `width` bytes reserved for its length; pass the result and the same
   * `width` to `join`. A width that fits the usual length (2 for a span of
   * 128 to 16,383 bytes) spares moving the body when it is joined.
   */
  fork(field: number, width = 1): number {
    this.#ensure(10 + width)
    this.#key(field, Wire.LEN)
    const start = this.#pos
    this.#pos += width
    return start
  }

  /** Ends the field `fork` started by writing its length. */
  join(start: number, width = 1): void {
    this.#patchLength(start, width)
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

  /** Writes the key and length of a bytes field of `n` bytes and returns where to fill them in `buffer`. */
  reserve(field: number, n: number): number {
    // One check for the key, the length and the bytes: ids are reserved once a span.
    this.#ensure(20 + n)
    this.#key(field, Wire.LEN)
    this.#pos = varintAt(this.#buf, this.#pos, n)
    const at = this.#pos
    this.#pos += n
    return at
  }

  /**
   * Makes room for `n` bytes that the caller writes itself, into `buffer` or
   * through `dataView`, from the returned position; the writer moves past
   * them, so all `n` must be written. A run of small fixed-size fields
   * written this way costs one bounds check and no calls, where a method call
   * per field costs more than the field (a span's kind, times, status and
   * flags).
   */
  claim(n: number): number {
    this.#ensure(n)
    const at = this.#pos
    this.#pos = at + n
    return at
  }

  /** The buffer being written; valid until the next write, which may grow it. */
  get buffer(): Uint8Array {
    return this.#buf
  }

  /** A DataView of `buffer`, for fixed-width values written after `claim`; valid as long as `buffer`. */
  get dataView(): DataView {
    return this.#view
  }

  /** Drops what was written after `length` (a value found invalid after writing). */
  truncate(length: number): void {
    if (length < this.#pos) this.#pos = length
  }

  /** The bytes written, as a new array the writer no longer touches. */
  finish(): Uint8Array {
    // The constructor copies into memory it leaves unfilled; `slice` zero-fills
    // its new buffer first, one more pass over memory that each export gets
    // fresh (12% of the copy at 15 KB, 25% at 1 MB).
    return new Uint8Array(this.#buf.subarray(0, this.#pos))
  }

  /** The bytes written, as a view on the buffer: no copy, for a writer whose buffer is not reused. */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#pos)
  }

  /** Writes the length of the body after the `width` bytes reserved at `start`, moving the body when the length needs another width. */
  #patchLength(start: number, width: number): void {
    const body = start + width
    const length = this.#pos - body
    if (length < 0x80 && width === 1) {
      this.#buf[start] = length
      return
    }
    if (width === 2 && length >= 0x80 && length < 0x4000) {
      this.#buf[start] = (length & 0x7f) | 0x80
      this.#buf[start + 1] = length >>> 7
      return
    }
    const shift = varintSize(length) - width
    if (shift !== 0) {
      if (shift > 0) this.#ensure(shift)
      this.#buf.copyWithin(body + shift, body, this.#pos)
      this.#pos += shift
    }
    const buf = this.#buf
    let value = length
    let pos = start
    while (value >= 0x80) {
      buf[pos++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
    buf[pos] = value
  }
}
