/**
 * Protobuf varints written at a position in a plain byte array, so the
 * writer and code that patches encoded bytes in place (remote-write's
 * cached samples) lay out the same bytes. Division, not bitwise ops: those
 * truncate to 32 bits and would break timestamps above 2^31.
 */

const TWO_32 = 4_294_967_296

/**
 * Writes `value` (a non-negative integer below 2^53) as a varint at `pos` and returns the position after it.
 * @example const end = varintAt(buf, 0, 300) // end === 2
 */
export function varintAt(buf: Uint8Array, pos: number, value: number): number {
  while (value >= 0x80) {
    buf[pos++] = (value % 0x80) | 0x80
    value = Math.floor(value / 0x80)
  }
  buf[pos++] = value
  return pos
}

/**
 * Writes `value` as an int64 varint at `pos` (room for 10 bytes must exist) and
 * returns the position after it: a negative value, truncated toward zero, takes
 * ten bytes (two's complement), as protobuf requires.
 * @example int64At(buf, 0, -1) // 10: ff ff ff ff ff ff ff ff ff 01
 */
export function int64At(buf: Uint8Array, pos: number, value: number): number {
  if (value < 0) value = Math.trunc(value)
  if (!(value < 0)) return varintAt(buf, pos, value)
  // Two's complement of the 64-bit value, split in 32-bit halves; `% TWO_32` keeps each half exact.
  const magnitude = -value
  let lo = (TWO_32 - (magnitude % TWO_32)) % TWO_32
  let hi = TWO_32 - 1 - (Math.floor(magnitude / TWO_32) % TWO_32) + (lo === 0 ? 1 : 0)
  for (let i = 0; i < 9; i++) {
    buf[pos++] = (lo & 0x7f) | 0x80
    lo = (lo >>> 7) | ((hi & 0x7f) << 25)
    hi >>>= 7
  }
  buf[pos++] = lo & 0x01
  return pos
}

/**
 * Bytes of `value` as a varint, as `int64At` writes it: ten for a negative integer.
 * @example varintSize(300) // 2
 */
export function varintSize(value: number): number {
  if (value <= -1) return 10
  let size = 1
  while (value >= 0x80) {
    value = Math.floor(value / 0x80)
    size++
  }
  return size
}
