import { describe, expect, it } from 'vitest'
import { snappyCompress } from '../../adapters/prometheus-remote-write/snappy.js'
import { snappyDecode } from '../support/prom-decode.js'

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
function noise(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

function varint(n: number): number[] {
  const bytes: number[] = []
  for (; n >= 0x80; n = Math.floor(n / 0x80)) bytes.push((n % 0x80) | 0x80)
  bytes.push(n)
  return bytes
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('snappyCompress (block format)', () => {
  const cases: Array<[string, Uint8Array]> = [
    ['empty', new Uint8Array(0)],
    ['one byte', new Uint8Array([0x42])],
    ['14 bytes (below the match threshold)', text('abcdefghijklmn')],
    ['a short repetitive string', text('hello hello hello hello hello hello')],
    ['60 and 61 byte literals', noise(61)],
    ['300 random bytes (2-byte literal length)', noise(300)],
    ['zeros over 64 KiB (long copies, several blocks)', new Uint8Array(200_000)],
    ['random over 64 KiB (literals spanning blocks)', noise(70_000)],
    ['exactly one block', noise(65_536, 3)],
    ['protobuf-like text over 64 KiB', text(Array.from({ length: 3000 }, (_, i) => `__name__http_requests_total\u0012job\u0001instance-${i % 17}`).join(''))],
    ['mixed noise and repeats, 1 MiB', (() => {
      const out = new Uint8Array(1 << 20)
      for (let at = 0; at < out.length; at += 4096) out.set(at % 8192 === 0 ? noise(4096, at + 1) : out.subarray(Math.max(0, at - 4096), at), at)
      return out
    })()],
  ]

  it.each(cases)('round-trips %s through snappyjs', (_name, input) => {
    const body = snappyCompress(input)
    // Byte-wise comparison: deep equality on megabyte arrays is slow.
    expect(Buffer.from(snappyDecode(body)).equals(input)).toBe(true)
  })

  it.each(cases)('starts %s with the uncompressed length varint, never the framed stream identifier', (_name, input) => {
    const body = snappyCompress(input)
    const preamble = varint(input.length)
    expect([...body.subarray(0, preamble.length)]).toEqual(preamble)
    expect(body[0]).not.toBe(0xff)
  })

  it('writes the exact bytes for tiny inputs', () => {
    expect([...snappyCompress(new Uint8Array(0))]).toEqual([0x00])
    expect([...snappyCompress(new Uint8Array([0x42]))]).toEqual([0x01, 0x00, 0x42])
  })

  it('actually compresses repetitive data', () => {
    expect(snappyCompress(new Uint8Array(200_000)).length).toBeLessThan(10_000)
    const repeated = text('http_requests_total{method="GET"} '.repeat(1000))
    expect(snappyCompress(repeated).length).toBeLessThan(repeated.length / 10)
  })

  it('never grows data beyond the format bound', () => {
    const input = noise(100_000, 11)
    expect(snappyCompress(input).length).toBeLessThanOrEqual(32 + input.length + input.length / 6)
  })
})
