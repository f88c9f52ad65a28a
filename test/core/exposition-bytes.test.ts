/**
 * encodeTextExpositionBytes must give exactly the UTF-8 of
 * encodeTextExposition, whatever each series kept from earlier calls and
 * whichever of the two encoders met it first. Every check compares against
 * an uncached render (unfrozen label copies are never cached), encoded by
 * TextEncoder.
 */
import { describe, expect, it } from 'vitest'
import { createTelemetry, encodeTextExposition, encodeTextExpositionBytes, type MetricData, type NumberPoint, type TextExpositionOptions } from '../../src/index.js'
import { histogramFamily, numberFamily } from '../support/prom-batches.js'

const utf8 = new TextEncoder()

type Labels = Readonly<Record<string, string>>

/** The same metrics with unfrozen copies of every label object and counts array, which are never cached. */
function uncached(metrics: readonly MetricData[]): MetricData[] {
  return metrics.map((m) => (m.kind === 'histogram'
    ? { ...m, points: m.points.map((p) => ({ ...p, labels: { ...p.labels }, bucketCounts: [...p.bucketCounts] })) }
    : { ...m, points: m.points.map((p) => ({ ...p, labels: { ...p.labels } })) }))
}

/** Index of the first byte where the two differ, or -1 when they are equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return a.length === b.length ? -1 : n
}

/** Encodes twice (the second call takes the kept-bytes path) and checks both against the uncached text. */
function expectSameBytes(metrics: readonly MetricData[], options?: TextExpositionOptions): Uint8Array {
  const expected = utf8.encode(encodeTextExposition(uncached(metrics), options))
  for (let i = 0; i < 2; i++) {
    const actual = encodeTextExpositionBytes(metrics, options)
    const at = firstDifference(actual, expected)
    if (at >= 0) expect(new TextDecoder().decode(actual.subarray(at, at + 80))).toBe(new TextDecoder().decode(expected.subarray(at, at + 80)))
    expect(actual.length).toBe(expected.length)
  }
  return expected
}

function telemetry(): ReturnType<typeof createTelemetry> {
  return createTelemetry({ service: 'bytes-test', adapters: [], maxSeriesPerMetric: 100_000 })
}

describe('encodeTextExpositionBytes', () => {
  it('gives no bytes for no families and for families without series', () => {
    expect(encodeTextExpositionBytes([])).toHaveLength(0)
    const empty = [numberFamily('counter', 'none_total', []), histogramFamily('none_seconds', [1], [])]
    expect(encodeTextExpositionBytes(empty)).toHaveLength(0)
    expectSameBytes([...empty, numberFamily('gauge', 'one', [[{}, 1]]), ...empty])
  })

  it('matches the text for counters, gauges and histograms with default and custom bounds, call after call', () => {
    const t = telemetry()
    const requests = t.counter({ name: 'requests_total', help: 'Requests', labelNames: ['path', 'code'] })
    const level = t.gauge({ name: 'level', help: '', labelNames: ['path'] })
    const latency = t.histogram({ name: 'latency_seconds', help: 'Latency', labelNames: ['path'] })
    const sizes = t.histogram({ name: 'size_bytes', help: 'Sizes', buckets: [1e-7, 0.5, 1, 1e6, 1e21] })
    for (let step = 0; step < 6; step++) {
      // Some series change at every step, some at every other one, some never after the first.
      requests.inc({ path: '/always', code: '200' })
      if (step % 2 === 0) requests.inc({ path: '/often', code: '500' }, 0.25)
      if (step === 0) requests.inc({ path: '/once', code: '404' }, 3)
      level.set({ path: '/a' }, step % 3)
      latency.observe({ path: '/always' }, step / 10)
      if (step % 2 === 0) latency.observe({ path: '/often' }, 7)
      if (step === 0) latency.observe({ path: '/once' }, 0.01)
      if (step === 3) sizes.observe(2e6)
      // Observing 0 leaves the sum as it was, so only the counts tell the kept bytes are stale.
      if (step === 4) latency.observe({ path: '/once' }, 0)
      expectSameBytes(t.collect())
    }
  })

  it('keeps non-ASCII text and escapes in HELP and label values byte for byte', () => {
    const t = telemetry()
    const help = 'Zählt «Aufträge» 注文 🚀 with "quotes", a \\ and a\nnew line'
    const jobs = t.counter({ name: 'jobs_total', help, labelNames: ['queue'] })
    const wait = t.histogram({ name: 'wait_seconds', help, labelNames: ['queue'], buckets: [0.1, 1] })
    for (const queue of ['é', '注文', '🚀 rocket', 'C:\\dir "x"\nnext', 'ascii']) {
      jobs.inc({ queue })
      wait.observe({ queue }, 0.5)
    }
    for (let i = 0; i < 3; i++) {
      const body = new TextDecoder().decode(expectSameBytes(t.collect()))
      expect(body).toContain('jobs_total{queue="C:\\\\dir \\"x\\"\\nnext"} 1\n')
      expect(body).toContain('wait_seconds_bucket{queue="🚀 rocket",le="1"} 1\n')
    }
    jobs.inc({ queue: '注文' })
    expectSameBytes(t.collect())
  })

  it('turns a lone surrogate into U+FFFD as TextEncoder does', () => {
    const metrics = [numberFamily('gauge', 'odd', [[{ a: 'x\ud800y' }, 1], [{ a: '\udc00' }, 2], [{ a: '\ud83d\ude80' }, 3]], undefined, 'help \ud800')]
    const body = new TextDecoder().decode(expectSameBytes(metrics))
    expect(body).toContain('odd{a="x\ufffdy"} 1\n')
    expect(body).toContain('# HELP odd help \ufffd\n')
  })

  it('writes NaN, ±Inf and -0 as the text format wants them, while they change and once they stay', () => {
    const t = telemetry()
    const level = t.gauge({ name: 'level', help: 'Level', labelNames: ['k'] })
    for (const value of [NaN, NaN, Infinity, Infinity, -Infinity, -Infinity, -0, -0, 0, 0.1 + 0.2, 0.1 + 0.2, 1e21, 5e-324, NaN]) {
      level.set({ k: 'v' }, value)
      const body = new TextDecoder().decode(expectSameBytes(t.collect()))
      const text = value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value)
      expect(body).toContain(`level{k="v"} ${text}\n`)
    }
  })

  it('adds extra labels, leaves out the ones a series already has, and follows them as they change between calls', () => {
    const t = telemetry()
    t.counter({ name: 'x_total', help: 'X', labelNames: ['region', 'a'] }).inc({ region: 'own', a: '1' })
    t.counter({ name: 'y_total', help: 'Y', labelNames: ['a'] }).inc({ a: '1' })
    t.histogram({ name: 'z_seconds', help: 'Z', buckets: [1] }).observe(0.5)
    const metrics = t.collect()
    const turns: Array<Record<string, string>> = [{}, { region: 'eu' }, { region: 'eu' }, { region: 'us"\n', zone: 'ü' }, { zone: '' }, {}, { region: 'eu' }]
    for (const extraLabels of turns) {
      const body = new TextDecoder().decode(expectSameBytes(metrics, { extraLabels }))
      expect(body).toContain('x_total{region="own",a="1"')
      expect(body).not.toContain('x_total{region="eu"')
      // The string encoder meets the same kept entries in between.
      expect(encodeTextExposition(metrics, { extraLabels })).toBe(body)
    }
  })

  it('renders a series whose labels object is not frozen from what it holds now', () => {
    const labels: Record<string, string> = { a: '1' }
    const family = (): MetricData[] => [{ name: 'm', help: 'M', unit: '', kind: 'gauge', labelNames: ['a'], points: [{ key: '1', labels, value: 2, startTimeMs: 0, timeMs: 0 }] }]
    expectSameBytes(family())
    labels['a'] = 'changed'
    expect(new TextDecoder().decode(encodeTextExpositionBytes(family()))).toContain('m{a="changed"} 2\n')
  })

  it('renders counts again when a caller changes an array that is not frozen in place', () => {
    const labels = Object.freeze({ a: '1' })
    const bucketCounts = [1, 0, 0]
    const bounds = Object.freeze([1, 2])
    const family = (): MetricData[] => [{
      name: 'h', help: '', unit: '', kind: 'histogram', labelNames: ['a'], bounds,
      points: [{ key: '1', labels, bucketCounts, sum: 0.5, count: 1, min: 0.5, max: 0.5, startTimeMs: 0, timeMs: 0 }],
    }]
    expectSameBytes(family())
    bucketCounts[0] = 0
    bucketCounts[1] = 1
    expect(new TextDecoder().decode(encodeTextExpositionBytes(family()))).toContain('h_bucket{a="1",le="1"} 0\n')
  })

  it('stays in step with the string encoder when both meet the same series in turn', () => {
    const t = telemetry()
    const c = t.counter({ name: 'c_total', help: 'C', labelNames: ['a'] })
    const h = t.histogram({ name: 'h_seconds', help: 'H', labelNames: ['a'], buckets: [1, 2] })
    for (let step = 0; step < 8; step++) {
      if (step % 3 === 0) {
        c.inc({ a: 'x' })
        h.observe({ a: 'x' }, step)
      }
      const metrics = t.collect()
      const expected = utf8.encode(encodeTextExposition(uncached(metrics)))
      const first = step % 2 === 0 ? encodeTextExposition(metrics) : ''
      expect(firstDifference(encodeTextExpositionBytes(metrics), expected)).toBe(-1)
      expect(encodeTextExposition(metrics)).toBe(first === '' ? new TextDecoder().decode(expected) : first)
      expect(firstDifference(encodeTextExpositionBytes(metrics), expected)).toBe(-1)
    }
  })

  it('follows a family kept as one block as its series change one by one and settle again', () => {
    const t = telemetry()
    const c = t.counter({ name: 'c_total', help: 'C', labelNames: ['a'] })
    const h = t.histogram({ name: 'h_seconds', help: 'H', labelNames: ['a'], buckets: [1] })
    const names = ['p', 'q', 'r', 's', 'ü']
    for (const a of names) {
      c.inc({ a })
      h.observe({ a }, 0.5)
    }
    // Two calls lay each family out as one block; then each series in turn changes once and settles.
    const steps = [[], [], ['p'], [], ['r'], ['r', 's'], [], [], ['ü', 'p'], [], [], ['q'], ['q'], []]
    for (const changed of steps) {
      for (const a of changed) {
        c.inc({ a })
        h.observe({ a }, 2)
      }
      expectSameBytes(t.collect())
    }
  })

  it('copies kept series right when a caller reorders or leaves out series of a family kept as one block', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((a) => Object.freeze({ a })) as [Labels, Labels, Labels, Labels]
    const point = (labels: Labels): NumberPoint => ({ key: labels['a'] as string, labels, value: 1, startTimeMs: 0, timeMs: 0 })
    const family = (order: readonly Labels[]): MetricData[] => [{ name: 'g', help: 'G', unit: '', kind: 'gauge', labelNames: ['a'], points: order.map(point) }]
    for (const order of [[a, b, c, d], [a, b, c, d], [a, c, d], [d, c, b, a], [b, a], [a, b, c, d], [a, a, d]]) expectSameBytes(family(order))
  })

  it('gives every call a buffer of its own, which later calls leave alone', () => {
    const t = telemetry()
    const c = t.counter({ name: 'own_total', help: 'Own', labelNames: ['a'] })
    for (const a of ['x', 'y', 'z']) c.inc({ a })
    const first = encodeTextExpositionBytes(t.collect())
    const copy = first.slice()
    first.fill(0x21)
    const second = encodeTextExpositionBytes(t.collect())
    expect(second.buffer).not.toBe(first.buffer)
    expect(second.byteOffset).toBe(0)
    expect(second.buffer.byteLength).toBe(second.length)
    expect(firstDifference(second, copy)).toBe(-1)
    c.inc({ a: 'y' })
    const third = encodeTextExpositionBytes(t.collect())
    expect(firstDifference(second, copy)).toBe(-1)
    expect(firstDifference(third, utf8.encode(encodeTextExposition(uncached(t.collect()))))).toBe(-1)
  })

  it('stays right as outputs grow, shrink and alternate between unrelated metric sets', () => {
    const small = telemetry()
    small.counter({ name: 's_total', help: 'S' }).inc()
    const large = telemetry()
    const c = large.counter({ name: 'l_total', help: 'L', labelNames: ['a'] })
    const h = large.histogram({ name: 'l_seconds', help: 'L', labelNames: ['a'] })
    for (let i = 0; i < 300; i++) {
      c.inc({ a: `v${i}` })
      h.observe({ a: `v${i}` }, i / 100)
    }
    for (const t of [small, large, large, small, large, small, small, large]) {
      expectSameBytes(t.collect())
      expectSameBytes(t.collect(), { extraLabels: { region: 'eu' } })
    }
    c.inc({ a: 'v7' })
    expectSameBytes(large.collect())
  })

  it('finds each series again when a family mixes frozen and unfrozen label objects, in any order', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((a) => Object.freeze({ a })) as [Labels, Labels, Labels]
    const loose = { a: 'l' }
    const point = (labels: Labels, value: number): NumberPoint => ({ key: labels['a'] as string, labels, value, startTimeMs: 0, timeMs: 0 })
    const family = (points: NumberPoint[]): MetricData[] => [{ name: 'g', help: 'G', unit: '', kind: 'gauge', labelNames: ['a'], points }]
    const orders: NumberPoint[][] = [
      [point(a, 1), point(loose, 2), point(b, 3), point(c, 4)],
      [point(a, 1), point(loose, 2), point(b, 3), point(c, 4)],
      [point(a, 1), point(b, 3), point(loose, 2), point(c, 4)],
      [point(b, 3), point(a, 1), point(c, 5)],
      [point(a, 1), point(b, 3), point(c, 5)],
      [point(a, 1), point(b, 3), point(c, 5)],
    ]
    for (const points of orders) expectSameBytes(family(points))
    loose.a = 'm'
    expectSameBytes(family([point(a, 1), point(loose, 2)]))
  })

  it('copies a family kept whole only while no encoder has seen it change', () => {
    const t = telemetry()
    const c = t.counter({ name: 'w_total', help: 'W', labelNames: ['a'] })
    const h = t.histogram({ name: 'w_seconds', help: 'W', labelNames: ['a'], buckets: [1] })
    for (const a of ['p', 'q', 'r']) {
      c.inc({ a })
      h.observe({ a }, 0.5)
    }
    // A change the string encoder meets first must still reach the bytes of the next call.
    for (const step of ['bytes', 'bytes', 'change, text', 'bytes', 'bytes', 'change, bytes', 'bytes', 'change, text', 'text', 'bytes']) {
      if (step.startsWith('change')) {
        c.inc({ a: 'q' })
        h.observe({ a: 'r' }, 2)
      }
      if (step.endsWith('text')) expect(encodeTextExposition(t.collect())).toBe(encodeTextExposition(uncached(t.collect())))
      else expectSameBytes(t.collect())
    }
  })

  it('handles a large output, kept and fresh', () => {
    const t = telemetry()
    const counter = t.counter({ name: 'big_total', help: 'Big', labelNames: ['route', 'status'] })
    const histogram = t.histogram({ name: 'big_seconds', help: 'Big', labelNames: ['route', 'status'] })
    for (let i = 0; i < 10_000; i++) {
      const labels = { route: `/api/v1/resource-${i}/ünïcödé`, status: String(200 + (i % 5)) }
      counter.inc(labels, i)
      histogram.observe(labels, (i % 100) / 10)
    }
    expect(expectSameBytes(t.collect()).length).toBeGreaterThan(8_000_000)
    counter.inc({ route: '/api/v1/resource-9999/ünïcödé', status: '204' })
    expectSameBytes(t.collect())
  })
})

describe('collect() with bytes in mind', () => {
  it('hands out the same frozen counts while a histogram series is unchanged, and leaves earlier snapshots alone', () => {
    const t = telemetry()
    const h = t.histogram({ name: 'h_seconds', help: 'H', buckets: [1, 2] })
    h.observe(0.5)
    const first = t.collect()[0]!
    const second = t.collect()[0]!
    if (first.kind !== 'histogram' || second.kind !== 'histogram') throw new Error('expected histograms')
    expect(second.points[0]!.bucketCounts).toBe(first.points[0]!.bucketCounts)
    expect(Object.isFrozen(first.points[0]!.bucketCounts)).toBe(true)
    h.observe(1.5)
    const third = t.collect()[0]!
    if (third.kind !== 'histogram') throw new Error('expected a histogram')
    expect(third.points[0]!.bucketCounts).toEqual([1, 1, 0])
    expect(first.points[0]!.bucketCounts).toEqual([1, 0, 0])
  })
})
