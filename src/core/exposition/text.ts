/**
 * The Prometheus text exposition format 0.0.4: what `/metrics` handlers
 * serve and what the Pushgateway accepts. A pure function of the snapshot.
 */
import type { HistogramMetricData, HistogramPoint, MetricData, NumberMetricData } from '../data.js'
import { escapeHelp, formatBucketBound, formatSampleValue } from './format.js'
import { seriesText, type ExtraLabels, type SeriesText } from './series-text.js'

/** `le` label values per bounds array: the core hands out the same frozen one for a histogram every time. */
const boundLabels = new WeakMap<readonly number[], readonly string[]>()

/**
 * The Content-Type of text format 0.0.4.
 * @example new Response(body, { headers: { 'content-type': TEXT_EXPOSITION_CONTENT_TYPE } })
 */
export const TEXT_EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** Options of `encodeTextExposition`. */
export interface TextExpositionOptions {
  /** Labels added to every series that does not carry the name already; empty values are dropped. */
  readonly extraLabels?: Readonly<Record<string, string>>
}

/**
 * Renders metric families as text format 0.0.4: one contiguous group per
 * family (HELP, TYPE, samples), histograms as cumulative `_bucket{le}` with
 * `+Inf`, `_sum` and `_count`, no timestamps, and a final line feed.
 * @example
 * const body = encodeTextExposition(batch.metrics, { extraLabels: { region: 'eu' } })
 */
export function encodeTextExposition(metrics: readonly MetricData[], options: TextExpositionOptions = {}): string {
  const pairs = Object.entries(options.extraLabels ?? {}).filter(([, value]) => value !== '')
  // JSON keeps any two different lists apart, whatever their values hold.
  const extra: ExtraLabels = { pairs, key: pairs.length === 0 ? '' : JSON.stringify(pairs) }
  // Pieces joined once at the end: a string grown by `+=` is a tree of pieces, and whoever
  // reads it (TextEncoder, a Response body) first walks the whole tree to flatten it.
  const parts: string[] = []
  for (const family of metrics) {
    if (family.points.length === 0) continue
    if (family.help !== '') parts.push(`# HELP ${family.name} ${escapeHelp(family.help)}\n`)
    parts.push(`# TYPE ${family.name} ${family.kind}`)
    if (family.kind === 'histogram') histogramLines(family, extra, parts)
    else numberLines(family, extra, parts)
    parts.push('\n')
  }
  return parts.join('')
}

function numberLines(family: NumberMetricData, extra: ExtraLabels, parts: string[]): void {
  const name = family.name
  const make = (list: string): string[] => [list === '' ? `\n${name} ` : `\n${name}{${list}} `]
  for (const point of family.points) {
    const text = seriesText(point.labels, name, undefined, extra, 1, make)
    const value = point.value
    // `===` takes -0 for 0, which is right: both print as `0`. NaN never matches and is formatted again.
    const same = text.known && text.values[0] === value
    if (same && text.rendered !== undefined) {
      parts.push(text.rendered)
      continue
    }
    text.values[0] = value
    text.known = true
    const line = (text.prefixes[0] as string) + formatSampleValue(value)
    text.rendered = same ? line : undefined
    parts.push(line)
  }
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

function histogramLines(family: HistogramMetricData, extra: ExtraLabels, parts: string[]): void {
  const { name, bounds } = family
  const make = (list: string): string[] => histogramPrefixes(name, bounds, list)
  const buckets = bounds.length + 1
  for (const point of family.points) {
    const text = seriesText(point.labels, name, bounds, extra, buckets + 1, make)
    const same = text.known && sameHistogram(text.values, point, buckets)
    if (same && text.rendered !== undefined) {
      parts.push(text.rendered)
      continue
    }
    const lines = renderHistogram(text, point, buckets)
    text.rendered = same ? flat(lines) : undefined
    parts.push(lines)
  }
}

/**
 * The same text as one contiguous string. Kept lines are copied into every
 * scrape, and lines built by `+=` are a tree of ~28 pieces that would be
 * walked again each time (about 4 ms per 1,000 histograms here). Slicing
 * makes the engine lay the text out once; elsewhere it is a plain copy.
 */
function flat(text: string): string {
  return (' ' + text).slice(1)
}

/** Whether `values` still hold the point's sum and every bucket count. */
function sameHistogram(values: Float64Array, point: HistogramPoint, buckets: number): boolean {
  if (values[0] !== point.sum) return false
  const counts = point.bucketCounts
  for (let i = 0; i < buckets; i++) {
    if (values[i + 1] !== (counts[i] ?? 0)) return false
  }
  return true
}

/** A histogram series' lines, remembering in its text the values they were made from. */
function renderHistogram(text: SeriesText, point: HistogramPoint, buckets: number): string {
  const { prefixes, values } = text
  const counts = point.bucketCounts
  let lines = ''
  let cumulative = 0
  for (let i = 0; i < buckets; i++) {
    const count = counts[i] ?? 0
    values[i + 1] = count
    // Counts are per bucket in the snapshot; the text format wants running totals.
    cumulative += count
    lines += prefixes[i] as string
    lines += cumulative
  }
  values[0] = point.sum
  text.known = true
  lines += prefixes[buckets] as string
  lines += formatSampleValue(point.sum)
  // _count is the +Inf bucket by definition; taking it from the buckets keeps the two equal.
  lines += prefixes[buckets + 1] as string
  lines += cumulative
  return lines
}
