/**
 * For the delta nothing-lost suites: what the loopback receivers got,
 * added up in the shape of the fleet's ground truth, the chaos run they
 * share, and the exact comparison.
 */
import { expect } from 'vitest'
import type { Adapter } from '../../../src/index.js'
import type { Datum } from '../../cloudwatch/fake-cloudwatch.js'
import type { Receiver } from '../../otlp/receiver.js'
import type { FaultProxy } from '../../support/fault-proxy.js'
import { BOUNDS, Fleet, type Truth } from '../../support/ground-truth.js'
import { chaosMode, failedShare, FEW_HANGS, flushEach, runStreams, sorted } from './chaos.js'

export interface Sums {
  requests: Map<string, number>
  count: Map<string, number>
  sum: Map<string, number>
  buckets: Map<string, number>
}

const emptySums = (): Sums => ({ requests: new Map(), count: new Map(), sum: new Map(), buckets: new Map() })
const add = (map: Map<string, number>, key: string, value: number): void => void map.set(key, (map.get(key) ?? 0) + value)
const LE = [...BOUNDS.map(String), '+Inf']

type JsonPoint = { attributes?: Array<{ key: string; value: { stringValue?: string } }>; asDouble?: number; count?: string; sum?: number; bucketCounts?: string[] }
type JsonMetric = { name: string; sum?: { dataPoints: JsonPoint[] }; histogram?: { dataPoints: JsonPoint[] } }

/** Adds up every delta point the OTLP receiver got (JSON encoding). */
export function otlpSums(receiver: Receiver): Sums {
  const sums = emptySums()
  for (const request of receiver.to('/v1/metrics')) {
    const body = request.decoded as { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: JsonMetric[] }> }> }
    for (const metric of body.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))) {
      for (const point of metric.sum?.dataPoints ?? metric.histogram?.dataPoints ?? []) {
        const attr = (key: string) => point.attributes?.find((a) => a.key === key)?.value.stringValue ?? ''
        if (metric.name === 'gt_requests_total') add(sums.requests, `${attr('route')} ${attr('status')}`, point.asDouble ?? 0)
        if (metric.name !== 'gt_latency_seconds') continue
        add(sums.count, attr('route'), Number(point.count))
        add(sums.sum, attr('route'), point.sum ?? 0)
        let cumulative = 0
        ;(point.bucketCounts ?? []).forEach((n, i) => add(sums.buckets, `${attr('route')} ${LE[i]}`, (cumulative += Number(n))))
      }
    }
  }
  return sums
}

/** Adds up every datum the fake CloudWatch accepted. A histogram's representative values each lie in their own bucket. */
export function cloudwatchSums(datums: readonly Datum[]): Sums {
  const sums = emptySums()
  for (const datum of datums) {
    const dim = (name: string) => datum.Dimensions.find((d) => d.Name === name)?.Value ?? ''
    if (datum.MetricName === 'gt_requests_total') add(sums.requests, `${dim('route')} ${dim('status')}`, datum.Value ?? 0)
    if (datum.MetricName !== 'gt_latency_seconds') continue
    ;(datum.Values ?? [datum.Value ?? 0]).forEach((value, i) => {
      const count = datum.Counts?.[i] ?? 1
      add(sums.count, dim('route'), count)
      add(sums.sum, dim('route'), value * count)
      for (const le of LE) if (le === '+Inf' || value <= Number(le)) add(sums.buckets, `${dim('route')} ${le}`, count)
    })
  }
  return sums
}

/**
 * Nothing lost, and exact when every answer reached its client. Delta
 * delivery is at least once: a request the backend accepted but whose
 * answer arrived after the flush deadline is sent again (docs/backends.md),
 * so `lostAnswers > 0` (a loaded machine) leaves only the lower bound
 * measurable. CloudWatch's sum is exact up to the rounding of its
 * representative values.
 */
export function expectDelivered(sums: Sums, truth: Truth, exactSum: boolean, lostAnswers: number): void {
  if (lostAnswers > 0) {
    console.warn(`${lostAnswers} answers reached their client after its deadline (a loaded machine): checking that nothing was lost, not exactness`)
    for (const key of ['requests', 'count', 'buckets', 'sum'] as const) {
      for (const [label, value] of truth[key]) expect(sums[key].get(label) ?? 0, `${key} ${label}`).toBeGreaterThanOrEqual(value - 1e-6)
    }
    return
  }
  expect(sorted(sums.requests)).toEqual(sorted(truth.requests))
  expect(sorted(sums.count)).toEqual(sorted(truth.count))
  expect(sorted(sums.buckets)).toEqual(sorted(truth.buckets))
  for (const [route, sum] of truth.sum) {
    if (exactSum) expect(sums.sum.get(route)).toBe(sum)
    else expect(sums.sum.get(route)).toBeCloseTo(sum, 6)
  }
}

/**
 * The chaos run: 50 instances starting cold in batches, each serving 42
 * invocations one after another, each flushing through `proxy`, which fails
 * a third of the requests; then the proxy heals and every instance flushes
 * once more. Returns the fleet for the comparison.
 */
export async function chaosRun(name: string, proxy: FaultProxy, seed: number, adapter: () => Adapter): Promise<Fleet> {
  proxy.setMode(chaosMode(seed, FEW_HANGS))
  const fleet = new Fleet({
    service: `chaos_${name}`, seed, flushTimeoutMs: 3_000, adapters: () => [adapter()],
    retryPolicy: { initialDelayMs: 10, maxDelayMs: 40, multiplier: 2, maxAttempts: 4 },
  })
  const invocations = await runStreams(fleet, { instances: 50, perInstance: 42, coldStartBatch: 10, batchGapMs: 300 })
  const share = failedShare(proxy)
  console.info(`chaos (${name}): ${invocations} invocations on ${fleet.instances.length} instances; ${share.failed} of ${share.total} requests failed`)
  expect(invocations).toBeGreaterThanOrEqual(2000)
  expect(share.share).toBeGreaterThan(0.25)
  expect(share.share).toBeLessThan(0.42)

  proxy.setMode({ kind: 'forward' })
  const healed = await flushEach(fleet, 10)
  expect(healed.every((report) => report.ok), JSON.stringify(healed.filter((r) => !r.ok))).toBe(true)
  return fleet
}
