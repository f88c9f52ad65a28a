/**
 * The fields of a metric point that stay the same from flush to flush,
 * encoded once: its attributes, after the packed explicit_bounds for a
 * histogram point (fields 7 and 9 are adjacent). The core freezes each
 * series' labels once and hands the same object to every snapshot, so a
 * flush copies these bytes instead of encoding every key and value again.
 * Label objects and bounds that are not frozen could change and are never
 * cached.
 */
import type { MetricData } from '../../src/index.js'
import { writeLabels } from './proto-common.js'
import { ProtoWriter } from '../shared/proto-writer.js'

type Labels = Readonly<Record<string, string>>

/** The tails of one family's points by index, for one field and bounds array. */
interface FamilyEntry {
  readonly field: number
  readonly bounds: readonly number[] | undefined
  readonly labels: Labels[]
  readonly bytes: Uint8Array[]
}

/**
 * Keyed by the family's frozen labelNames array (one per instrument), so
 * entries go with the instrument. A family lists its series in the same
 * order every flush, so a point finds its tail at its own index.
 */
const families = new WeakMap<readonly string[], FamilyEntry>()

/** Packed explicit_bounds (field 7) per frozen bounds array; histograms often share one. */
const encodedBounds = new WeakMap<readonly number[], Uint8Array>()

function boundsBytes(bounds: readonly number[]): Uint8Array {
  let bytes = encodedBounds.get(bounds)
  if (bytes === undefined) {
    const w = new ProtoWriter(16 + bounds.length * 8)
    if (bounds.length > 0) {
      const packed = w.fork(7) // packed double
      for (const bound of bounds) w.rawDouble(bound)
      w.join(packed)
    }
    bytes = w.finish()
    if (Object.isFrozen(bounds)) encodedBounds.set(bounds, bytes)
  }
  return bytes
}

function encodeTail(labels: Labels, field: number, bounds: readonly number[] | undefined): Uint8Array {
  const head = bounds === undefined ? undefined : boundsBytes(bounds)
  const w = new ProtoWriter(64 + (head?.length ?? 0))
  if (head !== undefined) w.raw(head)
  writeLabels(w, field, labels)
  return w.finish()
}

/**
 * The tails of one family's points for one flush.
 * @example const tails = new PointTails(metric, 7); w.raw(tails.at(i, point.labels))
 */
export class PointTails {
  readonly #field: number
  readonly #bounds: readonly number[] | undefined
  readonly #entry: FamilyEntry | undefined

  /** For the points of `metric`, whose attributes go in `field`. */
  constructor(metric: MetricData, field: number) {
    this.#field = field
    const bounds = metric.kind === 'histogram' ? metric.bounds : undefined
    this.#bounds = bounds
    const names = metric.labelNames
    let entry = families.get(names)
    // Another field or bounds (a family redefined, or names shared by hand-made data) starts over.
    if (entry === undefined || entry.field !== field || entry.bounds !== bounds) {
      entry = Object.isFrozen(names) && (bounds === undefined || Object.isFrozen(bounds)) ? { field, bounds, labels: [], bytes: [] } : undefined
      if (entry !== undefined) families.set(names, entry)
    }
    // Series that went away leave nothing behind.
    if (entry !== undefined && entry.labels.length > metric.points.length) {
      entry.labels.length = metric.points.length
      entry.bytes.length = metric.points.length
    }
    this.#entry = entry
  }

  /** The tail of the point at `index`, whose labels are `labels`. */
  at(index: number, labels: Labels): Uint8Array {
    const entry = this.#entry
    if (entry !== undefined && entry.labels[index] === labels) return entry.bytes[index] as Uint8Array
    const bytes = encodeTail(labels, this.#field, this.#bounds)
    if (entry !== undefined && Object.isFrozen(labels) && index <= entry.labels.length) {
      entry.labels[index] = labels
      entry.bytes[index] = bytes
    }
    return bytes
  }
}
