/**
 * What the adapter remembers about each series between flushes, so that
 * samples of one series always leave in strictly increasing timestamps
 * (also when the clock has not moved, as on Workers) and a new counter or
 * histogram starts with a zero sample that lets `increase()` count its
 * first increments.
 */
import { LabelCache } from './label-cache.js'
import type { SeriesGroup } from './series.js'
import type { SeriesBlock } from './series-block.js'

/** Per-point memory. Mutated in place when a request settles. */
export interface SeriesState {
  /** Highest timestamp ever put on the wire for this point, ms. */
  lastMs: number
  /** A request carrying the point succeeded: the receiver has the series. */
  delivered: boolean
  /** A request carrying the point may have been ingested (timeout, reset, 4xx): a zero now could read as a reset. */
  uncertain: boolean
  /** The point's series as last encoded, reused while its labels stay the same (see `seriesBlock`). */
  block?: SeriesBlock | undefined
}

/** A group with the timestamps it is sent with. */
export interface StampedGroup {
  readonly group: SeriesGroup
  readonly state: SeriesState
  /** Timestamp of the leading zero sample, when the series is new. */
  readonly zeroMs: number | undefined
  readonly ms: number
}

/** How a request ended, as far as the receiver's storage is concerned. */
export type Settlement = 'delivered' | 'not-ingested' | 'uncertain'

/** Instances remembered at most; one adapter normally serves one instance. */
const MAX_INSTANCES = 64

/** Memory of one instance: states by family and point key, and its label cache. */
interface InstanceMemory {
  readonly states: Map<string, Map<string, SeriesState>>
  readonly labels: LabelCache
}

/** Timestamps and first-sample memory per instance and point. */
export class SeriesLedger {
  readonly #instances = new Map<string, InstanceMemory>()

  /** The label cache of an instance, for `seriesGroups`. */
  labelCache(instanceKey: string): LabelCache {
    return this.#instances.get(instanceKey)?.labels ?? new LabelCache()
  }

  /**
   * Stamps the groups of one batch. Keeps only the points of this batch for
   * the instance: a cumulative batch holds every live series, so memory is
   * bounded by the series count.
   */
  stamp(instanceKey: string, groups: readonly SeriesGroup[], labels: LabelCache): StampedGroup[] {
    const previous = this.#instances.get(instanceKey)?.states
    const next = new Map<string, Map<string, SeriesState>>()
    const stamped: StampedGroup[] = []
    for (const group of groups) {
      let family = next.get(group.family)
      if (family === undefined) next.set(group.family, (family = new Map()))
      const state = previous?.get(group.family)?.get(group.point) ?? { lastMs: -Infinity, delivered: false, uncertain: false, block: undefined }
      family.set(group.point, state)
      stamped.push(stampOne(group, state))
    }
    // Re-inserting moves the instance to the end: the first entry is the least recently used.
    this.#instances.delete(instanceKey)
    this.#instances.set(instanceKey, { states: next, labels })
    if (this.#instances.size > MAX_INSTANCES) this.#instances.delete(this.#instances.keys().next().value as string)
    return stamped
  }

  /** Records how a request carrying `groups` ended. */
  settle(groups: readonly StampedGroup[], settlement: Settlement): void {
    for (const { state } of groups) {
      if (settlement === 'delivered') state.delivered = true
      else if (settlement === 'uncertain') state.uncertain = true
    }
  }
}

function stampOne(group: SeriesGroup, state: SeriesState): StampedGroup {
  const now = Math.floor(group.timeMs)
  if (group.monotonic && !state.delivered && !state.uncertain) {
    const zeroMs = Math.max(now - 1, state.lastMs + 1)
    state.lastMs = zeroMs + 1
    return { group, state, zeroMs, ms: zeroMs + 1 }
  }
  state.lastMs = Math.max(now, state.lastMs + 1)
  return { group, state, zeroMs: undefined, ms: state.lastMs }
}
