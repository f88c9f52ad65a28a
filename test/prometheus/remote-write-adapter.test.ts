import { afterEach, describe, expect, it } from 'vitest'
import { createExportContext, isLastcallError, OptionsError, type ExportBatch, type ExportContext } from '../../src/index.js'
import { remoteWrite, type RemoteWriteOptions } from '../../adapters/prometheus-remote-write/index.js'
import { LASTCALL_VERSION } from '../../adapters/shared/version.js'
import { at, batchOf, histogramFamily, numberFamily } from '../support/prom-batches.js'
import { captureFetch, type CaptureFetch } from '../support/capture-fetch.js'
import { decodeRemoteWriteBody, labelOf, type DecodedSeries } from '../support/prom-decode.js'
import { thrownBy } from '../support/thrown.js'

const T = 1_700_000_000_000
const URL_ = 'http://rw.test/api/v1/write'
const disposers: Array<() => void> = []
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()))

function contextWith(capture: CaptureFetch, timeoutMs = 2000): ExportContext {
  const { context, dispose } = createExportContext({ timeoutMs, fetch: capture.fetch, retryPolicy: { initialDelayMs: 5, maxDelayMs: 20, multiplier: 2, maxAttempts: 3 } })
  disposers.push(dispose)
  return context
}

const decodeAll = (capture: CaptureFetch): DecodedSeries[] => capture.requests.flatMap((r) => decodeRemoteWriteBody(r.body))
const byName = (series: DecodedSeries[], name: string): DecodedSeries[] => series.filter((s) => labelOf(s, '__name__') === name)

function sampleBatch(timeMs = T, instanceId = 'i-1'): ExportBatch {
  return batchOf(at([
    numberFamily('counter', 'http_requests_total', [[{ route: '/a', method: 'GET' }, 3]]),
    numberFamily('gauge', 'in_flight', [[{}, 2]]),
    histogramFamily('latency_seconds', [0.005, 1], [[{ route: '/a' }, [0.001, 0.5, 2]]]),
  ], timeMs), { service: 'checkout', instanceId, timeMs })
}

describe('remoteWrite adapter', () => {
  it('is a cumulative metrics adapter', () => {
    const adapter = remoteWrite({ url: URL_ })
    expect(adapter).toMatchObject({ name: 'prometheus-remote-write', temporality: 'cumulative', signals: { metrics: true, traces: false } })
  })

  it('POSTs with the four required headers, which user headers cannot override', async () => {
    const capture = captureFetch()
    const adapter = remoteWrite({
      url: URL_, bearerToken: 's3cret',
      headers: { 'Content-Type': 'text/plain', 'content-encoding': 'gzip', 'User-Agent': 'me', 'X-Prometheus-Remote-Write-Version': '2.0.0', 'X-Scope-OrgID': 'tenant' },
    })
    const outcome = await adapter.export(sampleBatch(), contextWith(capture))
    expect(outcome).toMatchObject({ ok: true, attempts: 1, status: 204 })
    expect(capture.requests).toHaveLength(1)
    const request = capture.requests[0]!
    expect(request.method).toBe('POST')
    expect(request.url).toBe(URL_)
    expect(request.headers).toMatchObject({
      'content-encoding': 'snappy', 'content-type': 'application/x-protobuf', 'user-agent': `lastcall/${LASTCALL_VERSION}`,
      'x-prometheus-remote-write-version': '0.1.0', 'x-scope-orgid': 'tenant', authorization: 'Bearer s3cret',
    })
  })

  it('labels every series with __name__, job (service name) and instance, sorted and without empty values', async () => {
    const capture = captureFetch()
    const adapter = remoteWrite({ url: URL_, labels: { region: 'eu', Zone: 'z1', route: 'ignored', blank: '' } })
    const batch = batchOf([numberFamily('counter', 'jobs_total', [[{ route: '/x', empty: '', job: 'user-job', instance: 'user-inst', 'é': 'no' }, 1]])], { instanceId: 'i-9' })
    // A non-ASCII name cannot come from the core; it proves byte-order sorting anyway.
    await adapter.export(batch, contextWith(capture))
    const [series] = decodeAll(capture)
    expect(series!.labels.map((l) => l.name)).toEqual(['Zone', '__name__', 'exported_instance', 'exported_job', 'instance', 'job', 'region', 'route', 'é'])
    expect(Object.fromEntries(series!.labels.map((l) => [l.name, l.value]))).toMatchObject({
      __name__: 'jobs_total', job: 'checkout', instance: 'i-9', exported_job: 'user-job', exported_instance: 'user-inst', route: '/x', region: 'eu',
    })
  })

  it('uses the job option over the service name', async () => {
    const capture = captureFetch()
    await remoteWrite({ url: URL_, job: 'edge' }).export(sampleBatch(), contextWith(capture))
    expect(decodeAll(capture).every((s) => labelOf(s, 'job') === 'edge')).toBe(true)
  })

  it('writes histograms as cumulative _bucket{le} with +Inf, _sum and _count', async () => {
    const capture = captureFetch()
    await remoteWrite({ url: URL_ }).export(sampleBatch(), contextWith(capture))
    const all = decodeAll(capture)
    const buckets = byName(all, 'latency_seconds_bucket')
    expect(buckets.map((s) => [labelOf(s, 'le'), s.samples.at(-1)!.value])).toEqual([['0.005', 1], ['1', 2], ['+Inf', 3]])
    expect(byName(all, 'latency_seconds_count')[0]!.samples.at(-1)!.value).toBe(3)
    expect(byName(all, 'latency_seconds_sum')[0]!.samples.at(-1)!.value).toBe(2.501)
  })

  it('precedes new counters and histograms (not gauges) with a zero sample one ms earlier, once', async () => {
    const capture = captureFetch()
    const adapter = remoteWrite({ url: URL_ })
    await adapter.export(sampleBatch(T), contextWith(capture))
    const first = decodeAll(capture)
    expect(byName(first, 'http_requests_total')[0]!.samples).toEqual([{ value: 0, timestamp: String(T - 1) }, { value: 3, timestamp: String(T) }])
    for (const s of byName(first, 'latency_seconds_bucket')) expect(s.samples.map((x) => x.timestamp)).toEqual([String(T - 1), String(T)])
    expect(byName(first, 'in_flight')[0]!.samples).toEqual([{ value: 2, timestamp: String(T) }])
    capture.requests.length = 0
    await adapter.export(sampleBatch(T + 5000), contextWith(capture))
    expect(byName(decodeAll(capture), 'http_requests_total')[0]!.samples).toEqual([{ value: 3, timestamp: String(T + 5000) }])
  })

  it('keeps timestamps strictly increasing per series when the clock does not move', async () => {
    const capture = captureFetch()
    const adapter = remoteWrite({ url: URL_ })
    for (let i = 0; i < 4; i++) await adapter.export(sampleBatch(T), contextWith(capture))
    const stamps = capture.requests.map((r) => byName(decodeRemoteWriteBody(r.body), 'in_flight')[0]!.samples.map((s) => Number(s.timestamp)))
    expect(stamps).toEqual([[T], [T + 1], [T + 2], [T + 3]])
    const counter = capture.requests.flatMap((r) => byName(decodeRemoteWriteBody(r.body), 'http_requests_total')[0]!.samples.map((s) => Number(s.timestamp)))
    expect(counter).toEqual([T - 1, T, T + 1, T + 2, T + 3])
  })

  it('re-sends the zero sample after a failure that proves nothing was stored (5xx)', async () => {
    const capture = captureFetch((_, i) => new Response('overloaded', { status: i < 3 ? 503 : 204 }))
    const adapter = remoteWrite({ url: URL_ })
    const failed = await adapter.export(sampleBatch(T), contextWith(capture))
    expect(failed).toMatchObject({ ok: false, status: 503, attempts: 3 })
    await adapter.export(sampleBatch(T + 1000), contextWith(capture))
    expect(byName(decodeRemoteWriteBody(capture.requests[3]!.body), 'http_requests_total')[0]!.samples)
      .toEqual([{ value: 0, timestamp: String(T + 999) }, { value: 3, timestamp: String(T + 1000) }])
  })

  it('drops the zero sample after a failure that may have stored part of the request (4xx)', async () => {
    const capture = captureFetch((_, i) => new Response('bad', { status: i === 0 ? 400 : 204 }))
    const adapter = remoteWrite({ url: URL_ })
    expect(await adapter.export(sampleBatch(T), contextWith(capture))).toMatchObject({ ok: false, status: 400, attempts: 1 })
    await adapter.export(sampleBatch(T + 1000), contextWith(capture))
    expect(byName(decodeRemoteWriteBody(capture.requests[1]!.body), 'http_requests_total')[0]!.samples).toEqual([{ value: 3, timestamp: String(T + 1000) }])
  })

  it('splits large batches into bounded requests and never splits a histogram point', async () => {
    const capture = captureFetch()
    const counters = numberFamily('counter', 'c_total', Array.from({ length: 250 }, (_, i): [Record<string, string>, number] => [{ n: String(i) }, i]))
    const hist = histogramFamily('h_seconds', [1, 2, 3, 4, 5], Array.from({ length: 40 }, (_, i): [Record<string, string>, number[]] => [{ n: String(i) }, [i]]))
    const adapter = remoteWrite({ url: URL_, maxSamplesPerRequest: 50 })
    const outcome = await adapter.export(batchOf([counters, hist]), contextWith(capture))
    expect(outcome.ok).toBe(true)
    const requests = capture.requests.map((r) => decodeRemoteWriteBody(r.body))
    expect(requests.length).toBeGreaterThan(10)
    for (const series of requests) {
      expect(series.reduce((n, s) => n + s.samples.length, 0)).toBeLessThanOrEqual(50)
      const histograms = new Set(series.filter((s) => labelOf(s, '__name__')!.startsWith('h_seconds')).map((s) => labelOf(s, 'n')))
      for (const n of histograms) expect(series.filter((s) => labelOf(s, 'n') === n && labelOf(s, '__name__')!.startsWith('h_seconds'))).toHaveLength(8)
    }
    const all = requests.flat()
    expect(all).toHaveLength(250 + 40 * 8)
    expect(new Set(all.map((s) => JSON.stringify(s.labels))).size).toBe(all.length)
  })

  it('serializes concurrent exports: one series is never in two requests at once', async () => {
    const capture = captureFetch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30))
      return new Response(null, { status: 204 })
    })
    const adapter = remoteWrite({ url: URL_ })
    const outcomes = await Promise.all([0, 1, 2].map(() => adapter.export(sampleBatch(T), contextWith(capture))))
    expect(outcomes.every((o) => o.ok)).toBe(true)
    expect(capture.maxConcurrent()).toBe(1)
    const stamps = capture.requests.map((r) => byName(decodeRemoteWriteBody(r.body), 'in_flight')[0]!.samples[0]!.timestamp)
    expect(stamps).toEqual([String(T), String(T + 1), String(T + 2)])
  })

  it('gives up waiting for an earlier export at its own deadline', async () => {
    const capture = captureFetch(() => new Promise(() => {}))
    const adapter = remoteWrite({ url: URL_ })
    void adapter.export(sampleBatch(T), contextWith(capture, 5_000))
    const started = performance.now()
    const outcome = await adapter.export(sampleBatch(T), contextWith(capture, 100))
    expect(performance.now() - started).toBeLessThan(1000)
    expect(outcome).toMatchObject({ ok: false, timedOut: true, attempts: 0 })
  })

  it('sends nothing for a batch without series', async () => {
    const capture = captureFetch()
    expect(await remoteWrite({ url: URL_ }).export(batchOf([numberFamily('counter', 'idle_total', [])]), contextWith(capture))).toMatchObject({ ok: true })
    expect(capture.requests).toHaveLength(0)
  })
})

describe('remoteWrite options', () => {
  const bad: Array<[string, unknown, string]> = [
    ['no url', {}, 'url'],
    ['a relative url', { url: '/api/v1/write' }, 'url'],
    ['a non-http url', { url: 'ftp://x/y' }, 'url'],
    ['credentials in the url', { url: 'http://user:hunter2@x/api/v1/write' }, 'url-credentials'],
    ['both kinds of auth', { url: URL_, bearerToken: 't', basicAuth: { username: 'u', password: 'p' } }, 'auth-exclusive'],
    ['an empty bearer token', { url: URL_, bearerToken: '' }, 'bearer-token'],
    ['a header with a newline', { url: URL_, headers: { 'x-a': 'b\nc' } }, 'header-value'],
    ['an invalid external label name', { url: URL_, labels: { 'a-b': 'x' } }, 'label-name'],
    ['a reserved external label', { url: URL_, labels: { __tenant: 'x' } }, 'label-name-reserved'],
    ['job as an external label', { url: URL_, labels: { job: 'x' } }, 'label-name-reserved'],
    ['instance as an external label', { url: URL_, labels: { instance: 'x' } }, 'label-name-reserved'],
    ['an empty job', { url: URL_, job: '' }, 'job'],
    ['a zero sample limit', { url: URL_, maxSamplesPerRequest: 0 }, 'max-samples-per-request'],
  ]
  it.each(bad)('rejects %s with an OptionsError naming the rule', (_name, options, rule) => {
    const error = thrownBy(() => remoteWrite(options as RemoteWriteOptions))
    expect(error).toBeInstanceOf(OptionsError)
    expect(isLastcallError(error) && error.rule).toBe(rule)
    expect(String((error as Error).message)).not.toMatch(/hunter2/)
  })

  it('does not mutate the caller\'s options', () => {
    const options = Object.freeze({ url: URL_, labels: Object.freeze({ region: 'eu' }), headers: Object.freeze({ 'x-a': 'b' }) })
    expect(() => remoteWrite(options)).not.toThrow()
  })
})

describe('request size', () => {
  it('splits by bytes as well as samples, so long label values never build one huge request', async () => {
    const { splitGroups } = await import('../../adapters/prometheus-remote-write/requests.js')
    const big = 'v'.repeat(200_000)
    const group = (i: number) => ({
      group: { family: 'f', point: String(i), monotonic: true, timeMs: 1, base: [['__name__', 'f'], ['k', `${big}${i}`]] as [string, string][], extras: [[]], values: [1] },
      state: { lastMs: 1, delivered: true, uncertain: false },
      ms: 1, zeroMs: undefined,
    })
    const groups = Array.from({ length: 20 }, (_, i) => group(i)) as never[]
    const chunks = splitGroups(groups, 2000)
    expect(chunks.length).toBeGreaterThanOrEqual(4)
    expect(chunks.flat()).toHaveLength(20)
    expect(splitGroups(groups, 2000, Number.MAX_SAFE_INTEGER)).toHaveLength(1)
  })
})
