/**
 * Text exposition of 1,000 and 10,000 series: lastcall's snapshot plus
 * `encodeTextExposition` against prom-client's `register.metrics()`, which
 * also collects before it renders.
 */
import { encodeTextExposition } from '../../src/index.js'
import { timeCases, report, type Case } from '../lib/measure.js'
import { lastcallMetrics, promClientMetrics } from './fixtures.js'

function cases(series: number): Case[] {
  const telemetry = lastcallMetrics(series)
  const registry = promClientMetrics(series)
  return [
    { id: `text.${series}`, lib: 'lastcall', fn: () => encodeTextExposition(telemetry.collect()) },
    { id: `text.${series}`, lib: 'prom-client', fn: () => registry.metrics() },
  ]
}

report('encoding-text', await timeCases([...cases(1000), ...cases(10_000)]))
