/** Options of `telemetryMiddleware`, checked when the middleware is made. */
import { OptionsError } from '../../index.js'
import { resolveCaptureHeaders } from '../shared/capture-headers.js'
import type { IntegrationMetricOptions } from '../shared/red-metrics.js'

/**
 * Where the flush goes after a request:
 * `waitUntil` hands it to `c.executionCtx.waitUntil` (Workers), after the
 * handler's own waitUntil work; `await` finishes it before the response
 * leaves the middleware (Lambda through hono/aws-lambda, which freezes the
 * process once the handler returns); `none` leaves it to a periodic flush
 * (long-running servers, see `lastcall/server`); `auto` picks one of these
 * from what the request's context offers.
 */
export const FlushPlacements = ['auto', 'await', 'waitUntil', 'none'] as const
export type FlushPlacement = (typeof FlushPlacements)[number]

/** What `telemetryMiddleware` takes. */
export interface TelemetryMiddlewareOptions extends IntegrationMetricOptions {
  /** Answer with a `traceparent` header naming the request's server span, so clients can find the trace. Default false. */
  readonly traceResponseHeader?: boolean
  /** Default `auto`. */
  readonly flush?: FlushPlacement
  /**
   * Request headers recorded on the server span as `http.request.header.<name>`,
   * e.g. `['user-agent', 'x-request-id']`. Default none: headers carry tokens
   * and personal data. Credential headers (authorization, cookie, …) are refused.
   */
  readonly captureHeaders?: readonly string[]
}

export interface ResolvedMiddlewareOptions {
  readonly metrics: IntegrationMetricOptions
  readonly traceResponseHeader: boolean
  readonly flush: FlushPlacement
  readonly captureHeaders: readonly string[]
}

/**
 * Checks and copies the options.
 * @example resolveMiddlewareOptions({ flush: 'await' }).flush // 'await'
 */
export function resolveMiddlewareOptions(options: TelemetryMiddlewareOptions = {}): ResolvedMiddlewareOptions {
  if (typeof options !== 'object' || options === null) throw new OptionsError('hono-options', 'telemetryMiddleware options must be an object')
  const flush = options.flush ?? 'auto'
  if (!(FlushPlacements as readonly string[]).includes(flush)) {
    throw new OptionsError('hono-flush', `flush must be one of ${FlushPlacements.join(', ')}, got ${String(flush)}`)
  }
  if (options.traceResponseHeader !== undefined && typeof options.traceResponseHeader !== 'boolean') {
    throw new OptionsError('hono-trace-response-header', 'traceResponseHeader must be a boolean')
  }
  return {
    metrics: {
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      ...(options.durationBuckets === undefined ? {} : { durationBuckets: [...options.durationBuckets] }),
    },
    traceResponseHeader: options.traceResponseHeader === true,
    flush,
    captureHeaders: resolveCaptureHeaders('telemetryMiddleware', options.captureHeaders),
  }
}
