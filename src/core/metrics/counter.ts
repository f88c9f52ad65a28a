/** Counters: values that only go up, cumulative for the life of the container or isolate. */
import type { Clock } from '../clock.js'
import { SeriesStore, type LabelValues, type SeriesBase } from './series-store.js'
import { badValue } from './rules.js'
import { labelsArg, valueArg } from './arguments.js'

/** A counter or gauge series: a number and a write version (so delta exports can skip untouched gauges). */
export class NumberSeries implements SeriesBase {
  value = 0
  version = 0
  constructor(
    readonly key: string,
    readonly labels: LabelValues,
    readonly createdMs: number,
  ) {}
}

/** Shared definition fields of every instrument. */
export interface InstrumentInit {
  readonly name: string
  readonly help: string
  readonly unit: string
  readonly labelNames: readonly string[]
  readonly maxSeries: number
  readonly clock: Clock
  readonly onOverflow: (metric: string) => void
}

export function numberStore(init: InstrumentInit): SeriesStore<NumberSeries> {
  return new SeriesStore(init.name, init.labelNames, init.maxSeries, (key, labels) => new NumberSeries(key, labels, init.clock.now()), () => init.onOverflow(init.name))
}

/** A counter series bound to one label set, for hot paths: `inc` does no lookup. */
export interface BoundCounter {
  /** Adds `value` (default 1, must be finite and ≥ 0). */
  inc(value?: number): void
}

class BoundCounterImpl implements BoundCounter {
  readonly #series: NumberSeries
  readonly #name: string
  constructor(series: NumberSeries, name: string) {
    this.#series = series
    this.#name = name
  }
  inc(value = 1): void {
    if (typeof value !== 'number' || !(value >= 0 && value !== Infinity)) throw counterValueError(this.#name, value)
    this.#series.value += value
  }
}

/**
 * A monotonic counter.
 * @example
 * const requests = telemetry.counter({ name: 'http_requests_total', help: 'Requests', labelNames: ['route'] })
 * requests.inc({ route: '/a' })
 */
export class Counter {
  readonly kind = 'counter' as const
  readonly name: string
  readonly help: string
  readonly unit: string
  readonly labelNames: readonly string[]
  /** @internal */
  readonly store: SeriesStore<NumberSeries>

  constructor(init: InstrumentInit) {
    this.name = init.name
    this.help = init.help
    this.unit = init.unit
    this.labelNames = init.labelNames
    this.store = numberStore(init)
  }

  /** Adds `value` (default 1) to the series of `labels`. `inc(5)` works for a counter without labels. */
  inc(labels?: LabelValues | number, value?: number): void {
    const v = valueArg(labels, value, 1)
    if (typeof v !== 'number' || !(v >= 0 && v !== Infinity)) throw counterValueError(this.name, v)
    this.store.resolve(labelsArg(labels)).value += v
  }

  /** The series of `labels`, bound for repeated use. */
  labels(labels?: LabelValues): BoundCounter {
    return new BoundCounterImpl(this.store.resolve(labels), this.name)
  }

  /** Current total of one series (0 when it does not exist yet); for tests and diagnostics. */
  value(labels?: LabelValues): number {
    return this.store.resolve(labels).value
  }
}

function counterValueError(name: string, value: unknown): Error {
  if (typeof value !== 'number') return badValue(name, 'value-type', `value must be a number, got ${typeof value}`)
  if (Number.isNaN(value) || value === Infinity) return badValue(name, 'counter-finite', `counter increment must be finite, got ${value}`)
  return badValue(name, 'counter-monotonic', `counter increment must be ≥ 0, got ${value}; use a gauge for values that go down`)
}
