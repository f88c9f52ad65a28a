/**
 * What hono's Context tells about the host: a Workers-style execution
 * context, hono/aws-lambda's `c.env`, or an outer lastcall integration.
 * Every read is guarded: `c.executionCtx` throws where there is none.
 */
import type { Context } from 'hono'
import { requestScopeOf, type RequestScope } from '../shared/request-scope.js'
import type { WaitUntilContext } from '../shared/wait-until.js'
import type { FlushPlacement } from './options.js'

/** The part of a Lambda context the flush budget uses. */
interface LambdaContextLike {
  getRemainingTimeInMillis?(): number
}

/** The request's execution context, or undefined where hono has none (Node, Deno, Bun servers). */
export function executionCtxOf(c: Context): WaitUntilContext | undefined {
  try {
    const ctx: unknown = c.executionCtx
    return typeof (ctx as WaitUntilContext | undefined)?.waitUntil === 'function' ? (ctx as WaitUntilContext) : undefined
  } catch {
    return undefined
  }
}

/** hono/aws-lambda's `handle()` passes `{ event, requestContext, lambdaContext }` as the env. */
export function lambdaContextOf(c: Context): LambdaContextLike | undefined {
  const env: unknown = c.env
  if (typeof env !== 'object' || env === null) return undefined
  const { event, lambdaContext } = env as { event?: unknown; lambdaContext?: unknown }
  return typeof event === 'object' && event !== null && typeof lambdaContext === 'object' && lambdaContext !== null ? (lambdaContext as LambdaContextLike) : undefined
}

/** An outer lastcall integration's scope: the Workers `instrument` proxies the ctx, a Lambda wrapper its context. */
export function outerScopeOf(c: Context): RequestScope | undefined {
  return requestScopeOf(executionCtxOf(c)) ?? requestScopeOf(lambdaContextOf(c))
}

/** Resolves `auto`: Lambda awaits, a waitUntil host defers, anything else leaves the flush to a periodic one. */
export function placementOf(c: Context, configured: FlushPlacement): Exclude<FlushPlacement, 'auto'> {
  if (configured !== 'auto') return configured
  if (lambdaContextOf(c) !== undefined) return 'await'
  return executionCtxOf(c) !== undefined ? 'waitUntil' : 'none'
}

/** Time to give an awaited flush: the telemetry's deadline, cut to what Lambda has left minus a margin. */
export function awaitedFlushMs(c: Context, flushTimeoutMs: number): number {
  const remaining = lambdaContextOf(c)?.getRemainingTimeInMillis?.()
  if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return flushTimeoutMs
  return Math.max(0, Math.min(flushTimeoutMs, remaining - LAMBDA_MARGIN_MS))
}

/** Left to Lambda after the flush, so a slow backend cannot turn a success into a timeout. */
const LAMBDA_MARGIN_MS = 500
