/**
 * UTF-8 encoding straight into a buffer. Telemetry strings are mostly short
 * ASCII (names, label keys and values), where a plain loop beats
 * `TextEncoder.encodeInto` and its subarray; long strings go to the encoder.
 */

const LONG = 64
let encoder: TextEncoder | undefined

/**
 * Writes `value` as UTF-8 into `buf` at `pos` (room for `value.length * 3` bytes
 * must exist) and returns the position after it. Lone surrogates become U+FFFD,
 * as `TextEncoder` does.
 * @example const end = writeUtf8('hé', buf, 0) // end === 3
 */
export function writeUtf8(value: string, buf: Uint8Array, pos: number): number {
  const n = value.length
  if (n > LONG) {
    encoder ??= new TextEncoder()
    return pos + encoder.encodeInto(value, buf.subarray(pos)).written
  }
  for (let i = 0; i < n; i++) {
    let c = value.charCodeAt(i)
    if (c < 0x80) {
      buf[pos++] = c
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6)
      buf[pos++] = 0x80 | (c & 0x3f)
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? value.charCodeAt(i + 1) : 0
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00)
          i++
          buf[pos++] = 0xf0 | (c >> 18)
          buf[pos++] = 0x80 | ((c >> 12) & 0x3f)
          buf[pos++] = 0x80 | ((c >> 6) & 0x3f)
          buf[pos++] = 0x80 | (c & 0x3f)
          continue
        }
        c = 0xfffd
      }
      buf[pos++] = 0xe0 | (c >> 12)
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f)
      buf[pos++] = 0x80 | (c & 0x3f)
    }
  }
  return pos
}
