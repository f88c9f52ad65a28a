/**
 * Where and how the adapter sends: the OT-2 URL vectors, the standard
 * OTEL_EXPORTER_OTLP_* fallbacks read from the flush's env at export time,
 * and eager validation of explicit options.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { otlp } from '../../adapters/otlp/index.js'
import { resolveSignal } from '../../adapters/otlp/config.js'
import { parseHeaderList } from '../../adapters/otlp/endpoint.js'
import { validateOtlpOptions } from '../../adapters/otlp/options.js'
import { isLastcallError, OptionsError } from '../../src/index.js'
import { counter, makeBatch, rootSpan } from './fixtures.js'
import { recordingLogger, withContext } from './helpers.js'
import { startReceiver, type Receiver } from './receiver.js'
import { thrownBy } from '../support/thrown.js'

const url = (options: Parameters<typeof validateOtlpOptions>[0], env: Record<string, string>, signal: 'traces' | 'metrics' = 'traces'): string =>
  resolveSignal(validateOtlpOptions(options), env, signal, () => {}).url

describe('endpoint URLs (OT-2)', () => {
  it.each([
    [{ endpoint: 'http://collector:4318' }, {}, 'http://collector:4318/v1/traces'],
    [{ endpoint: 'http://collector:4318/' }, {}, 'http://collector:4318/v1/traces'],
    [{ endpoint: 'http://collector:4318/mycollector/' }, {}, 'http://collector:4318/mycollector/v1/traces'],
    [{ endpoint: 'http://collector:4318/mycollector' }, {}, 'http://collector:4318/mycollector/v1/traces'],
    [{ endpoint: 'https://otel.example.com' }, {}, 'https://otel.example.com/v1/traces'],
    [{ tracesEndpoint: 'http://collector:4318' }, {}, 'http://collector:4318/'],
    [{ tracesEndpoint: 'http://collector:4318/custom/path' }, {}, 'http://collector:4318/custom/path'],
    [{}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/traces'],
    [{}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/mycollector/' }, 'http://collector:4318/mycollector/v1/traces'],
    [{}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/'],
    [{}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://a:1/t', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:2' }, 'http://a:1/t'],
    [{}, {}, 'http://localhost:4318/v1/traces'],
    [{ endpoint: 'http://explicit:1' }, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://env:2/t' }, 'http://explicit:1/v1/traces'],
  ])('%j with env %j → %s', (options, env, expected) => {
    expect(url(options, env)).toBe(expected)
  })

  it('builds the metrics URL the same way', () => {
    expect(url({ endpoint: 'http://collector:4318/mycollector/' }, {}, 'metrics')).toBe('http://collector:4318/mycollector/v1/metrics')
    expect(url({ tracesEndpoint: 'http://t:1/x' }, { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://m:2/y' }, 'metrics')).toBe('http://m:2/y')
  })
})

describe('OTEL_EXPORTER_OTLP_HEADERS', () => {
  it('parses k=v pairs, percent-decoded and trimmed', () => {
    expect(parseHeaderList(' api-key = a%20b%3Dc , x-tenant=t1,,x-empty=')).toEqual({ headers: { 'api-key': 'a b=c', 'x-tenant': 't1', 'x-empty': '' }, invalid: [] })
  })

  it('skips malformed members and names only their well-formed keys, never text that may be a credential', () => {
    expect(parseHeaderList('good=1,novalue,bad key=2,pct=%E0%A4%A,x-api-key: s3cr3t')).toEqual({ headers: { good: '1' }, invalid: ['member 2', 'member 3', 'pct', 'member 5'] })
  })
})

describe('environment fallbacks at export time', () => {
  let receiver: Receiver
  beforeEach(async () => {
    receiver = await startReceiver()
  })
  afterEach(async () => {
    await receiver.stop()
  })
  const batch = makeBatch({ spans: [rootSpan], metrics: [counter] })

  it('reads endpoint, headers, protocol and compression from the env', async () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/base`,
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s%C3%A9cret,x-tenant=t1',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    }
    const outcome = await withContext({ env }, (context) => otlp().export(batch, context))
    expect(outcome.ok).toBe(true)
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/base/v1/metrics', '/base/v1/traces'])
    for (const request of receiver.requests) {
      expect(request.headers).toMatchObject({ 'api-key': 'sécret'.normalize(), 'x-tenant': 't1', 'content-type': 'application/json', 'content-encoding': 'gzip' })
    }
  })

  it('uses per-signal variables as given, and they beat the generic ones', async () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/custom/spans`,
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${receiver.url}/custom/points`,
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-only=traces',
    }
    await withContext({ env }, (context) => otlp().export(batch, context))
    const [traces] = receiver.to('/custom/spans')
    const [metrics] = receiver.to('/custom/points')
    expect(traces!.headers['content-type']).toBe('application/x-protobuf')
    expect(traces!.headers['x-only']).toBe('traces')
    expect(metrics!.headers['content-type']).toBe('application/json')
    expect(metrics!.headers['x-only']).toBeUndefined()
  })

  it('lets explicit options beat the env', async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_EXPORTER_OTLP_HEADERS: 'x-key=env', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }
    await withContext({ env }, (context) => otlp({ endpoint: receiver.url, headers: { 'X-Key': 'option' }, encoding: 'protobuf' }).export(batch, context))
    expect(receiver.requests).toHaveLength(2)
    for (const request of receiver.requests) expect(request.headers).toMatchObject({ 'x-key': 'option', 'content-type': 'application/x-protobuf' })
  })

  it('warns once about unusable variables and falls back', async () => {
    const logger = recordingLogger()
    const env = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_HEADERS: 'novalue' }
    const adapter = otlp({ signals: 'traces' })
    for (let i = 0; i < 3; i++) await withContext({ env, logger }, (context) => adapter.export(batch, context))
    expect(receiver.to('/v1/traces')).toHaveLength(3)
    expect(receiver.requests[0]!.headers['content-type']).toBe('application/x-protobuf')
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)
    expect(warnings).toHaveLength(3)
    expect(warnings.join('\n')).toMatch(/OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is not an absolute http\(s\) URL/)
    expect(warnings.join('\n')).toMatch(/OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported/)
    expect(warnings.join('\n')).toMatch(/OTEL_EXPORTER_OTLP_HEADERS has malformed members \(member 1\)/)
  })
})

describe('option validation', () => {
  it.each([
    [{ endpoint: 'collector:4318' }, 'endpoint'],
    [{ endpoint: 'ftp://collector' }, 'endpoint'],
    [{ tracesEndpoint: 42 }, 'endpoint'],
    [{ metricsEndpoint: 'http://user:pass@collector:4318' }, 'url-credentials'],
    [{ encoding: 'grpc' }, 'encoding'],
    [{ compression: 'br' }, 'compression'],
    [{ temporality: 'both' }, 'temporality'],
    [{ signals: [] }, 'signals'],
    [{ signals: ['logs'] }, 'signals'],
    [{ headers: { 'bad header': 'x' } }, 'header-name'],
    [{ headers: { ok: 'line\nbreak' } }, 'header-value'],
    [{ maxRequestBytes: 10 }, 'max-request-bytes'],
    [{ name: '' }, 'adapter-name'],
  ])('rejects %j with rule %s', (options, rule) => {
    const caught = thrownBy(() => otlp(options as never))
    expect(caught).toBeInstanceOf(OptionsError)
    expect(isLastcallError(caught) && caught.rule).toBe(rule)
    expect((caught as Error).message).toMatch(/^otlp: /)
  })

  it('never echoes a URL that may hold a token', () => {
    expect(() => otlp({ endpoint: 'nope?token=s3cr3t' })).toThrow(/^(?!.*s3cr3t)/)
  })

  it('copies options and never mutates them', () => {
    const options = Object.freeze({ endpoint: 'http://c:4318', headers: Object.freeze({ a: 'b' }), signals: Object.freeze(['traces'] as const) })
    const adapter = otlp(options)
    expect(adapter.signals).toEqual({ traces: true, metrics: false })
    expect(options).toEqual({ endpoint: 'http://c:4318', headers: { a: 'b' }, signals: ['traces'] })
  })

  it('takes a name so two OTLP adapters can coexist', () => {
    expect(otlp({ name: 'honeycomb' }).name).toBe('honeycomb')
  })
})
