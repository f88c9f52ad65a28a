/**
 * The shared protobuf writer and varint helpers (adapters/shared) against
 * BigInt arithmetic and protobufjs: the edges both encoders rely on, where
 * a wrong byte would corrupt either request.
 */
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { ProtoWriter } from '../../adapters/shared/proto-writer.js'
import { writeUtf8 } from '../../adapters/shared/utf8.js'
import { int64At, varintAt, varintSize } from '../../adapters/shared/varint.js'

const root = protobuf.parse(`
syntax = "proto3";
message Inner { string s = 1; }
message All { int64 i = 2; double d = 3; string s = 6; Inner inner = 8; uint64 u = 1; }`).root
const All = root.lookupType('All')
const decode = (bytes: Uint8Array): Record<string, unknown> => All.toObject(All.decode(bytes), { longs: String, defaults: true })
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

/** The reference: protobuf's varint of a 64-bit two's complement integer, by BigInt. */
function bigVarint(value: number): string {
  let big = BigInt.asUintN(64, BigInt(Math.trunc(value)))
  const out: number[] = []
  for (; big >= 0x80n; big >>= 7n) out.push(Number(big & 0x7fn) | 0x80)
  out.push(Number(big))
  return hex(new Uint8Array(out))
}

const edges = [0, 1, 127, 128, 16_383, 16_384, 2 ** 21 - 1, 2 ** 21, 2 ** 28, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 35, 2 ** 42, 2 ** 49, 1_700_000_000_123, 2 ** 53 - 1]
const negatives = [-1, -2, -127, -128, -129, -(2 ** 31), -(2 ** 32), -(2 ** 32) - 1, -1_700_000_000_123, Number.MIN_SAFE_INTEGER, -(2 ** 63), -(2 ** 64) - 2 ** 12]

describe('varint helpers', () => {
  it.each([...edges, ...negatives])('int64At(%d) matches BigInt and varintSize', (value) => {
    const buf = new Uint8Array(10)
    const end = int64At(buf, 0, value)
    expect(hex(buf.subarray(0, end))).toBe(bigVarint(value))
    expect(varintSize(value)).toBe(end)
  })

  it('varintAt writes at an offset and returns the end', () => {
    const buf = new Uint8Array(12).fill(0xaa)
    expect(varintAt(buf, 2, 300)).toBe(4)
    expect(hex(buf.subarray(0, 5))).toBe('aaaaac02aa')
  })

  it('truncates a fractional negative toward zero, as the writer always has', () => {
    const buf = new Uint8Array(10)
    expect(hex(buf.subarray(0, int64At(buf, 0, -0.5)))).toBe('00')
    expect(varintSize(-0.5)).toBe(1)
    expect(hex(buf.subarray(0, int64At(buf, 0, -1.9)))).toBe(bigVarint(-1))
  })
})

describe('ProtoWriter, shared by OTLP and remote-write', () => {
  it.each([...edges, ...negatives.filter(Number.isSafeInteger)])('int64 field %d round-trips', (value) => {
    const w = new ProtoWriter(8)
    w.int64(2, value)
    expect(decode(w.finish())['i']).toBe(String(value))
  })

  it('writes doubles exactly; quietDouble turns any NaN into the quiet NaN', () => {
    for (const value of [0, -0, 1.5, -1e-300, 5e-324, Number.MAX_VALUE, Infinity, -Infinity]) {
      const w = new ProtoWriter(8)
      w.double(3, value)
      expect(Object.is(decode(w.finish())['d'], value)).toBe(true)
      const q = new ProtoWriter(8)
      q.quietDouble(3, value)
      expect(hex(q.finish())).toBe(hex(w.finish()))
    }
    const stale = new Float64Array(new Uint32Array([2, 0x7ff00000]).buffer)[0] as number
    const w = new ProtoWriter(8)
    w.quietDouble(3, stale)
    expect(hex(w.finish())).toBe('19' + '000000000000f87f')
  })

  it.each([
    ['ascii', 'up'],
    ['two- and three-byte letters', 'Προμηθεύς ☃'],
    ['surrogate pairs', '🚀🙂𝄞'],
    ['a pair split by the end of the string', 'a\ud83d'],
    ['a lone low surrogate', '\udc00b'],
    ['long, past the TextEncoder threshold', '🚀é'.repeat(100)],
  ])('writes UTF-8 strings like TextEncoder: %s', (_name, text) => {
    const w = new ProtoWriter(4)
    w.string(6, text)
    const expected = new TextEncoder().encode(text)
    const bytes = w.finish()
    expect(hex(bytes.subarray(bytes.length - expected.length))).toBe(hex(expected))
    const buf = new Uint8Array(text.length * 3)
    expect(hex(buf.subarray(0, writeUtf8(text, buf, 0)))).toBe(hex(expected))
  })

  // Width 1 for a 200-byte body is too small, 3 for a 5-byte body too large: both move the body.
  it.each([[1, 5], [1, 200], [2, 5], [2, 200], [2, 20_000], [3, 5], [3, 300], [1, 3_000_000]])('nests with %d reserved length bytes around %d bytes', (width, size) => {
    const w = new ProtoWriter(new Uint8Array(0))
    w.uint(1, 7)
    const outer = w.fork(8, width)
    const inner = w.fork(1, width)
    w.raw(new TextEncoder().encode('x'.repeat(size)))
    w.join(inner, width)
    w.join(outer, width)
    w.uint(1, 9)
    const out = decode(w.finish())
    expect((out['inner'] as { s: string }).s).toHaveLength(size)
    expect(out['u']).toBe('9')
    // The same message written with exact lengths up front.
    const exact = new ProtoWriter(16)
    exact.uint(1, 7)
    exact.header(8, size + 1 + varintSize(size))
    exact.header(1, size)
    exact.raw(new TextEncoder().encode('x'.repeat(size)))
    exact.uint(1, 9)
    expect(hex(w.finish())).toBe(hex(exact.finish()))
  })

  it('claim makes room for bytes written in place, growing the buffer and its dataView', () => {
    const w = new ProtoWriter(new Uint8Array(0))
    w.uint(1, 9)
    const at = w.claim(9)
    expect(w.length).toBe(at + 9)
    expect(w.buffer.length).toBeGreaterThanOrEqual(at + 9)
    expect(w.dataView.buffer).toBe(w.buffer.buffer)
    // A fixed64 written by hand: the key of field 3 as a double, then the value.
    w.buffer[at] = 3 * 8 + 1
    w.dataView.setFloat64(at + 1, 1.5, true)
    w.string(6, 'after')
    expect(decode(w.finish())).toMatchObject({ u: '9', d: 1.5, s: 'after' })
  })

  it('finish copies while view shares the buffer', () => {
    const w = new ProtoWriter(64)
    w.uint(1, 1)
    const copy = w.finish()
    const view = w.view()
    expect(hex(copy)).toBe(hex(view))
    expect(view.buffer).toBe(w.buffer.buffer)
    expect(copy.buffer).not.toBe(w.buffer.buffer)
  })
})
