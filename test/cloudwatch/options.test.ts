import { describe, expect, it } from 'vitest'
import {
  cloudwatch, resolveCloudWatchOptions, toCloudWatchUnit, validateCloudWatchDimension, validateCloudWatchMetricName, type CloudWatchOptions,
} from '../../adapters/cloudwatch/index.js'
import { DefinitionError, OptionsError } from '../../src/index.js'

const expectOptionsError = (options: CloudWatchOptions, rule: string, message: RegExp) => {
  try {
    resolveCloudWatchOptions(options)
    expect.unreachable('no error')
  } catch (error) {
    expect(error).toBeInstanceOf(OptionsError)
    expect((error as OptionsError).rule).toBe(rule)
    expect((error as Error).message).toMatch(message)
  }
}

describe('cloudwatch options', () => {
  it('applies defaults and copies what it keeps', () => {
    const config = { endpoint: 'http://127.0.0.1:1' }
    const resolved = resolveCloudWatchOptions({ namespace: 'Checkout', clientConfig: config, dimensions: [['route']] })
    expect(resolved).toMatchObject({ name: 'cloudwatch', mode: undefined, storageResolution: 60, maxHistogramValues: 1000, maxPendingDatums: 20_000 })
    expect(resolved.clientConfig).not.toBe(config)
    expect(Object.isFrozen(resolved)).toBe(true)
  })

  it.each([
    ['', /1 to 255 characters \(CW-2\)/],
    ['AWS/Lambda', /must not start with "AWS\/".*\(CW-2\)/],
    ['Check\u00e9out', /must match .* \(EMF-8, CW-2\)/],
    ['   ', /must match/],
    ['a'.repeat(256), /1 to 255/],
  ])('rejects the namespace %j', (namespace, message) => expectOptionsError({ namespace }, 'cloudwatch-namespace', message))

  it('accepts namespaces with the characters EMF allows', () => {
    expect(() => resolveCloudWatchOptions({ namespace: 'My App/Checkout_v2.#1:-' })).not.toThrow()
  })

  it('rejects bad storage resolutions, modes, dimension sets and units, naming the rule', () => {
    expectOptionsError({ namespace: 'N', storageResolution: 5 as never }, 'cloudwatch-storage-resolution', /1 or 60 \(CW-5\)/)
    expectOptionsError({ namespace: 'N', mode: 'agent' as never }, 'cloudwatch-mode', /'emf' or 'api'/)
    expectOptionsError({ namespace: 'N', dimensions: [] }, 'cloudwatch-dimensions', /non-empty array .* \[\[\]\]/)
    expectOptionsError({ namespace: 'N', dimensions: [Array.from({ length: 31 }, (_, i) => `l${i}`)] }, 'cloudwatch-dimensions', /at most 30 \(CW-3, EMF-4\)/)
    expectOptionsError({ namespace: 'N', dimensions: [[':route']] }, 'cloudwatch-dimensions', /must not start with ":" \(CW-3\)/)
    expectOptionsError({ namespace: 'N', dimensions: [['a', 'a']] }, 'cloudwatch-dimensions', /repeats a name/)
    expectOptionsError({ namespace: 'N', units: { latency: 'seconds' as never } }, 'cloudwatch-unit', /not a CloudWatch unit \(CW-6\)/)
    expectOptionsError({ namespace: 'N', maxHistogramValues: 0 }, 'cloudwatch-options', /positive integer/)
    expect(() => cloudwatch({ namespace: 'AWS/EC2' })).toThrow(OptionsError)
  })
})

describe('definition-time checks', () => {
  it('validates metric names against CW-3', () => {
    expect(() => validateCloudWatchMetricName('http_requests_total')).not.toThrow()
    expect(() => validateCloudWatchMetricName('x'.repeat(256))).toThrow(DefinitionError)
    expect(() => validateCloudWatchMetricName('caf\u00e9')).toThrow(/printable ASCII.*CW-3/)
  })

  it('validates dimension names and values against CW-3 and EMF-4', () => {
    expect(() => validateCloudWatchDimension('route', '/orders/:id')).not.toThrow()
    expect(() => validateCloudWatchDimension('r'.repeat(251))).toThrow(/1 to 250 characters/)
    expect(() => validateCloudWatchDimension('route', '')).toThrow(/1 to 1024 characters/)
    expect(() => validateCloudWatchDimension('route', 'v'.repeat(1025))).toThrow(/1 to 1024 characters/)
    expect(() => validateCloudWatchDimension('route', 'a\nb')).toThrow(/printable ASCII/)
  })

  it('wants printable ASCII with one non-blank character, spaces allowed around it', () => {
    expect(() => validateCloudWatchMetricName('  a ~')).not.toThrow()
    expect(() => validateCloudWatchMetricName('   ')).toThrow(/printable ASCII/)
    expect(() => validateCloudWatchMetricName('a\t')).toThrow(/printable ASCII/)
    expect(() => validateCloudWatchMetricName('a\u007f')).toThrow(/printable ASCII/)
    expect(() => validateCloudWatchDimension(' route ', ' /orders ')).not.toThrow()
    expect(() => validateCloudWatchDimension('route', ' ')).toThrow(/printable ASCII/)
  })

  it('checks the namespace against the EMF pattern', () => {
    expect(() => cloudwatch({ namespace: 'My App/v1.2_#:-' })).not.toThrow()
    for (const namespace of ['   ', 'a+b', 'caf\u00e9', 'a\tb']) {
      expect(() => cloudwatch({ namespace })).toThrow(/must match \^\(\?=\.\*\\S\)\[a-zA-Z0-9 \._#:\/-\]\+\$ \(EMF-8, CW-2\)/)
    }
  })
})

describe('units', () => {
  it.each([
    ['', 'None'], ['seconds', 'Seconds'], ['s', 'Seconds'], ['milliseconds', 'Milliseconds'], ['ms', 'Milliseconds'],
    ['us', 'Microseconds'], ['bytes', 'Bytes'], ['By', 'Bytes'], ['KiBy', undefined], ['kilobytes', 'Kilobytes'], ['%', 'Percent'],
    ['percent', 'Percent'], ['1', 'None'], ['ratio', 'None'], ['{request}', 'Count'], ['{request}/s', 'Count/Second'],
    ['By/s', 'Bytes/Second'], ['Count/Second', 'Count/Second'], ['Bits', 'Bits'], ['furlongs', undefined],
  ])('maps %j to %s', (unit, expected) => expect(toCloudWatchUnit(unit)).toBe(expected))
})
