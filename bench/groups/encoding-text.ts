/**
 * Text exposition of 1,000 and 10,000 series: lastcall's snapshot plus
 * `encodeTextExposition` against prom-client's `register.metrics()`, which
 * also collects before it renders. Both end in UTF-8 bytes, as a scrape
 * response does: a string built by concatenation is a tree of pieces until
 * something reads it, and stopping at the string would leave that cost out.
 */
import { encodeTextExposition } from '../../src/index.js'
import { timeCases, report, type Case } from '../lib/measure.js'
import { lastcallMetrics, promClientMetrics } from './fixtures.js'

const utf8 = new TextEncoder()

function cases(series: number): Case[] {
  const telemetry = lastcallMetrics(series)
  const registry = promClientMetrics(series)
  return [
    { id: `text.${series}`, lib: 'lastcall', fn: () => utf8.encode(encodeTextExposition(telemetry.collect())) },
    { id: `text.${series}`, lib: 'prom-client', fn: async () => utf8.encode(await registry.metrics()) },
  ]
}

report('encoding-text', await timeCases([...cases(1000), ...cases(10_000)]))
