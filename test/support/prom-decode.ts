/**
 * An independent remote-write decoder for tests: snappyjs for the block
 * format and protobufjs reading a schema written here from the field
 * numbers of the remote-write 1.0 spec (prompb types.proto / remote.proto),
 * not from the encoder under test.
 */
import protobuf from 'protobufjs'
import SnappyJS from 'snappyjs'

const SCHEMA = `
syntax = "proto3";
package prometheus;
message WriteRequest {
  repeated TimeSeries timeseries = 1;
  reserved 2;
  repeated MetricMetadata metadata = 3;
}
message TimeSeries {
  repeated Label labels = 1;
  repeated Sample samples = 2;
}
message Label {
  string name = 1;
  string value = 2;
}
message Sample {
  double value = 1;
  int64 timestamp = 2;
}
message MetricMetadata {
  int32 type = 1;
  string metric_family_name = 2;
  string help = 4;
  string unit = 5;
}
`

const root = protobuf.parse(SCHEMA, { keepCase: true }).root
/** The WriteRequest type, for encoding reference messages in tests. */
export const WriteRequestType = root.lookupType('prometheus.WriteRequest')

export interface DecodedSample {
  value: number
  /** int64 as a decimal string, so values beyond 2^53 or negative are exact. */
  timestamp: string
}
export interface DecodedSeries {
  labels: Array<{ name: string; value: string }>
  samples: DecodedSample[]
}

/** Decodes protobuf WriteRequest bytes. */
export function decodeWriteRequest(bytes: Uint8Array): DecodedSeries[] {
  const message = WriteRequestType.decode(bytes)
  const object = WriteRequestType.toObject(message, { longs: String, defaults: true, arrays: true }) as { timeseries: DecodedSeries[] }
  return object.timeseries
}

/** Decompresses a snappy block with snappyjs. */
export function snappyDecode(body: Uint8Array): Uint8Array {
  return SnappyJS.uncompress(body) as Uint8Array
}

/** Snappy-decodes then protobuf-decodes a remote-write body. */
export function decodeRemoteWriteBody(body: Uint8Array): DecodedSeries[] {
  return decodeWriteRequest(snappyDecode(body))
}

/** `{__name__="x",a="b"}`-style key of a decoded series, labels in wire order. */
export function seriesId(series: DecodedSeries): string {
  return `{${series.labels.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(',')}}`
}

/** The value of one label of a decoded series. */
export function labelOf(series: DecodedSeries, name: string): string | undefined {
  return series.labels.find((l) => l.name === name)?.value
}
