/**
 * Epoch milliseconds (a float with a sub-ms fraction) to OTLP's uint64
 * nanoseconds, exactly. Nanosecond times (~1.7e18) are far past 2^53, so
 * `ms * 1e6` in floating point would round (OT-15); instead the whole
 * milliseconds and the fraction are kept apart and combined with integer
 * math on 32-bit halves (protobuf) or as decimal text (JSON), with no BigInt
 * and no allocation on the hot path.
 */
import type { ProtoWriter } from '../shared/proto-writer.js'

const TWO_32 = 4_294_967_296

/** Whole milliseconds of a time; negative or NaN times count as 0. */
function wholeMs(ms: number): number {
  return ms > 0 ? Math.floor(ms) : 0
}

/** Nanoseconds of the sub-ms fraction, 0..1_000_000 (1_000_000 means "carry one ms"). */
function fractionNanos(ms: number, whole: number): number {
  return ms > 0 ? Math.round((ms - whole) * 1e6) : 0
}

/**
 * Writes `ms` as 8 little-endian nanosecond bytes at `at` in `view`'s buffer
 * (room made with `ProtoWriter.claim`).
 * @example setNanos(w.dataView, w.claim(8), span.startTimeMs)
 */
export function setNanos(view: DataView, at: number, ms: number): void {
  const whole = wholeMs(ms)
  const wholeHi = Math.floor(whole / TWO_32)
  // (whole mod 2^32) * 1e6 + 1e6 stays below 2^53, so this sum is exact.
  const low = (whole - wholeHi * TWO_32) * 1_000_000 + fractionNanos(ms, whole)
  const carry = Math.floor(low / TWO_32)
  view.setUint32(at, low - carry * TWO_32, true)
  view.setUint32(at + 4, wholeHi * 1_000_000 + carry, true)
}

/**
 * Writes `ms` as a fixed64 nanosecond field.
 * @example writeNanos(writer, 7, span.startTimeMs)
 */
export function writeNanos(w: ProtoWriter, field: number, ms: number): void {
  // The key through `fixed64`, then the value over its placeholder, so the conversion lives in one place.
  w.fixed64(field, 0, 0)
  setNanos(w.dataView, w.length - 8, ms)
}

/**
 * A fixed64 nanosecond field that is written many times with mostly the
 * same time (the snapshot time of a family's points): converted only when
 * the time changes.
 * @example const time = new NanosMemo(3); for (const p of points) time.write(w, p.timeMs)
 */
export class NanosMemo {
  readonly #field: number
  #ms = NaN
  #lo = 0
  #hi = 0

  /** For times written in `field`. */
  constructor(field: number) {
    this.#field = field
  }

  write(w: ProtoWriter, ms: number): void {
    if (ms === this.#ms) return w.fixed64(this.#field, this.#lo, this.#hi)
    writeNanos(w, this.#field, ms)
    // The halves are read back from the 8 little-endian bytes just written, so the conversion lives in one place.
    const buf = w.buffer
    const at = w.length - 8
    this.#lo = (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0
    this.#hi = (buf[at + 4]! | (buf[at + 5]! << 8) | (buf[at + 6]! << 16) | (buf[at + 7]! << 24)) >>> 0
    this.#ms = ms
  }
}

/**
 * The nanoseconds of `ms` as a decimal string, for OTLP/JSON.
 * @example msToNanoString(1544712660300) // '1544712660300000000'
 */
export function msToNanoString(ms: number): string {
  let whole = wholeMs(ms)
  let nanos = fractionNanos(ms, whole)
  if (nanos >= 1_000_000) {
    whole += 1
    nanos -= 1_000_000
  }
  if (whole === 0) return String(nanos)
  return `${whole}${String(nanos).padStart(6, '0')}`
}

/**
 * Writes a count (a non-negative integer below 2^53) as a fixed64 field.
 * @example writeCount(writer, 4, point.count)
 */
export function writeCount(w: ProtoWriter, field: number, value: number): void {
  const v = value > 0 ? Math.floor(value) : 0
  const hi = Math.floor(v / TWO_32)
  w.fixed64(field, v - hi * TWO_32, hi)
}

/** Writes a count as the raw 8 bytes of a packed fixed64 element. */
export function writeRawCount(w: ProtoWriter, value: number): void {
  const v = value > 0 ? Math.floor(value) : 0
  const hi = Math.floor(v / TWO_32)
  w.rawFixed64(v - hi * TWO_32, hi)
}
