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
  const extra = Object.entries(options.extraLabels ?? {}).filter(([, value]) => value !== '')
  let out = ''
  for (const family of metrics) {
    if (family.points.length === 0) continue
    out += family.help === '' ? '' : `# HELP ${family.name} ${escapeHelp(family.help)}\n`
    out += `# TYPE ${family.name} ${family.kind}\n`
    out += family.kind === 'histogram' ? histogramLines(family, extra) : numberLines(family, extra)
  }
  return out
}

type Extra = ReadonlyArray<readonly [string, string]>

/**
 * Rendered own labels per label object. The core freezes each series'
 * labels once and hands the same object to every snapshot, so caching by
 * identity saves the escaping on every later flush; objects that are not
 * frozen could change and are never cached.
 */
const ownLists = new WeakMap<object, string>()

/** `a="x",b="y"` for one series: its own non-empty labels, then the extra ones it lacks. */
function labelList(labels: Readonly<Record<string, string>>, extra: Extra): string {
  let list = ownLists.get(labels)
  if (list === undefined) {
    list = ''
    for (const name in labels) {
      const value = labels[name] as string
      if (value !== '') list += `${list === '' ? '' : ','}${name}="${escapeLabelValue(value)}"`
    }
    if (Object.isFrozen(labels)) ownLists.set(labels, list)
  }
  for (const [name, value] of extra) {
    if (!Object.hasOwn(labels, name)) list += `${list === '' ? '' : ','}${name}="${escapeLabelValue(value)}"`
  }
  return list
}

function numberLines(family: NumberMetricData, extra: Extra): string {
  let out = ''
  for (const point of family.points) {
    const list = labelList(point.labels, extra)
    out += `${family.name}${list === '' ? '' : `{${list}}`} ${formatSampleValue(point.value)}\n`
  }
  return out
}

function histogramLines(family: HistogramMetricData, extra: Extra): string {
  const les = family.bounds.map((bound) => `le="${formatBucketBound(bound)}"} `)
  les.push('le="+Inf"} ')
  const bucket = `${family.name}_bucket{`
  let out = ''
  for (const point of family.points) {
    const list = labelList(point.labels, extra)
    const prefix = list === '' ? bucket : `${bucket}${list},`
    let cumulative = 0
    for (let i = 0; i < les.length; i++) {
      // Counts are per bucket in the snapshot; the text format wants running totals.
      cumulative += point.bucketCounts[i] ?? 0
      out += `${prefix}${les[i]}${cumulative}\n`
    }
    const braces = list === '' ? ' ' : `{${list}} `
    out += `${family.name}_sum${braces}${formatSampleValue(point.sum)}\n`
    // _count is the +Inf bucket by definition; taking it from the buckets keeps the two equal.
    out += `${family.name}_count${braces}${cumulative}\n`
  }
  return out
}
