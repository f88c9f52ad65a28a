/**
 * `telemetryMiddleware`: hono requests as server spans and RED metrics by
 * route template (`c.req.routePath`), with the flush placed for the host.
 */
import type { Context, MiddlewareHandler, Next } from 'hono'
import { formatTraceparent, type Invocation, type Telemetry } from '../../index.js'
import { finishHttpRequest, startHttpRequest } from '../shared/http-server.js'
import { httpMetrics, type HttpMetrics } from '../shared/red-metrics.js'
import type { RequestScope } from '../shared/request-scope.js'
import { isTelemetry, telemetrySource, type FromEnv } from '../shared/telemetry-source.js'
import { flushInWaitUntil, trackWaitUntil } from '../shared/wait-until.js'
import { awaitedFlushMs, executionCtxOf, outerScopeOf, placementOf } from './host-context.js'
import { resolveMiddlewareOptions, type ResolvedMiddlewareOptions, type TelemetryMiddlewareOptions } from './options.js'

/**
 * Records each request: `http_requests_total`, `http_request_duration_seconds`
 * (labels method, route template, status) and `http_requests_in_flight`; a
 * server span `METHOD /route/:template` continuing the caller's W3C trace;
 * errors hono caught (`c.error`) on the span. For 404s the route is the
 * pattern hono matched last (this middleware's own, e.g. `/*`), never the raw path.
 *
 * Inside `instrument()` (`lastcall/cloudflare`) or `wrapHandler()`
 * (`lastcall/lambda`) it only tells the outer integration the route and the
 * error, so nothing is counted twice.
 *
 * `telemetry` may be a function of `c.env` (Workers bindings), called on the
 * first request it is needed; what it returns is kept.
 * @example
 * const app = new Hono()
 * app.use(telemetryMiddleware(telemetry, { traceResponseHeader: true }))
 * app.get('/users/:id', (c) => c.json({ id: c.req.param('id') }))
 */
export function telemetryMiddleware<Bindings = unknown>(telemetry: FromEnv<Telemetry, Bindings>, options?: TelemetryMiddlewareOptions): MiddlewareHandler {
  const telemetryOf = telemetrySource(telemetry, 'telemetryMiddleware')
  const resolved = resolveMiddlewareOptions(options)
  const stateFor = (made: Telemetry) => ({ telemetry: made, metrics: httpMetrics(made, resolved.metrics) })
  // Given as a value, its instruments are defined now, so a conflicting definition throws at once.
  let state = isTelemetry(telemetry) ? stateFor(telemetry) : undefined
  const stateOf = (c: Context) => (state ??= stateFor(telemetryOf(c.env as Bindings)))
  return async function lastcallTelemetry(c, next) {
    const outer = outerScopeOf(c)
    if (outer !== undefined) return reportToOuter(c, next, outer, resolved)
    const { telemetry: current, metrics } = stateOf(c)
    return recordRequest(c, next, current, metrics, resolved)
  }
}

async function recordRequest(c: Context, next: Next, telemetry: Telemetry, metrics: HttpMetrics, options: ResolvedMiddlewareOptions): Promise<void> {
  const handle = startHttpRequest(telemetry, metrics, c.req.raw, { captureHeaders: options.captureHeaders })
  const placement = placementOf(c, options.flush)
  const hostCtx = placement === 'waitUntil' ? executionCtxOf(c) : undefined
  const tracker = hostCtx === undefined ? undefined : trackWaitUntil(hostCtx)
  // Shadows hono's getter on this request's Context only, so the handler's waitUntil calls are seen.
  if (tracker !== undefined) Object.defineProperty(c, 'executionCtx', { value: tracker.context, configurable: true })
  let thrown: { value: unknown } | undefined
  try {
    await handle.invocation.run(() => next())
  } catch (error) {
    thrown = { value: error }
    throw error
  } finally {
    const error = thrown ?? (c.error === undefined ? undefined : { value: c.error })
    finishHttpRequest(telemetry, metrics, handle, { status: thrown === undefined ? c.res.status : 500, route: routeOf(c), error })
    if (thrown === undefined && options.traceResponseHeader) setTraceparent(c, handle.invocation)
    const invocation = handle.invocation.info
    if (tracker !== undefined && hostCtx !== undefined) flushInWaitUntil(hostCtx, tracker, telemetry, invocation)
    else if (placement === 'await') await telemetry.flush({ invocation, timeoutMs: awaitedFlushMs(c, telemetry.options.flushTimeoutMs) })
    // 'waitUntil' forced on a host without a context: nowhere to defer to, so the flush runs detached.
    else if (placement === 'waitUntil') void telemetry.flush({ invocation })
  }
}

async function reportToOuter(c: Context, next: Next, outer: RequestScope, options: ResolvedMiddlewareOptions): Promise<void> {
  try {
    await next()
  } finally {
    const route = routeOf(c)
    if (route !== undefined) outer.setRoute(route)
    if (c.error !== undefined) outer.recordError(c.error)
  }
  if (options.traceResponseHeader) setTraceparent(c, outer.invocation)
}

/**
 * The template hono matched. `c.req.routePath` exists in every hono 4; newer
 * releases deprecate it for `routePath()` from `hono/route`, which gives the
 * same value but is a runtime import this optional peer must not need.
 */
function routeOf(c: Context): string | undefined {
  try {
    const route = c.req.routePath
    return typeof route === 'string' && route !== '' ? route : undefined
  } catch {
    return undefined
  }
}

function setTraceparent(c: Context, invocation: Invocation): void {
  const { traceId, spanId, traceFlags } = invocation.span.spanContext()
  c.header('traceparent', formatTraceparent(traceId, spanId, traceFlags))
}
