import { describe, expect, it } from 'vitest'
import { toDistribution } from '../../adapters/cloudwatch/histogram-values.js'
import { histogramPoint } from './batches.js'

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
