/**
 * Trace and span ids: lowercase hex in lastcall's data, raw bytes in OTLP
 * protobuf, lowercase hex in OTLP/JSON (OT-11). An id of the wrong length,
 * with a non-hex digit, or all zero is invalid and goes out empty.
 */
import type { ProtoWriter } from './proto-writer.js'

/** Lengths in hex digits. */
export const TRACE_ID_HEX = 32
export const SPAN_ID_HEX = 16

/** Char code → hex digit value, -1 for anything else; a table beats branches in this hot loop. */
const NIBBLES = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) NIBBLES[48 + i] = i
for (let i = 0; i < 6; i++) NIBBLES[65 + i] = NIBBLES[97 + i] = 10 + i

function nibble(code: number): number {
  return code < 128 ? (NIBBLES[code] as number) : -1
}

/** True when `hex` is `length` hex digits, not all zero. */
export function isValidId(hex: string, length: number): boolean {
  if (hex.length !== length) return false
  let bad = 0
  let any = 0
  for (let i = 0; i < length; i++) {
    const value = nibble(hex.charCodeAt(i))
    bad |= value
    any |= value
  }
  return bad >= 0 && any > 0
}

/**
 * Writes an id as a bytes field in one pass; an invalid id is written as
 * empty bytes, and an empty optional id (a root span's parent) not at all.
 * @example writeId(writer, 1, span.traceId, TRACE_ID_HEX)
 */
export function writeId(w: ProtoWriter, field: number, hex: string, length: number, optional = false): void {
  if (hex.length === length) {
    const mark = w.length
    const { buf, at } = w.reserve(field, length / 2)
    let bad = 0
    let any = 0
    for (let i = 0, j = at; i < length; i += 2, j++) {
      const byte = (nibble(hex.charCodeAt(i)) << 4) | nibble(hex.charCodeAt(i + 1))
      bad |= byte // a -1 nibble makes the byte negative
      any |= byte
      buf[j] = byte
    }
    if (bad >= 0 && any > 0) return
    w.truncate(mark)
  }
  if (!optional) w.reserve(field, 0)
}

/**
 * An id as OTLP/JSON wants it: lowercase hex, or '' when invalid.
 * @example jsonId('AB…', TRACE_ID_HEX)
 */
export function jsonId(hex: string, length: number): string {
  return isValidId(hex, length) ? hex.toLowerCase() : ''
}
