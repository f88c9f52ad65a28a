import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { cloudwatch, cloudwatchEmf, type CloudWatchEmfOptions } from '../../adapters/cloudwatch/index.js'
import { createExportContext, createTelemetry, OptionsError } from '../../src/index.js'
import { batchOf, counter, histogramPoint, NOW, numberPoint } from './batches.js'
import { emfProblems } from './emf-validator.js'

const index = fileURLToPath(new URL('../../adapters/cloudwatch/index.ts', import.meta.url))

function optionsError(make: () => unknown): OptionsError {
  try {
    make()
  } catch (error) {
    expect(error).toBeInstanceOf(OptionsError)
    return error as OptionsError
  }
  return expect.unreachable('no error')
}

describe('cloudwatchEmf()', () => {
  it('writes the same EMF lines as cloudwatch() in mode emf, off Lambda too', async () => {
    const batch = batchOf([
      counter('orders_total', [numberPoint({ route: '/a' }, 3), numberPoint({ route: '/b' }, 1)]),
      { kind: 'histogram', name: 'latency_seconds', help: 'h', unit: 's', labelNames: ['route'], bounds: [0.1, 1], points: [histogramPoint([0.1, 1], { route: '/a' }, [0.05, 0.5, 2])] },
    ])
    const emfOnly: string[] = []
    const both: string[] = []
    const options = { namespace: 'Checkout', dimensions: [['route']] }
    const { context, dispose } = createExportContext({ timeoutMs: 2000, env: {} })
    const a = await cloudwatchEmf({ ...options, write: (line) => emfOnly.push(line) }).export(batch, context)
    const b = await cloudwatch({ ...options, mode: 'emf', write: (line) => both.push(line) }).export(batch, context)
    dispose()
    expect(a).toEqual(b)
    expect(emfOnly).toEqual(both)
    expect(emfOnly.length).toBeGreaterThan(0)
    for (const line of emfOnly) expect(emfProblems(line)).toEqual([])
    expect(JSON.parse(emfOnly[0]!)).toMatchObject({ _aws: { Timestamp: NOW, CloudWatchMetrics: [{ Namespace: 'Checkout', Dimensions: [['route']] }] } })
  })

  it('flushes a real telemetry as EMF lines, with no Lambda in the env', async () => {
    const lines: string[] = []
    const telemetry = createTelemetry({ service: 'checkout', env: {}, adapters: [cloudwatchEmf({ namespace: 'Checkout', write: (line) => lines.push(line) })] })
    telemetry.counter({ name: 'orders_total', help: 'Orders', labelNames: ['route'] }).inc({ route: '/a' }, 2)
    const report = await telemetry.flush()
    expect(report.ok).toBe(true)
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ orders_total: 2, route: '/a' })
    expect(emfProblems(lines[0]!)).toEqual([])
  })

  it('is a local, delta, metrics-only adapter that shuts down quietly', async () => {
    const adapter = cloudwatchEmf({ namespace: 'Checkout', name: 'emf' })
    expect(adapter).toMatchObject({ name: 'emf', temporality: 'delta', local: true, signals: { metrics: true, traces: false } })
    await expect(adapter.shutdown?.()).resolves.toBeUndefined()
  })

  it.each(['client', 'region', 'clientConfig', 'loadSdk', 'maxPendingDatums'])('refuses the PutMetricData option %s, naming the rule', (key) => {
    const error = optionsError(() => cloudwatchEmf({ namespace: 'Checkout', [key]: key === 'maxPendingDatums' ? 10 : {} } as CloudWatchEmfOptions))
    expect(error.rule).toBe('cloudwatch-options')
    expect(error.message).toContain(`cloudwatchEmf: ${key} is a PutMetricData option`)
    expect(error.message).toContain('use cloudwatch()')
  })

  it("accepts mode 'emf', refuses mode 'api', and checks the rest as cloudwatch() does", () => {
    expect(() => cloudwatchEmf({ namespace: 'Checkout', mode: 'emf' })).not.toThrow()
    const mode = optionsError(() => cloudwatchEmf({ namespace: 'Checkout', mode: 'api' } as unknown as CloudWatchEmfOptions))
    expect(mode.rule).toBe('cloudwatch-mode')
    expect(mode.message).toMatch(/mode must be 'emf' or absent, got api/)
    expect(optionsError(() => cloudwatchEmf({ namespace: 'AWS/Lambda' })).rule).toBe('cloudwatch-namespace')
    expect(optionsError(() => cloudwatchEmf({ namespace: 'N', storageResolution: 5 as never })).rule).toBe('cloudwatch-storage-resolution')
  })

  it('bundles without any of the PutMetricData code', async () => {
    const bundle = async (factory: string, call: string) => {
      const result = await build({
        stdin: { contents: `import { ${factory} } from ${JSON.stringify(index)}\nexport const adapter = ${call}`, resolveDir: '.', loader: 'ts' },
        bundle: true, write: false, format: 'esm', platform: 'node', minify: true, logLevel: 'silent',
      })
      return result.outputFiles[0]!.text
    }
    const emfOnly = await bundle('cloudwatchEmf', "cloudwatchEmf({ namespace: 'N' })")
    const both = await bundle('cloudwatch', "cloudwatch({ namespace: 'N', mode: 'emf' })")
    // Strings only the PutMetricData side holds: its outcome summary, and the SDK's error names it classifies.
    for (const marker of ['PutMetricData requests failed', 'ThrottlingException']) {
      expect(both).toContain(marker)
      expect(emfOnly).not.toContain(marker)
    }
    expect(emfOnly.length).toBeLessThan(both.length - 5000)
  })
})
