/**
 * Periodic flushing for long-running servers, where no invocation end
 * tells lastcall when to send. Overlapping ticks are harmless: the flush
 * engine coalesces concurrent flushes.
 */
import { OptionsError, type Telemetry } from '../../index.js'
import { unrefTimer } from './host.js'

/** Options of `startPeriodicFlush`. */
export interface PeriodicFlushOptions {
  /** Time between flushes, in ms. */
  readonly intervalMs: number
  /** Deadline of each flush; default the telemetry's `flushTimeoutMs`. */
  readonly timeoutMs?: number
}

/**
 * Flushes every `intervalMs` until the returned function is called. The
 * timer does not keep the process alive (unref'd on Node, Bun and Deno).
 * @example
 * const stop = startPeriodicFlush(telemetry, { intervalMs: 15_000 })
 * // later, e.g. in a test's teardown
 * stop()
 */
export function startPeriodicFlush(telemetry: Telemetry, options: PeriodicFlushOptions): () => void {
  const { intervalMs, timeoutMs } = options
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new OptionsError('periodic-flush-interval', `startPeriodicFlush: \`intervalMs\` must be a positive number, got ${String(intervalMs)}`)
  }
  const flushOptions = timeoutMs === undefined ? {} : { timeoutMs }
  const timer = setInterval(() => void telemetry.flush(flushOptions), intervalMs)
  unrefTimer(timer)
  return () => clearInterval(timer)
}
