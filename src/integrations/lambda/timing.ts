/**
 * The wrapper's time budget: how long the handler may run before it counts
 * as timed out, how long a flush may take, and whether this invocation
 * flushes at all under `flushEvery`.
 */
import type { Clock } from '../../index.js'
import type { LambdaContext } from './events.js'

/** How the handler's promise settled, or that the deadline came first. */
export type Settled<T> =
  | { readonly kind: 'success'; readonly value: T }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'timeout' }

function remainingMs(context: LambdaContext): number | undefined {
  const remaining = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined
  return typeof remaining === 'number' && Number.isFinite(remaining) ? remaining : undefined
}

/**
 * Milliseconds the handler may run before it is recorded as timed out, or
 * undefined when the context has no deadline. What is kept back pays for the
 * timeout's flush; it never exceeds half the usable time, so a short
 * function is not declared timed out halfway through its normal work.
 */
export function handlerBudgetMs(context: LambdaContext, marginMs: number, timeoutFlushMs: number, flushTimeoutMs: number): number | undefined {
  const remaining = remainingMs(context)
  if (remaining === undefined) return undefined
  const usable = Math.max(0, remaining - marginMs)
  const reserve = Math.min(timeoutFlushMs, flushTimeoutMs, usable / 2)
  return Math.max(0, usable - reserve)
}

/** Deadline of the flush: `flushTimeoutMs`, but never into the last `marginMs` of the invocation. */
export function flushBudgetMs(context: LambdaContext, marginMs: number, flushTimeoutMs: number): number {
  const remaining = remainingMs(context)
  if (remaining === undefined) return flushTimeoutMs
  return Math.max(0, Math.min(flushTimeoutMs, remaining - marginMs))
}

/**
 * Waits for `work`, or for `ms` if that comes first; the timer never outlives the race.
 * One promise rather than a race and a `finally`: with AsyncLocalStorage on, Node runs hooks for every promise.
 */
export function settleWithin<T>(work: Promise<T>, ms: number | undefined): Promise<Settled<T>> {
  return new Promise<Settled<T>>((resolve) => {
    const timer = ms === undefined ? undefined : setTimeout(() => resolve({ kind: 'timeout' }), ms)
    const settle = (settled: Settled<T>): void => {
      clearTimeout(timer)
      resolve(settled)
    }
    work.then((value) => settle({ kind: 'success', value }), (error: unknown) => settle({ kind: 'error', error }))
  })
}

/**
 * `flushEvery`: lets a flush through when the interval has passed since the
 * last one let through. State lives in the wrapper, one gate per wrapped
 * handler, never in a module.
 */
export class FlushGate {
  readonly #intervalMs: number | undefined
  readonly #clock: Clock
  #lastMs: number | undefined

  constructor(intervalMs: number | undefined, clock: Clock) {
    this.#intervalMs = intervalMs
    this.#clock = clock
  }

  /** True when this invocation should flush; marks the time at once so concurrent invocations do not all flush. */
  take(force: boolean): boolean {
    const now = this.#clock.now()
    if (!force && this.#intervalMs !== undefined && this.#lastMs !== undefined && now - this.#lastMs < this.#intervalMs) return false
    this.#lastMs = now
    return true
  }
}
