/**
 * The step EMF and PutMetricData share: validate every point of a delta
 * batch, decide its dimensions, and gather points with the same dimension
 * values into one group. Series that differ only in labels that are not
 * dimensions are merged: counters add up, histograms add bucket counts,
 * gauges keep each value (CloudWatch then reports min/max/average).
 */
import type { ExportBatch, HistogramMetricData, HistogramPoint, MetricData, NumberPoint } from '../../src/index.js'
import { DropReasons, type DropReason, type Drops } from './drops.js'
import { distributionOf } from './histogram-values.js'
import { layoutFor, layoutsFor, type Layout } from './dimension-layout.js'
import { dimensionValueProblem, isSendableTime, isSendableValue, metricNameProblem } from './rules.js'
import type { CloudWatchUnit } from './units.js'

/** One metric inside a group: distinct values with counts, ready for either encoding. */
export interface SeriesEntry {
  readonly name: string
  readonly unit: CloudWatchUnit
  readonly kind: MetricData['kind']
  /** Latest snapshot time of the merged points, epoch ms. */
  timeMs: number
  readonly values: number[]
  readonly counts: number[]
}

/** Points that share dimension sets and dimension values. */
export interface SeriesGroup {
  /** Each set lists dimension names; an empty set means "no dimensions". */
  readonly dimensionSets: readonly (readonly string[])[]
  /** Values of every name used by any set. */
  readonly dimensions: Readonly<Record<string, string>>
  readonly entries: Map<string, SeriesEntry>
}

/** What `groupSeries` needs to know. */
export interface GroupingOptions {
  /** Configured dimension sets; undefined means "all labels of each series, as one set". */
  readonly dimensions: readonly (readonly string[])[] | undefined
  readonly unitOf: (metric: MetricData) => CloudWatchUnit
  readonly nowMs: number
  readonly drops: Drops
}

/**
 * Validates and groups the metrics of a delta batch.
 * @example const groups = groupSeries(batch, { dimensions: undefined, unitOf: () => 'None', nowMs: Date.now(), drops: new Drops() })
 */
export function groupSeries(batch: ExportBatch, options: GroupingOptions): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>()
  // Series of one metric nearly always share label names: their dimension sets are decided once, for every flush.
  const layouts = layoutsFor(options.dimensions)
  const placed = placementsFor(layouts)
  for (const metric of batch.metrics) {
    if (metricNameProblem(metric.name) !== undefined) {
      options.drops.add(DropReasons.metricName, metric.points.length)
      continue
    }
    const unit = options.unitOf(metric)
    for (const point of metric.points) {
      const group = groupFor(point.labels, point.timeMs, options, groups, layouts, placed)
      if (group === undefined) continue
      if (metric.kind === 'histogram') addHistogram(group, metric, point as HistogramPoint, unit, options.drops)
      else addNumber(group, metric, point as NumberPoint, unit, options.drops)
    }
  }
  return [...groups.values()]
}

/** Where a series' labels put it: its layout and group key, or why it is dropped. */
type Placement =
  | { readonly layout: Layout; readonly key: string; readonly dimensions: Readonly<Record<string, string>> }
  | { readonly problem: DropReason }

// Series labels from the core are frozen, so their placement is decided once per layouts and kept
// across flushes, keyed by the labels object; labels that are not frozen are placed every time.
const placements = new WeakMap<Map<string, Layout>, WeakMap<object, Placement>>()

function placementsFor(layouts: Map<string, Layout>): WeakMap<object, Placement> {
  let placed = placements.get(layouts)
  if (placed === undefined) placements.set(layouts, (placed = new WeakMap()))
  return placed
}

function place(labels: Readonly<Record<string, string>>, options: GroupingOptions, layouts: Map<string, Layout>): Placement {
  const layout = layoutFor(labels, options.dimensions, layouts)
  if (layout.problem !== undefined) return { problem: layout.problem }
  let key = layout.key
  const dimensions: Record<string, string> = {}
  for (const name of layout.names) {
    const value = labels[name] as string
    if (dimensionValueProblem(value) !== undefined) return { problem: DropReasons.dimensionValue }
    key += `\u0002${value}`
    dimensions[name] = value
  }
  // Kept with the placement, the same object at every flush: encoders may key caches on it.
  return { layout, key, dimensions: Object.freeze(dimensions) }
}

function groupFor(
  labels: Readonly<Record<string, string>>,
  timeMs: number,
  options: GroupingOptions,
  groups: Map<string, SeriesGroup>,
  layouts: Map<string, Layout>,
  placed: WeakMap<object, Placement>,
): SeriesGroup | undefined {
  const { drops } = options
  if (!isSendableTime(timeMs, options.nowMs)) return void drops.add(DropReasons.timestamp)
  let placement = placed.get(labels)
  if (placement === undefined) {
    placement = place(labels, options, layouts)
    if (Object.isFrozen(labels)) placed.set(labels, placement)
  }
  if ('problem' in placement) return void drops.add(placement.problem)
  const { layout, key } = placement
  let group = groups.get(key)
  if (group === undefined) {
    group = { dimensionSets: layout.sets, dimensions: placement.dimensions, entries: new Map() }
    groups.set(key, group)
  }
  return group
}

function entryFor(group: SeriesGroup, metric: MetricData, unit: CloudWatchUnit, timeMs: number): SeriesEntry {
  let entry = group.entries.get(metric.name)
  if (entry === undefined) {
    entry = { name: metric.name, unit, kind: metric.kind, timeMs, values: [], counts: [] }
    group.entries.set(metric.name, entry)
  }
  entry.timeMs = Math.max(entry.timeMs, timeMs)
  return entry
}

function addNumber(group: SeriesGroup, metric: MetricData, point: NumberPoint, unit: CloudWatchUnit, drops: Drops): void {
  if (!isSendableValue(point.value)) return drops.add(DropReasons.nonFinite)
  const entry = entryFor(group, metric, unit, point.timeMs)
  // A counter's delta is one sum; merged counter series add up into it.
  if (metric.kind === 'counter' && entry.values.length === 1) entry.values[0] = (entry.values[0] as number) + point.value
  else addValue(entry, point.value, 1)
}

function addHistogram(group: SeriesGroup, metric: HistogramMetricData, point: HistogramPoint, unit: CloudWatchUnit, drops: Drops): void {
  if (point.count <= 0) return
  if (!isSendableValue(point.sum) || !countsAreSendable(point.bucketCounts)) return drops.add(DropReasons.nonFinite)
  const { values, counts } = distributionOf(metric.bounds, point)
  for (let i = 0; i < values.length; i++) if (!isSendableValue(values[i] as number)) return drops.add(DropReasons.nonFinite)
  const entry = entryFor(group, metric, unit, point.timeMs)
  for (let i = 0; i < values.length; i++) addValue(entry, values[i] as number, counts[i] as number)
}

function countsAreSendable(counts: readonly number[]): boolean {
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] as number
    if (!Number.isFinite(count) || count < 0) return false
  }
  return true
}

function addValue(entry: SeriesEntry, value: number, count: number): void {
  // PutMetricData lists each distinct value once, with its count.
  const at = entry.values.indexOf(value)
  if (at >= 0) entry.counts[at] = (entry.counts[at] as number) + count
  else {
    entry.values.push(value)
    entry.counts.push(count)
  }
}
