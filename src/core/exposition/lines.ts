/**
 * The walk both text encoders share: each family's HELP and TYPE, then each
 * series either as the lines it kept from an earlier call or freshly
 * rendered. Where the lines go, and in which form a series keeps them, is
 * the sink's business: a string for `encodeTextExposition`, UTF-8 for
 * `encodeTextExpositionBytes`.
 */
import type { HistogramMetricData, HistogramPoint, MetricData, NumberMetricData, NumberPoint } from '../data.js'
import { escapeHelp, formatBucketBound, formatSampleValue } from './format.js'
import { familyList, seriesText, type ExtraLabels, type FamilyTexts, type SeriesText } from './series-text.js'

/** Where an encoder takes the walk's output, in order. */
export interface LineSink {
  /** Starts a family with its HELP and TYPE lines, which are never kept. */
  head(lines: string): void
  /** Takes the series' kept lines if it has them in this sink's form; false when it has not. */
  kept(series: SeriesText): boolean
  /** Takes freshly rendered lines; `same` says they show what the series showed last time, so they are worth keeping. */
  fresh(series: SeriesText, lines: string, same: boolean): void
  /** Takes a family's series lines as the one block they last formed, if the sink keeps bytes; false when it does not. */
  block(bytes: Uint8Array): boolean
  /** Ends the family with the line feed its last line lacks; `list`, when it holds every series of the family, may note the block they now form. */
  end(list: FamilyTexts | undefined): void
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
    sink.end(family.kind === 'histogram' ? histogramLines(family, extra, sink) : numberLines(family, extra, sink))
  }
}

/** Writes a counter or gauge family's series; returns its list when that holds every series. */
function numberLines(family: NumberMetricData, extra: ExtraLabels, sink: LineSink): FamilyTexts | undefined {
  const { name, points } = family
  const make = (list: string): string[] => [list === '' ? `\n${name} ` : `\n${name}{${list}} `]
  const list = familyList((points[0] as NumberPoint).labels, name, undefined, extra)
  if (list !== undefined && list.block !== undefined && unchangedNumbers(points, list) && sink.block(list.block)) return list
  if (list !== undefined) list.block = undefined
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as NumberPoint
    const text = textAt(list, i, point.labels) ?? listed(list, i, point.labels, seriesText(point.labels, name, undefined, extra, 0, make))
    const value = point.value
    // `===` takes -0 for 0, which is right: both print as `0`. NaN never matches and is formatted again.
    const same = text.known && text.value === value
    if (same && sink.kept(text)) continue
    text.value = value
    text.known = true
    if (!same) forget(text)
    sink.fresh(text, (text.prefixes[0] as string) + formatSampleValue(value), same)
  }
  return complete(list, points.length)
}

/** Writes a histogram family's series; returns its list when that holds every series. */
function histogramLines(family: HistogramMetricData, extra: ExtraLabels, sink: LineSink): FamilyTexts | undefined {
  const { name, bounds } = family
  const make = (list: string): string[] => histogramPrefixes(name, bounds, list)
  const buckets = bounds.length + 1
  const points = family.points
  const list = familyList((points[0] as HistogramPoint).labels, name, bounds, extra)
  if (list !== undefined && list.block !== undefined && unchangedHistograms(points, list, buckets) && sink.block(list.block)) return list
  if (list !== undefined) list.block = undefined
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as HistogramPoint
    const text = textAt(list, i, point.labels) ?? listed(list, i, point.labels, seriesText(point.labels, name, bounds, extra, buckets, make))
    const same = text.known && sameHistogram(text, point, buckets)
    if (same && sink.kept(text)) continue
    if (!same) forget(text)
    sink.fresh(text, renderHistogram(text, point, buckets), same)
  }
  return complete(list, points.length)
}

/**
 * Whether every point is the series the list holds at its place and shows
 * what that series' lines show: the whole family then needs one look per
 * series, with nothing written or copied for it on its own.
 */
function unchangedNumbers(points: readonly NumberPoint[], list: FamilyTexts): boolean {
  const { labels, texts } = list
  if (points.length !== labels.length) return false
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as NumberPoint
    const text = texts[i] as SeriesText
    if (point.labels !== labels[i] || !text.known || text.value !== point.value) return false
  }
  return true
}

function unchangedHistograms(points: readonly HistogramPoint[], list: FamilyTexts, buckets: number): boolean {
  const { labels, texts } = list
  if (points.length !== labels.length) return false
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as HistogramPoint
    const text = texts[i] as SeriesText
    if (point.labels !== labels[i] || !text.known || !sameHistogram(text, point, buckets)) return false
  }
  return true
}

/** Trims the list to the family's series; gives it back when it holds them all. */
function complete(list: FamilyTexts | undefined, length: number): FamilyTexts | undefined {
  if (list === undefined) return undefined
  trim(list, length)
  return list.labels.length === length ? list : undefined
}

/** The text the family's list holds for the point at `i`, if the point is the series it was last time. */
function textAt(list: FamilyTexts | undefined, i: number, labels: object): SeriesText | undefined {
  return list !== undefined && list.labels[i] === labels ? list.texts[i] : undefined
}

/** Puts `text` at `i` in the family's list, when its labels are frozen. */
function listed(list: FamilyTexts | undefined, i: number, labels: object, text: SeriesText): SeriesText {
  if (list !== undefined && i <= list.labels.length) {
    if (Object.isFrozen(labels)) {
      list.labels[i] = labels
      list.texts[i] = text
    } else trim(list, i)
  }
  return text
}

/** Drops what the list holds past `length`: the family has fewer series, or one that could change. */
function trim(list: FamilyTexts, length: number): void {
  if (list.labels.length > length) {
    list.labels.length = length
    list.texts.length = length
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
