/**
 * One retry loop for every protocol. Adapters decide what is retryable; this
 * decides when to try again: exponential backoff with full jitter, the
 * server's Retry-After when it gives one, and never past the deadline.
 */
import type { AttemptResult, RetryResult } from '../adapter.js'
import { sleep, type Clock } from '../clock.js'

/** Backoff settings. Defaults suit a flush budget of a few seconds. */
export interface RetryPolicy {
  /** First delay before jitter, ms. */
  readonly initialDelayMs: number
  readonly maxDelayMs: number
  readonly multiplier: number
  /** Attempts in total, the first included. */
  readonly maxAttempts: number
}

export const defaultRetryPolicy: RetryPolicy = { initialDelayMs: 50, maxDelayMs: 2_000, multiplier: 2, maxAttempts: 8 }

/** Runs `attempt` under the policy until success, a permanent failure, or `deadline` on `clock`. */
export async function retryUntil<T>(
  attempt: (signal: AbortSignal, attemptNumber: number) => Promise<AttemptResult<T>>,
  options: { deadline: number; clock: Clock; signal: AbortSignal; policy?: RetryPolicy; random?: () => number },
): Promise<RetryResult<T>> {
  const policy = options.policy ?? defaultRetryPolicy
  const random = options.random ?? Math.random
  let last: AttemptResult<T> | undefined
  for (let n = 1; n <= policy.maxAttempts; n++) {
    if (options.signal.aborted || options.clock.now() >= options.deadline) {
      return finish(last, n - 1, true)
    }
    try {
      last = await attempt(options.signal, n)
    } catch (error) {
      // A thrown error is a transport failure (refused, reset, aborted): retryable.
      last = { ok: false, retryable: true, message: describeError(error) }
    }
    if (last.ok || !last.retryable) return finish(last, n, false)
    if (n === policy.maxAttempts) break
    const backoff = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (n - 1))
    const delay = last.retryAfterMs !== undefined ? last.retryAfterMs : random() * backoff
    if (options.clock.now() + delay >= options.deadline) return finish(last, n, true)
    await sleep(delay, options.signal)
  }
  return finish(last, policy.maxAttempts, false)
}

function finish<T>(last: AttemptResult<T> | undefined, attempts: number, timedOut: boolean): RetryResult<T> {
  if (last === undefined) return { ok: false, retryable: true, message: 'flush deadline passed before the first attempt', attempts, timedOut: true }
  // Not `{ ...last, attempts, timedOut }`: a spread followed by new keys is slow in Node 20's V8.
  return Object.assign({}, last, { attempts, timedOut: timedOut && !last.ok })
}

/** A short description of a thrown value, without stack or request details. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'aborted at the flush deadline'
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
    const code = typeof cause?.code === 'string' ? ` (${cause.code})` : ''
    return `${error.message}${code}`
  }
  return String(error)
}

/**
 * Parses a Retry-After header (delay-seconds or HTTP-date) into ms from `nowMs`.
 * Returns undefined for a missing or unparsable value; a past date gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}
