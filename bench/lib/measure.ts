/**
 * Runs inside one group process: warms each case up, measures it with
 * mitata, and writes the figures as JSON where the orchestrator asked.
 * Groups are bundled with esbuild first, so no loader sits in the timed loop.
 */
import { writeFileSync } from 'node:fs'
import { measure } from 'mitata'
import { calibrate, cpuNow, SLOW } from './host-check.mjs'

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

// Process CPU time (user + system, all threads) in ns. Other engineers' jobs
// share this 2-core machine; wall time would count the time they take the
// CPU away. Background GC and JIT threads still count, as they would on a
// one-vCPU Lambda. BENCH_CLOCK=wall switches to mitata's wall clock.
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

/**
 * The host check (bench/lib/host-check.mjs). This 2-core VM shares its physical cores with other
 * machines; for stretches of seconds to minutes everything here runs about twice as
 * slowly, the simplest loop included, and CPU time cannot tell. A fixed
 * floating-point loop is timed for ~20 ms before and after each case: when
 * either reading is more than SLOW times the fastest reading of the group, the
 * case was measured in such a stretch and is measured again (at most
 * RETRIES more times), and the try whose readings were fastest is kept. The
 * choice looks at the loop's readings only, never at the case's figure, and
 * peers get the same treatment.
 */
const RETRIES = 3

/** The fastest calibration seen in this group: its earlier processes pass theirs in BENCH_CALIBRATION_NS. */
let fastest = Number(process.env['BENCH_CALIBRATION_NS'] ?? Infinity)

/** Takes a few readings, so `fastest` has a value before the first case even without the orchestrator's. */
function startCalibration(): void {
  for (let i = 0; i < 5; i++) fastest = Math.min(fastest, calibrate())
}

/** How much slower than the fastest reading the host ran around one measurement (1 = as fast as ever seen). */
function slowdown(before: number, after: number): number {
  fastest = Math.min(fastest, before, after)
  return Math.max(before, after) / fastest
}

type Stats = Awaited<ReturnType<typeof measure>>

async function measureChecked(c: Case, estimate: number): Promise<{ stats: Stats; slowdown: number; tries: number }> {
  let best: { stats: Stats; slowdown: number } | undefined
  let tries = 0
  while (tries <= RETRIES && (best === undefined || best.slowdown > SLOW)) {
    const before = WALL ? 1 : calibrate()
    const stats = await measure(c.fn, WALL ? {} : { now: cpuNow, batch_samples: batchFor(estimate) })
    const after = WALL ? 1 : calibrate()
    const slow = WALL ? 1 : slowdown(before, after)
    tries++
    if (best === undefined || slow < best.slowdown) best = { stats, slowdown: slow }
  }
  return { ...(best as { stats: Stats; slowdown: number }), tries }
}

export async function timeCases(cases: readonly Case[], warmMs = 200): Promise<Figure[]> {
  const out: Figure[] = []
  if (!WALL) startCalibration()
  for (const c of cases) {
    if (FILTER !== undefined && !FILTER.test(`${c.lib} ${c.id}`)) continue
    try {
      const estimate = await warm(c.fn, warmMs)
      const { stats, slowdown: slow, tries } = await measureChecked(c, estimate)
      const ops = c.ops ?? 1
      out.push({
        id: c.id, lib: c.lib, unit: 'ns', value: stats.p50 / ops,
        detail: { avg: stats.avg / ops, min: stats.min / ops, p99: stats.p99 / ops, ticks: stats.ticks, slowdown: Number(slow.toFixed(2)), tries, calibrationNs: Number(fastest.toFixed(1)) },
      })
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
