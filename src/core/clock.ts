/** A source of wall-clock time in epoch milliseconds (may carry a sub-ms fraction). */
export interface Clock {
  now(): number
}

/**
 * The default clock: `performance.timeOrigin + performance.now()` where the
 * host has it, for sub-millisecond spans; `Date.now()` otherwise. On Workers
 * both only advance across I/O, so callers must accept `end === start`.
 */
export const systemClock: Clock = (() => {
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
