/**
 * The lookup of an existing series through a labels object: the fast path
 * (declared names in declared order, the last value found kept per level)
 * must give the same answers as the full check, whatever the object is.
 */
import { describe, expect, it } from 'vitest'
import { createTelemetry, InputError, type Telemetry } from '../../src/index.js'
import { memoryAdapter } from '../../src/testing/index.js'

const make = (options: Parameters<typeof createTelemetry>[0] = {}): Telemetry =>
  createTelemetry({ service: 'test', adapters: [memoryAdapter()], ...options })

function setup(options: Parameters<typeof createTelemetry>[0] = {}) {
  const t = make(options)
  const c = t.counter({ name: 'c_total', help: 'h', labelNames: ['method', 'route'] })
  c.inc({ method: 'GET', route: '/a' })
  return { t, c }
}

function ruleOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).rule
  }
  return undefined
}

/** Calls several times, so optimized code answers as well as the first call. */
function repeatedly(fn: () => unknown, times = 2_000): void {
  for (let i = 0; i < times; i++) fn()
}

describe('labels object on an existing series', () => {
  it('finds the series whatever the key order', () => {
    const { c } = setup()
    repeatedly(() => c.inc({ route: '/a', method: 'GET' }))
    repeatedly(() => c.inc({ method: 'GET', route: '/a' }))
    expect(c.value({ method: 'GET', route: '/a' })).toBe(4_001)
  })

  it.each([
    ['an extra key after the declared ones', () => ({ method: 'GET', route: '/a', user: 'u1' }), 'label-undeclared'],
    ['an extra key before the declared ones', () => ({ user: 'u1', method: 'GET', route: '/a' }), 'label-undeclared'],
    ['an extra integer key', () => ({ method: 'GET', route: '/a', 0: 'x' }), 'label-undeclared'],
    ['a missing key', () => ({ method: 'GET' }), 'label-missing'],
    ['a number value', () => ({ method: 'GET', route: 7 }), 'label-value-type'],
    ['an undefined value', () => ({ method: 'GET', route: undefined }), 'label-value-type'],
    ['a String object value', () => ({ method: new String('GET'), route: '/a' }), 'label-value-type'],
    ['a declared key only inherited', () => Object.assign(Object.create({ route: '/a' }), { method: 'GET' }), 'label-undeclared'],
    ['the first declared key only inherited', () => Object.assign(Object.create({ method: 'GET' }), { route: '/a' }), 'label-undeclared'],
  ])('reports %s, every time, and counts nothing', (_case, labels, rule) => {
    const { c } = setup()
    repeatedly(() => c.inc({ method: 'GET', route: '/a' }), 100)
    for (let i = 0; i < 500; i++) expect(ruleOf(() => c.inc(labels() as never))).toBe(rule)
    expect(c.value({ method: 'GET', route: '/a' })).toBe(101)
  })

  it.each([
    ['a null-prototype object', () => Object.assign(Object.create(null), { method: 'GET', route: '/a' })],
    ['a class instance', () => new (class { method = 'GET'; route = '/a' })()],
    ['an enumerable inherited extra key', () => Object.assign(Object.create({ user: 'u1' }), { method: 'GET', route: '/a' })],
    ['a non-enumerable extra key', () => Object.defineProperty({ method: 'GET', route: '/a' }, 'user', { value: 'u1', enumerable: false })],
    ['an extra symbol key', () => ({ method: 'GET', route: '/a', [Symbol('s')]: 'x' })],
  ])('accepts %s, as the full check does', (_case, labels) => {
    const { c } = setup()
    repeatedly(() => c.inc(labels() as never), 500)
    expect(c.value({ method: 'GET', route: '/a' })).toBe(501)
  })
})

describe('last value kept per level', () => {
  it('sends alternating values of the same length to their own series', () => {
    const t = make()
    const c = t.counter({ name: 'c_total', help: 'h', labelNames: ['method', 'route'] })
    const routes = ['/a', '/b', '/c', '']
    const expected = new Map<string, number>()
    for (let i = 0; i < 4_000; i++) {
      const labels = { method: i % 3 === 0 ? 'GET' : 'PUT', route: routes[i % 4] as string }
      c.inc(labels)
      expected.set(`${labels.method} ${labels.route}`, (expected.get(`${labels.method} ${labels.route}`) ?? 0) + 1)
    }
    const points = t.collect().find((m) => m.name === 'c_total')?.points ?? []
    expect(new Map(points.map((p) => [`${p.labels['method']} ${p.labels['route']}`, (p as { value: number }).value]))).toEqual(expected)
    expect(expected.size).toBe(8)
  })

  it('creates the series of an empty value once', () => {
    const t = make()
    const c = t.counter({ name: 'c_total', help: 'h', labelNames: ['route'] })
    repeatedly(() => c.inc({ route: '' }), 1_000)
    expect(t.collect().find((m) => m.name === 'c_total')?.points).toHaveLength(1)
    expect(c.value({ route: '' })).toBe(1_000)
  })

  it('keeps overflowed label sets in the overflow series, and existing series counting', () => {
    const t = make({ maxSeriesPerMetric: 2 })
    const c = t.counter({ name: 'c_total', help: 'h', labelNames: ['user'] })
    c.inc({ user: 'u1' })
    c.inc({ user: 'u2' })
    for (let i = 0; i < 1_000; i++) {
      c.inc({ user: 'u3' })
      c.inc({ user: 'u1' })
    }
    const points = t.collect().find((m) => m.name === 'c_total')?.points ?? []
    expect(points.map((p) => [p.labels, (p as { value: number }).value])).toEqual([
      [{ user: 'u1' }, 1_001],
      [{ user: 'u2' }, 1],
      [{ otel_metric_overflow: 'true' }, 1_000],
    ])
  })
})

describe('argument forms', () => {
  it('reads (labels?, value) and (value) alike on every instrument', () => {
    const t = make()
    const c = t.counter({ name: 'c_total', help: 'h' })
    c.inc()
    c.inc(2)
    c.inc(undefined, 3)
    expect(c.value()).toBe(6)
    const g = t.gauge({ name: 'g', help: 'h', labelNames: ['a'] })
    g.set({ a: 'x' }, 10)
    g.inc({ a: 'x' })
    g.dec({ a: 'x' })
    g.dec({ a: 'x' }, 4)
    expect(g.value({ a: 'x' })).toBe(6)
    const u = t.gauge({ name: 'u', help: 'h' })
    u.set(5)
    u.dec(2)
    u.inc(undefined, 4)
    expect(u.value()).toBe(7)
  })

  it.each([
    ['gauge.set without a value', (t: Telemetry) => t.gauge({ name: 'g', help: 'h', labelNames: ['a'] }).set({ a: 'x' }), 'value-type'],
    ['gauge.dec with a string', (t: Telemetry) => t.gauge({ name: 'g', help: 'h' }).dec(undefined, '1' as never), 'value-type'],
    ['counter.inc with null', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h' }).inc(undefined, null as never), 'value-type'],
    ['histogram.observe without a value', (t: Telemetry) => t.histogram({ name: 'h', help: 'h', labelNames: ['a'] }).observe({ a: 'x' }), 'value-type'],
    ['a string as labels', (t: Telemetry) => t.counter({ name: 'c_total', help: 'h', labelNames: ['a'] }).inc('x' as never), 'label-set-type'],
  ])('rejects %s', (_case, act, rule) => {
    expect(ruleOf(() => act(make()))).toBe(rule)
  })
})
