/** `instrument`: a module Worker's handlers, wrapped for telemetry. */
import type { Telemetry } from '../../index.js'
import { queueTrigger, scheduledTrigger } from './event-triggers.js'
import { fetchTrigger } from './fetch-trigger.js'
import { isolateStateOf } from './isolate-state.js'
import type { FromEnv } from '../shared/telemetry-source.js'
import type { InstrumentOptions } from './options.js'
import type { InstrumentedHandler, InstrumentedTriggers, WorkerHandler } from './types.js'

/**
 * Wraps the `fetch`, `scheduled` and `queue` handlers of a module Worker and
 * returns a new handler object; yours is not changed, and its other members
 * are copied as they are. Each event becomes an invocation with its span and
 * metrics, and its flush goes into `ctx.waitUntil` after the handler's own
 * waitUntil work, inside Workers' 30 s window, so responses are not delayed.
 *
 * Pass a function of `env` to build the telemetry (and the options) from the
 * bindings; it runs on the first event and the result is kept for the
 * isolate's life. Needs no `nodejs_compat`; with it, spans you start with
 * the OpenTelemetry API attach to the right request even when requests overlap.
 * @example
 * // A telemetry made at module scope…
 * const telemetry = createTelemetry({ service: 'shop' })
 * export default instrument(telemetry, { fetch: async (request, env, ctx) => new Response('ok') })
 * // …or from the bindings on the first request; a Hono app is a handler too.
 * export default instrument((env: Env) => createTelemetry({ service: 'shop', env, adapters: [otlp({ endpoint: env.OTLP_URL })] }), app)
 */
export function instrument<Env = unknown, H extends WorkerHandler<Env, any> = WorkerHandler<Env>>(
  telemetry: FromEnv<Telemetry, Env>,
  handler: H,
  options?: FromEnv<InstrumentOptions, Env>,
): InstrumentedHandler<H, Env> {
  if (typeof handler !== 'object' || handler === null) throw new TypeError('instrument: handler must be the Worker object with fetch, scheduled or queue')
  const stateOf = isolateStateOf(telemetry, options)
  // A copy: the user's object is never changed.
  const wrapped: Partial<InstrumentedTriggers<Env>> = { ...(handler as object) }
  // Bound to the user's object: method handlers may use `this`.
  if (typeof handler.fetch === 'function') wrapped.fetch = fetchTrigger(stateOf, handler.fetch.bind(handler))
  if (typeof handler.scheduled === 'function') wrapped.scheduled = scheduledTrigger(stateOf, handler.scheduled.bind(handler))
  if (typeof handler.queue === 'function') wrapped.queue = queueTrigger(stateOf, handler.queue.bind(handler))
  return wrapped as InstrumentedHandler<H, Env>
}
