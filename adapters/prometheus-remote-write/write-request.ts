/**
 * The pure remote-write 1.0 encoder: series in, protobuf WriteRequest bytes
 * out (prompb: WriteRequest.timeseries = 1; TimeSeries.labels = 1,
 * samples = 2; Label.name = 1, value = 2; Sample.value = 1 (double),
 * timestamp = 2 (int64 ms)).
 */
import { ProtoWriter } from './protobuf.js'
import { compareUtf8, type LabelPair } from './labels.js'
import type { WireSeries } from './series.js'

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
    w.tag(1, 2)
    const mark = w.fork()
    writeLabels(w, one.labels, NO_LABELS)
    for (const sample of inOrder(one.samples)) writeSample(w, sample.value, sample.timestampMs)
    w.join(mark)
  }
  return w.finish()
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
    w.tag(1, 2)
    const mark = w.fork()
    w.tag(1, 2)
    w.string(pair[0])
    w.tag(2, 2)
    w.string(pair[1])
    w.join(mark)
  }
}

/** Encoded labels of one wire series, and the `extra` they were encoded with. */
interface EncodedLabels {
  extra: readonly LabelPair[]
  readonly bytes: Uint8Array
}

/**
 * Encoded TimeSeries.labels per frozen base label array, one slot per
 * series of its point. Label sets never change between flushes, so a flush
 * copies bytes instead of re-encoding every label. Keyed weakly by the base
 * array, which `seriesGroups` keeps only while the series lives, so entries
 * of vanished series are collected with it.
 */
const encodedLabels = new WeakMap<readonly LabelPair[], EncodedLabels[]>()

/**
 * Pushes onto `out` the bytes `writeLabels(w, base, extra)` would write for
 * each series of one point; cached when the base is frozen. A series' index
 * within its point picks its slot: its `extra` is the same every flush, and
 * the check in `cachedBytes` covers a base shared by points of several
 * families (the empty label set).
 * @example const labels: Uint8Array[] = []; pushLabelBytes(group.series, labels)
 */
export function pushLabelBytes(series: readonly WireSeries[], out: Uint8Array[]): void {
  let base: readonly LabelPair[] | undefined
  let slots: EncodedLabels[] | undefined
  for (let i = 0; i < series.length; i++) {
    const one = series[i] as WireSeries
    // The series of a point share their base: one lookup serves them all.
    if (one.base !== base) {
      base = one.base
      slots = slotsOf(base)
    }
    out.push(slots === undefined ? encodeLabels(one.base, one.extra) : cachedBytes(slots, i, one))
  }
}

function slotsOf(base: readonly LabelPair[]): EncodedLabels[] | undefined {
  if (!Object.isFrozen(base)) return undefined
  let slots = encodedLabels.get(base)
  if (slots === undefined) encodedLabels.set(base, (slots = []))
  return slots
}

function cachedBytes(slots: EncodedLabels[], slot: number, one: WireSeries): Uint8Array {
  const hit = slots[slot]
  if (hit !== undefined && (hit.extra === one.extra || samePairs(hit.extra, one.extra))) {
    // The next flush brings an equal array again; holding the newest lets identity answer first.
    hit.extra = one.extra
    return hit.bytes
  }
  const bytes = encodeLabels(one.base, one.extra)
  slots[slot] = { extra: one.extra, bytes }
  return bytes
}

function encodeLabels(base: readonly LabelPair[], extra: readonly LabelPair[]): Uint8Array {
  const w = new ProtoWriter(64)
  writeLabels(w, base, extra)
  return w.finish().slice()
}

function samePairs(a: readonly LabelPair[], b: readonly LabelPair[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as LabelPair
    const y = b[i] as LabelPair
    if (x !== y && (x[0] !== y[0] || x[1] !== y[1])) return false
  }
  return true
}

/**
 * What every series of one stamped group shares besides labels and value,
 * encoded once per group: the optional zero sample, then the sample with
 * its value left to fill and the timestamp.
 */
export interface SampleFrame {
  readonly ms: number
  readonly zeroMs: number | undefined
  readonly tail: Uint8Array
  /** Where the sample's double starts in `tail`. */
  readonly valueAt: number
}

/**
 * The frame of a group sent at `ms`, after a zero sample at `zeroMs` when
 * set; `previous` is returned again when it matches, as it mostly does
 * (a batch shares one snapshot time).
 * @example const frame = sampleFrame(stamped.ms, stamped.zeroMs, undefined)
 */
export function sampleFrame(ms: number, zeroMs: number | undefined, previous: SampleFrame | undefined): SampleFrame {
  if (previous !== undefined && previous.ms === ms && previous.zeroMs === zeroMs) return previous
  const w = new ProtoWriter(64)
  if (zeroMs !== undefined) writeSample(w, 0, zeroMs)
  const valueAt = w.length + 3
  writeSample(w, 0, ms)
  return { ms, zeroMs, tail: w.finish().slice(), valueAt }
}

/**
 * Bytes `writeTimeSeries` writes, so a request can be sized exactly once.
 * @example const size = timeSeriesSize(labels.length, frame)
 */
export function timeSeriesSize(labelsLength: number, frame: SampleFrame): number {
  const body = labelsLength + frame.tail.length
  return 1 + varintSize(body) + body
}

function varintSize(value: number): number {
  let size = 1
  for (; value >= 0x80; value = Math.floor(value / 0x80)) size++
  return size
}

/**
 * Writes one TimeSeries from its encoded labels, the group's frame and one
 * value: two copies and the double. Lengths are known up front, so nothing
 * is moved to widen a prefix.
 */
export function writeTimeSeries(w: ProtoWriter, labels: Uint8Array, value: number, frame: SampleFrame): void {
  w.tag(1, 2)
  w.varint(labels.length + frame.tail.length)
  w.raw(labels)
  const at = w.length + frame.valueAt
  w.raw(frame.tail)
  w.setDouble(at, value)
}

/** Writes one TimeSeries.samples entry. */
export function writeSample(w: ProtoWriter, value: number, timestampMs: number): void {
  w.tag(2, 2)
  const mark = w.fork()
  w.tag(1, 1)
  w.double(value)
  w.tag(2, 0)
  w.varint(timestampMs)
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
