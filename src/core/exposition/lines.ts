/**
 * The walk both text encoders share: each family's HELP and TYPE, then each
 * series either as the lines it kept from an earlier call or freshly
 * rendered. Where the lines go, and in which form a series keeps them, is
 * the sink's business: a string for `encodeTextExposition`, UTF-8 for
 * `encodeTextExpositionBytes`.
 */
import type { HistogramMetricData, HistogramPoint, MetricData, NumberMetricData } from '../data.js'
import { escapeHelp, formatBucketBound, formatSampleValue } from './format.js'
import { seriesText, type ExtraLabels, type SeriesText } from './series-text.js'

/** Where an encoder takes the walk's output, in order. */
export interface LineSink {
  /** Starts a family with its HELP and TYPE lines, which are never kept. */
  head(lines: string): void
  /** Takes the series' kept lines if it has them in this sink's form; false when it has not. */
  kept(series: SeriesText): boolean
  /** Takes freshly rendered lines; `same` says they show what the series showed last time, so they are worth keeping. */
  fresh(series: SeriesText, lines: string, same: boolean): void
  /** Ends the family with the line feed its last line lacks. */
  end(): void
}

/** `le` label values per bounds array: the core hands out the same frozen one for a histogram every time. */
const boundLabels = new WeakMap<readonly number[], readonly string[]>()

/** Renders every family with series into `sink`; empty extra label values are dropped. */
export function writeFamilies(metrics: readonly MetricData[], extraLabels: Readonly<Record<string, string>> | undefined, sink: LineSink): void {
  const pairs = Object.entries(extraLabels ?? {}).filter(([, value]) => value !== '')
  // JSON keeps any two different lists apart, whatever their values hold.
  const extra: ExtraLabels = { pairs, key: pairs.length === 0 ? '' : JSON.stringify(pairs) }
  for (const family of metrics) {
    if (family.points.length === 0) continue
    const type = `# TYPE ${family.name} ${family.kind}`
    sink.head(family.help === '' ? type : `# HELP ${family.name} ${escapeHelp(family.help)}\n${type}`)
    if (family.kind === 'histogram') histogramLines(family, extra, sink)
    else numberLines(family, extra, sink)
    sink.end()
  }
}

function numberLines(family: NumberMetricData, extra: ExtraLabels, sink: LineSink): void {
  const name = family.name
  const make = (list: string): string[] => [list === '' ? `\n${name} ` : `\n${name}{${list}} `]
  for (const point of family.points) {
    const text = seriesText(point.labels, name, undefined, extra, 0, make)
    const value = point.value
    // `===` takes -0 for 0, which is right: both print as `0`. NaN never matches and is formatted again.
    const same = text.known && text.value === value
    if (same && sink.kept(text)) continue
    text.value = value
    text.known = true
    if (!same) forget(text)
    sink.fresh(text, (text.prefixes[0] as string) + formatSampleValue(value), same)
  }
}

function histogramLines(family: HistogramMetricData, extra: ExtraLabels, sink: LineSink): void {
  const { name, bounds } = family
  const make = (list: string): string[] => histogramPrefixes(name, bounds, list)
  const buckets = bounds.length + 1
  for (const point of family.points) {
    const text = seriesText(point.labels, name, bounds, extra, buckets, make)
    const same = text.known && sameHistogram(text, point, buckets)
    if (same && sink.kept(text)) continue
    if (!same) forget(text)
    sink.fresh(text, renderHistogram(text, point, buckets), same)
  }
}

/** Drops the lines a series kept: its values moved on. */
function forget(text: SeriesText): void {
  text.rendered = undefined
  text.bytes = undefined
}

function leValues(bounds: readonly number[]): readonly string[] {
  let les = boundLabels.get(bounds)
  if (les === undefined) {
    les = [...bounds.map(formatBucketBound), '+Inf']
    if (Object.isFrozen(bounds)) boundLabels.set(bounds, les)
  }
  return les
}

function histogramPrefixes(name: string, bounds: readonly number[], list: string): string[] {
  const bucket = list === '' ? `\n${name}_bucket{` : `\n${name}_bucket{${list},`
  const prefixes = leValues(bounds).map((le) => `${bucket}le="${le}"} `)
  const braces = list === '' ? ' ' : `{${list}} `
  prefixes.push(`\n${name}_sum${braces}`, `\n${name}_count${braces}`)
  return prefixes
}

/** Whether the series' lines were made from the point's sum and bucket counts. */
function sameHistogram(text: SeriesText, point: HistogramPoint, buckets: number): boolean {
  if (text.value !== point.sum) return false
  const counts = point.bucketCounts
  if (counts === text.shown) return true
  const known = text.counts
  for (let i = 0; i < buckets; i++) {
    if (known[i] !== (counts[i] ?? 0)) return false
  }
  return true
}

/** A histogram series' lines, remembering in its text the values they were made from. */
function renderHistogram(text: SeriesText, point: HistogramPoint, buckets: number): string {
  const { prefixes } = text
  const counts = point.bucketCounts
  const known = text.counts
  let lines = ''
  let cumulative = 0
  for (let i = 0; i < buckets; i++) {
    const count = counts[i] ?? 0
    known[i] = count
    // Counts are per bucket in the snapshot; the text format wants running totals.
    cumulative += count
    lines += prefixes[i] as string
    lines += cumulative
  }
  text.value = point.sum
  // Only a frozen array can be trusted to hold the same counts the next time it is seen.
  text.shown = Object.isFrozen(counts) ? counts : undefined
  text.known = true
  lines += prefixes[buckets] as string
  lines += formatSampleValue(point.sum)
  // _count is the +Inf bucket by definition; taking it from the buckets keeps the two equal.
  lines += prefixes[buckets + 1] as string
  lines += cumulative
  return lines
}
