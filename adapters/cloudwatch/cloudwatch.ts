/**
 * The `cloudwatch()` adapter factory. CloudWatch sums what it receives, so the
 * adapter asks the flush engine for deltas: each flush sends what changed
 * since the last successful export, and a failed export's delta is merged
 * into the next one by the engine.
 */
import { hostEnv, type Adapter } from '../../src/index.js'
import { cloudwatchAdapter } from './adapter.js'
import { ApiExporter } from './api-export.js'
import { resolveCloudWatchOptions, type CloudWatchOptions } from './options.js'

/**
 * A CloudWatch adapter: EMF log lines on Lambda, PutMetricData elsewhere.
 * @example
 * const telemetry = createTelemetry({ service: 'checkout', adapters: [cloudwatch({ namespace: 'Checkout', dimensions: [['route']] })] })
 */
export function cloudwatch(options: CloudWatchOptions): Adapter {
  const resolved = resolveCloudWatchOptions(options)
  // Made on first use: an EMF program never constructs the PutMetricData side.
  let api: ApiExporter | undefined
  return cloudwatchAdapter(resolved, (env) => resolved.mode ?? detectMode(env), {
    side: () => (api ??= new ApiExporter(resolved)),
    shutdown: () => api?.close(),
  })
}

/**
 * 'emf' when running on AWS Lambda, where a stdout line costs no network
 * round trip before the freeze (RT-11); 'api' everywhere else.
 * @example detectMode({ AWS_LAMBDA_FUNCTION_NAME: 'checkout' }) // 'emf'
 */
export function detectMode(env: Readonly<Record<string, string | undefined>>): 'emf' | 'api' {
  const functionName = env['AWS_LAMBDA_FUNCTION_NAME'] ?? hostEnv()['AWS_LAMBDA_FUNCTION_NAME']
  return functionName !== undefined && functionName !== '' ? 'emf' : 'api'
}
