/**
 * Issue 3: which snappy and protobuf implementations remote-write uses.
 * Both sides get the real WriteRequest of 1,000 and 10,000 series, as the
 * encoding-remote-write group builds it (series, ledger, encodeChunk), so
 * the compressors see the label repetition a real flush has.
 *
 * snappy: lastcall's `snappyCompress` against snappyjs `compress`, time and
 * compressed size. protobuf: lastcall's uncached `encodeWriteRequest`
 * against protobufjs built from a prompb schema string; the cached path a
 * flush takes is in the encoding-remote-write group.
 *
 * Imports are by name from the adapter, so the figures follow whatever
 * snappy.ts and write-request.ts hold at the time of the run.
 */
import protobuf from 'protobufjs'
import snappyjs from 'snappyjs'
import * as rwSeries from '../../adapters/prometheus-remote-write/series.js'
import * as rwLedger from '../../adapters/prometheus-remote-write/series-ledger.js'
import * as rwRequests from '../../adapters/prometheus-remote-write/requests.js'
import * as rwSnappy from '../../adapters/prometheus-remote-write/snappy.js'
import * as rwWrite from '../../adapters/prometheus-remote-write/write-request.js'
import { timeCases, report, unavailable, type Case, type Figure } from '../lib/measure.js'
import { lastcallMetrics } from './fixtures.js'

/**
 * prompb remote-write 1.0, the field numbers of the spec. proto2 `optional`
 * so protobufjs writes a zero sample value as lastcall does (proto3 would
 * leave it out, and the bytes could not be compared).
 */
const SCHEMA = `
syntax = "proto2";
message WriteRequest { repeated TimeSeries timeseries = 1; }
message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
message Label { optional string name = 1; optional string value = 2; }
message Sample { optional double value = 1; optional int64 timestamp = 2; }
`
const WriteRequest = protobuf.parse(SCHEMA).root.lookupType('WriteRequest')

/** The uncompressed WriteRequest a steady-state flush would send, or why it cannot be built. */
function requestBytes(series: number): Uint8Array | string {
  const { seriesGroups } = rwSeries
  const { SeriesLedger } = rwLedger
  const { splitGroups, encodeChunk } = rwRequests
  if (typeof seriesGroups !== 'function' || typeof SeriesLedger !== 'function' || typeof splitGroups !== 'function' || typeof encodeChunk !== 'function') {
    return 'the remote-write encoder functions (seriesGroups, SeriesLedger, splitGroups, encodeChunk) are not there'
  }
  const telemetry = lastcallMetrics(series)
  const metrics = telemetry.collect()
  const instance = telemetry.resource.instanceId
  const ledger = new SeriesLedger()
  const key = `bench\u0000${instance}`
  const identity = { job: 'bench', instance, external: {} }
  const stamp = () => {
    const cache = ledger.labelCache(key)
    return ledger.stamp(key, seriesGroups(metrics, identity, cache), cache)
  }
  // Steady state (no leading zero samples), as encoding-remote-write measures.
  ledger.settle(stamp(), 'delivered')
  const chunks = splitGroups(stamp(), Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
  if (chunks.length !== 1) return `expected one request, got ${chunks.length}`
  // encodeChunk only returns the compressed body; snappyjs gives the protobuf
  // back, independent of whichever snappy compressor lastcall has.
  return snappyjs.uncompress(encodeChunk(chunks[0]!)) as Uint8Array
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i])
const size = (id: string, lib: string, value: number, extra: Record<string, unknown>): Figure => ({ id, lib, unit: 'bytes', value, detail: { extra } })

const cases: Case[] = []
const figures: Figure[] = []
for (const series of [1000, 10_000]) {
  const input = requestBytes(series)
  if (typeof input === 'string') {
    for (const id of [`snappy.${series}`, `pb.${series}`]) figures.push(unavailable(id, 'lastcall', input))
    continue
  }

  // snappy: both must round-trip through the other's reader to count.
  const { snappyCompress } = rwSnappy
  if (typeof snappyCompress !== 'function') figures.push(unavailable(`snappy.${series}`, 'lastcall', 'snappyCompress is not exported'))
  else {
    const ours = snappyCompress(input)
    if (!sameBytes(snappyjs.uncompress(ours) as Uint8Array, input)) figures.push(unavailable(`snappy.${series}`, 'lastcall', 'output does not decompress to the input'))
    else {
      cases.push({ id: `snappy.${series}`, lib: 'lastcall', fn: () => snappyCompress(input) })
      figures.push(size(`snappy.size.${series}`, 'lastcall', ours.length, { uncompressed: input.length }))
    }
  }
  const theirs = snappyjs.compress(input) as Uint8Array
  cases.push({ id: `snappy.${series}`, lib: 'snappyjs', fn: () => snappyjs.compress(input) })
  figures.push(size(`snappy.size.${series}`, 'snappyjs', theirs.length, { uncompressed: input.length }))

  // protobuf: the same decoded series, handed to each encoder in its own input shape.
  const decoded = WriteRequest.toObject(WriteRequest.decode(input), { longs: Number, defaults: true }) as {
    timeseries: { labels: { name: string; value: string }[]; samples: { value: number; timestamp: number }[] }[]
  }
  const peerInput = decoded.timeseries
  const ourInput = peerInput.map((ts) => ({
    labels: ts.labels.map((l) => [l.name, l.value] as const),
    samples: ts.samples.map((s) => ({ value: s.value, timestampMs: s.timestamp })),
  }))
  const peerEncode = () => WriteRequest.encode({ timeseries: peerInput }).finish()
  if (!sameBytes(peerEncode(), input)) figures.push(unavailable(`pb.${series}`, 'protobufjs', 'protobufjs bytes differ from the request'))
  else cases.push({ id: `pb.${series}`, lib: 'protobufjs', fn: peerEncode })
  const { encodeWriteRequest } = rwWrite
  if (typeof encodeWriteRequest !== 'function') figures.push(unavailable(`pb.${series}`, 'lastcall', 'encodeWriteRequest is not exported'))
  else if (!sameBytes(encodeWriteRequest(ourInput), input)) figures.push(unavailable(`pb.${series}`, 'lastcall', 'encodeWriteRequest bytes differ from the request'))
  else cases.push({ id: `pb.${series}`, lib: 'lastcall', fn: () => encodeWriteRequest(ourInput) })
}

report('snappy', [...figures, ...(await timeCases(cases))])
