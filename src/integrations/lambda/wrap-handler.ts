/**
 * `wrapHandler`: one invocation per Lambda event, metrics recorded at its
 * end, and the flush awaited before the returned promise settles, because
 * Lambda freezes the process as soon as it does.
 */
import type { Invocation, Telemetry } from '../../index.js'
import { faasMetrics, httpMetrics, takeColdStart, type FaasMetrics, type HttpMetrics } from '../shared/red-metrics.js'
import { CollectingScope } from '../shared/request-scope.js'
import { describeInvocation, type InvocationPlan } from './describe-invocation.js'
import type { LambdaContext, LambdaHandler } from './events.js'
import { statusOfResult, type HttpSource } from './http-event.js'
import { resolveLambdaOptions, type LambdaOptions } from './options.js'
import { prewarm, prewarmWanted } from './prewarm.js'
import { withRequestScope } from './scoped-context.js'
import { flushBudgetMs, FlushGate, handlerBudgetMs, settleWithin, type Settled } from './timing.js'

/** `unknown` when the context parameter of `H` has `awsRequestId`, else `never`, so a handler of another shape fails to compile. */
type TakesLambdaContext<H extends (event: never, context: never) => unknown> = NonNullable<Parameters<H>[1]> extends { readonly awsRequestId: string } ? unknown : never

/** Status recorded for an HTTP invocation that ran into the deadline. */
const TIMEOUT_STATUS = 504

/**
 * Wraps an async Lambda handler: invocation span with FaaS attributes, HTTP
 * and function metrics, and a flush before the promise settles, bounded by
 * the time Lambda has left. The handler's result and errors pass through
 * unchanged (the same objects).
 *
 * If the handler is still running shortly before the deadline, the
 * invocation is recorded as a timeout and flushed, and the wrapper keeps
 * waiting: Lambda's own timeout (or the handler's late answer) decides what
 * the caller gets, exactly as without the wrapper.
 *
 * The handler gets a context that also carries this invocation's request
 * scope: hono's `telemetryMiddleware` under hono/aws-lambda finds it, reports
 * its route template (which then labels the metrics) and leaves the
 * counting and the flush to the wrapper. Callback-style handlers are not
 * supported; use an async function.
 * @example
 * const telemetry = createTelemetry({ service: 'orders' })
 * export const handler = wrapHandler(telemetry, async (event, context) => ({ statusCode: 200, body: 'ok' }))
 */
export function wrapHandler<E, R, C extends LambdaContext>(telemetry: Telemetry, handler: LambdaHandler<E, R, C>, options?: LambdaOptions): (event: E, context: C) => Promise<Awaited<R>>
/** Any other handler shape whose context is a Lambda context, e.g. hono/aws-lambda's generic `handle(app)` (context optional). */
export function wrapHandler<H extends (event: never, context: never) => unknown>(
  telemetry: Telemetry, handler: H & TakesLambdaContext<H>, options?: LambdaOptions,
): (event: Parameters<H>[0], context: Parameters<H>[1]) => Promise<Awaited<ReturnType<H>>>
export function wrapHandler(telemetry: Telemetry, handler: (event: never, context: never) => unknown, options?: LambdaOptions): (event: unknown, context: LambdaContext) => Promise<unknown> {
  if (typeof handler !== 'function') throw new TypeError('wrapHandler: handler must be a function (event, context) => Promise')
  const call = handler as (event: unknown, context: unknown) => unknown
  const resolved = resolveLambdaOptions(options)
  const metrics = { http: httpMetrics(telemetry, resolved.metrics), faas: faasMetrics(telemetry, resolved.metrics) }
  const { clock, flushTimeoutMs } = telemetry.options
  const gate = new FlushGate(resolved.flushEveryMs, clock)
  if (prewarmWanted(telemetry, resolved.prewarm)) prewarm(telemetry, options ?? {}, wrapHandler)

  return async function lastcallLambdaHandler(event: unknown, context: LambdaContext): Promise<unknown> {
    const startedMs = clock.now()
    const coldStart = takeColdStart(telemetry)
    if (coldStart) metrics.faas.coldStarts.inc()
    // Lambda always passes a context; a test or a framework calling the handler by hand may not.
    const host: LambdaContext = typeof context === 'object' && context !== null ? context : { awsRequestId: '' }
    const plan = describeInvocation(event, host, resolved, coldStart)
    const invocation = telemetry.startInvocation({
      name: plan.name, kind: plan.kind, attributes: plan.attributes, links: plan.links, requestId: host.awsRequestId,
      ...(plan.headers === undefined ? {} : { headers: plan.headers }),
    })
    if (plan.http !== undefined) metrics.http.inFlight.inc({ method: plan.http.method })
    const scope = new CollectingScope(invocation)
    const handed = host === context ? withRequestScope(context, scope) : context
    // A sync throw becomes a rejection, so it is recorded like any other error.
    const work = new Promise<unknown>((resolve) => resolve(invocation.run(() => call(event, handed))))
    const settled = await settleWithin(work, handlerBudgetMs(host, resolved.flushMarginMs, resolved.timeoutFlushMs, flushTimeoutMs))
    record(metrics, withInnerRoute(plan, scope), invocation, settled, (clock.now() - startedMs) / 1000, scope.error)
    // A timeout resets the execution environment, and a cold start is the first sign of life: both flush regardless of `flushEvery`.
    // Local adapters (EMF, console) cost no round trip, so they flush every invocation even between `flushEvery` intervals.
    const localOnly = !gate.take(coldStart || settled.kind === 'timeout')
    await telemetry.flush({ timeoutMs: flushBudgetMs(host, resolved.flushMarginMs, flushTimeoutMs), invocation: invocation.info, localOnly })
    if (settled.kind === 'success') return settled.value
    if (settled.kind === 'error') throw settled.error
    return work
  }
}

/** The route an inner router reported beats the host's template (`$default`, `{proxy+}`, ALB's none). */
function withInnerRoute(plan: InvocationPlan, scope: CollectingScope): InvocationPlan {
  if (plan.http === undefined || scope.route === undefined) return plan
  return { ...plan, http: { ...plan.http, route: scope.route } }
}

function record<T>(
  metrics: { http: HttpMetrics; faas: FaasMetrics }, plan: InvocationPlan, invocation: Invocation, settled: Settled<T>, seconds: number,
  caught: { readonly value: unknown } | undefined,
): void {
  metrics.faas.invocations.inc({ trigger: plan.trigger, outcome: settled.kind })
  metrics.faas.duration.observe({ trigger: plan.trigger }, seconds)
  const status = plan.http === undefined ? undefined : statusOf(settled, plan.http.source)
  if (plan.http !== undefined && status !== undefined) {
    const labels = { method: plan.http.method, route: plan.http.route, status: String(status) }
    metrics.http.requests.inc(labels)
    metrics.http.duration.observe(labels, seconds)
    metrics.http.inFlight.dec({ method: plan.http.method })
  }
  if (plan.http !== undefined) invocation.span.updateName(`${plan.http.method} ${plan.http.route}`)
  const attributes = { 'http.response.status_code': status, 'http.route': plan.http?.route, 'error.type': errorType(settled, status, caught) }
  // An error the inner framework caught and answered still belongs on the span.
  const error = settled.kind === 'error' ? { value: settled.error } : caught
  if (error !== undefined) invocation.end({ error: error.value, attributes })
  else invocation.end({ failed: settled.kind === 'timeout' || (status !== undefined && status >= 500), attributes })
}

function statusOf<T>(settled: Settled<T>, source: HttpSource): number {
  if (settled.kind === 'success') return statusOfResult(settled.value, source)
  return settled.kind === 'error' ? 500 : TIMEOUT_STATUS
}

function errorType<T>(settled: Settled<T>, status: number | undefined, caught: { readonly value: unknown } | undefined): string | undefined {
  if (settled.kind === 'timeout') return 'timeout'
  const error = settled.kind === 'error' ? { value: settled.error } : caught
  if (error !== undefined) return error.value instanceof Error ? error.value.name : typeof error.value
  return status !== undefined && status >= 500 ? String(status) : undefined
}
