/**
 * Datums from requests that failed while other requests of the same export
 * succeeded. The flush engine can only re-send a whole delta, which would
 * count the delivered part twice; so the adapter keeps just the failed part
 * here, bounded, and sends it with the next export.
 */
import { isSendableTime } from './rules.js'
import type { MetricDatum } from './sdk.js'

/** A bounded FIFO of datums waiting for another attempt. */
export class PendingDatums {
  #datums: MetricDatum[] = []
  readonly #max: number

  constructor(max: number) {
    this.#max = max
  }

  get size(): number {
    return this.#datums.length
  }

  /** Keeps `datums`, dropping the oldest beyond the bound; returns how many were dropped. */
  add(datums: readonly MetricDatum[]): number {
    for (const datum of datums) this.#datums.push(datum)
    const over = this.#datums.length - this.#max
    if (over <= 0) return 0
    this.#datums.splice(0, over)
    return over
  }

  /** Takes everything still inside CloudWatch's time window; returns the datums and how many had expired. */
  take(nowMs: number): { datums: MetricDatum[]; expired: number } {
    const all = this.#datums
    this.#datums = []
    const datums = all.filter((datum) => isSendableTime(datum.Timestamp.getTime(), nowMs))
    return { datums, expired: all.length - datums.length }
  }
}
