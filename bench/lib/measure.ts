/**
 * Runs inside one group process: warms each case up, measures it with
 * mitata, and writes the figures as JSON where the orchestrator asked.
 * Groups are bundled with esbuild first, so no loader sits in the timed loop.
 */
import { writeFileSync } from 'node:fs'
import { measure } from 'mitata'

/** One thing to time; `fn` performs exactly one operation of the figure. */
export interface Case {
  readonly id: string
  readonly lib: string
  readonly fn: () => unknown
  /** Operations per `fn` call, when one call does a batch (the figure is divided by it). */
  readonly ops?: number
}

/** One measured figure: ns per operation for timed cases, bytes or ms for the others; null with a note when it could not be measured. */
export interface Figure {
  readonly id: string
  readonly lib: string
  readonly unit: 'ns' | 'bytes' | 'ms'
  readonly value: number | null
  readonly note?: string
  readonly detail?: Record<string, unknown>
}

/**
 * Process CPU time (user + system, all threads) in ns. Other engineers' jobs
 * share this 2-core machine; wall time would count the time they take the
 * CPU away. Background GC and JIT threads still count, as they would on a
 * one-vCPU Lambda. BENCH_CLOCK=wall switches to mitata's wall clock.
 */
const cpuNow = (): number => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) * 1000
}
const WALL = process.env['BENCH_CLOCK'] === 'wall'

/** Runs `fn` for `ms` so the JIT has reached its optimizing tier; returns the rough ns per call. */
async function warm(fn: () => unknown, ms: number): Promise<number> {
  const start = performance.now()
  const end = start + ms
  let calls = 0
  while (calls < 3 || performance.now() < end) {
    const result = fn()
    // An async case must settle before the next call, or work piles up unmeasured.
    if (result instanceof Promise) await result
    calls++
  }
  return ((performance.now() - start) * 1e6) / calls
}

/**
 * Calls per mitata sample, so one sample lasts about 2 ms: long enough that
 * the CPU clock's 1 µs resolution and its 0.7 µs read cost vanish.
 */
function batchFor(nsPerCall: number): number {
  if (WALL) return 4096
  const calls = Math.round(2e6 / Math.max(nsPerCall, 0.5) / 4) * 4
  return Math.min(262_144, Math.max(4, calls))
}

/** BENCH_FILTER=regex keeps the cases whose "lib id" matches, for quick looks at one library or figure. */
const FILTER = process.env['BENCH_FILTER'] === undefined ? undefined : new RegExp(process.env['BENCH_FILTER'])

export async function timeCases(cases: readonly Case[], warmMs = 200): Promise<Figure[]> {
  const out: Figure[] = []
  for (const c of cases) {
    if (FILTER !== undefined && !FILTER.test(`${c.lib} ${c.id}`)) continue
    try {
      const estimate = await warm(c.fn, warmMs)
      const stats = await measure(c.fn, WALL ? {} : { now: cpuNow, batch_samples: batchFor(estimate) })
      const ops = c.ops ?? 1
      out.push({ id: c.id, lib: c.lib, unit: 'ns', value: stats.p50 / ops, detail: { avg: stats.avg / ops, min: stats.min / ops, p99: stats.p99 / ops, ticks: stats.ticks } })
    } catch (error) {
      out.push({ id: c.id, lib: c.lib, unit: 'ns', value: null, note: `failed: ${String((error as Error)?.message ?? error)}` })
    }
  }
  return out
}

/** A figure that could not be measured, with the reason the report shows. */
export function unavailable(id: string, lib: string, note: string, unit: Figure['unit'] = 'ns'): Figure {
  return { id, lib, unit, value: null, note }
}

/** Writes the group's figures to the path the orchestrator passed as the first argument. */
export function report(group: string, figures: readonly Figure[]): void {
  const path = process.argv[2]
  const json = JSON.stringify({ group, node: process.version, figures }, null, 1)
  if (path === undefined) console.log(json)
  else writeFileSync(path, json)
}
