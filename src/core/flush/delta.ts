/**
 * Delta temporality for one adapter: what changed since its last successful
 * export. Acknowledged totals move only on success, so whatever a failed
 * export carried is part of the next delta, and memory stays bounded by the
 * series count.
 */
import type { GaugeVersions, HistogramPoint, MetricData, NumberPoint } from '../data.js'

interface AckedHistogram {
  readonly counts: readonly number[]
  readonly sum: number
  readonly count: number
}

type Acked = number | AckedHistogram

export class DeltaTracker {
  /**
   * Metric name → series key → acknowledged total, histogram state or gauge version. Nested,
   * so a flush looks series up with the strings it already has instead of building an id each.
   */
  #acked = new Map<string, Map<string, Acked>>()
  #lastAckMs: number

  constructor(instanceStartMs: number) {
    this.#lastAckMs = instanceStartMs
  }

  /** Deltas of `snapshot` (cumulative) against the acknowledged state. Untouched series are left out. */
  deltas(snapshot: readonly MetricData[], gaugeVersions: GaugeVersions): MetricData[] {
    const start = this.#lastAckMs
    const out: MetricData[] = []
    for (const metric of snapshot) {
      const family = this.#acked.get(metric.name)
      if (metric.kind === 'histogram') {
        const points: HistogramPoint[] = []
        for (const p of metric.points) {
          const acked = family?.get(p.key) as AckedHistogram | undefined
          const count = p.count - (acked?.count ?? 0)
          if (count <= 0) continue
          const bucketCounts = p.bucketCounts.map((c, i) => c - (acked?.counts[i] ?? 0))
          points.push({ ...p, bucketCounts, count, sum: p.sum - (acked?.sum ?? 0), min: undefined, max: undefined, startTimeMs: start })
        }
        if (points.length > 0) out.push({ ...metric, points })
      } else {
        const points: NumberPoint[] = []
        const versions = metric.kind === 'gauge' ? gaugeVersions.get(metric.name) : undefined
        for (const p of metric.points) {
          if (metric.kind === 'gauge') {
            if (family?.get(p.key) === versions?.get(p.key)) continue
            points.push({ ...p, startTimeMs: start })
          } else {
            const value = p.value - ((family?.get(p.key) as number | undefined) ?? 0)
            if (value > 0) points.push({ ...p, value, startTimeMs: start })
          }
        }
        if (points.length > 0) out.push({ ...metric, points })
      }
    }
    return out
  }

  /** Marks the cumulative `snapshot` (the one the deltas came from) as delivered. */
  acknowledge(snapshot: readonly MetricData[], gaugeVersions: GaugeVersions, timeMs: number): void {
    for (const metric of snapshot) {
      let family = this.#acked.get(metric.name)
      if (family === undefined) this.#acked.set(metric.name, (family = new Map()))
      const versions = metric.kind === 'gauge' ? gaugeVersions.get(metric.name) : undefined
      for (const p of metric.points) {
        if (metric.kind === 'histogram') {
          const h = p as HistogramPoint
          family.set(p.key, { counts: h.bucketCounts, sum: h.sum, count: h.count })
        } else if (metric.kind === 'gauge') {
          const version = versions?.get(p.key)
          if (version !== undefined) family.set(p.key, version)
        } else {
          family.set(p.key, (p as NumberPoint).value)
        }
      }
    }
    this.#lastAckMs = timeMs
  }
}
