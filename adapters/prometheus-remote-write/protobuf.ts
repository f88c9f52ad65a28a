/**
 * A minimal protobuf writer: just what WriteRequest needs (varints, int64,
 * doubles, strings, nested messages) in one growing buffer, no schema and
 * no dependency. Nested lengths are back-patched rather than precomputed,
 * so each message is walked once.
 */

const utf8 = new TextEncoder()

/** Appends protobuf fields to a growing byte buffer. */
export class ProtoWriter {
  #buf: Uint8Array
  #view: DataView
  #pos = 0

  /** Starts with `initial` bytes of room, or writes into the given buffer (stale contents are overwritten) until it must grow. */
  constructor(initial: number | Uint8Array = 4096) {
    this.#buf = typeof initial === 'number' ? new Uint8Array(initial) : initial
    this.#view = new DataView(this.#buf.buffer, this.#buf.byteOffset, this.#buf.byteLength)
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#pos
  }

  #reserve(extra: number): void {
    if (this.#pos + extra <= this.#buf.length) return
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#pos + extra))
    next.set(this.#buf.subarray(0, this.#pos))
    this.#buf = next
    this.#view = new DataView(next.buffer)
  }

  /** A field key: field number and wire type. */
  tag(field: number, wireType: 0 | 1 | 2): void {
    this.varint(field * 8 + wireType)
  }

  /** An unsigned varint, or an int64 one when negative (ten bytes, two's complement). */
  varint(value: number): void {
    if (value < 0) return this.#negativeVarint(value)
    this.#reserve(10)
    // Division, not bitwise ops: those truncate to 32 bits and break timestamps above 2^31.
    while (value >= 0x80) {
      this.#buf[this.#pos++] = (value % 0x80) | 0x80
      value = Math.floor(value / 0x80)
    }
    this.#buf[this.#pos++] = value
  }

  #negativeVarint(value: number): void {
    this.#reserve(10)
    let big = BigInt.asUintN(64, BigInt(Math.trunc(value)))
    while (big >= 0x80n) {
      this.#buf[this.#pos++] = Number(big & 0x7fn) | 0x80
      big >>= 7n
    }
    this.#buf[this.#pos++] = Number(big)
  }

  /** A little-endian double. Any NaN becomes the quiet NaN 0x7ff8000000000000, never a stale marker. */
  double(value: number): void {
    this.#reserve(8)
    if (value !== value) {
      this.#view.setUint32(this.#pos, 0, true)
      this.#view.setUint32(this.#pos + 4, 0x7ff80000, true)
    } else {
      this.#view.setFloat64(this.#pos, value, true)
    }
    this.#pos += 8
  }

  /** A length-delimited UTF-8 string; lone surrogates become U+FFFD. */
  string(value: string): void {
    const length = value.length
    // Fast path: below 128 characters the length fits one byte, and if every character is ASCII it is the byte count.
    if (length < 0x80) {
      this.#reserve(length + 1)
      const buf = this.#buf
      const start = this.#pos
      let pos = start + 1
      for (let i = 0; i < length; i++) {
        const code = value.charCodeAt(i)
        if (code >= 0x80) return this.#utf8String(value)
        buf[pos++] = code
      }
      buf[start] = length
      this.#pos = pos
      return
    }
    this.#utf8String(value)
  }

  #utf8String(value: string): void {
    const mark = this.fork()
    this.#reserve(value.length * 3)
    this.#pos += utf8.encodeInto(value, this.#buf.subarray(this.#pos)).written
    this.join(mark)
  }

  /** Starts a length-delimited value; returns the mark to pass to `join`. */
  fork(): number {
    this.#reserve(1)
    // One byte is kept for the length; `join` widens it when the content is 128 bytes or more.
    return this.#pos++
  }

  /** Ends the value started by `fork` by writing its length in front of it. */
  join(mark: number): void {
    const length = this.#pos - mark - 1
    if (length < 0x80) {
      this.#buf[mark] = length
      return
    }
    let size = 1
    for (let rest = length; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++
    this.#reserve(size - 1)
    this.#buf.copyWithin(mark + size, mark + 1, this.#pos)
    this.#pos += size - 1
    let at = mark
    let rest = length
    while (rest >= 0x80) {
      this.#buf[at++] = (rest % 0x80) | 0x80
      rest = Math.floor(rest / 0x80)
    }
    this.#buf[at] = rest
  }

  /** The bytes written, as a view on the internal buffer. */
  finish(): Uint8Array {
    return this.#buf.subarray(0, this.#pos)
  }
}
