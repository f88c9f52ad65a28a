/**
 * The protobuf writer and the nanosecond conversion against protobufjs and
 * BigInt arithmetic: varints past 2^31, negative int64, lengths that need
 * more than one byte, UTF-8 edge cases, and exact fixed64 times.
 */
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { ProtoWriter } from '../../adapters/shared/proto-writer.js'
import { msToNanoString, writeCount, writeNanos, writeRawCount } from '../../adapters/otlp/time.js'
import { writeUtf8 } from '../../adapters/shared/utf8.js'

const root = protobuf.parse(`
syntax = "proto3";
message Inner { string s = 1; }
message All {
  uint64 u = 1; int64 i = 2; double d = 3; fixed64 f = 4; fixed32 x = 5; string s = 6; bytes b = 7;
  Inner inner = 8; repeated fixed64 packed = 9; repeated double doubles = 10;
}`).root
const All = root.lookupType('All')
const decode = (w: ProtoWriter): Record<string, unknown> => All.toObject(All.decode(w.finish()), { longs: String, bytes: Array, defaults: true })

describe('ProtoWriter', () => {
  it.each([0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER])('writes uint64 %d', (value) => {
    const w = new ProtoWriter(8)
    w.uint(1, value)
    expect(decode(w)['u']).toBe(String(value))
  })

  it.each([-1, -2, -128, -(2 ** 31), -(2 ** 32), -(2 ** 32) - 1, -5_000_000_000, Number.MIN_SAFE_INTEGER, 42])('writes int64 %d in two’s complement', (value) => {
    const w = new ProtoWriter(8)
    w.int64(2, value)
    expect(decode(w)['i']).toBe(String(value))
  })

  it('writes doubles, fixed32 and fixed64 halves little-endian', () => {
    const w = new ProtoWriter(8)
    w.double(3, -1.5e-300)
    w.fixed64(4, 0xdeadbeef, 0x12345678)
    w.fixed32(5, 0x301)
    expect(decode(w)).toMatchObject({ d: -1.5e-300, f: ((0x12345678n << 32n) | 0xdeadbeefn).toString(), x: 0x301 })
  })

  it.each([
    ['empty', ''],
    ['ascii of 127 bytes', 'a'.repeat(127)],
    ['ascii of 128 bytes', 'a'.repeat(128)],
    ['two-byte and three-byte letters', 'ßü€'.repeat(50)],
    ['surrogate pairs', '🙂𝄞'.repeat(40)],
    ['a lone surrogate', 'a\ud800b'],
    ['a long string through TextEncoder', 'ü'.repeat(70_000)],
  ])('writes strings: %s', (_name, text) => {
    const w = new ProtoWriter(4)
    w.string(6, text)
    w.uint(1, 7) // a field after the string proves its length was patched right
    const expected = new TextDecoder().decode(new TextEncoder().encode(text))
    expect(decode(w)).toMatchObject({ s: expected, u: '7' })
  })

  it('moves a nested message whose length needs two or three bytes', () => {
    for (const size of [127, 128, 16_383, 16_384, 200_000]) {
      const w = new ProtoWriter(16)
      const at = w.fork(8)
      w.string(1, 'x'.repeat(size))
      w.join(at)
      w.uint(1, size)
      const out = decode(w)
      expect((out['inner'] as { s: string }).s).toHaveLength(size)
      expect(out['u']).toBe(String(size))
    }
  })

  it('writes bytes and packed fixed64 and double fields', () => {
    const w = new ProtoWriter(8)
    w.bytes(7, new Uint8Array([0, 255, 7]))
    const packed = w.fork(9)
    for (const count of [0, 1, 2 ** 40]) writeRawCount(w, count)
    w.join(packed)
    const doubles = w.fork(10)
    w.rawDouble(0.5)
    w.rawDouble(Infinity)
    w.join(doubles)
    expect(decode(w)).toMatchObject({ b: [0, 255, 7], packed: ['0', '1', String(2 ** 40)], doubles: [0.5, Infinity] })
  })
})

describe('nanosecond times (OT-15)', () => {
  const exact = (ms: number): string => {
    const w = new ProtoWriter(8)
    writeNanos(w, 4, ms)
    return decode(w)['f'] as string
  }

  it.each([
    [1_544_712_660_300, '1544712660300000000'],
    [1_544_712_660_300.25, '1544712660300250000'],
    [1_700_000_000_123.5, '1700000000123500000'],
    [1_700_000_000_000.001, '1700000000000000977'], // the nearest double to .001 is .000977 ms
    [0.5, '500000'],
    [0, '0'],
    [-3, '0'],
    [4_102_444_800_000, '4102444800000000000'], // year 2100
  ])('%d ms is %s ns in protobuf and JSON', (ms, expected) => {
    expect(exact(ms)).toBe(expected)
    expect(msToNanoString(ms)).toBe(expected)
  })

  it('agrees with BigInt arithmetic on random sub-ms times', () => {
    for (let i = 0; i < 2000; i++) {
      const ms = 1_600_000_000_000 + Math.random() * 200_000_000_000
      const whole = Math.floor(ms)
      const expected = (BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6))).toString()
      expect(exact(ms)).toBe(expected)
      expect(msToNanoString(ms)).toBe(expected)
    }
  })

  it('carries a fraction that rounds up to a whole millisecond', () => {
    expect(exact(999.9999999)).toBe('1000000000')
    expect(msToNanoString(999.9999999)).toBe('1000000000')
    expect(exact(4_294_967_295.9999999)).toBe('4294967296000000') // the carry crosses the 32-bit split of whole ms
  })

  it('writes counts past 2^32 as fixed64', () => {
    const w = new ProtoWriter(8)
    writeCount(w, 4, 2 ** 45 + 3)
    expect(decode(w)['f']).toBe(String(2 ** 45 + 3))
  })
})

describe('writeUtf8', () => {
  it('matches TextEncoder byte for byte on short strings', () => {
    for (const text of ['', 'abc', 'é', '€', '🙂', 'a\udc00', '\ud83d', 'x🙂y€zé']) {
      const buf = new Uint8Array(text.length * 3)
      const end = writeUtf8(text, buf, 0)
      expect([...buf.subarray(0, end)]).toEqual([...new TextEncoder().encode(text)])
    }
  })
})
