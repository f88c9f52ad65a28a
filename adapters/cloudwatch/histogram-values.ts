/**
 * Turns histogram buckets into the values-and-counts form CloudWatch computes
 * statistics from. CloudWatch never sees the observations, only one
 * representative value per non-empty bucket, so the choice of that value
 * decides what its statistics mean:
 *
 * - every representative lies inside its own bucket, so any percentile
 *   CloudWatch computes falls in the right bucket (bucket resolution, as
 *   with Prometheus' `histogram_quantile`);
 * - the representatives are placed at one common fraction `t` of their
 *   buckets' widths, chosen so that Σ count × value equals the histogram's
 *   true sum; so Sum, SampleCount and Average are exact, not estimates;
 * - what the finite buckets cannot absorb goes to the open-ended first or
 *   `+Inf` bucket, whose values may lie anywhere on their open side;
 * - Minimum and Maximum are only bucket-accurate (delta points carry no
 *   min/max; when a point does, the outer buckets are clamped to them).
 */

/** Distinct values with how often each occurred. */
export interface Distribution {
  readonly values: number[]
  readonly counts: number[]
}

/** What `toDistribution` needs from a histogram point. */
export interface BucketData {
  readonly bounds: readonly number[]
  readonly bucketCounts: readonly number[]
  readonly sum: number
  readonly count: number
  readonly min: number | undefined
  readonly max: number | undefined
}

const MIN_FRACTION = 1e-6

/**
 * Representative values and counts for a histogram, Σ counts×values = sum.
 * @example toDistribution({ bounds: [1, 2], bucketCounts: [0, 2, 0], sum: 3, count: 2, min: undefined, max: undefined })
 * // { values: [1.5], counts: [2] }
 */
export function toDistribution(point: BucketData): Distribution {
  return distributionOf(point.bounds, point)
}

/**
 * The same for a point whose bounds are kept apart (a snapshot's histogram
 * points share their metric's). Runs on every flush for every changed
 * histogram series, so it works in loops over plain arrays: no per-bucket
 * objects or callbacks.
 */
export function distributionOf(bounds: readonly number[], point: Omit<BucketData, 'bounds'>): Distribution {
  const { count, sum, bucketCounts: counts } = point
  if (count <= 0) return { values: [], counts: [] }
  const n = bounds.length
  if (n === 0) return { values: [sum / count], counts: [count] }
  const first = bounds[0] as number
  const last = bounds[n - 1] as number
  // The +Inf bucket gets the width of the bucket below it, so its values lie strictly above `last`.
  const topWidth = n >= 2 ? last - (bounds[n - 2] as number) : Math.max(1, Math.abs(last))
  const min = point.min !== undefined && Number.isFinite(point.min) ? point.min : undefined
  const max = point.max !== undefined && Number.isFinite(point.max) ? point.max : undefined
  const lowers = new Array<number>(n + 1)
  const widths = new Array<number>(n + 1)
  // Σ count × lower and Σ count × width: where the values start, and how far they can move.
  let low = 0
  let room = 0
  for (let i = 0; i <= n; i++) {
    // Observations are usually ≥ 0 (durations, sizes): start the first bucket at 0 when it can.
    let lower = i === 0 ? Math.min(0, first) : (bounds[i - 1] as number)
    let upper = i === n ? last + topWidth : (bounds[i] as number)
    // Known min and max narrow the buckets they fall in.
    if (min !== undefined) lower = Math.min(upper, Math.max(lower, min))
    if (max !== undefined) upper = Math.max(lower, Math.min(upper, max))
    lowers[i] = lower
    widths[i] = upper - lower
    const c = counts[i] ?? 0
    low += c * lower
    room += c * (upper - lower)
  }
  // Buckets are (lower, upper]: t stays above 0 so no value lands on the bound below its bucket.
  const t = room > 0 ? Math.min(1, Math.max(MIN_FRACTION, (sum - low) / room)) : 0
  const values = new Array<number>(n + 1)
  let placed = 0
  for (let i = 0; i <= n; i++) {
    const value = (lowers[i] as number) + t * (widths[i] as number)
    values[i] = value
    placed += (counts[i] ?? 0) * value
  }
  absorbResidual(values, counts, sum - placed, sum, point.min === undefined, point.max === undefined)
  return mergeEqual(values, counts)
}

// The first bucket is open below and the last open above (unless min/max are known).
function absorbResidual(values: number[], counts: readonly number[], residual: number, sum: number, openBelow: boolean, openAbove: boolean): void {
  if (Math.abs(residual) <= 1e-9 * Math.max(1, Math.abs(sum))) return
  const top = values.length - 1
  const topCount = counts[top] ?? 0
  const firstCount = counts[0] ?? 0
  if (residual > 0 && topCount > 0 && openAbove) values[top] = (values[top] as number) + residual / topCount
  else if (residual < 0 && firstCount > 0 && openBelow) values[0] = (values[0] as number) + residual / firstCount
}

/**
 * The values of non-empty buckets, equal ones merged. Values never decrease
 * from bucket to bucket (each lies in its own ordered bucket, and the
 * residual only moves the outermost ones outwards), so equal values are
 * neighbours among the non-empty buckets.
 */
function mergeEqual(values: readonly number[], counts: readonly number[]): Distribution {
  const outValues: number[] = []
  const outCounts: number[] = []
  for (let i = 0; i < values.length; i++) {
    const count = counts[i] ?? 0
    if (!(count > 0)) continue
    const value = values[i] as number
    const last = outValues.length - 1
    if (last >= 0 && outValues[last] === value) outCounts[last] = (outCounts[last] as number) + count
    else {
      outValues.push(value)
      outCounts.push(count)
    }
  }
  return { values: outValues, counts: outCounts }
}
