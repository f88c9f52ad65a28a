/**
 * encodeTextExposition keeps each series' line prefixes and, once a series
 * is seen unchanged, its whole lines. Cached output must equal an uncached
 * render (unfrozen label copies are never cached) call after call.
 */
import { describe, expect, it } from 'vitest'
import { createTelemetry, encodeTextExposition, type MetricData } from '../../src/index.js'

/** The same metrics with unfrozen copies of every label object, which are never cached. */
function uncached(metrics: readonly MetricData[]): MetricData[] {
  return metrics.map((m) => ({ ...m, points: m.points.map((p) => ({ ...p, labels: { ...p.labels } })) })) as MetricData[]
}

function telemetry(): ReturnType<typeof createTelemetry> {
  return createTelemetry({ service: 'cache-test', adapters: [] })
}

/** Encodes twice per step (the second call takes the kept-lines path) and checks both against an uncached render. */
function expectSameAsUncached(metrics: readonly MetricData[]): string {
  const expected = encodeTextExposition(uncached(metrics))
  expect(encodeTextExposition(metrics)).toBe(expected)
  expect(encodeTextExposition(metrics)).toBe(expected)
  return expected
}

describe('exposition caches', () => {
  it('follows values that change, new series, escapes and custom bounds', () => {
    const t = telemetry()
    const requests = t.counter({ name: 'requests_total', help: 'Requests\nwith "quotes" \\ and more', labelNames: ['path'] })
    const level = t.gauge({ name: 'level', help: 'Level', labelNames: ['path'] })
    const latency = t.histogram({ name: 'latency_seconds', help: 'Latency', labelNames: ['path'], buckets: [1e-7, 0.005, 1, 1e6] })
    const hostile = 'C:\\dir "x"\nnext'
    requests.inc({ path: hostile })
    latency.observe({ path: hostile }, 0.003)
    const first = expectSameAsUncached(t.collect())
    expect(first).toContain('requests_total{path="C:\\\\dir \\"x\\"\\nnext"} 1\n')
    expect(first).toContain('latency_seconds_bucket{path="C:\\\\dir \\"x\\"\\nnext",le="1e-07"} 0\n')

    expectSameAsUncached(t.collect())
    requests.inc({ path: hostile }, 2)
    latency.observe({ path: hostile }, 2)
    expect(expectSameAsUncached(t.collect())).toContain('latency_seconds_count{path="C:\\\\dir \\"x\\"\\nnext"} 2\n')

    requests.inc({ path: '/new' })
    latency.observe({ path: '/new' }, 0.5)
    for (const value of [NaN, Infinity, -Infinity, -0, 0, 0.1 + 0.2, NaN]) {
      level.set({ path: hostile }, value)
      const body = expectSameAsUncached(t.collect())
      expect(body).toContain(`level{path="C:\\\\dir \\"x\\"\\nnext"} ${value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value)}\n`)
    }
  })

  it('renders a kept histogram again when only a bucket count moves', () => {
    const t = telemetry()
    const latency = t.histogram({ name: 'h', help: 'H', labelNames: ['a'], buckets: [1, 2] })
    latency.observe({ a: 'x' }, 1.5)
    expectSameAsUncached(t.collect())
    expectSameAsUncached(t.collect())
    // Observing 0 leaves the sum as it was, so only the counts tell the kept lines are stale.
    latency.observe({ a: 'x' }, 0)
    const body = expectSameAsUncached(t.collect())
    expect(body).toContain('h_bucket{a="x",le="1"} 1\nh_bucket{a="x",le="2"} 2\nh_bucket{a="x",le="+Inf"} 2\nh_sum{a="x"} 1.5\nh_count{a="x"} 2\n')
  })

  it('keeps two registries with the same metric names apart', () => {
    const one = telemetry()
    const two = telemetry()
    one.counter({ name: 'jobs_total', help: 'One', labelNames: ['q'] }).inc({ q: 'a' }, 1)
    two.counter({ name: 'jobs_total', help: 'Two', labelNames: ['q'] }).inc({ q: 'a' }, 5)
    one.histogram({ name: 'wait_seconds', help: 'W', labelNames: ['q'], buckets: [1] }).observe({ q: 'a' }, 0.5)
    two.histogram({ name: 'wait_seconds', help: 'W', labelNames: ['q'], buckets: [1, 10] }).observe({ q: 'a' }, 5)
    for (let i = 0; i < 3; i++) {
      const a = expectSameAsUncached(one.collect())
      const b = expectSameAsUncached(two.collect())
      expect(a).toContain('# HELP jobs_total One\n# TYPE jobs_total counter\njobs_total{q="a"} 1\n')
      expect(b).toContain('# HELP jobs_total Two\n# TYPE jobs_total counter\njobs_total{q="a"} 5\n')
      expect(a).not.toContain('le="10"')
      expect(b).toContain('wait_seconds_bucket{q="a",le="10"} 1\n')
    }
  })

  it('follows extra labels that change between calls on kept series', () => {
    const t = telemetry()
    t.counter({ name: 'x_total', help: 'X', labelNames: ['a'] }).inc({ a: '1' })
    const metrics = t.collect()
    for (const extraLabels of [{}, {}, { region: 'eu' }, { region: 'eu' }, { region: 'us"\n' }, {}]) {
      const expected = encodeTextExposition(uncached(metrics), { extraLabels })
      expect(encodeTextExposition(metrics, { extraLabels })).toBe(expected)
      expect(encodeTextExposition(metrics, { extraLabels })).toBe(expected)
    }
  })

  it('does not cache series whose bounds are not frozen', () => {
    const labels = Object.freeze({ a: '1' })
    const bounds = [1, 2]
    const metric = (): MetricData[] => [{
      name: 'm', help: '', unit: '', kind: 'histogram', labelNames: ['a'], bounds,
      points: [{ key: '1', labels, bucketCounts: [1, 0, 0], sum: 0.5, count: 1, min: 0.5, max: 0.5, startTimeMs: 0, timeMs: 0 }],
    }]
    expectSameAsUncached(metric())
    bounds[1] = 3
    expect(encodeTextExposition(metric())).toContain('m_bucket{a="1",le="3"} 1\n')
  })
})
