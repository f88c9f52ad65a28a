/**
 * Hot path: one measurement on an existing series with two labels, through
 * a labels object and through a bound series, for lastcall and its peers.
 * Each case writes to a series created before timing starts.
 */
import { createTelemetry } from '../../src/index.js'
import { timeCases, report, type Case } from '../lib/measure.js'
import { promClientCases, otelCases, powertoolsCases, emfCases } from './hot-path-peers.js'
import { METHODS, ROTATION, ROUTES, rotating } from './hot-path-labels.js'

const METHOD = 'GET'
const ROUTE = '/users/:id'
const LATENCY = 0.042

function lastcallCases(): Case[] {
  const telemetry = createTelemetry({ service: 'bench', adapters: [] })
  const counter = telemetry.counter({ name: 'requests_total', help: 'Requests', labelNames: ['method', 'route'] })
  const histogram = telemetry.histogram({ name: 'latency_seconds', help: 'Latency', labelNames: ['method', 'route'] })
  const gauge = telemetry.gauge({ name: 'in_flight', help: 'In flight', labelNames: ['method', 'route'] })
  const boundCounter = counter.labels({ method: METHOD, route: ROUTE })
  const boundHistogram = histogram.labels({ method: METHOD, route: ROUTE })
  const boundGauge = gauge.labels({ method: METHOD, route: ROUTE })
  let g = 0
  let r = 0
  for (let i = 0; i < ROTATION; i++) counter.inc(rotating(i))
  return [
    { id: 'counter.labels', lib: 'lastcall', fn: () => counter.inc({ method: METHOD, route: ROUTE }) },
    { id: 'counter.labels.rotating', lib: 'lastcall', fn: () => counter.inc({ method: METHODS[r & 1] as string, route: ROUTES[(r++ >> 1) & 7] as string }) },
    { id: 'counter.bound', lib: 'lastcall', fn: () => boundCounter.inc() },
    { id: 'histogram.labels', lib: 'lastcall', fn: () => histogram.observe({ method: METHOD, route: ROUTE }, LATENCY) },
    { id: 'histogram.bound', lib: 'lastcall', fn: () => boundHistogram.observe(LATENCY) },
    { id: 'gauge.labels', lib: 'lastcall', fn: () => gauge.set({ method: METHOD, route: ROUTE }, ++g) },
    { id: 'gauge.bound', lib: 'lastcall', fn: () => boundGauge.set(++g) },
  ]
}

/** The floor: incrementing a property of a plain object. */
function baselineCases(): Case[] {
  const counts = { requests: 0 }
  return [{ id: 'baseline.increment', lib: 'plain object', fn: () => counts.requests++ }]
}

const labels = { method: METHOD, route: ROUTE }
const cases = [
  ...baselineCases(),
  ...lastcallCases(),
  ...promClientCases(labels, LATENCY),
  ...otelCases(labels, LATENCY),
  ...powertoolsCases(labels, LATENCY),
  ...emfCases(labels, LATENCY),
]
// Later runs reverse the order, so JIT and heap state left by earlier cases do not favour anyone.
if (Number(process.env['BENCH_RUN_INDEX'] ?? 0) % 2 === 1) cases.reverse()
report('hot-path', await timeCases(cases))
