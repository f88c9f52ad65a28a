/**
 * One registry per telemetry: defines instruments (idempotently) and takes
 * cumulative snapshots for the flush engine and the scrape handler.
 */
import type { Clock } from '../clock.js'
import type { GaugeVersions, HistogramPoint, MetricData, NumberPoint } from '../data.js'
import { DefinitionError } from '../errors.js'
import { Counter, type NumberSeries } from './counter.js'
import { Gauge } from './gauge.js'
import { Histogram, snapshotCounts, type HistogramSeries } from './histogram.js'
import { SELF_METRICS } from '../self-metrics.js'
import { checkBuckets, checkHelp, checkLabelNames, checkMetricName, checkUnit, describe } from './rules.js'

/** What `telemetry.counter()` and `telemetry.gauge()` take. */
export interface MetricDefinition {
  /** Prometheus-style name, e.g. `http_requests_total`. */
  readonly name: string
  readonly help?: string
  /** The label names every measurement must give, in this order. */
  readonly labelNames?: readonly string[]
  /** Unit such as `seconds` or `bytes`; CloudWatch and OTLP carry it. */
  readonly unit?: string
}

/** What `telemetry.histogram()` takes. */
export interface HistogramDefinition extends MetricDefinition {
  /** Upper bounds, strictly increasing; default Prometheus' 0.005 … 10. */
  readonly buckets?: readonly number[]
}

export type Instrument = Counter | Gauge | Histogram

const SUFFIXES = ['_bucket', '_count', '_sum'] as const
/** lastcall's own metrics, and the series its histogram writes: names no user metric may take. */
const OWN_NAMES: ReadonlySet<string> = new Set([
  ...Object.values(SELF_METRICS), ...SUFFIXES.map((suffix) => SELF_METRICS.flushDuration + suffix),
])

export class Registry {
  readonly #metrics = new Map<string, Instrument>()
  readonly #clock: Clock
  readonly #maxSeries: number
  readonly #onOverflow: (metric: string) => void

  constructor(clock: Clock, maxSeries: number, onOverflow: (metric: string) => void) {
    this.#clock = clock
    this.#maxSeries = maxSeries
    this.#onOverflow = onOverflow
  }

  /** `own` is for lastcall's own metrics, whose names (`SELF_METRICS`) no user metric may take. */
  counter(definition: MetricDefinition, own = false): Counter {
    return this.#define('counter', definition, (init) => new Counter(init), own) as Counter
  }

  gauge(definition: MetricDefinition, own = false): Gauge {
    return this.#define('gauge', definition, (init) => new Gauge(init), own) as Gauge
  }

  histogram(definition: HistogramDefinition, own = false): Histogram {
    const name = definitionName(definition)
    const buckets = checkBuckets(name, definition.buckets)
    return this.#define('histogram', definition, (init) => new Histogram({ ...init, buckets }), own, buckets) as Histogram
  }

  #define(
    kind: Instrument['kind'],
    definition: MetricDefinition,
    make: (init: ConstructorParameters<typeof Counter>[0]) => Instrument,
    own: boolean,
    buckets?: readonly number[],
  ): Instrument {
    const name = definitionName(definition)
    // A user metric under one of these names would make lastcall's own definition conflict, in the middle of a flush.
    if (!own && OWN_NAMES.has(name)) {
      throw new DefinitionError('metric-name-reserved', `metric name "${name}" is reserved for lastcall's own metrics; choose another name`)
    }
    const labelNames = checkLabelNames(name, definition.labelNames, kind)
    const help = checkHelp(name, definition.help)
    const unit = checkUnit(name, definition.unit)
    const existing = this.#metrics.get(name)
    if (existing !== undefined) {
      const difference = differs(existing, kind, help, unit, labelNames, buckets)
      if (difference !== undefined) {
        throw new DefinitionError('metric-conflict', `metric "${name}" is already defined; the new definition differs in ${difference}`)
      }
      return existing
    }
    this.#checkCollisions(name, kind)
    const instrument = make({ name, help, unit, labelNames, maxSeries: this.#maxSeries, clock: this.#clock, onOverflow: this.#onOverflow })
    this.#metrics.set(name, instrument)
    return instrument
  }

  /** A histogram `x` writes `x_bucket`, `x_count`, `x_sum`; no other family may use those names. */
  #checkCollisions(name: string, kind: string): void {
    if (kind === 'histogram') {
      for (const suffix of SUFFIXES) {
        if (this.#metrics.has(name + suffix)) throw collision(name, name + suffix)
      }
    }
    for (const suffix of SUFFIXES) {
      if (!name.endsWith(suffix)) continue
      const base = this.#metrics.get(name.slice(0, -suffix.length))
      if (base?.kind === 'histogram') throw collision(base.name, name)
    }
  }

  /** Every instrument, in definition order. */
  get instruments(): IterableIterator<Instrument> {
    return this.#metrics.values()
  }

  /** A cumulative snapshot of every series. Families without series are left out. */
  collect(timeMs: number): MetricData[] {
    const out: MetricData[] = []
    for (const metric of this.#metrics.values()) {
      const all = metric.store.all
      if (all.length === 0) continue
      // Literals, not `{ ...base, kind, points }`: in Node 20's V8 a spread followed by new
      // properties costs about a microsecond per property, and this runs at every flush.
      if (metric.kind === 'histogram') {
        const points: HistogramPoint[] = (all as readonly HistogramSeries[]).map((s) => ({
          key: s.key, labels: s.labels, bucketCounts: snapshotCounts(s), sum: s.sum, count: s.count,
          min: s.count > 0 ? s.min : undefined, max: s.count > 0 ? s.max : undefined, startTimeMs: s.createdMs, timeMs,
        }))
        out.push({ name: metric.name, help: metric.help, unit: metric.unit, labelNames: metric.labelNames, kind: 'histogram', bounds: metric.buckets, points })
      } else {
        const points: NumberPoint[] = (all as readonly NumberSeries[]).map((s) => ({ key: s.key, labels: s.labels, value: s.value, startTimeMs: s.createdMs, timeMs }))
        out.push({ name: metric.name, help: metric.help, unit: metric.unit, labelNames: metric.labelNames, kind: metric.kind, points })
      }
    }
    return out
  }

  /** Write versions of gauge series by metric name and series key, so delta exports can leave untouched gauges out. */
  gaugeVersions(): GaugeVersions {
    const versions = new Map<string, Map<string, number>>()
    for (const metric of this.#metrics.values()) {
      if (metric.kind !== 'gauge' || metric.store.all.length === 0) continue
      const family = new Map<string, number>()
      for (const s of metric.store.all) family.set(s.key, s.version)
      versions.set(metric.name, family)
    }
    return versions
  }
}

function definitionName(definition: MetricDefinition): string {
  if (typeof definition !== 'object' || definition === null) {
    throw new DefinitionError('definition', `a metric definition must be an object such as { name, help, labelNames }, got ${describe(definition)}`)
  }
  checkMetricName(definition.name)
  return definition.name
}

function differs(existing: Instrument, kind: string, help: string, unit: string, labels: readonly string[], buckets?: readonly number[]): string | undefined {
  if (existing.kind !== kind) return `type (${existing.kind} vs ${kind})`
  if (existing.labelNames.join(',') !== labels.join(',')) return `labelNames ([${existing.labelNames.join(', ')}] vs [${labels.join(', ')}])`
  if (existing.help !== help) return 'help text'
  if (existing.unit !== unit) return `unit ("${existing.unit}" vs "${unit}")`
  if (existing.kind === 'histogram' && buckets !== undefined && existing.buckets.join(',') !== buckets.join(',')) return 'buckets'
  return undefined
}

function collision(histogram: string, other: string): DefinitionError {
  return new DefinitionError('metric-name-collision', `"${other}" collides with the series of histogram "${histogram}" (it writes ${histogram}_bucket, _count and _sum)`)
}

