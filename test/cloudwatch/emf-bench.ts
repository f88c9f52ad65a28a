/**
 * EMF serialization of 100 and 1,000 metrics: lastcall's encoder against
 * @aws-lambda-powertools/metrics and aws-embedded-metrics, in one run.
 * Not a test: `node --import tsx test/cloudwatch/emf-bench.ts`.
 *
 * Each library serializes data recorded before timing starts (one value per
 * metric, dimensions service and route) into the strings it would log.
 * Powertools holds at most 100 metrics per store (it publishes at the 100th),
 * so its 1,000 case serializes ten stores of 100: the same output volume.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext.js'
import { LogSerializer } from 'aws-embedded-metrics/lib/serializers/LogSerializer.js'
import { run, bench, group, summary } from 'mitata'
import { encodeEmf, resolveCloudWatchOptions } from '../../adapters/cloudwatch/index.js'
import { batchOf, gauge, numberPoint } from './batches.js'

const dimensions = { service: 'checkout', route: '/orders/:id' }

/** The cases for `n` metrics; each `fn` returns the EMF strings. */
export function emfCases(n: number): { lib: string; fn: () => unknown }[] {
  const options = resolveCloudWatchOptions({ namespace: 'Bench' })
  const batch = batchOf(Array.from({ length: n }, (_, i) => gauge(`metric_${i}`, [numberPoint(dimensions, i + 0.5, Date.now())], 'milliseconds')), undefined, Date.now())

  const stores = Array.from({ length: Math.ceil(n / 100) }, (_, s) => {
    const metrics = new Metrics({ namespace: 'Bench', serviceName: 'checkout', logger: { log() {}, warn() {}, error() {}, info() {}, debug() {} } as never })
    metrics.addDimension('route', dimensions.route)
    for (let i = s * 100; i < Math.min(n, (s + 1) * 100); i++) metrics.addMetric(`metric_${i}`, MetricUnit.Milliseconds, i + 0.5)
    return metrics
  })

  const context = MetricsContext.empty()
  context.setNamespace('Bench')
  context.setDimensions([dimensions])
  for (let i = 0; i < n; i++) context.putMetric(`metric_${i}`, i + 0.5, 'Milliseconds')
  const serializer = new LogSerializer()

  return [
    { lib: 'lastcall', fn: () => encodeEmf(batch, options).documents },
    { lib: '@aws-lambda-powertools/metrics', fn: () => stores.map((store) => JSON.stringify(store.serializeMetrics())) },
    { lib: 'aws-embedded-metrics', fn: () => serializer.serialize(context) },
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const n of [100, 1_000]) {
    const cases = emfCases(n)
    for (const { lib, fn } of cases) {
      const out = fn() as string[]
      console.log(`${lib} ${n}: ${out.length} documents, ${out.reduce((a, s) => a + s.length, 0)} bytes`)
    }
    group(`EMF serialization, ${n} metrics`, () => {
      summary(() => {
        for (const { lib, fn } of cases) bench(lib, fn)
      })
    })
  }
  await run()
}
