import { describe, expect, it } from 'vitest'
import { toDistribution } from '../../adapters/cloudwatch/histogram-values.js'
import { histogramPoint } from './batches.js'
import { referenceDistribution } from './support/reference-distribution.js'

const bucketOf = (bounds: number[], v: number) => {
  const i = bounds.findIndex((b) => v <= b)
  return i === -1 ? bounds.length : i
}

function check(bounds: number[], observations: number[]) {
  const point = histogramPoint(bounds, {}, observations)
  const { values, counts } = toDistribution({ ...point, bounds })
  const total = counts.reduce((a, b) => a + b, 0)
  const sum = values.reduce((acc, v, i) => acc + v * counts[i]!, 0)
  expect(total).toBe(observations.length)
  expect(sum).toBeCloseTo(point.sum, 9)
  expect(new Set(values).size).toBe(values.length)
  // Every representative sits in a bucket that really holds observations, with the same count.
  values.forEach((v, i) => expect(point.bucketCounts[bucketOf(bounds, v)]).toBe(counts[i]))
  return { values, counts }
}

describe('histogram representative values', () => {
  it('keeps Sum and SampleCount exact and every value inside its bucket', () => {
    check([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], [0.003, 0.004, 0.02, 0.07, 0.07, 0.3, 0.9, 4, 7.5])
  })

  it('handles a value equal to a bound, empty buckets and the +Inf bucket', () => {
    check([1, 2, 3], [1, 1, 3, 3.5, 100])
    check([1, 2, 3], [5, 6, 7])
  })

  it('handles a single bound and no bounds at all', () => {
    check([1], [0.5, 2, 3])
    const point = histogramPoint([], {}, [1, 2, 6])
    expect(toDistribution({ ...point, bounds: [] })).toEqual({ values: [3], counts: [3] })
  })

  it('handles negative observations in the open first bucket', () => {
    check([0.5, 1], [-4, -1, 0.7])
    check([-1, 0, 1], [-3, -0.5, 0.5])
  })

  it('returns nothing for an empty point', () => {
    const point = histogramPoint([1], {}, [])
    expect(toDistribution({ ...point, bounds: [1] })).toEqual({ values: [], counts: [] })
  })

  it('clamps the outer buckets to min and max when a point knows them', () => {
    const point = { ...histogramPoint([1, 2], {}, [0.8, 0.9, 5]), min: 0.8, max: 5 }
    const { values } = toDistribution({ ...point, bounds: [1, 2] })
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0.8)
    expect(Math.max(...values)).toBeLessThanOrEqual(5)
  })
})

describe('the loop-based conversion', () => {
  // A small deterministic generator, so a failure names a seed that reproduces it.
  const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32)

  it('gives exactly what the first, object-based version gave', () => {
    let merged = 0
    const boundSets = [[], [1], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], [-1, 0, 1], [1, 2, 3], [100, 1000]]
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed)
      const bounds = boundSets[seed % boundSets.length] as number[]
      const bucketCounts = Array.from({ length: bounds.length + 1 }, () => (next() < 0.4 ? 0 : Math.floor(next() * 5)))
      const count = bucketCounts.reduce((a, b) => a + b, 0)
      // Sums anywhere: consistent with the buckets, or not (deltas merged from restarts, float drift).
      const scale = (bounds[bounds.length - 1] ?? 1) * 2
      const sum = next() < 0.5 ? count * (next() * scale - scale / 4) : (next() - 0.5) * scale * 10
      // Known min and max narrow the buckets they fall in; set to a bound, they collapse neighbouring
      // buckets onto one value, which the conversion must merge.
      const pinned = next() < 0.3 && bounds.length > 0 ? bounds[Math.floor(next() * bounds.length)] : undefined
      const min = pinned !== undefined && next() < 0.5 ? pinned : next() < 0.3 ? next() * scale - scale / 2 : undefined
      const max = pinned ?? (next() < 0.3 ? (min ?? 0) + next() * scale : undefined)
      const point = { bounds, bucketCounts, sum, count, min, max }
      const reference = referenceDistribution(point)
      if (reference.values.length < bucketCounts.filter((c) => c > 0).length) merged++
      expect(toDistribution(point), `seed ${seed}`).toEqual(reference)
    }
    // The cases above include buckets merged onto one value, not only distinct ones.
    expect(merged).toBeGreaterThan(50)
  })
})
