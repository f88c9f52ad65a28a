/**
 * Prewarm: one synthetic invocation during Lambda's init phase, so the first
 * real event does not pay for compiling lastcall's code.
 *
 * V8 compiles a function when it first runs. Without this, the first event
 * compiles the invocation, metrics, flush and encoder paths (about 160
 * functions, several ms of CPU), at the CPU share of the function's memory
 * size. Init is the cheaper place for that work: it happens once, before
 * any caller waits, and is ahead of traffic under provisioned concurrency.
 *
 * The synthetic invocation runs on a private telemetry, so nothing it
 * records reaches the user's metrics, spans, cold-start flag or adapters'
 * state. Its adapters stand in for the user's: they hand each batch to the
 * real adapter's `warm()`, which encodes and discards it.
 */
import { createTelemetry, type Adapter, type Telemetry } from '../../index.js'
import type { LambdaContext } from './events.js'
import type { LambdaOptions } from './options.js'

type Wrapped = (event: unknown, context: LambdaContext) => Promise<unknown>
type Wrap = (telemetry: Telemetry, handler: () => Promise<unknown>, options: LambdaOptions) => Wrapped

/** Telemetries already prewarmed: one warm-up per telemetry, however many handlers wrap it. */
const prewarmed = new WeakSet<Telemetry>()

/** An HTTP API (payload 2.0) event: the shape that runs the most of the wrapper's code. */
const EVENT = {
  version: '2.0', routeKey: 'GET /lastcall/prewarm', rawPath: '/lastcall/prewarm', rawQueryString: '', headers: {},
  requestContext: { http: { method: 'GET', path: '/lastcall/prewarm' }, routeKey: 'GET /lastcall/prewarm', stage: '$default' },
  isBase64Encoded: false,
}

/** True when `prewarm` is on: as asked, else whenever the code runs on Lambda. */
export function prewarmWanted(telemetry: Telemetry, asked: boolean | undefined): boolean {
  if (asked !== undefined) return asked
  const name = telemetry.options.env['AWS_LAMBDA_FUNCTION_NAME']
  return name !== undefined && name !== ''
}

/**
 * Starts the synthetic invocation and returns without waiting for it; it
 * never throws and never rejects. `wrap` is `wrapHandler` itself, so the
 * warm-up runs the very code the real events will.
 */
export function prewarm(telemetry: Telemetry, options: LambdaOptions, wrap: Wrap): void {
  if (prewarmed.has(telemetry)) return
  prewarmed.add(telemetry)
  try {
    const { env, clock, flushTimeoutMs, adapters, resource } = telemetry.options
    const shadow = createTelemetry({ service: telemetry.service, env, clock, flushTimeoutMs, resource, adapters: (adapters ?? []).map(standIn) })
    // The user's `route` function is theirs to call on real events only; `flushEvery` does not apply to a cold start.
    const { route: _route, prewarm: _prewarm, ...rest } = options
    const handler = wrap(shadow, async () => ({ statusCode: 200, body: '' }), { ...rest, prewarm: false })
    const context: LambdaContext = {
      awsRequestId: 'lastcall-prewarm', functionName: env['AWS_LAMBDA_FUNCTION_NAME'] ?? 'lastcall-prewarm',
      getRemainingTimeInMillis: () => flushTimeoutMs * 2,
    }
    handler(EVENT, context).catch(ignore)
  } catch {
    // Best effort: a warm-up that fails costs the first event its compile time, nothing else.
  }
}

/** Takes the real adapter's place in the warm-up: encodes through `warm()`, sends nothing. */
function standIn(adapter: Adapter): Adapter {
  return {
    name: adapter.name,
    temporality: adapter.temporality,
    signals: adapter.signals,
    local: true,
    async export(batch, context) {
      try {
        adapter.warm?.(batch, context)
      } catch {
        // An encoder that throws on the synthetic batch will report it on a real one.
      }
      return { ok: true, attempts: 1 }
    },
  }
}

function ignore(): void {}
