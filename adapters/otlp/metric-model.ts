/**
 * The few choices of the OTLP metric model both encoders share: the scope
 * lastcall's instruments report under and the temporality enum (OT-17).
 */
import type { MetricData, Temporality } from '../../src/index.js'
import { LASTCALL_VERSION } from '../shared/version.js'

/** Instrumentation scope of lastcall's registry instruments. */
export const METRICS_SCOPE = { name: 'lastcall', version: LASTCALL_VERSION } as const

/** AggregationTemporality: UNSPECIFIED (0) is never sent. */
export const AggregationTemporality = { DELTA: 1, CUMULATIVE: 2 } as const

/**
 * The OTLP enum value of a temporality.
 * @example temporalityCode('delta') // 1
 */
export function temporalityCode(temporality: Temporality): number {
  return temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE
}

/**
 * Data points across families; zero means there is nothing to send (OT-7).
 * @example if (countPoints(batch.metrics) === 0) return
 */
export function countPoints(metrics: readonly MetricData[]): number {
  let points = 0
  for (const metric of metrics) points += metric.points.length
  return points
}
