/**
 * Turns metric families into remote-write series, grouped by point: a
 * counter or gauge point is one series; a histogram point is its cumulative
 * `_bucket{le}` series (with `+Inf`), `_sum` and `_count`, which must travel
 * in one request and share timestamps.
 */
import { formatBucketBound, type HistogramMetricData, type MetricData } from '../../src/index.js'
import { pointLabels, type LabelPair, type SeriesIdentity } from './labels.js'

/**
 * One series without its samples. Its labels are `base` and `extra`
 * merged in sorted order: the point's labels are shared by all series of a
 * point, `__name__` (and `le`) by all points of a family.
 */
export interface WireSeries {
  readonly base: readonly LabelPair[]
  /** Sorted; names never in `base`. */
  readonly extra: readonly LabelPair[]
  readonly value: number
}

/** The series of one point. */
export interface SeriesGroup {
  readonly family: string
  /** The point's key within its family. */
  readonly point: string
  /** Counters and histograms are preceded by a zero sample when new; gauges are not. */
  readonly monotonic: boolean
  /** Snapshot time, epoch ms. */
  readonly timeMs: number
  readonly series: readonly WireSeries[]
}

/** Sorted base labels per label object, for one identity. */
export type BaseLabelCache = WeakMap<object, readonly LabelPair[]>

/**
 * Builds the series groups of a batch's metrics for one instance. With a
 * cache, label objects the core froze are sorted once, not every flush.
 * @example const groups = seriesGroups(batch.metrics, { job: 'checkout', instance: batch.resource.instanceId, external: {} })
 */
export function seriesGroups(metrics: readonly MetricData[], identity: SeriesIdentity, cache?: BaseLabelCache): SeriesGroup[] {
  const groups: SeriesGroup[] = []
  const baseOf = (labels: Readonly<Record<string, string>>): readonly LabelPair[] => {
    let base = cache?.get(labels)
    if (base === undefined) {
      base = pointLabels(labels, identity)
      // Frozen, the array may key the cache of its encoded bytes (see `pushLabelBytes`).
      if (cache !== undefined && Object.isFrozen(labels)) cache.set(labels, Object.freeze(base))
    }
    return base
  }
  for (const family of metrics) {
    if (family.kind === 'histogram') {
      histogramGroups(family, baseOf, groups)
      continue
    }
    const extra: LabelPair[] = [['__name__', family.name]]
    const monotonic = family.kind === 'counter'
    for (const point of family.points) {
      groups.push({ family: family.name, point: point.key, monotonic, timeMs: point.timeMs, series: [{ base: baseOf(point.labels), extra, value: point.value }] })
    }
  }
  return groups
}

function histogramGroups(family: HistogramMetricData, baseOf: (labels: Readonly<Record<string, string>>) => readonly LabelPair[], groups: SeriesGroup[]): void {
  const bucketName: LabelPair = ['__name__', `${family.name}_bucket`]
  // '__name__' sorts before 'le', so each pair is already in order.
  const buckets: LabelPair[][] = [...family.bounds.map(formatBucketBound), '+Inf'].map((le) => [bucketName, ['le', le]])
  const sum: LabelPair[] = [['__name__', `${family.name}_sum`]]
  const count: LabelPair[] = [['__name__', `${family.name}_count`]]
  for (const point of family.points) {
    const base = baseOf(point.labels)
    const series: WireSeries[] = []
    let cumulative = 0
    for (let i = 0; i < buckets.length; i++) {
      cumulative += point.bucketCounts[i] ?? 0
      series.push({ base, extra: buckets[i] as LabelPair[], value: cumulative })
    }
    series.push({ base, extra: sum, value: point.sum })
    // _count equals the +Inf bucket by definition.
    series.push({ base, extra: count, value: cumulative })
    groups.push({ family: family.name, point: point.key, monotonic: true, timeMs: point.timeMs, series })
  }
}
