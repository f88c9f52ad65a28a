import { describe, expect, it } from 'vitest'
import { createTelemetry, DefinitionError, InputError, isLastcallError, type Telemetry } from '../../src/index.js'
import { memoryAdapter } from '../../src/testing/index.js'

const make = (options: Parameters<typeof createTelemetry>[0] = {}): Telemetry =>
  createTelemetry({ service: 'test', adapters: [memoryAdapter()], ...options })

function ruleOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(isLastcallError(error)).toBe(true)
    return (error as DefinitionError).rule
  }
  throw new Error('expected a throw')
}

describe('instrument definitions', () => {
  it('returns the same instrument for an identical definition', () => {
    const t = make()
    const a = t.counter({ name: 'jobs_total', help: 'Jobs', labelNames: ['kind'] })
    const b = t.counter({ name: 'jobs_total', help: 'Jobs', labelNames: ['kind'] })
    expect(a).toBe(b)
  })

  it.each([
    ['type', () => make().counter({ name: 'x_total', help: 'h' }), (t: Telemetry) => t.gauge({ name: 'x_total', help: 'h' })],
    ['labels', () => make().counter({ name: 'x_total', help: 'h', labelNames: ['a'] }), (t: Telemetry) => t.counter({ name: 'x_total', help: 'h', labelNames: ['b'] })],
    ['help', () => make().counter({ name: 'x_total', help: 'h' }), (t: Telemetry) => t.counter({ name: 'x_total', help: 'other' })],
  ])('throws metric-conflict for a conflicting %s', () => {
    const t = make()
    t.counter({ name: 'x_total', help: 'h', labelNames: ['a'] })
    expect(ruleOf(() => t.gauge({ name: 'x_total', help: 'h' }))).toBe('metric-conflict')
    expect(ruleOf(() => t.counter({ name: 'x_total', help: 'h', labelNames: ['b'] }))).toBe('metric-conflict')
    expect(ruleOf(() => t.counter({ name: 'x_total', help: 'other', labelNames: ['a'] }))).toBe('metric-conflict')
  })

  it('throws for conflicting histogram buckets', () => {
    const t = make()
    t.histogram({ name: 'h_seconds', help: 'h', buckets: [1, 2] })
    expect(ruleOf(() => t.histogram({ name: 'h_seconds', help: 'h', buckets: [1, 3] }))).toBe('metric-conflict')
  })

  it.each([
    ['', 'metric-name'], ['9abc', 'metric-name'], ['a-b', 'metric-name'], ['a.b', 'metric-name'], ['a b', 'metric-name'],
    ['__reserved', 'metric-name-reserved'], ['x'.repeat(256), 'metric-name'], ['é_total', 'metric-name'],
  ])('rejects metric name %j with %s', (name, rule) => {
    expect(ruleOf(() => make().counter({ name, help: 'h' }))).toBe(rule)
  })

  it.each([
    ['9a', 'label-name'], ['a-b', 'label-name'], ['a:b', 'label-name'], ['', 'label-name'], ['__x', 'label-name-reserved'],
    ['otel_metric_overflow', 'label-name-reserved'],
  ])('rejects label name %j with %s', (label, rule) => {
    expect(ruleOf(() => make().counter({ name: 'c_total', help: 'h', labelNames: [label] }))).toBe(rule)
  })

  it('accepts names, labels and units at the edges of their rules', () => {
    const t = make()
    expect(() => t.counter({ name: ':a_Z:9', help: 'h', labelNames: ['_', 'Z9_z'] })).not.toThrow()
    expect(() => t.histogram({ name: 'h_seconds', help: 'h', unit: '{request}/s.%[x]-_9' })).not.toThrow()
    expect(ruleOf(() => t.gauge({ name: 'g', help: 'h', unit: 'per second' }))).toBe('unit')
    expect(ruleOf(() => t.gauge({ name: 'g', help: 'h', unit: 'µs' }))).toBe('unit')
  })

  it('rejects duplicate label names and le on histograms', () => {
    expect(ruleOf(() => make().counter({ name: 'c_total', help: 'h', labelNames: ['a', 'a'] }))).toBe('label-name-duplicate')
    expect(ruleOf(() => make().histogram({ name: 'h', help: 'h', labelNames: ['le'] }))).toBe('label-name-reserved')
  })

  it.each([
    [[1, 1], 'buckets-increasing'], [[2, 1], 'buckets-increasing'], [[Number.NaN], 'buckets-finite'], [[-Infinity, 1], 'buckets-finite'],
    [['1' as unknown as number], 'buckets-finite'],
  ])('rejects buckets %j with %s', (buckets, rule) => {
    expect(ruleOf(() => make().histogram({ name: 'h', help: 'h', buckets }))).toBe(rule)
  })

  it('accepts +Inf as the last bucket and drops it (it is implicit)', () => {
    const h = make().histogram({ name: 'h', help: 'h', buckets: [1, 2, Infinity] })
    expect(h.buckets).toEqual([1, 2])
  })

  it('uses Prometheus default buckets', () => {
    expect(make().histogram({ name: 'h', help: 'h' }).buckets).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])
  })

  it('rejects names that collide with a histogram series', () => {
    const t = make()
    t.histogram({ name: 'lat', help: 'h' })
    expect(ruleOf(() => t.counter({ name: 'lat_count', help: 'h' }))).toBe('metric-name-collision')
    const u = make()
    u.gauge({ name: 'lat_sum', help: 'h' })
    expect(ruleOf(() => u.histogram({ name: 'lat', help: 'h' }))).toBe('metric-name-collision')
  })

  it('does not mutate the definition object', () => {
    const definition = Object.freeze({ name: 'c_total', help: 'h', labelNames: Object.freeze(['a']) })
    expect(() => make().counter(definition)).not.toThrow()
  })
})

describe('recording', () => {
  it('counts by label set, with inc(labels, value) and bound series', () => {
    const t = make()
    const c = t.counter({ name: 'req_total', help: 'h', labelNames: ['method', 'status'] })
    c.inc({ method: 'GET', status: '200' })
    c.inc({ status: '200', method: 'GET' }, 2)
    const bound = c.labels({ method: 'POST', status: '500' })
    bound.inc()
    bound.inc(4)
    expect(c.value({ method: 'GET', status: '200' })).toBe(3)
    expect(c.value({ method: 'POST', status: '500' })).toBe(5)
  })

  it('supports counters, gauges and histograms without labels', () => {
    const t = make()
    const c = t.counter({ name: 'c_total', help: 'h' })
    c.inc()
    c.inc(2)
    const g = t.gauge({ name: 'g', help: 'h' })
    g.inc()
    g.inc()
    g.dec()
    g.set(7)
    g.dec(2)
    const h = t.histogram({ name: 'h', help: 'h', buckets: [1] })
    h.observe(0.5)
    expect(c.value()).toBe(3)
    expect(g.value()).toBe(5)
  })

  it.each([
    ['missing label', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h', labelNames: ['a'] }).inc({}), 'label-missing'],
    ['labels omitted', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h', labelNames: ['a'] }).inc(), 'label-missing'],
    ['undeclared label', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h', labelNames: ['a'] }).inc({ a: 'x', b: 'y' } as never), 'label-undeclared'],
    ['label on unlabelled metric', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h' }).inc({ a: 'x' }), 'label-undeclared'],
    ['number label value', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h', labelNames: ['a'] }).inc({ a: 1 as never }), 'label-value-type'],
    ['undefined label value', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h', labelNames: ['a'] }).inc({ a: undefined as never }), 'label-value-type'],
    ['negative counter', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h' }).inc(-1), 'counter-monotonic'],
    ['NaN counter', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h' }).inc(Number.NaN), 'counter-finite'],
    ['Infinity counter', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h' }).inc(Infinity), 'counter-finite'],
    ['string counter value', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h' }).inc(undefined, '1' as never), 'value-type'],
    ['bound negative', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h' }).labels().inc(-2), 'counter-monotonic'],
    ['NaN observation', (t: Telemetry) => t.histogram({ name: 'h', help: 'h' }).observe(Number.NaN), 'histogram-finite'],
    ['Infinity observation', (t: Telemetry) => t.histogram({ name: 'h', help: 'h' }).observe(Infinity), 'histogram-finite'],
    ['string gauge value', (t: Telemetry) => t.gauge({ name: 'g', help: 'h' }).set('3' as never), 'value-type'],
    ['lone surrogate', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h', labelNames: ['a'] }).inc({ a: 'x\uD800y' }), 'label-value-utf8'],
    ['lone low surrogate', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h', labelNames: ['a'] }).inc({ a: '\uDC00x' }), 'label-value-utf8'],
    ['trailing high surrogate', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h', labelNames: ['a'] }).inc({ a: 'x\uD83D' }), 'label-value-utf8'],
  ])('throws for %s', (_case, act, rule) => {
    const t = make()
    let caught: unknown
    try {
      act(t)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InputError)
    expect((caught as InputError).rule).toBe(rule)
    expect((caught as Error).message).toMatch(/c_total|^h:|g:/)
  })

  it('accepts NaN and infinities on gauges (adapters that cannot carry them drop them)', () => {
    const g = make().gauge({ name: 'g', help: 'h' })
    g.set(Number.NaN)
    expect(g.value()).toBeNaN()
    g.set(-Infinity)
    expect(g.value()).toBe(-Infinity)
  })

  it('a failed measurement loses no other data', () => {
    const t = make()
    const c = t.counter({ name: 'c_total', help: 'h', labelNames: ['a'] })
    c.inc({ a: 'x' })
    expect(() => c.inc({ a: 'x' }, -1)).toThrow()
    expect(c.value({ a: 'x' })).toBe(1)
  })

  it('buckets observations upper-inclusive, with sum, count, min and max', () => {
    const t = make()
    const h = t.histogram({ name: 'h', help: 'h', buckets: [1, 2] })
    for (const v of [0.5, 1, 1.5, 2, 3]) h.observe(v)
    const [family] = t.collect()
    expect(family?.kind).toBe('histogram')
    const point = family?.kind === 'histogram' ? family.points[0] : undefined
    expect(point?.bucketCounts).toEqual([2, 2, 1])
    expect(point?.sum).toBe(8)
    expect(point?.count).toBe(5)
    expect(point?.min).toBe(0.5)
    expect(point?.max).toBe(3)
  })

  it('startTimer observes elapsed seconds with merged labels', () => {
    let now = 1_000
    const t = make({ clock: { now: () => now } })
    const h = t.histogram({ name: 'h_seconds', help: 'h', labelNames: ['route', 'status'], buckets: [0.1, 1] })
    const end = h.startTimer({ route: '/a' })
    now += 250
    expect(end({ status: '200' })).toBe(0.25)
    const bound = h.labels({ route: '/b', status: '500' }).startTimer()
    now += 2_000
    expect(bound()).toBe(2)
    const [family] = t.collect()
    expect(family?.points.map((p) => p.labels)).toEqual([{ route: '/a', status: '200' }, { route: '/b', status: '500' }])
  })
})

describe('cardinality cap', () => {
  it('sends series beyond maxSeriesPerMetric to one overflow series and counts them, never throwing', () => {
    const t = make({ maxSeriesPerMetric: 10 })
    const c = t.counter({ name: 'c_total', help: 'h', labelNames: ['user'] })
    for (let i = 0; i < 100_000; i++) c.inc({ user: `u${i}` })
    const families = t.collect()
    const family = families.find((m) => m.name === 'c_total')
    expect(family?.points).toHaveLength(11)
    const overflow = family?.points.find((p) => p.labels['otel_metric_overflow'] === 'true')
    expect(overflow).toMatchObject({ value: 99_990 })
    const dropped = families.find((m) => m.name === 'lastcall_dropped_series_total')
    expect(dropped?.points[0]).toMatchObject({ labels: { metric: 'c_total' }, value: 99_990 })
    // Existing series keep counting.
    c.inc({ user: 'u1' })
    expect(c.value({ user: 'u1' })).toBe(2)
  })
})
