/**
 * The `cloudwatchEmf()` adapter factory: CloudWatch through Embedded Metric
 * Format lines only. It shares everything with `cloudwatch()` except the
 * PutMetricData side, which it never references, so a bundle built from it
 * carries no API code.
 */
import { OptionsError, type Adapter } from '../../src/index.js'
import { cloudwatchAdapter } from './adapter.js'
import { resolveCloudWatchOptions, type CloudWatchOptions } from './options.js'

/** Options of `cloudwatchEmf()`: those of `cloudwatch()` without the PutMetricData ones. */
export type CloudWatchEmfOptions = Omit<CloudWatchOptions, 'mode' | (typeof API_ONLY)[number]> & {
  /** Always 'emf'; accepted so options written for `cloudwatch()` carry over. */
  readonly mode?: 'emf'
}

const API_ONLY = ['client', 'region', 'clientConfig', 'loadSdk', 'maxPendingDatums'] as const

/**
 * A CloudWatch adapter that always writes EMF lines (to stdout, or your
 * `write`), on Lambda and everywhere else, e.g. under the CloudWatch agent.
 * @example
 * const telemetry = createTelemetry({ service: 'checkout', adapters: [cloudwatchEmf({ namespace: 'Checkout', dimensions: [['route']] })] })
 */
export function cloudwatchEmf(options: CloudWatchEmfOptions): Adapter {
  const given = options as CloudWatchOptions
  if (given.mode !== undefined && given.mode !== 'emf') {
    throw new OptionsError('cloudwatch-mode', `cloudwatchEmf: mode must be 'emf' or absent, got ${String(given.mode)}; use cloudwatch() for PutMetricData`)
  }
  for (const key of API_ONLY) {
    if (given[key] !== undefined) throw new OptionsError('cloudwatch-options', `cloudwatchEmf: ${key} is a PutMetricData option and EMF has no use for it; use cloudwatch() for PutMetricData`)
  }
  return cloudwatchAdapter(resolveCloudWatchOptions({ ...options, mode: 'emf' }), () => 'emf')
}
