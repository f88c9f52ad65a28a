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
  // Plain loops: this runs for every series at every flush, and most entries are one value.
  const { values: distinct, counts } = entry
  let total = 0
  for (let i = 0; i < counts.length; i++) total += counts[i] as number
  const shares = total <= cap ? undefined : proportionalShares(counts, total, cap)
  const values: number[] = []
  for (let i = 0; i < distinct.length; i++) {
    const value = distinct[i] as number
    for (let n = shares === undefined ? Math.round(counts[i] ?? 0) : (shares[i] ?? 0); n > 0; n--) values.push(value)
  }
  return { values, sampled: shares !== undefined }
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
