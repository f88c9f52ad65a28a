/**
 * Delta temporality for one adapter: what changed since its last successful
 * export. Acknowledged totals move only on success, so whatever a failed
 * export carried is part of the next delta, and memory stays bounded by the
 * series count.
 */
import type { HistogramPoint, MetricData, NumberPoint } from '../data.js'

interface AckedHistogram {
  readonly counts: readonly number[]
  readonly sum: number
  readonly count: number
}

export class DeltaTracker {
  /** metric name \u0001 series key → acknowledged total, histogram state or gauge version. */
  #acked = new Map<string, number | AckedHistogram>()
  #lastAckMs: number

  constructor(instanceStartMs: number) {
    this.#lastAckMs = instanceStartMs
  }

  /** Deltas of `snapshot` (cumulative) against the acknowledged state. Untouched series are left out. */
  deltas(snapshot: readonly MetricData[], gaugeVersions: ReadonlyMap<string, number>): MetricData[] {
    const start = this.#lastAckMs
    const out: MetricData[] = []
    for (const metric of snapshot) {
      if (metric.kind === 'histogram') {
        const points: HistogramPoint[] = []
        for (const p of metric.points) {
          const acked = this.#acked.get(`${metric.name}\u0001${p.key}`) as AckedHistogram | undefined
          const count = p.count - (acked?.count ?? 0)
          if (count <= 0) continue
          const bucketCounts = p.bucketCounts.map((c, i) => c - (acked?.counts[i] ?? 0))
          points.push({ ...p, bucketCounts, count, sum: p.sum - (acked?.sum ?? 0), min: undefined, max: undefined, startTimeMs: start })
        }
        if (points.length > 0) out.push({ ...metric, points })
      } else {
        const points: NumberPoint[] = []
        for (const p of metric.points) {
          const id = `${metric.name}\u0001${p.key}`
          if (metric.kind === 'gauge') {
            if (this.#acked.get(id) === gaugeVersions.get(id)) continue
            points.push({ ...p, startTimeMs: start })
          } else {
            const value = p.value - ((this.#acked.get(id) as number | undefined) ?? 0)
            if (value > 0) points.push({ ...p, value, startTimeMs: start })
          }
        }
        if (points.length > 0) out.push({ ...metric, points })
      }
    }
    return out
  }

  /** Marks the cumulative `snapshot` (the one the deltas came from) as delivered. */
  acknowledge(snapshot: readonly MetricData[], gaugeVersions: ReadonlyMap<string, number>, timeMs: number): void {
    for (const metric of snapshot) {
      for (const p of metric.points) {
        const id = `${metric.name}\u0001${p.key}`
        if (metric.kind === 'histogram') {
          const h = p as HistogramPoint
          this.#acked.set(id, { counts: h.bucketCounts, sum: h.sum, count: h.count })
        } else if (metric.kind === 'gauge') {
          const version = gaugeVersions.get(id)
          if (version !== undefined) this.#acked.set(id, version)
        } else {
          this.#acked.set(id, (p as NumberPoint).value)
        }
      }
    }
    this.#lastAckMs = timeMs
  }
}
