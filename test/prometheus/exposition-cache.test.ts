/**
 * encodeTextExposition caches each frozen label object's line prefixes and
 * its last formatted value. Cached output must equal the uncached one and
 * follow the family, bounds and extra labels it was made for.
 */
import { describe, expect, it } from 'vitest'
import { encodeTextExposition, type HistogramMetricData, type MetricData, type NumberMetricData } from '../../src/index.js'

const EMPTY = Object.freeze({})

function counter(name: string, labels: Readonly<Record<string, string>>, value: number): NumberMetricData {
  return { name, help: 'h', unit: '', kind: 'counter', labelNames: Object.keys(labels), points: [{ key: 'k', labels, value, startTimeMs: 0, timeMs: 1 }] }
}

function histogram(name: string, labels: Readonly<Record<string, string>>, bounds: readonly number[], sum: number): HistogramMetricData {
  return {
    name, help: '', unit: '', kind: 'histogram', labelNames: Object.keys(labels), bounds,
    points: [{ key: 'k', labels, bucketCounts: [...bounds.map(() => 1), 2], sum, count: bounds.length + 2, min: 0, max: 1, startTimeMs: 0, timeMs: 1 }],
  }
}

/** The same metrics with unfrozen copies of every label object, which are never cached. */
function unfrozen(metrics: readonly MetricData[]): MetricData[] {
  return metrics.map((m) => ({ ...m, points: m.points.map((p) => ({ ...p, labels: { ...p.labels } })) })) as MetricData[]
}

describe('encodeTextExposition caches', () => {
  it('renders the same text from the cache as without it, with values that change', () => {
    const labels = Object.freeze({ route: '/a"b', status: '200' })
    const bounds = Object.freeze([0.005, 1e-7, 1e6])
    for (const [value, sum] of [[1, 0.1], [1, 0.1], [NaN, Infinity], [2.5, -0], [2.5, 0.30000000000000004]] as const) {
      const metrics = [counter('c_total', labels, value), histogram('h_seconds', Object.freeze({ route: '/a' }), bounds, sum)]
      expect(encodeTextExposition(metrics)).toBe(encodeTextExposition(unfrozen(metrics)))
    }
  })

  it('keeps a label object shared by several families apart per family and kind', () => {
    const metrics = [counter('a_total', EMPTY, 1), histogram('b_seconds', EMPTY, Object.freeze([1]), 2), counter('c_total', EMPTY, 1)]
    for (let i = 0; i < 2; i++) expect(encodeTextExposition(metrics)).toBe(encodeTextExposition(unfrozen(metrics)))
    expect(encodeTextExposition(metrics)).toContain('a_total 1\n')
    expect(encodeTextExposition(metrics)).toContain('c_total 1\n')
  })

  it('follows the extra labels of each call', () => {
    const metrics = [counter('x_total', Object.freeze({ a: '1' }), 3), histogram('y', Object.freeze({ a: '1' }), Object.freeze([1]), 1)]
    for (const extraLabels of [{}, { region: 'eu' }, { region: 'us' }, { region: 'us', a: 'ignored' }, {}]) {
      expect(encodeTextExposition(metrics, { extraLabels })).toBe(encodeTextExposition(unfrozen(metrics), { extraLabels }))
    }
    expect(encodeTextExposition(metrics, { extraLabels: { region: 'us' } })).toContain('x_total{a="1",region="us"} 3\n')
  })

  it('ends every family with a line feed, also the last one', () => {
    const body = encodeTextExposition([counter('z_total', Object.freeze({}), 1)])
    expect(body).toBe('# HELP z_total h\n# TYPE z_total counter\nz_total 1\n')
  })
})
