import { describe, expect, it } from 'vitest'
import { createTelemetry, OptionsError, parseLogLevel, parseResourceAttributes } from '../../src/index.js'
import { memoryAdapter } from '../../src/testing/index.js'

const quiet = {} as const

describe('options', () => {
  it.each([
    [{ flushTimeoutMs: 0 }, 'flushTimeoutMs'], [{ flushTimeoutMs: 60_000 }, 'flushTimeoutMs'], [{ flushTimeoutMs: 1.5 }, 'flushTimeoutMs'],
    [{ maxSeriesPerMetric: -1 }, 'maxSeriesPerMetric'], [{ maxSpansPerInvocation: 0 }, 'maxSpansPerInvocation'],
    [{ service: '' }, 'service'], [{ adapters: [{}] }, 'adapters'], [{ adapters: [memoryAdapter(), memoryAdapter()] }, 'adapters'],
  ])('rejects %j naming the rule %s', (options, rule) => {
    let caught: unknown
    try {
      createTelemetry({ ...quiet, ...(options as object) })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(OptionsError)
    expect((caught as OptionsError).rule).toBe(rule)
  })

  it('copies options and never mutates the caller object', () => {
    const resource = { 'deployment.environment': 'prod' }
    const options = Object.freeze({ ...quiet, service: 's', resource: Object.freeze(resource), adapters: Object.freeze([memoryAdapter()]) })
    const t = createTelemetry(options)
    expect(t.options.resource).not.toBe(resource)
    expect(t.options.resource).toEqual(resource)
  })

  it('reads the host env in place, also when it is passed explicitly', () => {
    expect(createTelemetry({ ...quiet }).options.env).toBe(process.env)
    expect(createTelemetry({ ...quiet, env: process.env }).options.env).toBe(process.env)
  })

  it('takes string values from a Worker env and ignores bindings', () => {
    const t = createTelemetry({ ...quiet, env: { OTEL_SERVICE_NAME: 'from-env', KV: { get() {} }, LOG_LEVEL: 'error' } })
    expect(t.service).toBe('from-env')
    expect(t.options.env).toEqual({ OTEL_SERVICE_NAME: 'from-env', LOG_LEVEL: 'error' })
    expect(t.options.logLevel).toBe('error')
  })
})

describe('resource', () => {
  it('names the service by option, then OTEL_SERVICE_NAME, then OTEL_RESOURCE_ATTRIBUTES, then the Lambda name', () => {
    expect(createTelemetry({ ...quiet, service: 'opt', env: { OTEL_SERVICE_NAME: 'env' } }).service).toBe('opt')
    expect(createTelemetry({ ...quiet, env: { OTEL_SERVICE_NAME: 'env', OTEL_RESOURCE_ATTRIBUTES: 'service.name=attr' } }).service).toBe('env')
    expect(createTelemetry({ ...quiet, env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=attr' } }).service).toBe('attr')
    expect(createTelemetry({ ...quiet, env: { AWS_LAMBDA_FUNCTION_NAME: 'fn' } }).service).toBe('fn')
    expect(createTelemetry({ ...quiet, env: {} }).service).toBe('unknown_service')
  })

  it('merges OTEL_RESOURCE_ATTRIBUTES under the resource option', () => {
    const t = createTelemetry({ ...quiet, env: { OTEL_RESOURCE_ATTRIBUTES: 'team=pay%20ments,region=eu,broken' }, resource: { region: 'us' } })
    expect(t.resource.attributes).toMatchObject({ team: 'pay ments', region: 'us' })
  })

  it('gives every telemetry (cold start) a random service.instance.id', () => {
    const a = createTelemetry({ ...quiet, env: {} })
    const b = createTelemetry({ ...quiet, env: {} })
    expect(a.resource.instanceId).toMatch(/^[0-9a-f-]{36}$/)
    expect(a.resource.instanceId).not.toBe(b.resource.instanceId)
    expect(a.resource.attributes['service.instance.id']).toBe(a.resource.instanceId)
  })

  it('detects Lambda with the semantic convention attributes', () => {
    const t = createTelemetry({
      ...quiet,
      env: {
        AWS_LAMBDA_FUNCTION_NAME: 'checkout', AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512', AWS_LAMBDA_LOG_STREAM_NAME: '2026/11/21/[$LATEST]abc',
      },
    })
    expect(t.resource.attributes).toMatchObject({
      'cloud.provider': 'aws', 'cloud.platform': 'aws_lambda', 'cloud.region': 'eu-west-1', 'faas.name': 'checkout',
      'faas.version': '$LATEST', 'faas.instance': '2026/11/21/[$LATEST]abc', 'faas.max_memory': 512 * 1_048_576,
    })
  })

  it('names the runtime', () => {
    const t = createTelemetry({ ...quiet, env: {} })
    expect(t.resource.attributes).toMatchObject({ 'process.runtime.name': 'nodejs', 'telemetry.sdk.name': 'lastcall' })
  })

  it('parses resource attributes leniently', () => {
    expect(parseResourceAttributes('a=1, b = two ,=x,c=%ZZ')).toEqual({ a: '1', b: 'two' })
  })
})

describe('logger', () => {
  it('writes one JSON line per record at or above the level', () => {
    const lines: string[] = []
    const t = createTelemetry({ ...quiet, service: 'svc', env: { LOG_LEVEL: 'warn' }, logWrite: (l) => lines.push(l) })
    t.log.info('hidden')
    t.log.warn('shown', { n: 1n, error: new Error('why') })
    t.log.child({ requestId: 'r1' }).error('child')
    expect(lines).toHaveLength(2)
    const first = JSON.parse(lines[0] as string)
    expect(first).toMatchObject({ level: 'warn', message: 'shown', service: 'svc', n: '1', error: { message: 'why' } })
    expect(Date.parse(first.timestamp)).not.toBeNaN()
    expect(JSON.parse(lines[1] as string)).toMatchObject({ level: 'error', requestId: 'r1' })
  })

  it('reads level names', () => {
    expect(parseLogLevel('DEBUG')).toBe('debug')
    expect(parseLogLevel('warning')).toBe('warn')
    expect(parseLogLevel('nonsense')).toBe('info')
  })

  it('keeps diagnostics quiet by default and sends them to an injected logger', async () => {
    const seen: string[] = []
    const failing = memoryAdapter()
    failing.failWith = 'permanent'
    const logger = { debug() {}, info() {}, warn: (m: string) => seen.push(m), error: (m: string) => seen.push(m) }
    const t = createTelemetry({ ...quiet, adapters: [failing], logger })
    t.counter({ name: 'c_total', help: 'h' }).inc()
    await t.flush()
    expect(seen).toEqual(['adapter memory failed'])
  })
})
