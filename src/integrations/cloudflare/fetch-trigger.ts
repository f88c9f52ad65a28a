/**
 * The instrumented `fetch` of a module Worker: a SERVER span continuing the
 * caller's trace, the HTTP and function metrics, and the flush in
 * `ctx.waitUntil` once the handler's own waitUntil work has settled, so the
 * response never waits for telemetry.
 */
import { takeColdStart } from '../shared/red-metrics.js'
import { finishHttpRequest, startHttpRequest } from '../shared/http-server.js'
import { CollectingScope, REQUEST_SCOPE } from '../shared/request-scope.js'
import { flushInWaitUntil, trackWaitUntil } from '../shared/wait-until.js'
import type { IsolateState } from './isolate-state.js'
import type { ExecutionContext } from './types.js'

type FetchHandler<Env> = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>

export function fetchTrigger<Env>(stateOf: (env: Env) => IsolateState, fetch: FetchHandler<Env>): (request: Request, env: Env, ctx: ExecutionContext) => Promise<Response> {
  return async function lastcallFetch(request, env, ctx) {
    const state = stateOf(env)
    const { telemetry } = state
    const coldStart = takeColdStart(telemetry)
    if (coldStart) state.faas.coldStarts.inc()
    // cf-ray is the id Cloudflare logs the request under (OT-32); absent in local dev.
    const rayId = request.headers.get('cf-ray') ?? undefined
    const handle = startHttpRequest(telemetry, state.http, request, {
      requestId: rayId,
      captureHeaders: state.options.captureHeaders,
      attributes: { 'faas.trigger': 'http', 'faas.invocation_id': rayId, 'faas.coldstart': coldStart },
    })
    const scope = new CollectingScope(handle.invocation)
    const tracker = hasWaitUntil(ctx) ? trackWaitUntil(ctx, { [REQUEST_SCOPE]: scope }) : undefined
    let response: Response | undefined
    let thrown: { value: unknown } | undefined
    try {
      response = await handle.invocation.run(() => fetch(request, env, tracker?.context ?? ctx))
      return response
    } catch (error) {
      thrown = { value: error }
      throw error
    } finally {
      const error = thrown ?? scope.error
      const route = scope.route ?? routeOf(state, request)
      const seconds = finishHttpRequest(telemetry, state.http, handle, { status: response?.status ?? 500, route, error })
      state.faas.invocations.inc({ trigger: 'http', outcome: error === undefined ? 'success' : 'error' })
      state.faas.duration.observe({ trigger: 'http' }, seconds)
      if (tracker !== undefined) flushInWaitUntil(ctx, tracker, telemetry, handle.invocation.info)
      // Called outside Workers (a test, a Node adapter) there is nowhere to defer to; the flush runs detached.
      else void telemetry.flush({ invocation: handle.invocation.info })
    }
  }
}

function routeOf(state: IsolateState, request: Request): string | undefined {
  const route = state.options.route
  if (route === undefined) return undefined
  try {
    const template = route(request)
    return typeof template === 'string' && template !== '' ? template : undefined
  } catch {
    // A failing route function must not fail the request it describes.
    return undefined
  }
}

export function hasWaitUntil(ctx: unknown): ctx is ExecutionContext {
  return typeof ctx === 'object' && ctx !== null && typeof (ctx as ExecutionContext).waitUntil === 'function'
}
