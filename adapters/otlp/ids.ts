/**
 * Trace and span ids: lowercase hex in lastcall's data, raw bytes in OTLP
 * protobuf, lowercase hex in OTLP/JSON (OT-11). An id of the wrong length,
 * with a non-hex digit, or all zero is invalid and goes out empty.
 */
import type { ProtoWriter } from '../shared/proto-writer.js'

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
 * The last valid id written in one place and its bytes. The spans of a batch
 * mostly share a trace id and a parent, so each is decoded once per export.
 */
export class IdMemo {
  hex = ''
  /** The whole field: key, length and id bytes (fields below 16 take one key byte). */
  readonly field: Uint8Array

  /** For ids of `length` hex digits, always written in the same field. */
  constructor(length: number) {
    this.field = new Uint8Array(2 + length / 2)
  }
}

/**
 * Writes an id as a bytes field in one pass; an invalid id is written as
 * empty bytes, and an empty optional id (a root span's parent) not at all.
 * A `memo` skips decoding an id repeated from the last call with it.
 * @example writeId(writer, 1, span.traceId, TRACE_ID_HEX)
 */
export function writeId(w: ProtoWriter, field: number, hex: string, length: number, optional = false, memo?: IdMemo): void {
  const n = length / 2
  if (hex.length === length) {
    // The memo holds '' or a valid id, so only an id of the right length can match.
    if (memo !== undefined && hex === memo.hex) return w.raw(memo.field)
    const mark = w.length
    const at = w.reserve(field, n)
    const buf = w.buffer
    let bad = 0
    let any = 0
    for (let i = 0, j = at; i < length; i += 2, j++) {
      const byte = (nibble(hex.charCodeAt(i)) << 4) | nibble(hex.charCodeAt(i + 1))
      bad |= byte // a -1 nibble makes the byte negative
      any |= byte
      buf[j] = byte
    }
    if (bad >= 0 && any > 0) {
      if (memo !== undefined && at + n - mark === memo.field.length) {
        memo.hex = hex
        for (let i = 0; i < memo.field.length; i++) memo.field[i] = buf[mark + i] as number
      }
      return
    }
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
