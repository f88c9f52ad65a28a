/**
 * Turns metric families into remote-write series, grouped by point: a
 * counter or gauge point is one series; a histogram point is its cumulative
 * `_bucket{le}` series (with `+Inf`), `_sum` and `_count`, which must travel
 * in one request and share timestamps.
 */
import type { MetricData } from '../../src/index.js'
import { familyExtras, type Extras, type LabelCache } from './label-cache.js'
import { pointLabels, type LabelPair, type SeriesIdentity } from './labels.js'

/**
 * The series of one point. Series `i` is labelled with `base` and
 * `extras[i]` merged in sorted order: the point's labels are shared by all
 * its series, `__name__` (and `le`) by all points of a family.
 */
export interface SeriesGroup {
  readonly family: string
  /** The point's key within its family. */
  readonly point: string
  /** Counters and histograms are preceded by a zero sample when new; gauges are not. */
  readonly monotonic: boolean
  /** Snapshot time, epoch ms. */
  readonly timeMs: number
  readonly base: readonly LabelPair[]
  /** One entry per series; the same array for every point of the family, and across flushes when cached. */
  readonly extras: Extras
  /** One value per series. */
  readonly values: readonly number[]
}

/**
 * Builds the series groups of a batch's metrics for one instance. With a
 * cache, label objects the core froze are sorted once and a family's
 * `__name__`/`le` labels built once, not every flush.
 * @example const groups = seriesGroups(batch.metrics, { job: 'checkout', instance: batch.resource.instanceId, external: {} })
 */
export function seriesGroups(metrics: readonly MetricData[], identity: SeriesIdentity, cache?: LabelCache): SeriesGroup[] {
  const groups: SeriesGroup[] = []
  const baseOf = (labels: Readonly<Record<string, string>>): readonly LabelPair[] => (cache === undefined ? pointLabels(labels, identity) : cache.base(labels, identity))
  for (const family of metrics) {
    const extras = cache === undefined ? familyExtras(family) : cache.extras(family)
    if (family.kind !== 'histogram') {
      const monotonic = family.kind === 'counter'
      for (const point of family.points) {
        groups.push({ family: family.name, point: point.key, monotonic, timeMs: point.timeMs, base: baseOf(point.labels), extras, values: [point.value] })
      }
      continue
    }
    for (const point of family.points) {
      // Cumulative buckets, then _sum, then _count, which equals the +Inf bucket by definition.
      const values: number[] = new Array(extras.length)
      const counts = point.bucketCounts
      let cumulative = 0
      for (let i = 0; i < extras.length - 2; i++) values[i] = cumulative += counts[i] ?? 0
      values[extras.length - 2] = point.sum
      values[extras.length - 1] = cumulative
      groups.push({ family: family.name, point: point.key, monotonic: true, timeMs: point.timeMs, base: baseOf(point.labels), extras, values })
    }
  }
  cache?.sweep()
  return groups
}
