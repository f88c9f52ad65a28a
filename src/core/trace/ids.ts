/**
 * Random trace and span ids, as lowercase hex. Span start is on the hot path,
 * so the bytes come from a pooled `crypto.getRandomValues` call and become
 * text through a single `String.fromCharCode` call per id.
 */

// One getRandomValues call costs microseconds whatever its size, so it is
// amortized over 256 trace ids; 4 KiB stays far below the 64 KiB per-call cap.
const POOL_BYTES = 4096
const pool = new Uint8Array(POOL_BYTES)
// Ids start at multiples of 8 bytes, so the zero check reads whole words.
const words = new Uint32Array(pool.buffer)
// Starts "exhausted": Workers forbid random values at global scope, so the
// first fill must happen inside a request, on first use.
let next = POOL_BYTES

const DIGITS = '0123456789abcdef'
const HIGH = new Uint8Array(256)
const LOW = new Uint8Array(256)
for (let byte = 0; byte < 256; byte++) {
  HIGH[byte] = DIGITS.charCodeAt(byte >> 4)
  LOW[byte] = DIGITS.charCodeAt(byte & 15)
}

/**
 * 32 lowercase hex characters (16 random bytes), never all zero.
 * @example
 * randomTraceId() // '4bf92f3577b34da6a3ce929d0e0e4736'
 */
export function randomTraceId(): string {
  return hex16(take(16))
}

/**
 * 16 lowercase hex characters (8 random bytes), never all zero.
 * @example
 * randomSpanId() // '00f067aa0ba902b7'
 */
export function randomSpanId(): string {
  return hex8(take(8))
}

/** Reserves `size` (8 or 16) bytes of the pool, not all zero, and returns their offset. */
function take(size: 8 | 16): number {
  for (;;) {
    if (next + size > POOL_BYTES) {
      crypto.getRandomValues(pool)
      next = 0
    }
    const at = next
    next += size
    // An all-zero id is invalid on the wire; drawing again costs nothing in practice.
    if (!allZero(at, size)) return at
  }
}

function allZero(at: number, size: number): boolean {
  const word = at >> 2
  return size === 8
    ? (words[word]! | words[word + 1]!) === 0
    : (words[word]! | words[word + 1]! | words[word + 2]! | words[word + 3]!) === 0
}

// Spelled out, because one String.fromCharCode call with literal arguments
// builds a flat string about twice as fast as concatenating table entries.

/** Hex of the 16 pool bytes at `at`. */
function hex16(at: number): string {
  const b0 = pool[at]!, b1 = pool[at + 1]!, b2 = pool[at + 2]!, b3 = pool[at + 3]!
  const b4 = pool[at + 4]!, b5 = pool[at + 5]!, b6 = pool[at + 6]!, b7 = pool[at + 7]!
  const b8 = pool[at + 8]!, b9 = pool[at + 9]!, b10 = pool[at + 10]!, b11 = pool[at + 11]!
  const b12 = pool[at + 12]!, b13 = pool[at + 13]!, b14 = pool[at + 14]!, b15 = pool[at + 15]!
  return String.fromCharCode(
    HIGH[b0]!, LOW[b0]!, HIGH[b1]!, LOW[b1]!, HIGH[b2]!, LOW[b2]!, HIGH[b3]!, LOW[b3]!,
    HIGH[b4]!, LOW[b4]!, HIGH[b5]!, LOW[b5]!, HIGH[b6]!, LOW[b6]!, HIGH[b7]!, LOW[b7]!,
    HIGH[b8]!, LOW[b8]!, HIGH[b9]!, LOW[b9]!, HIGH[b10]!, LOW[b10]!, HIGH[b11]!, LOW[b11]!,
    HIGH[b12]!, LOW[b12]!, HIGH[b13]!, LOW[b13]!, HIGH[b14]!, LOW[b14]!, HIGH[b15]!, LOW[b15]!,
  )
}

/** Hex of the 8 pool bytes at `at`. */
function hex8(at: number): string {
  const b0 = pool[at]!, b1 = pool[at + 1]!, b2 = pool[at + 2]!, b3 = pool[at + 3]!
  const b4 = pool[at + 4]!, b5 = pool[at + 5]!, b6 = pool[at + 6]!, b7 = pool[at + 7]!
  return String.fromCharCode(
    HIGH[b0]!, LOW[b0]!, HIGH[b1]!, LOW[b1]!, HIGH[b2]!, LOW[b2]!, HIGH[b3]!, LOW[b3]!,
    HIGH[b4]!, LOW[b4]!, HIGH[b5]!, LOW[b5]!, HIGH[b6]!, LOW[b6]!, HIGH[b7]!, LOW[b7]!,
  )
}
