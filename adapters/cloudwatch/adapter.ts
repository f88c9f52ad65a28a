/**
 * The adapter object both factories return. It knows the EMF side and takes
 * the PutMetricData side as a parameter, so `cloudwatchEmf()` bundles
 * without any of the API code.
 */
import type { Adapter, ExportBatch, ExportContext, ExportOutcome } from '../../src/index.js'
import { exportEmf, warmEmf } from './emf-export.js'
import type { ResolvedCloudWatchOptions } from './options.js'
import type { UnknownUnitHandler } from './unit-resolver.js'

// Enough to warn about every unknown unit of a real registry, bounded all the same.
const MAX_UNIT_WARNINGS = 100

/** The PutMetricData side, as `cloudwatch()` supplies it. */
export interface ApiSide {
  export(batch: ExportBatch, context: ExportContext, onUnknownUnit: UnknownUnitHandler): Promise<ExportOutcome>
  warm(batch: ExportBatch, context: ExportContext): void
}

/**
 * The adapter over `resolved`. `modeIn` picks the mode from an export's env;
 * `api.side()` is only called when it picks 'api', and `api.shutdown()` on
 * shutdown.
 * @example cloudwatchAdapter(resolveCloudWatchOptions({ namespace: 'Checkout' }), () => 'emf')
 */
export function cloudwatchAdapter(
  resolved: ResolvedCloudWatchOptions,
  modeIn: (env: Readonly<Record<string, string | undefined>>) => 'emf' | 'api',
  api?: { side(): ApiSide; shutdown(): void },
): Adapter {
  const warnedUnits = new Set<string>()
  const isApi = (env: Readonly<Record<string, string | undefined>>): boolean => api !== undefined && modeIn(env) === 'api'
  return {
    name: resolved.name,
    temporality: 'delta',
    signals: { metrics: true, traces: false },
    // EMF is a stdout write: integrations that batch flushes still write it every invocation.
    get local(): boolean {
      return !isApi({})
    },
    async export(batch: ExportBatch, context: ExportContext): Promise<ExportOutcome> {
      const onUnknownUnit: UnknownUnitHandler = (metric, unit) => {
        // Once per metric, not once per flush: diagnostics must not repeat on every invocation.
        if (warnedUnits.has(metric) || warnedUnits.size >= MAX_UNIT_WARNINGS) return
        warnedUnits.add(metric)
        context.logger.warn(`cloudwatch: unit ${JSON.stringify(unit)} of ${metric} is not a CloudWatch unit; sending None (set the adapter's \`units\` option to choose one)`)
      }
      return isApi(context.env) ? api!.side().export(batch, context, onUnknownUnit) : exportEmf(batch, context, resolved, onUnknownUnit)
    },
    warm(batch: ExportBatch, context: ExportContext): void {
      if (isApi(context.env)) api!.side().warm(batch, context)
      else warmEmf(batch, context, resolved)
    },
    async shutdown(): Promise<void> {
      api?.shutdown()
    },
  }
}
