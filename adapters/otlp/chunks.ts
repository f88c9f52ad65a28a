/**
 * Keeps every request under the size cap (OT-5): a batch that encodes too
 * large is halved until each part fits; a single span or data point that
 * alone exceeds the cap cannot be sent and is dropped with a message.
 */
import type { MetricData, SpanData } from '../../src/index.js'
import { countPoints } from './metric-model.js'

/** The encoded parts of a batch and what could not fit. */
export interface Chunks {
  readonly bodies: Uint8Array[]
  /** Spans or data points dropped because one alone exceeded the cap. */
  dropped: number
  /** Size of the largest dropped item, for the message. */
  largestDropped: number
}

/**
 * Encodes `items`, halving with `split` while a part is over `maxBytes`.
 * @example encodeInChunks(spans, (s) => encodeTracesProto(resource, s), cap, halveSpans, (s) => s.length)
 */
export function encodeInChunks<T>(
  items: T,
  encode: (items: T) => Uint8Array,
  maxBytes: number,
  split: (items: T) => readonly [T, T] | undefined,
  size: (items: T) => number,
): Chunks {
  const chunks: Chunks = { bodies: [], dropped: 0, largestDropped: 0 }
  const visit = (part: T): void => {
    const body = encode(part)
    if (body.length <= maxBytes) {
      chunks.bodies.push(body)
      return
    }
    const halves = split(part)
    if (halves === undefined) {
      chunks.dropped += size(part)
      chunks.largestDropped = Math.max(chunks.largestDropped, body.length)
      return
    }
    visit(halves[0])
    visit(halves[1])
  }
  visit(items)
  return chunks
}

/**
 * Splits spans in two halves; undefined for a single span.
 * @example halveSpans([a, b, c]) // [[a], [b, c]]
 */
export function halveSpans(spans: readonly SpanData[]): readonly [readonly SpanData[], readonly SpanData[]] | undefined {
  if (spans.length < 2) return undefined
  const middle = Math.floor(spans.length / 2)
  return [spans.slice(0, middle), spans.slice(middle)]
}

/**
 * Splits metric families in two parts of about half the data points each,
 * cutting a family's points when it holds the middle; undefined for one point.
 * @example halveMetrics(batch.metrics)
 */
export function halveMetrics(metrics: readonly MetricData[]): readonly [MetricData[], MetricData[]] | undefined {
  const total = countPoints(metrics)
  if (total < 2) return undefined
  const target = Math.floor(total / 2)
  const first: MetricData[] = []
  const second: MetricData[] = []
  let taken = 0
  for (const metric of metrics) {
    const room = target - taken
    if (room >= metric.points.length) first.push(metric)
    else if (room <= 0) second.push(metric)
    else {
      first.push(withPoints(metric, 0, room))
      second.push(withPoints(metric, room, metric.points.length))
    }
    taken += metric.points.length
  }
  return [first, second]
}

function withPoints(metric: MetricData, from: number, to: number): MetricData {
  return metric.kind === 'histogram'
    ? { ...metric, points: metric.points.slice(from, to) }
    : { ...metric, points: metric.points.slice(from, to) }
}
