/**
 * The `cloudwatch()` adapter factory. CloudWatch sums what it receives, so the
 * adapter asks the flush engine for deltas: each flush sends what changed
 * since the last successful export, and a failed export's delta is merged
 * into the next one by the engine.
 */
import { hostEnv, type Adapter, type ExportBatch, type ExportContext, type ExportOutcome } from '../../src/index.js'
import { ApiExporter } from './api-export.js'
import { exportEmf, warmEmf } from './emf-export.js'
import { resolveCloudWatchOptions, type CloudWatchOptions } from './options.js'
import type { UnknownUnitHandler } from './unit-resolver.js'

// Enough to warn about every unknown unit of a real registry, bounded all the same.
const MAX_UNIT_WARNINGS = 100

/**
 * A CloudWatch adapter: EMF log lines on Lambda, PutMetricData elsewhere.
 * @example
 * const telemetry = createTelemetry({ service: 'checkout', adapters: [cloudwatch({ namespace: 'Checkout', dimensions: [['route']] })] })
 */
export function cloudwatch(options: CloudWatchOptions): Adapter {
  const resolved = resolveCloudWatchOptions(options)
  // Made on first use: an EMF program never constructs the PutMetricData side.
  let api: ApiExporter | undefined
  const apiExporter = (): ApiExporter => (api ??= new ApiExporter(resolved))
  const warnedUnits = new Set<string>()
  const modeIn = (env: Readonly<Record<string, string | undefined>>): 'emf' | 'api' => resolved.mode ?? detectMode(env)
  return {
    name: resolved.name,
    temporality: 'delta',
    signals: { metrics: true, traces: false },
    // EMF is a stdout write: integrations that batch flushes still write it every invocation.
    get local(): boolean {
      return modeIn({}) === 'emf'
    },
    async export(batch: ExportBatch, context: ExportContext): Promise<ExportOutcome> {
      const onUnknownUnit: UnknownUnitHandler = (metric, unit) => {
        // Once per metric, not once per flush: diagnostics must not repeat on every invocation.
        if (warnedUnits.has(metric) || warnedUnits.size >= MAX_UNIT_WARNINGS) return
        warnedUnits.add(metric)
        context.logger.warn(`cloudwatch: unit ${JSON.stringify(unit)} of ${metric} is not a CloudWatch unit; sending None (set the adapter's \`units\` option to choose one)`)
      }
      return modeIn(context.env) === 'emf' ? exportEmf(batch, context, resolved, onUnknownUnit) : apiExporter().export(batch, context, onUnknownUnit)
    },
    warm(batch: ExportBatch, context: ExportContext): void {
      if (modeIn(context.env) === 'emf') warmEmf(batch, context, resolved)
      else apiExporter().warm(batch, context)
    },
    async shutdown(): Promise<void> {
      api?.close()
    },
  }
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
