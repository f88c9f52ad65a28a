/**
 * Picks the CloudWatch unit of a metric: the `units` option first, then the
 * instrument's own `unit`. A counter without a unit counts things, so it is
 * sent as Count. A unit CloudWatch does not know is sent as None (never
 * dropped) and reported through `onUnknown`.
 */
import type { MetricData } from '../../src/index.js'
import { toCloudWatchUnit, type CloudWatchUnit } from './units.js'

/** Called when an instrument's unit has no CloudWatch equivalent. */
export type UnknownUnitHandler = (metric: string, unit: string) => void

/**
 * Makes the per-metric unit lookup.
 * @example unitResolver(new Map([['db_bytes', 'Bytes']]))(metric) // 'Bytes' for db_bytes
 */
export function unitResolver(overrides: ReadonlyMap<string, CloudWatchUnit>, onUnknown?: UnknownUnitHandler): (metric: MetricData) => CloudWatchUnit {
  return (metric) => {
    const override = overrides.get(metric.name)
    if (override !== undefined) return override
    if (metric.unit === '' && metric.kind === 'counter') return 'Count'
    const unit = toCloudWatchUnit(metric.unit)
    if (unit !== undefined) return unit
    onUnknown?.(metric.name, metric.unit)
    return 'None'
  }
}
