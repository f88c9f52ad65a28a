/**
 * Options of `wrapHandler`, checked once when the handler is wrapped (at
 * init, so a mistake fails the deploy's first invocation loudly, not silently later).
 */
import { OptionsError } from '../../index.js'
import { resolveCaptureHeaders } from '../shared/capture-headers.js'
import type { IntegrationMetricOptions } from '../shared/red-metrics.js'

/** Options of `wrapHandler`. */
export interface LambdaOptions extends IntegrationMetricOptions {
  /** Never flush into the last `flushMarginMs` before the Lambda deadline. Default 100. */
  readonly flushMarginMs?: number
  /**
   * When the handler is still running this long (plus the margin) before the
   * deadline, the invocation is recorded as a timeout and flushed. Capped by
   * `flushTimeoutMs` and by half the time left at the start. Default 500.
   */
  readonly timeoutFlushMs?: number
  /**
   * Flush only when `intervalMs` has passed since the last flush, so most
   * invocations pay nothing. Cold starts and timeouts always flush. Between
   * flushes nothing is sent by any adapter, EMF included: cumulative
   * adapters re-send totals and delta ones (CloudWatch) carry the changes
   * over, so nothing is lost while the container lives, but what a
   * container recorded since its last flush is lost if Lambda reclaims it.
   */
  readonly flushEvery?: { readonly intervalMs: number }
  /**
   * Request headers (any case) recorded on the invocation span as
   * `http.request.header.<name>`, e.g. `['user-agent', 'x-request-id']`.
   * Default none: headers carry tokens and personal data. Credential
   * headers (authorization, cookie, …) are refused.
   */
  readonly captureHeaders?: readonly string[]
  /** Route label for an HTTP event when the host has no template (ALB), or to override it. */
  readonly route?: (event: unknown) => string | undefined
  /**
   * Run one synthetic invocation when the handler is wrapped (during Lambda's
   * init phase), on a private telemetry whose adapters only encode, so the
   * first real event does not pay for compiling lastcall's code. Nothing it
   * records reaches this telemetry or any backend. Default: on when
   * `AWS_LAMBDA_FUNCTION_NAME` is set (on Lambda), off elsewhere.
   */
  readonly prewarm?: boolean
}

/** Options after checking. */
export interface ResolvedLambdaOptions {
  readonly metrics: IntegrationMetricOptions
  readonly flushMarginMs: number
  readonly timeoutFlushMs: number
  readonly flushEveryMs: number | undefined
  readonly captureHeaders: readonly string[]
  readonly route: ((event: unknown) => string | undefined) | undefined
  /** As given; undefined means "decide from the environment". */
  readonly prewarm: boolean | undefined
}

function nonNegative(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new OptionsError(`lambda-${name}`, `wrapHandler: \`${name}\` must be a finite number of milliseconds ≥ 0, got ${String(value)}`)
  }
  return value
}

/**
 * Checks and copies `wrapHandler` options; throws OptionsError naming the rule.
 * @example resolveLambdaOptions({ flushEvery: { intervalMs: 10_000 } }).flushEveryMs // 10000
 */
export function resolveLambdaOptions(options: LambdaOptions = {}): ResolvedLambdaOptions {
  if (typeof options !== 'object' || options === null) throw new OptionsError('lambda-options', 'wrapHandler: options must be an object')
  const every = options.flushEvery
  if (every !== undefined && (typeof every !== 'object' || every === null || typeof every.intervalMs !== 'number' || !(every.intervalMs > 0))) {
    throw new OptionsError('lambda-flushEvery', 'wrapHandler: `flushEvery` must be { intervalMs } with intervalMs > 0')
  }
  if (options.route !== undefined && typeof options.route !== 'function') {
    throw new OptionsError('lambda-route', 'wrapHandler: `route` must be a function (event) => string | undefined')
  }
  if (options.prewarm !== undefined && typeof options.prewarm !== 'boolean') {
    throw new OptionsError('lambda-prewarm', `wrapHandler: \`prewarm\` must be true or false, got ${String(options.prewarm)}`)
  }
  return {
    metrics: {
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      ...(options.durationBuckets === undefined ? {} : { durationBuckets: [...options.durationBuckets] }),
    },
    flushMarginMs: nonNegative('flushMarginMs', options.flushMarginMs, 100),
    timeoutFlushMs: nonNegative('timeoutFlushMs', options.timeoutFlushMs, 500),
    flushEveryMs: every?.intervalMs,
    captureHeaders: resolveCaptureHeaders('wrapHandler', options.captureHeaders),
    route: options.route,
    prewarm: options.prewarm,
  }
}
