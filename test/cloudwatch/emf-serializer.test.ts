import { describe, expect, it } from 'vitest'
import { EmfLimits, encodeEmf, resolveCloudWatchOptions, type CloudWatchOptions } from '../../adapters/cloudwatch/index.js'
import { batchOf, counter, gauge, histogram, histogramPoint, INVOCATION, NOW, numberPoint } from './batches.js'
import { emfProblems, extractDatums, type ExtractedDatum } from './emf-validator.js'
import type { MetricData } from '../../src/index.js'

const options = (extra: Partial<CloudWatchOptions> = {}) => resolveCloudWatchOptions({ namespace: 'Checkout', ...extra })

function encode(metrics: MetricData[], extra: Partial<CloudWatchOptions> = {}, invocation = INVOCATION) {
  const result = encodeEmf(batchOf(metrics, invocation), options(extra))
  for (const document of result.documents) expect(emfProblems(document, NOW)).toEqual([])
  return { ...result, parsed: result.documents.map((line) => JSON.parse(line) as Record<string, any>) }
}

/** The directive of `doc` that lists the metric `name`. */
function directiveOf(doc: Record<string, any>, name: string): { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] } {
  const found = doc._aws.CloudWatchMetrics.find((directive: { Metrics: { Name: string }[] }) => directive.Metrics.some((metric) => metric.Name === name))
  if (found === undefined) throw new Error(`no directive lists ${name}`)
  return found
}

/** All values of `name` across documents, flattened. */
function valuesOf(parsed: Record<string, any>[], name: string): number[] {
  return parsed.flatMap((doc) => (doc[name] === undefined ? [] : Array.isArray(doc[name]) ? doc[name] : [doc[name]]))
}

describe('EMF serializer', () => {
  it('writes one single-line document with _aws, dimensions as top-level strings, units and the invocation ids', () => {
    const requests = counter('http_requests_total', [numberPoint({ method: 'GET', route: '/a' }, 3)])
    const latency = histogram('http_request_duration_seconds', [0.1, 1], [histogramPoint([0.1, 1], { method: 'GET', route: '/a' }, [0.05, 0.5])])
    const { documents, parsed } = encode([requests, latency])
    expect(documents).toHaveLength(1)
    expect(documents[0]).not.toContain('\n')
    const doc = parsed[0]!
    expect(doc._aws).toEqual({
      Timestamp: NOW,
      CloudWatchMetrics: [{
        Namespace: 'Checkout',
        Dimensions: [['method', 'route']],
        // Metrics with the most values come first, so long arrays spread over the fewest documents.
        Metrics: [{ Name: 'http_request_duration_seconds', Unit: 'Seconds' }, { Name: 'http_requests_total', Unit: 'Count' }],
      }],
    })
    expect(doc).toMatchObject({ method: 'GET', route: '/a', http_requests_total: 3, traceId: INVOCATION.traceId, requestId: INVOCATION.requestId })
    expect(doc.http_request_duration_seconds).toHaveLength(2)
  })

  it('uses [[]] when a series has no labels, and an integer Timestamp', () => {
    const batch = batchOf([gauge('queue_depth', [numberPoint({}, 7)])], undefined, NOW + 0.731)
    const [line] = encodeEmf(batch, options()).documents
    const doc = JSON.parse(line!)
    expect(doc._aws.CloudWatchMetrics[0].Dimensions).toEqual([[]])
    expect(doc._aws.Timestamp).toBe(NOW)
    expect(doc.queue_depth).toBe(7)
    expect(doc).not.toHaveProperty('traceId')
  })

  it('splits 150 metrics into documents of at most 100', () => {
    const metrics = Array.from({ length: 150 }, (_, i) => counter(`m_${i}_total`, [numberPoint({ route: '/a' }, i)]))
    const { parsed } = encode(metrics)
    expect(parsed.map((doc) => doc._aws.CloudWatchMetrics[0].Metrics.length)).toEqual([100, 50])
    for (let i = 0; i < 150; i++) expect(valuesOf(parsed, `m_${i}_total`)).toEqual([i])
  })

  it('spreads a histogram with many buckets over documents of ≤100 values, one value per observation', () => {
    const bounds = Array.from({ length: 300 }, (_, i) => (i + 1) * 0.01)
    const observations = Array.from({ length: 2_345 }, (_, i) => ((i * 7919) % 3100) / 1000)
    const point = histogramPoint(bounds, { route: '/a' }, observations)
    const { parsed, drops } = encode([histogram('latency_seconds', bounds, [point])], { maxHistogramValues: 5_000 })
    const values = valuesOf(parsed, 'latency_seconds')
    expect(parsed.length).toBe(24)
    expect(values).toHaveLength(2_345)
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(point.sum, 6)
    expect(drops.describe()).toBeUndefined()
    // Each value lies in the bucket its observations came from: percentiles are bucket-accurate.
    const sortedTruth = [...observations].sort((a, b) => a - b)
    const sortedSent = [...values].sort((a, b) => a - b)
    const bucketOf = (v: number) => { const i = bounds.findIndex((b) => v <= b); return i === -1 ? bounds.length : i }
    for (const q of [0.5, 0.9, 0.99]) {
      const at = Math.floor(q * (sortedTruth.length - 1))
      expect(bucketOf(sortedSent[at]!)).toBe(bucketOf(sortedTruth[at]!))
    }
  })

  it('samples a histogram down to maxHistogramValues and says so', () => {
    const bounds = [0.1, 0.5, 1]
    const observations = Array.from({ length: 10_000 }, (_, i) => (i % 4) * 0.3)
    const { parsed, drops } = encode([histogram('latency_seconds', bounds, [histogramPoint(bounds, {}, observations)])], { maxHistogramValues: 200 })
    const values = valuesOf(parsed, 'latency_seconds')
    expect(values).toHaveLength(200)
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    expect(mean).toBeCloseTo(observations.reduce((a, b) => a + b, 0) / observations.length, 2)
    expect(drops.describe()).toMatch(/1 histogram series sampled down to 200 values/)
  })

  it('writes one document per combination of dimension values (40 label combinations)', () => {
    const points = Array.from({ length: 40 }, (_, i) => numberPoint({ route: `/r${i % 8}`, status: String(200 + (i % 5)) }, i + 1))
    const { parsed } = encode([counter('requests_total', points), gauge('inflight', points.map((p) => numberPoint(p.labels, 1)))])
    expect(parsed).toHaveLength(40)
    const keys = new Set(parsed.map((doc) => `${doc.route}|${doc.status}`))
    expect(keys.size).toBe(40)
    for (const doc of parsed) expect(doc._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name)).toEqual(['requests_total', 'inflight'])
    expect(valuesOf(parsed, 'requests_total').reduce((a, b) => a + b, 0)).toBe((40 * 41) / 2)
  })

  it('keeps documents under 256 KB with huge label values and drops values over 1024 characters', () => {
    const labels: Record<string, string> = {}
    for (let i = 0; i < 30; i++) labels[`label_${i}`] = `${i}`.padEnd(1024, 'x')
    // 100 metrics × 100 distinct long values each cannot fit one 256 KB event.
    const bounds = Array.from({ length: 200 }, (_, i) => (i + 1) / 7)
    const observations = Array.from({ length: 100 }, (_, i) => (2 * i + 1) / 14)
    const metrics = Array.from({ length: 100 }, (_, i) => histogram(`${'g'.repeat(240)}_${i}`, bounds, [histogramPoint(bounds, labels, observations)]))
    const tooLong = counter('too_long_total', [numberPoint({ route: 'y'.repeat(1025) }, 1)])
    const { parsed, documents, drops } = encode([...metrics, tooLong])
    expect(documents.length).toBeGreaterThan(1)
    for (const line of documents) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(256 * 1024)
    expect(parsed.reduce((n, doc) => n + doc._aws.CloudWatchMetrics[0].Metrics.length, 0)).toBe(100)
    expect(drops.describe()).toMatch(/dropped 1: 1 invalid dimension value/)
  })

  it('drops NaN and Infinity, empty and non-ASCII dimension values, and series with more than 30 labels, counting each', () => {
    const wide: Record<string, string> = {}
    for (let i = 0; i < 31; i++) wide[`l${i}`] = 'v'
    const { parsed, drops } = encode([
      gauge('temperature', [numberPoint({ room: 'a' }, Number.NaN), numberPoint({ room: 'b' }, Number.POSITIVE_INFINITY), numberPoint({ room: 'c' }, 21)]),
      counter('hits_total', [numberPoint({ route: '' }, 1), numberPoint({ route: '/café' }, 1), numberPoint(wide, 1)]),
    ])
    expect(parsed).toHaveLength(1)
    expect(parsed[0]).toMatchObject({ room: 'c', temperature: 21 })
    expect(parsed[0]).not.toHaveProperty('hits_total')
    expect(drops.describe()).toBe('dropped 5: 2 NaN or infinite value (CW-4, EMF-7), 2 invalid dimension value (CW-3, EMF-4), 1 more than 30 dimensions (CW-3, EMF-4)')
  })

  it('merges series that differ only in labels that are not dimensions, and applies dimension sets', () => {
    const points = [numberPoint({ method: 'GET', route: '/a', status: '200' }, 2), numberPoint({ method: 'POST', route: '/a', status: '200' }, 3)]
    const { parsed } = encode(
      [counter('requests_total', points), counter('cold_starts_total', [numberPoint({}, 1)])],
      { dimensions: [['route'], ['route', 'status']], storageResolution: 1 },
    )
    const requests = parsed.find((doc) => doc.requests_total !== undefined)!
    expect(directiveOf(requests, 'requests_total').Dimensions).toEqual([['route'], ['route', 'status']])
    expect(requests.requests_total).toBe(5)
    expect(requests).not.toHaveProperty('method')
    expect(directiveOf(requests, 'requests_total').Metrics).toEqual([{ Name: 'requests_total', Unit: 'Count', StorageResolution: 1 }])
    const cold = parsed.find((doc) => doc.cold_starts_total !== undefined)!
    expect(directiveOf(cold, 'cold_starts_total').Dimensions).toEqual([[]])
  })

  it('writes each adapter its own storage resolution when two alternate on one metric', () => {
    const metrics = [counter('shared_total', [numberPoint({}, 1)])]
    for (let round = 0; round < 2; round++) {
      const high = JSON.parse(encodeEmf(batchOf(metrics), options({ storageResolution: 1 })).documents[0]!)
      const standard = JSON.parse(encodeEmf(batchOf(metrics), options()).documents[0]!)
      expect(directiveOf(high, 'shared_total').Metrics).toEqual([{ Name: 'shared_total', Unit: 'Count', StorageResolution: 1 }])
      expect(directiveOf(standard, 'shared_total').Metrics).toEqual([{ Name: 'shared_total', Unit: 'Count' }])
    }
  })

  it('never lets a metric name or a property shadow a dimension', () => {
    const { parsed, drops } = encode([
      counter('route', [numberPoint({ route: '/a' }, 1)]),
      gauge('other', [numberPoint({ traceId: 'abc' }, 1)]),
    ])
    expect(drops.describe()).toMatch(/1 metric or dimension name collides/)
    expect(parsed).toHaveLength(1)
    expect(parsed[0]!.traceId).toBe('abc')
  })

  it('keeps gauge values of merged series as an array', () => {
    const { parsed } = encode([gauge('inflight', [numberPoint({ pod: 'a', route: '/a' }, 1), numberPoint({ pod: 'b', route: '/a' }, 4)])], { dimensions: [['route']] })
    expect(parsed[0]!.inflight).toEqual([1, 4])
  })

  it('maps units and sends unknown ones as None', () => {
    const unknown: string[] = []
    const batch = batchOf([gauge('a', [numberPoint({}, 1)], 'bytes'), gauge('b', [numberPoint({}, 1)], 'furlongs'), gauge('c', [numberPoint({}, 1)], 'ms')])
    const [line] = encodeEmf(batch, options({ units: { c: 'Seconds' } }), { onUnknownUnit: (metric, unit) => unknown.push(`${metric}:${unit}`) }).documents
    expect(JSON.parse(line!)._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'a', Unit: 'Bytes' }, { Name: 'b', Unit: 'None' }, { Name: 'c', Unit: 'Seconds' }])
    expect(unknown).toEqual(['b:furlongs'])
  })

  it('drops points outside the -14 d/+2 h window', () => {
    const old = NOW - 15 * 24 * 3600 * 1000
    const { parsed, drops } = encode([gauge('g', [numberPoint({ a: '1' }, 1, old), numberPoint({ a: '2' }, 2)])])
    expect(parsed).toHaveLength(1)
    expect(drops.describe()).toMatch(/1 timestamp outside/)
  })

  it('keeps every document within the event size in UTF-8 bytes, where the properties are not ASCII', () => {
    // 99 gauges with 100 values each (one per series): under 100 metrics, so only size splits them.
    const metrics = Array.from({ length: 99 }, (_, m) =>
      gauge(`g_${m}`, Array.from({ length: 100 }, (_, i) => numberPoint({ route: '/a', i: String(i) }, (i + 1) / 7e9))))
    // 32,000 UTF-16 units but 72,000 bytes: a budget counted in units would overflow the event.
    const invocation = { ...INVOCATION, requestId: 'é€😀'.repeat(8000) }
    const { documents } = encodeEmf(batchOf(metrics, invocation), options({ dimensions: [['route']] }))
    expect(documents.length).toBeGreaterThan(1)
    const sizes = documents.map((document) => new TextEncoder().encode(`${document}\n`).length)
    for (const size of sizes) expect(size).toBeLessThanOrEqual(EmfLimits.eventBytes)
    // Filled to the budget, not split early: all but the last document are within one metric of the limit.
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThan(EmfLimits.eventBytes - 4096)
    for (const document of documents) expect(emfProblems(document, NOW)).toEqual([])
  })

  it.each([['plain', false], ['frozen, as the core hands them', true]])('keeps dimension layouts per configured sets across flushes (%s labels)', (_, frozen) => {
    const point = numberPoint({ route: '/a', status: '200' }, 1)
    const metrics = [counter('c_total', [frozen ? { ...point, labels: Object.freeze({ ...point.labels }) } : point])]
    const byRoute = options({ dimensions: [['route']] })
    const byBoth = options({ dimensions: [['route', 'status'], ['status']] })
    for (let flush = 0; flush < 3; flush++) {
      const route = JSON.parse(encodeEmf(batchOf(metrics), byRoute).documents[0]!)
      const both = JSON.parse(encodeEmf(batchOf(metrics), byBoth).documents[0]!)
      const all = JSON.parse(encodeEmf(batchOf(metrics), options()).documents[0]!)
      expect(route._aws.CloudWatchMetrics[0].Dimensions).toEqual([['route']])
      expect(both._aws.CloudWatchMetrics[0].Dimensions).toEqual([['route', 'status'], ['status']])
      expect(all._aws.CloudWatchMetrics[0].Dimensions).toEqual([['route', 'status']])
    }
  })

  it('drops a frozen label set with a bad dimension value at every flush, and places a changed plain one again', () => {
    const bad = Object.freeze({ route: 'caf\u00e9' })
    const plain: Record<string, string> = { route: '/a' }
    for (let flush = 0; flush < 3; flush++) {
      const { documents, drops } = encodeEmf(batchOf([gauge('g', [{ ...numberPoint({}, 1), labels: bad }])]), options())
      expect(documents).toEqual([])
      expect(drops.describe()).toMatch(/1 invalid dimension value/)
    }
    const first = JSON.parse(encodeEmf(batchOf([gauge('g', [{ ...numberPoint({}, 1), labels: plain }])]), options()).documents[0]!)
    plain['route'] = '/b'
    const second = JSON.parse(encodeEmf(batchOf([gauge('g', [{ ...numberPoint({}, 1), labels: plain }])]), options()).documents[0]!)
    expect([first.route, second.route]).toEqual(['/a', '/b'])
  })
})

/** The datums CloudWatch would extract from all documents, as sortable strings. */
function datumsOf(documents: readonly string[]): string[] {
  return documents.flatMap(extractDatums).map(datumKey).sort()
}

function datumKey(datum: ExtractedDatum): string {
  const dimensions = Object.entries(datum.dimensions).sort(([a], [b]) => (a < b ? -1 : 1))
  return JSON.stringify([datum.namespace, datum.name, datum.unit, dimensions, [...datum.values].sort((a, b) => a - b)])
}

describe('EMF serializer: groups that agree share a document', () => {
  it("writes an invocation's groups as one document, one directive each, with every dimension once", () => {
    const { documents, parsed } = encode([
      counter('orders_total', [numberPoint({}, 1)]),
      counter('http_requests_total', [numberPoint({ method: 'GET', route: '/orders/{id}', status: '200' }, 1)]),
      gauge('http_requests_in_flight', [numberPoint({ method: 'GET' }, 0)]),
      counter('faas_invocations_total', [numberPoint({ outcome: 'success', trigger: 'http' }, 1)]),
      histogram('faas_invocation_duration_seconds', [0.1, 1], [histogramPoint([0.1, 1], { trigger: 'http' }, [0.05])]),
    ])
    expect(documents).toHaveLength(1)
    const doc = parsed[0]!
    expect(doc._aws.CloudWatchMetrics.map((directive: { Dimensions: string[][] }) => directive.Dimensions)).toEqual([
      [[]], [['method', 'route', 'status']], [['method']], [['outcome', 'trigger']], [['trigger']],
    ])
    expect(doc).toMatchObject({ method: 'GET', route: '/orders/{id}', status: '200', outcome: 'success', trigger: 'http', traceId: INVOCATION.traceId, requestId: INVOCATION.requestId })
    expect(datumsOf(documents)).toEqual([
      { namespace: 'Checkout', name: 'orders_total', unit: 'Count', dimensions: {}, values: [1] },
      { namespace: 'Checkout', name: 'http_requests_total', unit: 'Count', dimensions: { method: 'GET', route: '/orders/{id}', status: '200' }, values: [1] },
      { namespace: 'Checkout', name: 'http_requests_in_flight', unit: 'None', dimensions: { method: 'GET' }, values: [0] },
      { namespace: 'Checkout', name: 'faas_invocations_total', unit: 'Count', dimensions: { outcome: 'success', trigger: 'http' }, values: [1] },
      { namespace: 'Checkout', name: 'faas_invocation_duration_seconds', unit: 'Seconds', dimensions: { trigger: 'http' }, values: [0.05] },
    ].map(datumKey).sort())
  })

  it('keeps groups apart whose root members would clash', () => {
    // Two values of one dimension; a metric name that is another group's dimension; a metric in two groups.
    const cases: MetricData[][] = [
      [counter('a_total', [numberPoint({ status: 'ok' }, 1)]), counter('b_total', [numberPoint({ status: 'failed' }, 1)])],
      [counter('route', [numberPoint({}, 1)]), counter('b_total', [numberPoint({ route: '/a' }, 1)])],
      [counter('b_total', [numberPoint({ route: '/a' }, 1)]), counter('route', [numberPoint({}, 1)])],
      [counter('a_total', [numberPoint({ route: '/a' }, 1), numberPoint({ method: 'GET' }, 2)])],
    ]
    for (const metrics of cases) {
      const { documents } = encode(metrics)
      expect(documents).toHaveLength(2)
      expect(datumsOf(documents)).toHaveLength(2)
    }
  })

  it("keeps a group that takes traceId or requestId for a dimension apart from groups that carry the invocation's", () => {
    const { documents, parsed } = encode([counter('a_total', [numberPoint({}, 1)]), counter('b_total', [numberPoint({ requestId: 'mine' }, 1)])])
    expect(documents).toHaveLength(2)
    expect(parsed.find((doc) => doc.a_total !== undefined)).toMatchObject({ requestId: INVOCATION.requestId, traceId: INVOCATION.traceId })
    expect(parsed.find((doc) => doc.b_total !== undefined)).toMatchObject({ requestId: 'mine', traceId: INVOCATION.traceId })
  })

  it('fills a shared document with groups that agree, even past one that does not', () => {
    const { documents, parsed } = encode([
      counter('orders_total', [numberPoint({ status: 'ok' }, 3), numberPoint({ status: 'failed' }, 1)]),
      counter('faas_invocations_total', [numberPoint({ trigger: 'http' }, 1)]),
    ])
    expect(documents).toHaveLength(2)
    expect(parsed[0]).toMatchObject({ status: 'ok', orders_total: 3, trigger: 'http', faas_invocations_total: 1 })
    expect(parsed[1]).toMatchObject({ status: 'failed', orders_total: 1 })
    expect(parsed[1]).not.toHaveProperty('faas_invocations_total')
  })

  it('keeps a shared document within 100 metrics and the event size', () => {
    const many = (prefix: string, labels: Record<string, string>) => Array.from({ length: 60 }, (_, i) => counter(`${prefix}_${i}_total`, [numberPoint(labels, i)]))
    const counted = encode([...many('a', { route: '/a' }), ...many('b', { method: 'GET' })])
    expect(counted.parsed.map((doc) => doc._aws.CloudWatchMetrics.reduce((n: number, d: { Metrics: unknown[] }) => n + d.Metrics.length, 0))).toEqual([60, 60])
    // Ten groups that agree (each its own 30 dimensions), ~30 KB each: together over the event size.
    const wide = Array.from({ length: 10 }, (_, g) => {
      const labels: Record<string, string> = {}
      for (let d = 0; d < 30; d++) labels[`g${g}_d${d}`] = `${g}.${d}`.padEnd(1000, 'x')
      return counter(`wide_${g}_total`, [numberPoint(labels, g + 1)])
    })
    const sized = encode(wide)
    expect(sized.documents.length).toBeGreaterThan(1)
    expect(sized.documents.length).toBeLessThan(10)
    for (const document of sized.documents) expect(new TextEncoder().encode(`${document}\n`).length).toBeLessThanOrEqual(EmfLimits.eventBytes)
    expect(datumsOf(sized.documents)).toHaveLength(10)
  })

  it('gives CloudWatch the same datums as one document per group would, over random batches', () => {
    // mulberry32: a small seeded generator, so a failing round can be replayed.
    let seed = 7
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return (((t ^ (t >>> 14)) >>> 0) / 4294967296 * n) | 0
    }
    const names = ['route', 'status', 'method', 'a_total', 'traceId']
    let directives = 0
    let written = 0
    for (let round = 0; round < 200; round++) {
      const metrics: MetricData[] = []
      const expected: string[] = []
      const count = 1 + random(8)
      for (let m = 0; m < count; m++) {
        const name = random(4) === 0 ? (names[random(names.length)] as string) : `m${m}_total`
        const seen = new Set<string>()
        const points: ReturnType<typeof numberPoint>[] = []
        for (let p = 0, n = 1 + random(3); p < n; p++) {
          const labels: Record<string, string> = {}
          for (const label of ['route', 'status', 'method']) if (random(3) === 0) labels[label] = random(4) === 0 ? 'v1' : 'v0'
          if (random(10) === 0) labels['traceId'] = 'v0'
          const key = JSON.stringify(Object.entries(labels).sort())
          if (seen.has(key)) continue
          seen.add(key)
          points.push(numberPoint(labels, 1 + random(5)))
        }
        if (metrics.some((metric) => metric.name === name)) continue
        metrics.push(counter(name, points))
      }
      const { documents, drops } = encodeEmf(batchOf(metrics, INVOCATION), options())
      for (const document of documents) expect(emfProblems(document, NOW)).toEqual([])
      // Each series kept is one datum, with its own labels as dimensions and its value.
      for (const metric of metrics) {
        for (const point of metric.points as ReturnType<typeof numberPoint>[]) {
          if (Object.hasOwn(point.labels, metric.name)) continue
          expected.push(datumKey({ namespace: 'Checkout', name: metric.name, unit: 'Count', dimensions: point.labels, values: [point.value] }))
        }
      }
      const collisions = Number(/(\d+) metric or dimension name collides/.exec(drops.describe() ?? '')?.[1] ?? 0)
      expect(datumsOf(documents)).toEqual(expected.sort())
      expect(collisions).toBe(metrics.reduce((n, metric) => n + metric.points.filter((point) => Object.hasOwn(point.labels, metric.name)).length, 0))
      // Properties keep the invocation's ids unless a dimension takes them.
      written += documents.length
      for (const doc of documents.map((line) => JSON.parse(line) as Record<string, any>)) {
        directives += doc._aws.CloudWatchMetrics.length
        const dimensions = new Set(doc._aws.CloudWatchMetrics.flatMap((directive: { Dimensions: string[][] }) => directive.Dimensions.flat()))
        if (!dimensions.has('traceId') && !doc._aws.CloudWatchMetrics.some((d: { Metrics: { Name: string }[] }) => d.Metrics.some((x) => x.Name === 'traceId'))) expect(doc.traceId).toBe(INVOCATION.traceId)
      }
    }
    // The rounds did share documents, and kept some apart.
    expect(directives).toBeGreaterThan(written * 1.5)
    expect(written).toBeGreaterThan(200)
  })
})

