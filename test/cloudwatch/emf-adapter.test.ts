import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { cloudwatch, detectMode } from '../../adapters/cloudwatch/index.js'
import { createExportContext, type DiagnosticLogger } from '../../src/index.js'
import { batchOf, counter, gauge, INVOCATION, numberPoint } from './batches.js'
import { emfProblems } from './emf-validator.js'

const run = promisify(execFile)
const fixture = fileURLToPath(new URL('./fixtures/lambda-json-log.ts', import.meta.url))

function context(env: Record<string, string> = {}, logger?: DiagnosticLogger) {
  return createExportContext({ timeoutMs: 2000, env, ...(logger === undefined ? {} : { logger }) })
}

describe('EMF adapter', () => {
  it('writes raw EMF lines to stdout under AWS_LAMBDA_LOG_FORMAT=JSON, where console.log would be wrapped', async () => {
    const env = { ...process.env, AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_FUNCTION_NAME: 'checkout' }
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', fixture], { env })
    expect(JSON.parse(stderr)).toMatchObject({ ok: true })
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toHaveLength(2)
    const [emf, control] = lines
    // The EMF document is the root object itself, not a string inside `message`.
    expect(emf).toHaveProperty('_aws')
    expect(emf).toMatchObject({ requests_total: 2, route: '/a', requestId: INVOCATION.requestId })
    expect(emfProblems(JSON.stringify(emf))).toEqual([])
    // The control proves the emulation wraps console output as Lambda does.
    expect(control).toMatchObject({ level: 'INFO', message: 'control line from the handler' })
  })

  it('picks EMF on Lambda and PutMetricData elsewhere', () => {
    expect(detectMode({ AWS_LAMBDA_FUNCTION_NAME: 'checkout' })).toBe('emf')
    expect(detectMode({})).toBe(process.env['AWS_LAMBDA_FUNCTION_NAME'] === undefined ? 'api' : 'emf')
  })

  it('exports through the write sink when it detects Lambda', async () => {
    const lines: string[] = []
    const adapter = cloudwatch({ namespace: 'Checkout', write: (line) => lines.push(line) })
    expect(adapter).toMatchObject({ name: 'cloudwatch', temporality: 'delta', signals: { metrics: true, traces: false } })
    const { context: ctx, dispose } = context({ AWS_LAMBDA_FUNCTION_NAME: 'checkout' })
    const outcome = await adapter.export(batchOf([counter('a_total', [numberPoint({}, 1)])], undefined, Date.now()), ctx)
    dispose()
    expect(outcome).toEqual({ ok: true, attempts: 1 })
    expect(lines).toHaveLength(1)
  })

  it('reports drops in the outcome without failing the export', async () => {
    const adapter = cloudwatch({ namespace: 'Checkout', mode: 'emf', write: () => {} })
    const { context: ctx, dispose } = context()
    const outcome = await adapter.export(batchOf([gauge('g', [numberPoint({}, Number.NaN), numberPoint({ a: 'b' }, 1)])], undefined, Date.now()), ctx)
    dispose()
    expect(outcome).toMatchObject({ ok: true, message: 'dropped 1: 1 NaN or infinite value (CW-4, EMF-7)' })
  })

  it('leaves the delta to the engine when the first write throws, and reports lost documents after that', async () => {
    let calls = 0
    const failing = cloudwatch({ namespace: 'Checkout', mode: 'emf', write: () => { calls++; if (calls !== 1) throw new Error('EPIPE') } })
    const points = Array.from({ length: 3 }, (_, i) => numberPoint({ route: `/${i}` }, 1))
    const batch = batchOf([counter('a_total', points)], undefined, Date.now())
    const { context: ctx, dispose } = context()
    expect(await failing.export(batch, ctx)).toMatchObject({ ok: false, metricsDelivered: true, message: expect.stringMatching(/after 1 of 3 documents: EPIPE; 2 documents lost/) })
    const none = cloudwatch({ namespace: 'Checkout', mode: 'emf', write: () => { throw new Error('closed') } })
    expect(await none.export(batch, ctx)).toMatchObject({ ok: false, metricsDelivered: false })
    dispose()
  })

  it('warns once per metric about a unit CloudWatch does not know', async () => {
    const warnings: string[] = []
    const logger: DiagnosticLogger = { debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} }
    const adapter = cloudwatch({ namespace: 'Checkout', mode: 'emf', write: () => {} })
    const batch = batchOf([gauge('distance', [numberPoint({}, 1)], 'furlongs')], undefined, Date.now())
    for (let i = 0; i < 3; i++) {
      const { context: ctx, dispose } = context({}, logger)
      await adapter.export(batch, ctx)
      dispose()
    }
    expect(warnings).toEqual(['cloudwatch: unit "furlongs" of distance is not a CloudWatch unit; sending None (set the adapter\'s `units` option to choose one)'])
  })
})
