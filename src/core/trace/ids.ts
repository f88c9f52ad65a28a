/**
 * Random trace, span and instance ids, as lowercase hex. Span start is on
 * the hot path, so the bytes come from a pool filled at once and become text
 * through a single `String.fromCharCode` call per id.
 *
 * The pool is filled from `Math.random`, as OpenTelemetry's own JavaScript
 * SDK does. Ids need to be unique, not secret: W3C Trace Context lets the
 * random-trace-id flag stand for pseudo-random ids, and each process or
 * isolate seeds its generator from the system's entropy. `crypto` would cost
 * a cold start dearly on Node, which loads its crypto module on first use
 * (5–9 ms on the benchmark machine), inside the first invocation.
 */

// Filled 256 trace ids at a time.
const POOL_BYTES = 4096
const pool = new Uint8Array(POOL_BYTES)
// Ids start at multiples of 8 bytes, so the zero check reads whole words.
const words = new Uint32Array(pool.buffer)
// Starts "exhausted": nothing random happens at import, and Workers allow
// random values only inside a request.
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

/**
 * A version 4 UUID (RFC 9562), for the instance id of a cold start.
 * @example
 * randomUuid() // '3f2b8c1e-9a4d-4e7f-b2c5-0d1e2f3a4b5c'
 */
export function randomUuid(): string {
  const at = take(16)
  pool[at + 6] = (pool[at + 6]! & 0x0f) | 0x40
  pool[at + 8] = (pool[at + 8]! & 0x3f) | 0x80
  const hex = hex16(at)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function refill(): void {
  // The top 32 of the 52 random bits of each draw.
  for (let i = 0; i < words.length; i++) words[i] = (Math.random() * 0x1_0000_0000) >>> 0
  next = 0
}

/** Reserves `size` (8 or 16) bytes of the pool, not all zero, and returns their offset. */
function take(size: 8 | 16): number {
  for (;;) {
    if (next + size > POOL_BYTES) refill()
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
