/**
 * The bound-series hot path must not allocate. A child process (so the heap
 * holds nothing of vitest's) runs a million bound calls per path and reports
 * two heap figures; no timing anywhere, only heap sizes:
 * - retained: heap after a full collection, before and after the calls;
 * - allocated: the most the heap grew while the calls ran, read every
 *   100,000 calls without collecting. The young generation is fixed at 64 MB
 *   so no scavenge can hide garbage: one small object per call (≥ 8 bytes)
 *   would show as 8 MB or more. What the engine itself allocates meanwhile
 *   (compiled code, the readings) stays far below 1 MB.
 * A control path that does allocate proves the readings see garbage.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url))
const CALLS = 1_000_000
const RETAINED_LIMIT = 64 * 1024
/** Under one byte per call: any per-call allocation is at least 8. */
const ALLOCATED_LIMIT = 1024 * 1024

// The whole measurement runs three times. The first pass compiles every path and the
// measuring code; of the other two the smaller figure counts: real per-call garbage shows
// in every pass, a late piece of compiler output lands in one window at most.
const CHILD = `
import { createTelemetry } from ${JSON.stringify(INDEX)}
const telemetry = createTelemetry({ service: 'allocation', adapters: [] })
const labels = { method: 'GET', route: '/users/:id' }
const counter = telemetry.counter({ name: 'requests_total', help: 'h', labelNames: ['method', 'route'] }).labels(labels)
const histogram = telemetry.histogram({ name: 'latency_seconds', help: 'h', labelNames: ['method', 'route'] }).labels(labels)
const gauge = telemetry.gauge({ name: 'in_flight', help: 'h', labelNames: ['method', 'route'] }).labels(labels)
let sink
const paths = {
  counter: (n) => { for (let i = 0; i < n; i++) counter.inc() },
  histogram: (n) => { for (let i = 0; i < n; i++) histogram.observe(0.042) },
  gauge: (n) => { for (let i = 0; i < n; i++) gauge.set(i) },
  control: (n) => { for (let i = 0; i < n; i++) sink = { i } },
}
const collected = () => { gc(); gc(); return process.memoryUsage().heapUsed }
const result = {}
for (const pass of [1, 2, 3]) for (const [name, run] of Object.entries(paths)) {
  const before = collected()
  let allocated = 0
  for (let done = 0; done < ${CALLS}; done += 100_000) {
    run(100_000)
    allocated = Math.max(allocated, process.memoryUsage().heapUsed - before)
  }
  sink = undefined
  const retained = collected() - before
  if (pass === 1) continue
  const seen = result[name] ?? { allocated: Infinity, retained: Infinity }
  result[name] = { allocated: Math.min(allocated, seen.allocated), retained: Math.min(retained, seen.retained) }
}
result.total = telemetry.collect().find((m) => m.name === 'requests_total').points[0].value
process.stdout.write(JSON.stringify(result))
`

type Figures = Record<string, { allocated: number; retained: number }> & { total: number }

function measure(): Figures {
  // --single-threaded: no concurrent compiler or GC threads finishing work inside a window.
  const flags = ['--expose-gc', '--single-threaded', '--min-semi-space-size=64', '--max-semi-space-size=64', '--import', 'tsx', '--input-type=module']
  const child = spawnSync(process.execPath, [...flags, '-e', CHILD], { encoding: 'utf8' })
  if (child.status !== 0) throw new Error(`child failed (${child.status}): ${child.stderr}`)
  return JSON.parse(child.stdout) as Figures
}

describe('bound series hot path', () => {
  const figures = measure()

  it('ran every call', () => {
    expect(figures.total).toBe(3 * CALLS)
  })

  it('sees a path that allocates', () => {
    expect(figures['control']!.allocated).toBeGreaterThan(8 * CALLS)
  })

  it.each(['counter', 'histogram', 'gauge'])('%s: a million calls allocate nothing and retain nothing', (path) => {
    expect(figures[path]!.allocated).toBeLessThan(ALLOCATED_LIMIT)
    expect(figures[path]!.retained).toBeLessThan(RETAINED_LIMIT)
  })
})
