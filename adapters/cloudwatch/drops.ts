/**
 * A tally of what an export could not send, by reason. Exports never throw
 * on bad data: they drop it, count it here, and say so in the outcome.
 */

/** Reasons a point or series is not sent, each naming the rule it breaks. */
export const DropReasons = {
  nonFinite: 'NaN or infinite value (CW-4, EMF-7)',
  dimensionValue: 'invalid dimension value (CW-3, EMF-4)',
  dimensionName: 'invalid dimension name (CW-3, EMF-4)',
  tooManyDimensions: 'more than 30 dimensions (CW-3, EMF-4)',
  metricName: 'invalid metric name (CW-3)',
  keyCollision: 'metric or dimension name collides with another EMF key (EMF-5)',
  timestamp: 'timestamp outside -14 d/+2 h (CW-7)',
  pendingOverflow: 'failed datums over the carry-over bound',
} as const

/** One of the DropReasons values. */
export type DropReason = (typeof DropReasons)[keyof typeof DropReasons]

/** Counts drops by reason and turns them into one short sentence. */
export class Drops {
  #counts = new Map<DropReason, number>()
  #notes: string[] = []

  add(reason: DropReason, count = 1): void {
    if (count > 0) this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + count)
  }

  /** A remark that is not a drop, e.g. a sampled histogram. */
  note(text: string): void {
    this.#notes.push(text)
  }

  get total(): number {
    let sum = 0
    for (const count of this.#counts.values()) sum += count
    return sum
  }

  /** E.g. `dropped 3: 2 NaN or infinite value (CW-4, EMF-7), 1 invalid dimension value (…)`; undefined when empty. */
  describe(): string | undefined {
    const parts: string[] = []
    if (this.#counts.size > 0) {
      const reasons = [...this.#counts].map(([reason, count]) => `${count} ${reason}`)
      parts.push(`dropped ${this.total}: ${reasons.join(', ')}`)
    }
    parts.push(...this.#notes)
    return parts.length === 0 ? undefined : parts.join('; ')
  }
}
