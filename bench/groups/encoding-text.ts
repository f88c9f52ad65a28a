/**
 * Text exposition of 1,000 and 10,000 series, from a snapshot to the UTF-8
 * bytes a scrape response sends: lastcall's `collect()` plus
 * `encodeTextExpositionBytes` against prom-client's `register.metrics()`,
 * which also collects before it renders, then `TextEncoder.encode`. Values
 * do not change between calls, as most series of a real scrape do not.
 * Both end in bytes: a string built by concatenation is a tree of pieces
 * until something reads it, and stopping at the string would leave that
 * cost out.
 */
import { encodeTextExpositionBytes } from '../../src/index.js'
import { timeCases, report, type Case } from '../lib/measure.js'
import { lastcallMetrics, promClientMetrics } from './fixtures.js'

const utf8 = new TextEncoder()

function cases(series: number): Case[] {
  const telemetry = lastcallMetrics(series)
  const registry = promClientMetrics(series)
  return [
    { id: `text.${series}`, lib: 'lastcall', fn: () => encodeTextExpositionBytes(telemetry.collect()) },
    { id: `text.${series}`, lib: 'prom-client', fn: async () => utf8.encode(await registry.metrics()) },
  ]
}

report('encoding-text', await timeCases([...cases(1000), ...cases(10_000)]))
