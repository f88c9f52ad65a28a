/**
 * Flushing after the response on hosts with `waitUntil` (Workers, hono's
 * `c.executionCtx`): the flush must start only once the handler's own
 * waitUntil work has settled, or spans ended there would miss it, and the
 * whole thing must fit in the 30 s Workers keep such work alive.
 */
import type { InvocationInfo, Telemetry } from '../../index.js'

/** The part of a host execution context lastcall uses. */
export interface WaitUntilContext {
  waitUntil(promise: Promise<unknown>): void
}

/** Workers cancel waitUntil work 30 s after the response (specs RT-2). */
export const WAIT_UNTIL_LIMIT_MS = 30_000
/** Kept free at the end of the window so the flush's own deadline is not cut short by cancellation. */
const SAFETY_MARGIN_MS = 1_000

/** A proxied context and the promises handed to its `waitUntil`. */
export interface WaitUntilTracker<C> {
  /** Give this to the user's code instead of the host's context. */
  readonly context: C
  /**
   * Resolves once every recorded promise has settled, including ones added
   * while waiting (nested waitUntil), with true; with false when `budgetMs`
   * ran out first.
   */
  settled(budgetMs: number): Promise<boolean>
}

/**
 * Proxies `ctx` so each `waitUntil` promise is recorded and still passed to
 * the host. The context is never destructured and every other member is
 * read from, and bound to, the real object: host methods called with a
 * proxy as `this` throw "Illegal invocation" on workerd.
 * @example
 * const tracker = trackWaitUntil(ctx)
 * const response = await handler.fetch(request, env, tracker.context)
 */
export function trackWaitUntil<C extends WaitUntilContext>(ctx: C, extras: Readonly<Record<symbol, unknown>> = {}): WaitUntilTracker<C> {
  const pending: Promise<unknown>[] = []
  const waitUntil = (promise: Promise<unknown>): void => {
    // Settled either way: a rejected promise must not stop the flush (waitUntil is allSettled-like).
    pending.push(Promise.resolve(promise).then(noop, noop))
    ctx.waitUntil(promise)
  }
  const context = new Proxy(ctx, {
    get(target, key) {
      if (key === 'waitUntil') return waitUntil
      if (typeof key === 'symbol' && Object.hasOwn(extras, key)) return extras[key]
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
  return { context, settled: (budgetMs) => settleAll(pending, budgetMs) }
}

async function settleAll(pending: Promise<unknown>[], budgetMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, budgetMs))
  })
  try {
    let seen = -1
    while (seen !== pending.length) {
      seen = pending.length
      const done = await Promise.race([Promise.all(pending.slice()).then(() => true as const), expired])
      if (!done) return false
      // A macrotask turn lets work that settled just now register its own waitUntil calls.
      if (!(await Promise.race([nextTurn().then(() => true as const), expired]))) return false
    }
    return true
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Hands the host a promise that waits for the tracked work (bounded), then
 * flushes within what is left of the 30 s window. Never rejects.
 * @example flushInWaitUntil(ctx, tracker, telemetry, invocation.info)
 */
export function flushInWaitUntil(ctx: WaitUntilContext, tracker: WaitUntilTracker<unknown>, telemetry: Telemetry, invocation: InvocationInfo): void {
  const flushMs = telemetry.options.flushTimeoutMs
  const waitBudgetMs = WAIT_UNTIL_LIMIT_MS - SAFETY_MARGIN_MS - flushMs
  const work = (async () => {
    // Past the budget the flush goes anyway; spans still to end in that work leave with the next flush.
    await tracker.settled(waitBudgetMs)
    await telemetry.flush({ invocation, timeoutMs: flushMs })
  })().catch(noop)
  // The real context, not the proxy: our own flush must not wait for itself.
  ctx.waitUntil(work)
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

function noop(): void {}
