import { afterEach, describe, expect, it } from 'vitest'
import { createExportContext, isLastcallError, OptionsError, type ExportContext } from '../../src/index.js'
import { encodeTextExposition } from '../../src/core/exposition/index.js'
import { pushgateway, type PushgatewayOptions } from '../../adapters/pushgateway/index.js'
import { base64Url, groupingPath } from '../../adapters/pushgateway/grouping-path.js'
import { batchOf, histogramFamily, numberFamily } from '../support/prom-batches.js'
import { captureFetch, type CaptureFetch } from '../support/capture-fetch.js'
import { thrownBy } from '../support/thrown.js'

const disposers: Array<() => void> = []
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()))

function contextWith(capture: CaptureFetch, timeoutMs = 2000): ExportContext {
  const { context, dispose } = createExportContext({ timeoutMs, fetch: capture.fetch, retryPolicy: { initialDelayMs: 5, maxDelayMs: 20, multiplier: 2, maxAttempts: 3 } })
  disposers.push(dispose)
  return context
}

const metrics = [
  numberFamily('counter', 'jobs_total', [[{ queue: 'a "q"\\ \n' }, 4]]),
  histogramFamily('job_seconds', [1, 10], [[{}, [0.5, 20]]]),
]

describe('grouping key path', () => {
  it.each([
    ['a plain value', [['instance', 'i-1']], '/metrics/job/batch/instance/i-1'],
    ['a value with / as URL-safe base64', [['path', '/var/tmp']], '/metrics/job/batch/path@base64/L3Zhci90bXA'],
    ['an empty value', [['first_label', '']], '/metrics/job/batch/first_label@base64/='],
    ['unicode, percent-encoded', [['name', 'Προμηθεύς']], `/metrics/job/batch/name/${encodeURIComponent('Προμηθεύς')}`],
    ['spaces, quotes and percent signs', [['v', 'a b"%']], '/metrics/job/batch/v/a%20b%22%25'],
    ['dot segments', [['a', '.'], ['b', '..']], '/metrics/job/batch/a@base64/Lg/b@base64/Li4'],
  ] as const)('encodes %s', (_name, labels, path) => {
    expect(groupingPath('batch', labels)).toBe(path)
  })

  it('uses the URL-safe alphabet without padding', () => {
    expect(base64Url('Προμηθεύς')).toBe('zqDPgc6_zrzOt864zrXPjc-C')
    expect(base64Url('??>>/')).not.toMatch(/[+/=]/)
  })

  it('encodes a job containing / as base64 too', () => {
    expect(groupingPath('a/b', [])).toBe('/metrics/job@base64/YS9i')
  })
})

describe('pushgateway adapter', () => {
  it('PUTs the text exposition to the instance group by default', async () => {
    const capture = captureFetch(() => new Response(null, { status: 200 }))
    const adapter = pushgateway({ url: 'http://pgw.test:9091/', basicAuth: { username: 'u', password: 'p' }, headers: { 'content-type': 'application/json', 'x-a': 'b' } })
    expect(adapter).toMatchObject({ name: 'pushgateway', temporality: 'cumulative', signals: { metrics: true, traces: false } })
    const outcome = await adapter.export(batchOf(metrics, { service: 'nightly', instanceId: 'i-7' }), contextWith(capture))
    expect(outcome).toMatchObject({ ok: true, attempts: 1, status: 200 })
    const request = capture.requests[0]!
    expect(request.method).toBe('PUT')
    expect(request.url).toBe('http://pgw.test:9091/metrics/job/nightly/instance/i-7')
    expect(request.headers).toMatchObject({ 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'x-a': 'b', authorization: `Basic ${btoa('u:p')}` })
    expect(new TextDecoder().decode(request.body)).toBe(encodeTextExposition(metrics))
  })

  it('takes job, grouping labels (sorted into the path), an instance override and POST', async () => {
    const capture = captureFetch(() => new Response(null, { status: 202 }))
    const adapter = pushgateway({ url: 'http://pgw.test/prefix', job: 'etl', groupingKey: { zone: 'a/b', instance: '', env: 'prod' }, method: 'POST' })
    await adapter.export(batchOf(metrics), contextWith(capture))
    expect(capture.requests[0]!.method).toBe('POST')
    expect(capture.requests[0]!.url).toBe('http://pgw.test/prefix/metrics/job/etl/env/prod/instance@base64/=/zone@base64/YS9i')
  })

  it('treats 400 as permanent and retries 5xx', async () => {
    const permanent = captureFetch(() => new Response('pushed metrics are invalid or inconsistent with existing metrics', { status: 400 }))
    expect(await pushgateway({ url: 'http://pgw.test' }).export(batchOf(metrics), contextWith(permanent)))
      .toMatchObject({ ok: false, attempts: 1, status: 400, message: 'HTTP 400: pushed metrics are invalid or inconsistent with existing metrics' })
    const flaky = captureFetch((_, i) => new Response(null, { status: i === 0 ? 503 : 200 }))
    expect(await pushgateway({ url: 'http://pgw.test' }).export(batchOf(metrics), contextWith(flaky))).toMatchObject({ ok: true, attempts: 2 })
  })

  it('pushes nothing when there are no series: an empty PUT would wipe the group', async () => {
    const capture = captureFetch()
    expect(await pushgateway({ url: 'http://pgw.test' }).export(batchOf([numberFamily('counter', 'x_total', [])]), contextWith(capture))).toMatchObject({ ok: true })
    expect(capture.requests).toHaveLength(0)
  })

  it('deletes the pushed group at shutdown when asked, and only then', async () => {
    const capture = captureFetch(() => new Response(null, { status: 202 }))
    const keep = pushgateway({ url: 'http://pgw.test' })
    await keep.export(batchOf(metrics, { instanceId: 'i-1' }), contextWith(capture))
    await keep.shutdown!(contextWith(capture))
    expect(capture.requests.map((r) => r.method)).toEqual(['PUT'])
    const remove = pushgateway({ url: 'http://pgw.test', deleteOnShutdown: true, bearerToken: 't' })
    await remove.export(batchOf(metrics, { instanceId: 'i-2' }), contextWith(capture))
    await remove.shutdown!(contextWith(capture))
    const deletion = capture.requests.at(-1)!
    expect(deletion).toMatchObject({ method: 'DELETE', url: 'http://pgw.test/metrics/job/checkout/instance/i-2' })
    expect(deletion.headers['authorization']).toBe('Bearer t')
    expect(deletion.body).toHaveLength(0)
  })

  it('serializes pushes so an older snapshot never lands after a newer one', async () => {
    const capture = captureFetch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return new Response(null, { status: 200 })
    })
    const adapter = pushgateway({ url: 'http://pgw.test' })
    await Promise.all([1, 2, 3].map((v) => adapter.export(batchOf([numberFamily('counter', 'n_total', [[{}, v]])]), contextWith(capture))))
    expect(capture.maxConcurrent()).toBe(1)
    expect(capture.requests.map((r) => new TextDecoder().decode(r.body).trim().split(' ').at(-1))).toEqual(['1', '2', '3'])
  })
})

describe('pushgateway options', () => {
  const bad: Array<[string, unknown, string]> = [
    ['no url', {}, 'url'],
    ['credentials in the url', { url: 'http://u:hunter2@pgw' }, 'url-credentials'],
    ['a bad method', { url: 'http://pgw', method: 'PATCH' }, 'method'],
    ['an empty job', { url: 'http://pgw', job: '' }, 'job'],
    ['an invalid grouping label', { url: 'http://pgw', groupingKey: { 'a.b': 'x' } }, 'label-name'],
    ['a reserved grouping label', { url: 'http://pgw', groupingKey: { __x: 'x' } }, 'label-name-reserved'],
    ['job in the grouping key', { url: 'http://pgw', groupingKey: { job: 'x' } }, 'label-name-reserved'],
    ['a non-string grouping value', { url: 'http://pgw', groupingKey: { a: 1 } }, 'label-value'],
    ['both kinds of auth', { url: 'http://pgw', bearerToken: 'hunter2', basicAuth: { username: 'u', password: 'p' } }, 'auth-exclusive'],
  ]
  it.each(bad)('rejects %s with an OptionsError naming the rule', (_name, options, rule) => {
    const error = thrownBy(() => pushgateway(options as PushgatewayOptions))
    expect(error).toBeInstanceOf(OptionsError)
    expect(isLastcallError(error) && error.rule).toBe(rule)
    expect((error as Error).message).not.toMatch(/hunter2/)
  })
})
