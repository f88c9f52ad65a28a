/**
 * The bad-input catalogue: every class of invalid input, each with the
 * clear error (a LastcallError whose `rule` names the broken rule and whose
 * message names the metric) or the defined behaviour, per backend where
 * backends differ.
 *
 * Covered elsewhere and only referenced here:
 * - W3C trace context, every case of the W3C test suite's intent:
 *   test/core/trace-context.test.ts.
 * - Oversized flushes split by each backend's limits: EMF at 100 metrics,
 *   100 values and 256 KB (test/cloudwatch/emf-serializer.test.ts);
 *   PutMetricData at 1000 datums, 1 MB and 150 values per datum
 *   (test/cloudwatch/api-encoder.test.ts, test/cloudwatch/api.test.ts);
 *   remote-write at `maxSamplesPerRequest`, never splitting a histogram
 *   point (test/prometheus/remote-write-adapter.test.ts); OTLP at
 *   `maxRequestBytes`, dropping and reporting what alone exceeds it
 *   (test/otlp/adapter.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { createTelemetry, DefinitionError, InputError, OVERFLOW_LABEL, SELF_METRICS, type LastcallError, type Telemetry } from '../../src/index.js'
import { memoryAdapter } from '../../src/testing/index.js'
import { decodeWriteRequest } from '../support/prom-decode.js'
import { containsBytes, viaCloudWatchApi, viaEmf, viaOtlpJson, viaPushgateway, viaRemoteWrite } from './support/backends.js'

const fresh = (): Telemetry => createTelemetry({ service: 'bad-input', adapters: [memoryAdapter()], env: {} })

function thrown(act: () => unknown): LastcallError | undefined {
  try {
    act()
  } catch (error) {
    return error as LastcallError
  }
  return undefined
}

const long = (n: number) => 'x'.repeat(n)

/** [case, what is done, error class, rule]. */
const definitions: Array<[string, (t: Telemetry) => unknown, typeof DefinitionError, string]> = [
  ['empty metric name', (t) => t.counter({ name: '' }), DefinitionError, 'metric-name'],
  ['metric name starting with a digit', (t) => t.counter({ name: '9abc' }), DefinitionError, 'metric-name'],
  ['metric name with a dash', (t) => t.counter({ name: 'a-b' }), DefinitionError, 'metric-name'],
  ['metric name with a dot', (t) => t.counter({ name: 'http.requests' }), DefinitionError, 'metric-name'],
  ['metric name with a space', (t) => t.counter({ name: 'a b' }), DefinitionError, 'metric-name'],
  ['metric name with non-ASCII letters', (t) => t.counter({ name: 'anfragen_über' }), DefinitionError, 'metric-name'],
  ['metric name that is not a string', (t) => t.counter({ name: 42 as never }), DefinitionError, 'metric-name'],
  ['metric name of 256 characters', (t) => t.counter({ name: long(256) }), DefinitionError, 'metric-name'],
  ['metric name reserved by Prometheus (__)', (t) => t.counter({ name: '__internal' }), DefinitionError, 'metric-name-reserved'],
  ['the name of one of lastcall\'s own metrics', (t) => t.gauge({ name: SELF_METRICS.flushFailures }), DefinitionError, 'metric-name-reserved'],
  ['a series name lastcall\'s own histogram writes', (t) => t.counter({ name: `${SELF_METRICS.flushDuration}_count` }), DefinitionError, 'metric-name-reserved'],
  ['definition that is not an object', (t) => t.counter('jobs_total' as never), DefinitionError, 'definition'],
  ['labelNames that is not an array', (t) => t.counter({ name: 'c_total', labelNames: 'route' as never }), DefinitionError, 'label-names'],
  ['empty label name', (t) => t.counter({ name: 'c_total', labelNames: [''] }), DefinitionError, 'label-name'],
  ['label name starting with a digit', (t) => t.counter({ name: 'c_total', labelNames: ['1st'] }), DefinitionError, 'label-name'],
  ['label name with a dot', (t) => t.counter({ name: 'c_total', labelNames: ['http.route'] }), DefinitionError, 'label-name'],
  ['label name with a colon', (t) => t.counter({ name: 'c_total', labelNames: ['a:b'] }), DefinitionError, 'label-name'],
  ['label name that is not a string', (t) => t.counter({ name: 'c_total', labelNames: [7 as never] }), DefinitionError, 'label-name'],
  ['label name of 256 characters', (t) => t.counter({ name: 'c_total', labelNames: [long(256)] }), DefinitionError, 'label-name'],
  ['label name reserved by Prometheus (__)', (t) => t.counter({ name: 'c_total', labelNames: ['__name__'] }), DefinitionError, 'label-name-reserved'],
  ['le on a histogram', (t) => t.histogram({ name: 'h_seconds', labelNames: ['le'] }), DefinitionError, 'label-name-reserved'],
  ['the overflow label', (t) => t.counter({ name: 'c_total', labelNames: [OVERFLOW_LABEL] }), DefinitionError, 'label-name-reserved'],
  ['a label name twice', (t) => t.counter({ name: 'c_total', labelNames: ['route', 'route'] }), DefinitionError, 'label-name-duplicate'],
  ['help that is not a string', (t) => t.counter({ name: 'c_total', help: 1 as never }), DefinitionError, 'help'],
  ['unit with spaces', (t) => t.counter({ name: 'c_total', unit: 'milli seconds' }), DefinitionError, 'unit'],
  ['buckets not increasing (equal)', (t) => t.histogram({ name: 'h_seconds', buckets: [1, 1] }), DefinitionError, 'buckets-increasing'],
  ['buckets decreasing', (t) => t.histogram({ name: 'h_seconds', buckets: [0.5, 0.1] }), DefinitionError, 'buckets-increasing'],
  ['a NaN bucket bound', (t) => t.histogram({ name: 'h_seconds', buckets: [0.1, Number.NaN] }), DefinitionError, 'buckets-finite'],
  ['a -Infinity bucket bound', (t) => t.histogram({ name: 'h_seconds', buckets: [-Infinity, 1] }), DefinitionError, 'buckets-finite'],
  ['a string bucket bound', (t) => t.histogram({ name: 'h_seconds', buckets: ['1' as never] }), DefinitionError, 'buckets-finite'],
  ['buckets that are not an array', (t) => t.histogram({ name: 'h_seconds', buckets: 5 as never }), DefinitionError, 'buckets'],
  ['the same name with another type', (t) => (t.counter({ name: 'x_total' }), t.gauge({ name: 'x_total' })), DefinitionError, 'metric-conflict'],
  ['the same name with other labels', (t) => (t.counter({ name: 'x_total', labelNames: ['a'] }), t.counter({ name: 'x_total', labelNames: ['b'] })), DefinitionError, 'metric-conflict'],
  ['a name a histogram writes (_bucket)', (t) => (t.histogram({ name: 'lat' }), t.counter({ name: 'lat_bucket' })), DefinitionError, 'metric-name-collision'],
]

/** [case, what is done, rule]; every one an InputError thrown at the call. */
const measurements: Array<[string, (t: Telemetry) => unknown, string]> = [
  ['labels omitted where declared', (t) => t.counter({ name: 'c_total', labelNames: ['route'] }).inc(), 'label-missing'],
  ['a declared label missing', (t) => t.counter({ name: 'c_total', labelNames: ['route', 'status'] }).inc({ route: '/' } as never), 'label-missing'],
  ['an undeclared label', (t) => t.counter({ name: 'c_total', labelNames: ['route'] }).inc({ route: '/', user: 'u1' } as never), 'label-undeclared'],
  ['labels on a metric without labels', (t) => t.counter({ name: 'c_total' }).inc({ route: '/' }), 'label-undeclared'],
  ['a number label value', (t) => t.counter({ name: 'c_total', labelNames: ['code'] }).inc({ code: 200 as never }), 'label-value-type'],
  ['a boolean label value', (t) => t.counter({ name: 'c_total', labelNames: ['ok'] }).inc({ ok: true as never }), 'label-value-type'],
  ['a null label value', (t) => t.counter({ name: 'c_total', labelNames: ['a'] }).inc({ a: null as never }), 'label-value-type'],
  ['an undefined label value', (t) => t.counter({ name: 'c_total', labelNames: ['a'] }).inc({ a: undefined as never }), 'label-value-type'],
  ['an object label value', (t) => t.counter({ name: 'c_total', labelNames: ['a'] }).inc({ a: {} as never }), 'label-value-type'],
  ['a lone high surrogate', (t) => t.counter({ name: 'c_total', labelNames: ['a'] }).inc({ a: 'x\uD83D' }), 'label-value-utf8'],
  ['a lone low surrogate', (t) => t.counter({ name: 'c_total', labelNames: ['a'] }).inc({ a: '\uDE00x' }), 'label-value-utf8'],
  ['surrogates in the wrong order', (t) => t.counter({ name: 'c_total', labelNames: ['a'] }).inc({ a: '\uDE00\uD83D' }), 'label-value-utf8'],
  ['NUL in a label value', (t) => t.counter({ name: 'c_total', labelNames: ['a'] }).inc({ a: 'a\u0000b' }), 'label-value-nul'],
  ['a bigint where the value goes', (t) => t.counter({ name: 'c_total' }).inc(1n as never), 'label-set-type'],
  ['a boolean where the value goes', (t) => t.counter({ name: 'c_total' }).inc(true as never), 'label-set-type'],
  ['a boolean observation', (t) => t.histogram({ name: 'h_seconds' }).observe(true as never), 'value-type'],
  ['a negative counter increment', (t) => t.counter({ name: 'c_total' }).inc(-1), 'counter-monotonic'],
  ['a -Infinity counter increment', (t) => t.counter({ name: 'c_total' }).inc(-Infinity), 'counter-monotonic'],
  ['a NaN counter increment', (t) => t.counter({ name: 'c_total' }).inc(Number.NaN), 'counter-finite'],
  ['an Infinity counter increment', (t) => t.counter({ name: 'c_total' }).inc(Infinity), 'counter-finite'],
  ['a string counter increment', (t) => t.counter({ name: 'c_total' }).inc(undefined, '1' as never), 'value-type'],
  ['a negative increment on a bound series', (t) => t.counter({ name: 'c_total', labelNames: ['a'] }).labels({ a: 'x' }).inc(-1), 'counter-monotonic'],
  ['a string gauge value', (t) => t.gauge({ name: 'g' }).set('3' as never), 'value-type'],
  ['a NaN observation', (t) => t.histogram({ name: 'h_seconds' }).observe(Number.NaN), 'histogram-finite'],
  ['an Infinity observation', (t) => t.histogram({ name: 'h_seconds' }).observe(Infinity), 'histogram-finite'],
  ['a -Infinity observation on a bound series', (t) => t.histogram({ name: 'h_seconds', labelNames: ['a'] }).labels({ a: 'x' }).observe(-Infinity), 'histogram-finite'],
]

describe('bad definitions throw a DefinitionError naming the rule and the metric', () => {
  it.each(definitions)('%s', (_case, act, type, rule) => {
    const error = thrown(() => act(fresh()))
    expect(error).toBeInstanceOf(type)
    expect(error?.rule).toBe(rule)
  })

  it('a user metric cannot take the name of one of lastcall\'s own, so flush reports stay whole', async () => {
    const t = fresh()
    // Before, this definition succeeded and every later flush failed as a whole when lastcall defined its own counter.
    expect(() => t.gauge({ name: SELF_METRICS.flushFailures })).toThrow(/reserved for lastcall's own metrics/)
    t.counter({ name: 'jobs_total' }).inc()
    const report = await t.flush()
    expect(report).toMatchObject({ ok: true, adapters: [{ adapter: 'memory', ok: true }] })
  })
})

describe('bad measurements throw an InputError naming the rule and the metric, and change nothing', () => {
  it.each(measurements)('%s', (_case, act, rule) => {
    const t = fresh()
    const error = thrown(() => act(t))
    expect(error).toBeInstanceOf(InputError)
    expect(error?.rule).toBe(rule)
    expect(error?.message).toMatch(/^(c_total|g|h_seconds): /)
    // A bound series exists once bound, but the bad call added nothing to it.
    for (const metric of t.collect()) for (const point of metric.points) expect('value' in point ? point.value : point.count).toBe(0)
  })

  it('accepts what is valid at the edges: 255-character names, paired surrogates, empty and 1 MB label values', () => {
    const t = fresh()
    t.counter({ name: long(255), labelNames: [long(255)] }).inc({ [long(255)]: 'v' })
    const values = t.counter({ name: 'v_total', labelNames: ['a'] })
    for (const value of ['😀 emoji', '', 'ü', long(1024 * 1024)]) values.inc({ a: value })
    expect(t.collect().find((m) => m.name === 'v_total')?.points).toHaveLength(4)
  })
})

describe('NaN and ±Infinity gauges, per backend', () => {
  const record = (t: Telemetry) => {
    const g = t.gauge({ name: 'temperature', labelNames: ['probe'] })
    g.set({ probe: 'nan' }, Number.NaN)
    g.set({ probe: 'inf' }, Infinity)
    g.set({ probe: 'ninf' }, -Infinity)
    g.set({ probe: 'ok' }, 21.5)
  }

  it('text exposition (Pushgateway): NaN, +Inf, -Inf tokens, never JavaScript\'s Infinity', async () => {
    const { bodies, report } = await viaPushgateway(record)
    expect(report.ok).toBe(true)
    const lines = bodies[0]!.split('\n')
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^temperature\{.*probe="nan".*\} NaN$/), expect.stringMatching(/^temperature\{.*probe="inf".*\} \+Inf$/),
      expect.stringMatching(/^temperature\{.*probe="ninf".*\} -Inf$/), expect.stringMatching(/^temperature\{.*probe="ok".*\} 21\.5$/),
    ]))
    expect(bodies[0]).not.toContain('Infinity')
  })

  it('remote-write: a normal quiet NaN (0x7ff8000000000000), never the stale marker (0x7ff0000000000002), and IEEE infinities', async () => {
    const { bodies, report } = await viaRemoteWrite(record)
    expect(report.ok).toBe(true)
    expect(containsBytes(bodies[0]!, [0, 0, 0, 0, 0, 0, 0xf8, 0x7f])).toBe(true)
    expect(containsBytes(bodies[0]!, [2, 0, 0, 0, 0, 0, 0xf0, 0x7f])).toBe(false)
    const values = Object.fromEntries(decodeWriteRequest(bodies[0]!).map((s) => [s.labels.find((l) => l.name === 'probe')?.value, s.samples.at(-1)?.value]))
    expect(values).toEqual({ nan: Number.NaN, inf: Infinity, ninf: -Infinity, ok: 21.5 })
  })

  it('OTLP/JSON: the strings "NaN", "Infinity", "-Infinity" (JSON.stringify would write null)', async () => {
    const { bodies, report } = await viaOtlpJson(record)
    expect(report.ok).toBe(true)
    for (const token of ['"asDouble":"NaN"', '"asDouble":"Infinity"', '"asDouble":"-Infinity"', '"asDouble":21.5']) expect(bodies[0]).toContain(token)
    expect(bodies[0]).not.toContain('null')
  })

  it('CloudWatch PutMetricData: the three are dropped and counted, the finite one is sent', async () => {
    const { datums, report } = await viaCloudWatchApi(record)
    expect(report).toMatchObject({ ok: true, message: expect.stringMatching(/dropped 3: 3 NaN or infinite value/) })
    expect(datums.filter((d) => d.MetricName === 'temperature').map((d) => [d.Dimensions[0]?.Value, d.Value])).toEqual([['ok', 21.5]])
  })

  it('EMF: the three are dropped and counted, no document carries null or a non-finite value', async () => {
    const { lines, report } = await viaEmf(record)
    expect(report).toMatchObject({ ok: true, message: expect.stringMatching(/dropped 3: 3 NaN or infinite value/) })
    const docs = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(docs.filter((d) => 'temperature' in d).map((d) => [d['probe'], d['temperature']])).toEqual([['ok', 21.5]])
    expect(lines.join('\n')).not.toMatch(/null|NaN|Infinity/)
  })
})

describe('a 1 MB label value, per backend', () => {
  const big = `big-${long(1024 * 1024)}`
  const record = (t: Telemetry) => {
    const c = t.counter({ name: 'uploads_total', labelNames: ['name'] })
    c.inc({ name: big })
    c.inc({ name: 'small' })
  }

  it('remote-write carries it verbatim', async () => {
    const { bodies } = await viaRemoteWrite(record)
    const names = decodeWriteRequest(bodies[0]!).map((s) => s.labels.find((l) => l.name === 'name')?.value)
    expect(names).toContain(big)
  })

  it('OTLP carries it verbatim', async () => {
    const { bodies, report } = await viaOtlpJson(record)
    expect(report.ok).toBe(true)
    expect(bodies.join('')).toContain(big)
  })

  it('CloudWatch (API and EMF) drops the series, dimension values stop at 1024 characters (CW-3), and counts it', async () => {
    const api = await viaCloudWatchApi(record)
    expect(api.report.message).toMatch(/dropped 1: 1 invalid dimension value/)
    expect(api.datums.filter((d) => d.MetricName === 'uploads_total').map((d) => d.Dimensions[0]?.Value)).toEqual(['small'])
    const emf = await viaEmf(record)
    expect(emf.report.message).toMatch(/dropped 1: 1 invalid dimension value/)
    expect(emf.lines.join('')).not.toContain(big.slice(0, 2048))
  })
})

describe('100,000 distinct label values: the cardinality cap holds', () => {
  it('keeps maxSeriesPerMetric series, sends the rest to one overflow series, counts every overflow, and never throws', async () => {
    const t = fresh()
    const requests = t.counter({ name: 'requests_total', labelNames: ['user'] })
    for (let i = 0; i < 100_000; i++) requests.inc({ user: `user-${i}` })
    const family = t.collect().find((m) => m.name === 'requests_total')!
    expect(family.points).toHaveLength(2_000 + 1)
    const overflow = family.points.find((p) => p.labels[OVERFLOW_LABEL] === 'true')
    expect(overflow && 'value' in overflow ? overflow.value : undefined).toBe(98_000)
    const dropped = t.collect().find((m) => m.name === SELF_METRICS.droppedSeries)?.points[0]
    expect(dropped).toMatchObject({ labels: { metric: 'requests_total' }, value: 98_000 })

    const { bodies } = await viaRemoteWrite((sink) => {
      const c = sink.counter({ name: 'requests_total', labelNames: ['user'] })
      for (let i = 0; i < 100_000; i++) c.inc({ user: `user-${i}` })
    })
    const series = bodies.flatMap((body) => decodeWriteRequest(body)).filter((s) => s.labels.some((l) => l.name === '__name__' && l.value === 'requests_total'))
    expect(series).toHaveLength(2_001)
    expect(series.filter((s) => s.labels.some((l) => l.name === OVERFLOW_LABEL && l.value === 'true'))).toHaveLength(1)
  })
})
