/**
 * Trace and span ids: lowercase hex in lastcall's data, raw bytes in OTLP
 * protobuf, lowercase hex in OTLP/JSON (OT-11). An id of the wrong length,
 * with a non-hex digit, or all zero is invalid and goes out empty.
 */
import type { ProtoWriter } from '../shared/proto-writer.js'

/** Lengths in hex digits. */
export const TRACE_ID_HEX = 32
export const SPAN_ID_HEX = 16

/**
 * Low byte of a char code → hex digit value, -1 for anything else; a table
 * beats branches in this hot loop. Indexing by the low byte spares a range
 * check per char: codes of 256 and up are rejected once, from the OR of all
 * codes, as 'Ā' (0x100) would otherwise read as '\0'.
 */
const NIBBLES = new Int8Array(256).fill(-1)
for (let i = 0; i < 10; i++) NIBBLES[48 + i] = i
for (let i = 0; i < 6; i++) NIBBLES[65 + i] = NIBBLES[97 + i] = 10 + i

function nibble(code: number): number {
  return code < 0x100 ? (NIBBLES[code] as number) : -1
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
 * Decodes the `length` hex digits of `hex` (as long, a multiple of 4) into
 * bytes at `at` in `buf`; true when they make a valid id. Four digits a
 * step halve the loop's turns, which cost as much as the lookups.
 */
function decodeId(buf: Uint8Array, at: number, hex: string, length: number): boolean {
  let codes = 0
  let bits = 0
  for (let i = 0, j = at; i < length; i += 4, j += 2) {
    const a = hex.charCodeAt(i)
    const b = hex.charCodeAt(i + 1)
    const c = hex.charCodeAt(i + 2)
    const d = hex.charCodeAt(i + 3)
    codes |= a | b | c | d
    const high = ((NIBBLES[a & 0xff] as number) << 4) | (NIBBLES[b & 0xff] as number)
    const low = ((NIBBLES[c & 0xff] as number) << 4) | (NIBBLES[d & 0xff] as number)
    // A -1 nibble makes its byte, and so `bits`, negative; an all-zero id leaves it 0.
    bits |= high | low
    buf[j] = high
    buf[j + 1] = low
  }
  return codes < 0x100 && bits > 0
}

/**
 * Writes an id as a bytes field in one pass; an invalid id is written as
 * empty bytes, and an empty optional id (a root span's parent) not at all.
 * Returns where the id's bytes start in `w.buffer`, or -1 when it was invalid.
 * @example writeId(writer, 1, span.traceId, TRACE_ID_HEX)
 */
export function writeId(w: ProtoWriter, field: number, hex: string, length: number, optional = false): number {
  if (hex.length === length) {
    const mark = w.length
    const at = w.reserve(field, length / 2)
    if (decodeId(w.buffer, at, hex, length)) return at
    w.truncate(mark)
  }
  if (!optional) w.reserve(field, 0)
  return -1
}

/**
 * Writes the ids of one field, remembering the last valid one. The spans of
 * a batch mostly share a trace id and a parent, so each is decoded once per
 * export. One memo lives for one export.
 * @example const trace = new IdMemo(1, TRACE_ID_HEX); for (const span of spans) trace.write(w, span.traceId)
 */
export class IdMemo {
  readonly #field: number
  /** The field's key, one byte as the field is below 16. */
  readonly #key: number
  readonly #length: number
  readonly #optional: boolean
  /** '' or the last valid id, so only an id of the right length can match. */
  #hex = ''
  /**
   * The id's bytes as little-endian 32-bit words (two for a span id, four
   * for a trace id): written back in place after one `claim`, a repeat costs
   * a few stores instead of a call into `Uint8Array.set` or a writer call per
   * word. Fields rather than a typed array spare a bounds check per word.
   */
  #w0 = 0
  #w1 = 0
  #w2 = 0
  #w3 = 0

  /** For ids of `length` (SPAN_ID_HEX or TRACE_ID_HEX) hex digits in `field` (below 16); an `optional` one is left out when empty. */
  constructor(field: number, length: number, optional = false) {
    this.#field = field
    this.#key = field * 8 + 2 // length-delimited
    this.#length = length
    this.#optional = optional
  }

  /** Writes `hex` as `writeId` does. */
  write(w: ProtoWriter, hex: string): void {
    const length = this.#length
    if (hex.length === length && hex === this.#hex) {
      // The key, the length (8 or 16, one byte) and the bytes.
      const at = w.claim(2 + length / 2)
      const buf = w.buffer
      const view = w.dataView
      buf[at] = this.#key
      buf[at + 1] = length / 2
      view.setInt32(at + 2, this.#w0, true)
      view.setInt32(at + 6, this.#w1, true)
      if (length === TRACE_ID_HEX) {
        view.setInt32(at + 10, this.#w2, true)
        view.setInt32(at + 14, this.#w3, true)
      }
      return
    }
    const at = writeId(w, this.#field, hex, length, this.#optional)
    if (at < 0) return
    this.#hex = hex
    const view = w.dataView
    this.#w0 = view.getInt32(at, true)
    this.#w1 = view.getInt32(at + 4, true)
    if (length === TRACE_ID_HEX) {
      this.#w2 = view.getInt32(at + 8, true)
      this.#w3 = view.getInt32(at + 12, true)
    }
  }
}

/**
 * An id as OTLP/JSON wants it: lowercase hex, or '' when invalid.
 * @example jsonId('AB…', TRACE_ID_HEX)
 */
export function jsonId(hex: string, length: number): string {
  return isValidId(hex, length) ? hex.toLowerCase() : ''
}
