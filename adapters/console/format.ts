/** Readable renderings of a batch: one line per series and an indented span tree. */
import type { ExportBatch, HistogramPoint, MetricData, SpanData } from '../../src/index.js'

const KIND_NAMES = ['internal', 'server', 'client', 'producer', 'consumer'] as const

function labelText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`)
  return parts.length === 0 ? '' : `{${parts.join(',')}}`
}

/** Estimates a quantile from bucket counts by linear interpolation inside the bucket. */
export function estimateQuantile(bounds: readonly number[], point: HistogramPoint, q: number): number | undefined {
  if (point.count === 0) return undefined
  const rank = q * point.count
  let seen = 0
  for (let i = 0; i < point.bucketCounts.length; i++) {
    const inBucket = point.bucketCounts[i] as number
    if (seen + inBucket >= rank && inBucket > 0) {
      const lower = i === 0 ? Math.min(0, bounds[0] ?? 0) : (bounds[i - 1] as number)
      const upper = i < bounds.length ? (bounds[i] as number) : (point.max ?? lower)
      return lower + (upper - lower) * ((rank - seen) / inBucket)
    }
    seen += inBucket
  }
  return point.max
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, '')
}

export function metricLines(metrics: readonly MetricData[]): string[] {
  const lines: string[] = []
  for (const metric of metrics) {
    for (const point of metric.points) {
      const head = `  ${metric.name}${labelText(point.labels)}`
      if (metric.kind === 'histogram') {
        const h = point as HistogramPoint
        const p50 = estimateQuantile(metric.bounds, h, 0.5)
        const p99 = estimateQuantile(metric.bounds, h, 0.99)
        lines.push(`${head} count=${h.count} sum=${round(h.sum)}${p50 === undefined ? '' : ` p50≈${round(p50)} p99≈${round(p99 ?? p50)}`}`)
      } else {
        lines.push(`${head} ${round((point as { value: number }).value)}`)
      }
    }
  }
  return lines
}

export function spanLines(spans: readonly SpanData[]): string[] {
  const children = new Map<string, SpanData[]>()
  const ids = new Set(spans.map((s) => s.spanId))
  const roots: SpanData[] = []
  for (const span of spans) {
    if (span.parentSpanId !== '' && ids.has(span.parentSpanId)) {
      const list = children.get(span.parentSpanId) ?? []
      list.push(span)
      children.set(span.parentSpanId, list)
    } else roots.push(span)
  }
  const lines: string[] = []
  const walk = (span: SpanData, depth: number): void => {
    const ms = (span.endTimeMs - span.startTimeMs).toFixed(1)
    const status = span.status.code === 2 ? ` ERROR${span.status.message === '' ? '' : ` ${span.status.message}`}` : ''
    const trace = depth === 0 ? ` trace=${span.traceId}` : ''
    lines.push(`  ${'  '.repeat(depth)}${span.name} [${KIND_NAMES[span.kind] ?? span.kind}] ${ms}ms${status}${trace}`)
    const sorted = (children.get(span.spanId) ?? []).sort((a, b) => a.startTimeMs - b.startTimeMs)
    for (const child of sorted) walk(child, depth + 1)
  }
  for (const root of roots.sort((a, b) => a.startTimeMs - b.startTimeMs)) walk(root, 0)
  return lines
}

export function prettyBatch(batch: ExportBatch, name: string): string {
  const points = batch.metrics.reduce((n, m) => n + m.points.length, 0)
  const header = `[${name}] ${batch.resource.serviceName} instance=${batch.resource.instanceId.slice(0, 8)} series=${points} spans=${batch.spans.length}`
  const parts = [header]
  if (points > 0) parts.push(' metrics:', ...metricLines(batch.metrics))
  if (batch.spans.length > 0) parts.push(' spans:', ...spanLines(batch.spans))
  return parts.join('\n')
}
