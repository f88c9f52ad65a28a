/** Histograms with explicit buckets, counted per bucket (upper bound inclusive, as Prometheus `le` and OTLP). */
import type { Clock } from '../clock.js'
import { SeriesStore, type LabelValues, type SeriesBase } from './series-store.js'
import type { InstrumentInit } from './counter.js'
import { badValue } from './rules.js'
import { labelsArg, valueArg } from './arguments.js'

export class HistogramSeries implements SeriesBase {
  /**
   * Counts per bucket, a plain array of small integers: a typed array of a
   * dozen doubles costs two more objects (the view and its ArrayBuffer, ~184
   * bytes on the heap) plus its 96-byte store outside the heap, where this
   * is one object of ~128 bytes, and `+= 1` on it is as fast.
   */
  readonly counts: number[]
  sum = 0
  count = 0
  min = Infinity
  max = -Infinity
  /** The counts as the last snapshot showed them, and `count` then: see `snapshotCounts`. */
  shown: readonly number[] | undefined = undefined
  shownCount = -1
  constructor(
    readonly key: string,
    readonly labels: LabelValues,
    readonly createdMs: number,
    zeros: readonly number[],
  ) {
    // A copy of a packed array of zeros: packed small integers, sized exactly (`new Array(n)` would be holey).
    this.counts = zeros.slice()
  }
}

/**
 * The series' bucket counts as a frozen plain array, shared by every
 * snapshot until the next observation. Each observation adds one to
 * `count`, so an unchanged `count` means unchanged counts; most series of a
 * scrape are unchanged, and copying every one's counts at every snapshot
 * took about a quarter of the snapshot's time.
 */
export function snapshotCounts(series: HistogramSeries): readonly number[] {
  if (series.shownCount !== series.count || series.shown === undefined) {
    series.shown = Object.freeze(series.counts.slice())
    series.shownCount = series.count
  }
  return series.shown
}

/** Records into one series; `bounds` are the metric's upper bounds. */
function record(series: HistogramSeries, bounds: Float64Array, value: number): void {
  let i = 0
  const n = bounds.length
  // Linear scan beats binary search for the usual dozen bounds.
  while (i < n && value > bounds[i]!) i++
  series.counts[i]! += 1
  series.sum += value
  series.count += 1
  if (value < series.min) series.min = value
  if (value > series.max) series.max = value
}

/** A histogram series bound to one label set. */
export interface BoundHistogram {
  observe(value: number): void
  /** Starts a timer; calling the returned function observes the elapsed seconds and returns them. */
  startTimer(): () => number
}

/**
 * A histogram.
 * @example
 * const latency = telemetry.histogram({ name: 'http_request_duration_seconds', help: 'Latency', labelNames: ['route'] })
 * latency.observe({ route: '/a' }, 0.042)
 */
export class Histogram {
  readonly kind = 'histogram' as const
  readonly name: string
  readonly help: string
  readonly unit: string
  readonly labelNames: readonly string[]
  readonly buckets: readonly number[]
  /** @internal */
  readonly store: SeriesStore<HistogramSeries>
  readonly #clock: Clock
  /**
   * The bounds the hot path scans. `buckets` is frozen for callers, and V8
   * keeps a frozen array of doubles in a slow form that made this scan
   * several times slower; a typed array stays fast.
   */
  readonly #bounds: Float64Array

  constructor(init: InstrumentInit & { readonly buckets: readonly number[] }) {
    this.name = init.name
    this.help = init.help
    this.unit = init.unit
    this.labelNames = init.labelNames
    this.buckets = init.buckets
    this.#clock = init.clock
    this.#bounds = Float64Array.from(init.buckets)
    const zeros: number[] = []
    for (let i = 0; i <= init.buckets.length; i++) zeros.push(0)
    this.store = new SeriesStore(init.name, init.labelNames, init.maxSeries, (key, labels) => new HistogramSeries(key, labels, init.clock.now(), zeros), () => init.onOverflow(init.name))
  }

  /** Records `value` (finite) in the series of `labels`; `observe(0.2)` for a histogram without labels. */
  observe(labels: LabelValues | number | undefined, value?: number): void {
    const v = valueArg(labels, value)
    if (typeof v !== 'number' || !Number.isFinite(v)) throw valueError(this.name, v)
    record(this.store.resolve(labelsArg(labels)), this.#bounds, v)
  }

  labels(labels?: LabelValues): BoundHistogram {
    const series = this.store.resolve(labels)
    const { name } = this
    const buckets = this.#bounds
    const clock = this.#clock
    return {
      observe(value: number): void {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw valueError(name, value)
        record(series, buckets, value)
      },
      startTimer(): () => number {
        const start = clock.now()
        return () => {
          const seconds = Math.max(0, clock.now() - start) / 1000
          record(series, buckets, seconds)
          return seconds
        }
      },
    }
  }

  /**
   * Starts a timer; the returned function observes the elapsed seconds with
   * `labels` merged with the labels given at the end.
   */
  startTimer(labels?: LabelValues): (endLabels?: LabelValues) => number {
    const start = this.#clock.now()
    return (endLabels) => {
      const seconds = Math.max(0, this.#clock.now() - start) / 1000
      // Object.assign, not `{ ...labels, ...endLabels }`: a spread followed by new keys is slow in Node 20's V8.
      const merged = endLabels === undefined ? labels : Object.assign({}, labels, endLabels)
      this.observe(merged, seconds)
      return seconds
    }
  }
}

function valueError(name: string, value: unknown): Error {
  if (typeof value !== 'number') return badValue(name, 'value-type', `value must be a number, got ${typeof value}`)
  return badValue(name, 'histogram-finite', `histogram observation must be finite, got ${value}`)
}
