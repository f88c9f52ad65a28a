import { describe, expect, it } from 'vitest'
import { ProtoWriter } from '../../adapters/shared/proto-writer.js'
import { encodeWriteRequest, type TimeSeriesData } from '../../adapters/prometheus-remote-write/write-request.js'
import { decodeWriteRequest, WriteRequestType } from '../support/prom-decode.js'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

describe('encodeWriteRequest, decoded by protobufjs from a schema written from the spec', () => {
  it('matches a golden request byte for byte', () => {
    const bytes = encodeWriteRequest([
      { labels: [['__name__', 'up'], ['job', 'a']], samples: [{ value: 1, timestampMs: 1000 }] },
    ])
    // WriteRequest{timeseries: [TimeSeries{labels: [{__name__, up}, {job, a}], samples: [{1.0, 1000}]}]}
    expect(hex(bytes)).toBe([
      '0a', '28',
      '0a', '0e', '0a', '08', hex(new TextEncoder().encode('__name__')), '12', '02', '7570',
      '0a', '08', '0a', '03', '6a6f62', '12', '01', '61',
      '12', '0c', '09', '000000000000f03f', '10', 'e807',
    ].join(''))
    // The reference encoder (protobufjs from the spec's field numbers) writes the same bytes.
    const reference = WriteRequestType.encode({
      timeseries: [{ labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: 'a' }], samples: [{ value: 1, timestamp: 1000 }] }],
    }).finish()
    expect(hex(bytes)).toBe(hex(reference))
  })

  it('writes int64 timestamps above 2^31, above 2^32, at 2^53 and negative', () => {
    const stamps = [0, 1, 2 ** 31 + 5, 1_700_000_000_123, 2 ** 53 - 1, -1, -1_700_000_000_123]
    const decoded = decodeWriteRequest(encodeWriteRequest([
      { labels: [['__name__', 't']], samples: stamps.map((timestampMs, i) => ({ value: i, timestampMs })).sort((a, b) => a.timestampMs - b.timestampMs) },
    ]))
    expect(decoded[0]!.samples.map((s) => s.timestamp)).toEqual([...stamps].sort((a, b) => a - b).map(String))
  })

  it('writes a negative timestamp as a ten-byte varint', () => {
    const w = new ProtoWriter()
    w.int64(2, -1)
    expect(hex(w.finish())).toBe('10' + 'ffffffffffffffffff01')
  })

  it('writes NaN as the quiet NaN 0x7ff8000000000000, never the stale marker', () => {
    const bytes = encodeWriteRequest([{ labels: [['__name__', 'n']], samples: [{ value: NaN, timestampMs: 1 }] }])
    expect(hex(bytes)).toContain('09' + '000000000000f87f')
    expect(hex(bytes)).not.toContain('020000000000f07f')
    expect(decodeWriteRequest(bytes)[0]!.samples[0]!.value).toBeNaN()
  })

  it('keeps doubles exact: infinities, negative zero, tiny and huge values', () => {
    const values = [Infinity, -Infinity, -0, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -42.5]
    const decoded = decodeWriteRequest(encodeWriteRequest([{ labels: [['__name__', 'v']], samples: values.map((value, i) => ({ value, timestampMs: i })) }]))
    expect(decoded[0]!.samples.map((s) => s.value)).toEqual(values)
  })

  it('writes UTF-8 label values, long values (multi-byte lengths) and drops empty values', () => {
    const long = 'x'.repeat(300)
    const series: TimeSeriesData[] = [{
      labels: [['__name__', 'u'], ['a', 'Προμηθεύς ☃ 🚀'], ['b', ''], ['c', long], ['d', 'quote " back \\ nl \n']],
      samples: [{ value: 1, timestampMs: 1 }],
    }]
    expect(decodeWriteRequest(encodeWriteRequest(series))[0]!.labels).toEqual([
      { name: '__name__', value: 'u' }, { name: 'a', value: 'Προμηθεύς ☃ 🚀' }, { name: 'c', value: long }, { name: 'd', value: 'quote " back \\ nl \n' },
    ])
  })

  it('replaces lone surrogates deterministically so the wire holds valid UTF-8', () => {
    const decoded = decodeWriteRequest(encodeWriteRequest([{ labels: [['__name__', 's'], ['v', 'a\uD800b']], samples: [] }]))
    expect(decoded[0]!.labels[1]!.value).toBe('a\uFFFDb')
  })

  it('sorts the samples of a series by timestamp', () => {
    const decoded = decodeWriteRequest(encodeWriteRequest([{ labels: [['__name__', 'o']], samples: [{ value: 2, timestampMs: 20 }, { value: 1, timestampMs: 10 }] }]))
    expect(decoded[0]!.samples).toEqual([{ value: 1, timestamp: '10' }, { value: 2, timestamp: '20' }])
  })

  it('round-trips a large request (messages over 128 bytes, buffer growth)', () => {
    const series: TimeSeriesData[] = Array.from({ length: 5000 }, (_, i) => ({
      labels: [['__name__', 'big_total'], ['instance', `i-${i}`], ['job', 'svc'], ['path', `/some/long/path/${'p'.repeat(i % 200)}`]],
      samples: [{ value: 0, timestampMs: 1_700_000_000_000 + i }, { value: i, timestampMs: 1_700_000_000_001 + i }],
    }))
    const decoded = decodeWriteRequest(encodeWriteRequest(series))
    expect(decoded).toHaveLength(5000)
    expect(decoded[4999]!.labels[3]!.value).toBe(`/some/long/path/${'p'.repeat(4999 % 200)}`)
    expect(decoded[4999]!.samples[1]).toEqual({ value: 4999, timestamp: String(1_700_000_000_001 + 4999) })
  })
})
