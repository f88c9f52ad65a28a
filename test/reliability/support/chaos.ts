/**
 * Chaos for the nothing-lost suites: a seeded choice per request (a third
 * fail: 503, reset, or a hang until the client's deadline), and two ways to
 * drive a fleet: waves with cold starts between them, or independent
 * streams per instance.
 */
import type { FlushReport } from '../../../src/index.js'
import type { FaultAction, FaultMode, FaultProxy } from '../../support/fault-proxy.js'
import { seeded, type Fleet } from '../../support/ground-truth.js'

const SERVICE_UNAVAILABLE: FaultAction = { kind: 'status', status: 503 }
const RESET: FaultAction = { kind: 'reset' }
const HANG: FaultAction = { kind: 'hang' }

/** 503, reset and hang in equal parts. */
export const EVEN_MIX: readonly FaultAction[] = [SERVICE_UNAVAILABLE, RESET, HANG]
/** Fewer hangs (one failure in five): each costs its instance a whole deadline. */
export const FEW_HANGS: readonly FaultAction[] = [SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE, RESET, RESET, HANG]

/** Fails one request in three at random (fixed seed), picking the failure from `mix`. */
export function chaosMode(seed: number, mix: readonly FaultAction[] = EVEN_MIX): FaultMode {
  const random = seeded(seed)
  return { kind: 'choose', choose: () => (random(3) === 0 ? (mix[random(mix.length)] as FaultAction) : { kind: 'forward' }) }
}

/** Share of the requests a proxy failed so far. */
export function failedShare(proxy: FaultProxy): { total: number; failed: number; share: number } {
  const { forwarded, failed, hung, reset } = proxy.counts
  const bad = failed + hung + reset
  const total = forwarded + bad
  return { total, failed: bad, share: total === 0 ? 0 : bad / total }
}

export interface Schedule {
  readonly phases: number
  /** Instances that start cold at the beginning of each phase. */
  readonly coldStartsPerPhase: number
  readonly wavesPerPhase: number
  /** Concurrent invocations per instance in a wave. */
  readonly concurrency: number
}

/** Runs the schedule: cold starts, then waves in which every instance serves `concurrency` invocations, each flushing. */
export async function runSchedule(fleet: Fleet, schedule: Schedule): Promise<number> {
  let invocations = 0
  for (let phase = 0; phase < schedule.phases; phase++) {
    for (let i = 0; i < schedule.coldStartsPerPhase; i++) fleet.coldStart()
    for (let wave = 0; wave < schedule.wavesPerPhase; wave++) {
      await fleet.wave(schedule.concurrency)
      invocations += fleet.instances.length * schedule.concurrency
    }
  }
  return invocations
}

export interface Streams {
  readonly instances: number
  /** Invocations each instance serves, one after another (as a Lambda instance does). */
  readonly perInstance: number
  /** Instances start cold in batches of this size, `batchGapMs` apart, while earlier ones keep serving. */
  readonly coldStartBatch: number
  readonly batchGapMs: number
}

/**
 * Every instance serves its own stream of invocations, independent of the
 * others: a hang stalls one instance for a deadline, not the whole fleet.
 */
export async function runStreams(fleet: Fleet, streams: Streams): Promise<number> {
  const loops: Promise<void>[] = []
  for (let i = 0; i < streams.instances; i++) {
    if (i > 0 && i % streams.coldStartBatch === 0) await new Promise((resolve) => setTimeout(resolve, streams.batchGapMs))
    fleet.coldStart()
    const index = fleet.instances.length - 1
    loops.push((async () => {
      for (let n = 0; n < streams.perInstance; n++) await fleet.invoke(index)
    })())
  }
  await Promise.all(loops)
  return streams.instances * streams.perInstance
}

/** One more flush per instance, a batch at a time so the final burst does not crowd the deadline. */
export async function flushEach(fleet: Fleet, batch: number): Promise<FlushReport[]> {
  const reports: FlushReport[] = []
  for (let i = 0; i < fleet.instances.length; i += batch) {
    reports.push(...(await Promise.all(fleet.instances.slice(i, i + batch).map(({ telemetry }) => telemetry.flush()))))
  }
  return reports
}

/** A map as a sorted plain object, for readable diffs. */
export function sorted(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
