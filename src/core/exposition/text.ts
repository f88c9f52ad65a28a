/**
 * The Prometheus text exposition format 0.0.4: what `/metrics` handlers
 * serve and what the Pushgateway accepts. A pure function of the snapshot.
 */
import type { HistogramMetricData, MetricData, NumberMetricData } from '../data.js'
import { escapeHelp, escapeLabelValue, formatBucketBound, formatSampleValue } from './format.js'

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
  let out = ''
  for (const family of metrics) {
    if (family.points.length === 0) continue
    out += family.help === '' ? '' : `# HELP ${family.name} ${escapeHelp(family.help)}\n`
    out += `# TYPE ${family.name} ${family.kind}`
    out += family.kind === 'histogram' ? histogramLines(family, extra) : numberLines(family, extra)
    out += '\n'
  }
  return out
}

type Extra = ReadonlyArray<readonly [string, string]>

/** One call's extra labels, and a key that tells two calls' lists apart. */
interface ExtraLabels {
  readonly pairs: Extra
  readonly key: string
}

/**
 * What a series' lines start with, before the value: `\nname{a="x"} ` or,
 * for a histogram, each `name_bucket{a="x",le="0.1"} ` then the `_sum` and
 * `_count` ones. With the text of the last float value written (a counter's
 * value or a histogram's sum), so an unchanged one is not formatted again.
 * Each prefix begins with the line feed that ends the line before it, which
 * spares one string join per line; the family's last line is ended by the caller.
 */
interface SeriesText {
  readonly family: string
  readonly bounds: readonly number[] | undefined
  readonly extraKey: string
  readonly prefixes: readonly string[]
  lastValue: number
  lastText: string
}

/**
 * Line prefixes per label object. The core freezes each series' labels
 * once and hands the same object to every snapshot, so caching by identity
 * saves rendering and escaping the labels on every later call, and entries
 * go when the series does; objects that are not frozen could change and
 * are never cached. An entry is checked against the family, bounds and
 * extra labels it was made for (the empty label set is shared by families).
 */
const seriesTexts = new WeakMap<object, SeriesText>()

/** `le` label values per bounds array: the core hands out the same frozen one for a histogram every time. */
const boundLabels = new WeakMap<readonly number[], readonly string[]>()

/** `a="x",b="y"` for one series: its own non-empty labels, then the extra ones it lacks. */
function labelList(labels: Readonly<Record<string, string>>, extra: Extra): string {
  let list = ''
  for (const name in labels) {
    const value = labels[name] as string
    if (value !== '') list += `${list === '' ? '' : ','}${name}="${escapeLabelValue(value)}"`
  }
  for (const [name, value] of extra) {
    if (!Object.hasOwn(labels, name)) list += `${list === '' ? '' : ','}${name}="${escapeLabelValue(value)}"`
  }
  return list
}

/** The cached line prefixes of a series, made on a miss by `make` from its label list. */
function seriesText(labels: Readonly<Record<string, string>>, family: string, bounds: readonly number[] | undefined, extra: ExtraLabels, make: (list: string) => string[]): SeriesText {
  const hit = seriesTexts.get(labels)
  if (hit !== undefined && hit.family === family && hit.bounds === bounds && hit.extraKey === extra.key) return hit
  const text: SeriesText = { family, bounds, extraKey: extra.key, prefixes: make(labelList(labels, extra.pairs)), lastValue: NaN, lastText: '' }
  if (Object.isFrozen(labels)) seriesTexts.set(labels, text)
  return text
}

/** `value` as sample text, reusing the series' last text when the value has not changed. */
function valueText(text: SeriesText, value: number): string {
  if (value !== text.lastValue) {
    text.lastValue = value
    text.lastText = formatSampleValue(value)
  }
  return text.lastText
}

function numberLines(family: NumberMetricData, extra: ExtraLabels): string {
  const name = family.name
  const make = (list: string): string[] => [list === '' ? `\n${name} ` : `\n${name}{${list}} `]
  let out = ''
  for (const point of family.points) {
    const text = seriesText(point.labels, name, undefined, extra, make)
    out += text.prefixes[0] as string
    out += valueText(text, point.value)
  }
  return out
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

function histogramLines(family: HistogramMetricData, extra: ExtraLabels): string {
  const { name, bounds } = family
  const make = (list: string): string[] => histogramPrefixes(name, bounds, list)
  const buckets = bounds.length + 1
  let out = ''
  for (const point of family.points) {
    const text = seriesText(point.labels, name, bounds, extra, make)
    const prefixes = text.prefixes
    const counts = point.bucketCounts
    let cumulative = 0
    for (let i = 0; i < buckets; i++) {
      // Counts are per bucket in the snapshot; the text format wants running totals.
      cumulative += counts[i] ?? 0
      out += prefixes[i] as string
      out += cumulative
    }
    out += prefixes[buckets] as string
    out += valueText(text, point.sum)
    // _count is the +Inf bucket by definition; taking it from the buckets keeps the two equal.
    out += prefixes[buckets + 1] as string
    out += cumulative
  }
  return out
}
