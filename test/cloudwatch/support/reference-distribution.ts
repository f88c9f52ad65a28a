/**
 * The histogram-to-distribution conversion as first written: per-bucket range
 * objects, callbacks and a Map. Kept as the reference that the loop-based
 * version in adapters/cloudwatch/histogram-values.ts must match exactly.
 */
import type { BucketData, Distribution } from '../../../adapters/cloudwatch/histogram-values.js'

const MIN_FRACTION = 1e-6

interface Range {
  lower: number
  upper: number
}

/**
 * Representative values and counts for a histogram, Σ counts×values = sum.
 * @example toDistribution({ bounds: [1, 2], bucketCounts: [0, 2, 0], sum: 3, count: 2, min: undefined, max: undefined })
 * // { values: [1.5], counts: [2] }
 */
export function referenceDistribution(point: BucketData): Distribution {
  if (point.count <= 0) return { values: [], counts: [] }
  if (point.bounds.length === 0) return { values: [point.sum / point.count], counts: [point.count] }
  const ranges = bucketRanges(point)
  const counts = point.bucketCounts
  const values = placeAtCommonFraction(ranges, counts, point.sum)
  absorbResidual(values, counts, point)
  return mergeEqual(values, counts)
}

function bucketRanges(point: BucketData): Range[] {
  const { bounds } = point
  const first = bounds[0] as number
  const last = bounds[bounds.length - 1] as number
  const ranges: Range[] = []
  for (let i = 0; i <= bounds.length; i++) {
    // Observations are usually ≥ 0 (durations, sizes): start the first bucket at 0 when it can.
    const lower = i === 0 ? Math.min(0, first) : (bounds[i - 1] as number)
    // The +Inf bucket gets the width of the bucket below it, so its values lie strictly above `last`.
    const upper = i === bounds.length ? last + lastWidth(bounds) : (bounds[i] as number)
    ranges.push(clamp({ lower, upper }, point.min, point.max))
  }
  return ranges
}

function lastWidth(bounds: readonly number[]): number {
  const last = bounds[bounds.length - 1] as number
  return bounds.length >= 2 ? last - (bounds[bounds.length - 2] as number) : Math.max(1, Math.abs(last))
}

function clamp(range: Range, min: number | undefined, max: number | undefined): Range {
  let { lower, upper } = range
  if (min !== undefined && Number.isFinite(min)) lower = Math.min(upper, Math.max(lower, min))
  if (max !== undefined && Number.isFinite(max)) upper = Math.max(lower, Math.min(upper, max))
  return { lower, upper }
}

function placeAtCommonFraction(ranges: readonly Range[], counts: readonly number[], sum: number): number[] {
  let low = 0
  let width = 0
  ranges.forEach((range, i) => {
    const count = counts[i] ?? 0
    low += count * range.lower
    width += count * (range.upper - range.lower)
  })
  // Buckets are (lower, upper]: t stays above 0 so no value lands on the bound below its bucket.
  const t = width > 0 ? Math.min(1, Math.max(MIN_FRACTION, (sum - low) / width)) : 0
  return ranges.map((range) => range.lower + t * (range.upper - range.lower))
}

// The first bucket is open below and the last open above (unless min/max are known).
function absorbResidual(values: number[], counts: readonly number[], point: BucketData): void {
  let placed = 0
  values.forEach((value, i) => (placed += (counts[i] ?? 0) * value))
  const residual = point.sum - placed
  if (Math.abs(residual) <= 1e-9 * Math.max(1, Math.abs(point.sum))) return
  const top = values.length - 1
  const topCount = counts[top] ?? 0
  const firstCount = counts[0] ?? 0
  if (residual > 0 && topCount > 0 && point.max === undefined) values[top] = (values[top] as number) + residual / topCount
  else if (residual < 0 && firstCount > 0 && point.min === undefined) values[0] = (values[0] as number) + residual / firstCount
}

function mergeEqual(values: readonly number[], counts: readonly number[]): Distribution {
  const byValue = new Map<number, number>()
  values.forEach((value, i) => {
    const count = counts[i] ?? 0
    if (count > 0) byValue.set(value, (byValue.get(value) ?? 0) + count)
  })
  return { values: [...byValue.keys()], counts: [...byValue.values()] }
}
