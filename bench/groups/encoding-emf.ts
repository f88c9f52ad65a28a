/**
 * CloudWatch EMF, 1,000 and 10,000 series: lastcall's `encodeEmf` of a
 * batch against Powertools metrics writing the same groups. Powertools
 * keeps one set of dimension values per blob, so it publishes once per
 * label set (its documented way to vary dimensions); its histogram values
 * are each bucket's upper bound, repeated per count (it has no counts), at
 * most 100 per metric as it allows. Its console is replaced by an array.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import type { ExportBatch, MetricData } from '../../src/index.js'
import * as cloudwatch from '../../adapters/cloudwatch/index.js'
import { timeCases, report, unavailable, type Case, type Figure } from '../lib/measure.js'
import { lastcallMetrics } from './fixtures.js'

interface PeerMetric {
  readonly name: string
  readonly unit: (typeof MetricUnit)[keyof typeof MetricUnit]
  readonly values: number[]
}

/** The snapshot regrouped by label values, as Powertools needs it: one blob per label set. */
function peerGroups(metrics: readonly MetricData[]): { dimensions: Record<string, string>; metrics: PeerMetric[] }[] {
  const groups = new Map<string, { dimensions: Record<string, string>; metrics: PeerMetric[] }>()
  for (const family of metrics) {
    for (const point of family.points) {
      const key = Object.values(point.labels).join('\u0000')
      let group = groups.get(key)
      if (group === undefined) groups.set(key, (group = { dimensions: { ...point.labels }, metrics: [] }))
      if (family.kind !== 'histogram') {
        group.metrics.push({ name: family.name, unit: MetricUnit.Count, values: [point.value] })
        continue
      }
      const values: number[] = []
      point.bucketCounts.forEach((count, i) => {
        const bound = family.bounds[i] ?? (family.bounds[family.bounds.length - 1] ?? 1) * 2
        for (let k = 0; k < count && values.length < 100; k++) values.push(bound)
      })
      group.metrics.push({ name: family.name, unit: MetricUnit.Seconds, values })
    }
  }
  return [...groups.values()]
}

function powertoolsCase(id: string, metrics: readonly MetricData[]): Case {
  const groups = peerGroups(metrics)
  const lines: string[] = []
  const powertools = new Metrics({ namespace: 'bench', serviceName: 'bench' })
  ;(powertools as unknown as { console: { log(line: string): void } }).console = { log: (line) => lines.push(line) }
  return {
    id, lib: 'Powertools', fn: () => {
      lines.length = 0
      for (const group of groups) {
        for (const name in group.dimensions) powertools.addDimension(name, group.dimensions[name] as string)
        for (const metric of group.metrics) for (const value of metric.values) powertools.addMetric(metric.name, metric.unit, value)
        powertools.publishStoredMetrics()
      }
      return lines
    },
  }
}

const cases: Case[] = []
const missing: Figure[] = []
const { encodeEmf, resolveCloudWatchOptions } = cloudwatch
for (const series of [1000, 10_000]) {
  const telemetry = lastcallMetrics(series)
  const metrics = telemetry.collect()
  if (typeof encodeEmf !== 'function' || typeof resolveCloudWatchOptions !== 'function') {
    missing.push(unavailable(`emf.${series}`, 'lastcall', 'adapters/cloudwatch does not export encodeEmf and resolveCloudWatchOptions'))
  } else {
    const options = resolveCloudWatchOptions({ namespace: 'bench', mode: 'emf' })
    const timeMs = metrics[0]?.points[0]?.timeMs ?? Date.now()
    // The first flush of a delta adapter: the deltas equal the totals.
    const batch: ExportBatch = { resource: telemetry.resource, metrics, temporality: 'delta', spans: [], timeMs, instanceStartMs: timeMs, invocation: undefined }
    cases.push({ id: `emf.${series}`, lib: 'lastcall', fn: () => encodeEmf(batch, options) })
  }
  cases.push(powertoolsCase(`emf.${series}`, metrics))
}

report('encoding-emf', [...missing, ...(await timeCases(cases))])
