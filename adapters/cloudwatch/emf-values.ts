/**
 * EMF carries values, never counts: a value that occurred n times must be
 * written n times. This expands a distribution into that list, and samples it
 * down when it would exceed the per-series cap.
 */
import type { SeriesEntry } from './series.js'

/** The expanded values of one entry, and whether they had to be sampled. */
export interface ExpandedValues {
  readonly values: number[]
  readonly sampled: boolean
}

/**
 * Writes each value as often as it occurred, up to `cap` values in all.
 * Above the cap each value keeps a share of the cap proportional to its count
 * (largest remainder, at least one each while the cap allows): percentiles
 * and the average stay right, Sum and SampleCount shrink by the same factor.
 * @example expandValues({ values: [0.5, 2], counts: [3, 1] } as SeriesEntry, 1000) // { values: [0.5, 0.5, 0.5, 2], sampled: false }
 */
export function expandValues(entry: Pick<SeriesEntry, 'values' | 'counts'>, cap: number): ExpandedValues {
  const total = entry.counts.reduce((sum, count) => sum + count, 0)
  const shares = total <= cap ? entry.counts.map((count) => Math.round(count)) : proportionalShares(entry.counts, total, cap)
  const values: number[] = []
  entry.values.forEach((value, i) => {
    for (let n = shares[i] ?? 0; n > 0; n--) values.push(value)
  })
  return { values, sampled: total > cap }
}

function proportionalShares(counts: readonly number[], total: number, cap: number): number[] {
  const nonEmpty = counts.filter((count) => count > 0).length
  const guaranteed = nonEmpty <= cap ? 1 : 0
  const spare = cap - guaranteed * nonEmpty
  const exact = counts.map((count) => (count > 0 ? (count / total) * spare : 0))
  const shares = exact.map((share, i) => ((counts[i] ?? 0) > 0 ? guaranteed : 0) + Math.floor(share))
  let left = cap - shares.reduce((sum, share) => sum + share, 0)
  const byRemainder = exact.map((share, i) => [share - Math.floor(share), i] as const).sort((a, b) => b[0] - a[0])
  for (const [, i] of byRemainder) {
    if (left <= 0) break
    if ((counts[i] ?? 0) === 0) continue
    shares[i] = (shares[i] as number) + 1
    left--
  }
  return shares
}
