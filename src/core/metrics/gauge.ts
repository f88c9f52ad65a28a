/** Gauges: values that go up and down. Any number is accepted; adapters whose backend cannot carry NaN or ±Infinity drop and count them. */
import type { SeriesStore, LabelValues } from './series-store.js'
import { numberStore, type InstrumentInit, type NumberSeries } from './counter.js'
import { badValue } from './rules.js'
import { labelsArg, valueArg } from './arguments.js'

/** A gauge series bound to one label set. */
export interface BoundGauge {
  set(value: number): void
  inc(value?: number): void
  dec(value?: number): void
}

class BoundGaugeImpl implements BoundGauge {
  readonly #s: NumberSeries
  readonly #name: string
  constructor(series: NumberSeries, name: string) {
    this.#s = series
    this.#name = name
  }
  set(value: number): void {
    if (typeof value !== 'number') throw typeError(this.#name, value)
    this.#s.value = value
    this.#s.version++
  }
  inc(value = 1): void {
    if (typeof value !== 'number') throw typeError(this.#name, value)
    this.#s.value += value
    this.#s.version++
  }
  dec(value = 1): void {
    this.inc(-value)
  }
}

/**
 * A gauge.
 * @example
 * const inflight = telemetry.gauge({ name: 'http_requests_in_flight', help: 'In flight' })
 * inflight.inc(); inflight.dec(); inflight.set(3)
 */
export class Gauge {
  readonly kind = 'gauge' as const
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

  /** Sets the series of `labels` to `value`; `set(3)` for a gauge without labels. */
  set(labels: LabelValues | number | undefined, value?: number): void {
    const v = valueArg(labels, value)
    if (typeof v !== 'number') throw typeError(this.name, v)
    const series = this.store.resolve(labelsArg(labels))
    series.value = v
    series.version++
  }

  /** Adds `value` (default 1). */
  inc(labels?: LabelValues | number, value?: number): void {
    this.#add(labelsArg(labels), valueArg(labels, value, 1))
  }

  /** Subtracts `value` (default 1). */
  dec(labels?: LabelValues | number, value?: number): void {
    const v = valueArg(labels, value, 1)
    this.#add(labelsArg(labels), typeof v === 'number' ? -v : v)
  }

  #add(labels: LabelValues | undefined, value: unknown): void {
    if (typeof value !== 'number') throw typeError(this.name, value)
    const series = this.store.resolve(labels)
    series.value += value
    series.version++
  }

  labels(labels?: LabelValues): BoundGauge {
    return new BoundGaugeImpl(this.store.resolve(labels), this.name)
  }

  value(labels?: LabelValues): number {
    return this.store.resolve(labels).value
  }
}

function typeError(name: string, value: unknown): Error {
  return badValue(name, 'value-type', `value must be a number, got ${typeof value}`)
}
