import { nodeMonotonicMs } from './runtime.js'

/** A source of wall-clock time in epoch milliseconds (may carry a sub-ms fraction). */
export interface Clock {
  now(): number
}

/**
 * The default clock, with sub-millisecond steps for span durations: on Node,
 * the wall time at import plus Node's monotonic clock since (the same clock
 * as `performance.now()`, without loading perf_hooks at cold start);
 * elsewhere `performance.timeOrigin + performance.now()` where the host has
 * it, else `Date.now()`. On Workers both only advance across I/O, so callers
 * must accept `end === start`.
 */
export const systemClock: Clock = (() => {
  const monotonic = nodeMonotonicMs()
  if (monotonic !== undefined) {
    const origin = Date.now() - monotonic()
    return { now: () => origin + monotonic() }
  }
  const perf = (globalThis as { performance?: { now(): number; timeOrigin?: number } }).performance
  if (perf !== undefined && typeof perf.timeOrigin === 'number' && perf.timeOrigin > 0) {
    const origin = perf.timeOrigin
    return { now: () => origin + perf.now() }
  }
  return { now: () => Date.now() }
})()

/** Resolves after `ms`, or at once when `signal` aborts. Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted === true) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}
