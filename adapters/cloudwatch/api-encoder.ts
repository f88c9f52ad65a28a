/**
 * The PutMetricData encoder: a delta batch in, MetricDatum objects out, no
 * I/O. Each dimension set of a series becomes its own datum (CloudWatch
 * treats each set as a separate metric); datums with equal name and
 * dimensions are merged first. Counters send `Value` (the increase), gauges
 * `Value` (or `Values` when several series merged), histograms
 * `Values`/`Counts` from their buckets, split into datums of at most 150
 * values: CloudWatch merges datums of one metric and period, so percentiles
 * stay right, where a statistic set would lose them (CW-4).
 */
import type { ExportBatch } from '../../src/index.js'
import { Drops } from './drops.js'
import type { ResolvedCloudWatchOptions } from './options.js'
import type { MetricDatum } from './sdk.js'
import { groupSeries, type SeriesEntry, type SeriesGroup } from './series.js'
import { unitResolver, type UnknownUnitHandler } from './unit-resolver.js'

/** PutMetricData's limit on values in one datum (CW-4). */
export const MAX_VALUES_PER_DATUM = 150

/** Datums for one batch and what was left out. */
export interface DatumsResult {
  readonly datums: MetricDatum[]
  readonly drops: Drops
}

interface Merged {
  readonly entry: SeriesEntry
  readonly dimensions: { Name: string; Value: string }[]
  timeMs: number
  readonly values: number[]
  readonly counts: number[]
}

/**
 * Encodes a delta batch as MetricDatum objects (not yet split into requests).
 * @example const { datums } = encodeDatums(batch, resolveCloudWatchOptions({ namespace: 'Checkout', mode: 'api' }))
 */
export function encodeDatums(
  batch: ExportBatch,
  options: ResolvedCloudWatchOptions,
  context: { readonly nowMs?: number; readonly onUnknownUnit?: UnknownUnitHandler } = {},
): DatumsResult {
  const drops = new Drops()
  const groups = groupSeries(batch, {
    dimensions: options.dimensions,
    unitOf: unitResolver(options.units, context.onUnknownUnit),
    nowMs: context.nowMs ?? batch.timeMs,
    drops,
  })
  const datums: MetricDatum[] = []
  for (const merged of mergeBySet(groups).values()) datums.push(...toDatums(merged, options.storageResolution))
  return { datums, drops }
}

function mergeBySet(groups: readonly SeriesGroup[]): Map<string, Merged> {
  const merged = new Map<string, Merged>()
  for (const group of groups) {
    for (const set of group.dimensionSets) {
      const dimensions = set.map((name) => ({ Name: name, Value: group.dimensions[name] as string }))
      for (const entry of group.entries.values()) {
        const key = JSON.stringify([entry.name, dimensions])
        const target = merged.get(key)
        if (target === undefined) merged.set(key, { entry, dimensions, timeMs: entry.timeMs, values: [...entry.values], counts: [...entry.counts] })
        else mergeInto(target, entry)
      }
    }
  }
  return merged
}

function mergeInto(target: Merged, entry: SeriesEntry): void {
  target.timeMs = Math.max(target.timeMs, entry.timeMs)
  if (entry.kind === 'counter') {
    target.values[0] = (target.values[0] ?? 0) + (entry.values[0] ?? 0)
    return
  }
  entry.values.forEach((value, i) => {
    const at = target.values.indexOf(value)
    if (at >= 0) target.counts[at] = (target.counts[at] as number) + (entry.counts[i] as number)
    else {
      target.values.push(value)
      target.counts.push(entry.counts[i] as number)
    }
  })
}

function toDatums(merged: Merged, storageResolution: 1 | 60): MetricDatum[] {
  const base: MetricDatum = { MetricName: merged.entry.name, Timestamp: new Date(merged.timeMs), Unit: merged.entry.unit }
  if (merged.dimensions.length > 0) base.Dimensions = merged.dimensions
  if (storageResolution === 1) base.StorageResolution = 1
  const { values, counts } = merged
  if (merged.entry.kind !== 'histogram' && values.length === 1 && counts[0] === 1) {
    base.Value = values[0] as number
    return [base]
  }
  const datums: MetricDatum[] = []
  for (let start = 0; start < values.length; start += MAX_VALUES_PER_DATUM) {
    const end = start + MAX_VALUES_PER_DATUM
    // Object.assign, not `{ ...base, Values, Counts }`: a spread followed by new keys is slow in Node 20's V8.
    datums.push(Object.assign({}, base, { Values: values.slice(start, end), Counts: counts.slice(start, end) }))
  }
  return datums
}
