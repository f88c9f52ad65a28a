/**
 * The pure remote-write 1.0 encoder: series in, protobuf WriteRequest bytes
 * out (prompb: WriteRequest.timeseries = 1; TimeSeries.labels = 1,
 * samples = 2; Label.name = 1, value = 2; Sample.value = 1 (double),
 * timestamp = 2 (int64 ms)).
 */
import { ProtoWriter } from '../shared/proto-writer.js'
import { compareUtf8, type LabelPair } from './labels.js'

/** One sample: a value at an epoch-ms timestamp. */
export interface SampleData {
  readonly value: number
  readonly timestampMs: number
}

/** One series: sorted unique labels, `__name__` included, and its samples. */
export interface TimeSeriesData {
  readonly labels: readonly LabelPair[]
  readonly samples: readonly SampleData[]
}

const NO_LABELS: readonly LabelPair[] = []

/**
 * Encodes a WriteRequest. Empty-valued labels are left out (Prometheus
 * treats them as absent) and samples are written in timestamp order.
 * @example const bytes = encodeWriteRequest([{ labels: [['__name__', 'up']], samples: [{ value: 1, timestampMs: Date.now() }] }])
 */
export function encodeWriteRequest(series: readonly TimeSeriesData[]): Uint8Array {
  const w = new ProtoWriter(256 + series.length * 160)
  for (const one of series) {
    const mark = w.fork(1)
    writeLabels(w, one.labels, NO_LABELS)
    for (const sample of inOrder(one.samples)) writeSample(w, sample.value, sample.timestampMs)
    w.join(mark)
  }
  // A view, not a copy: the writer and its buffer are this call's own.
  return w.view()
}

/** Writes TimeSeries.labels: two sorted lists with disjoint names, merged in order. */
export function writeLabels(w: ProtoWriter, a: readonly LabelPair[], b: readonly LabelPair[]): void {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const x = a[i]
    const y = b[j]
    const pair = y === undefined || (x !== undefined && compareUtf8(x[0], y[0]) < 0) ? (i++, x as LabelPair) : (j++, y)
    if (pair[1] === '') continue
    const mark = w.fork(1)
    w.string(1, pair[0])
    w.string(2, pair[1])
    w.join(mark)
  }
}

/** Writes one TimeSeries.samples entry. */
export function writeSample(w: ProtoWriter, value: number, timestampMs: number): void {
  const mark = w.fork(2)
  w.quietDouble(1, value)
  w.int64(2, timestampMs)
  w.join(mark)
}

function inOrder(samples: readonly SampleData[]): readonly SampleData[] {
  for (let i = 1; i < samples.length; i++) {
    if ((samples[i] as SampleData).timestampMs < (samples[i - 1] as SampleData).timestampMs) {
      return [...samples].sort((a, b) => a.timestampMs - b.timestampMs)
    }
  }
  return samples
}
