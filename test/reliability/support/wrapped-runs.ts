/**
 * One user handler, run through an integration: `wrapHandler` (Lambda) or
 * hono's `telemetryMiddleware` with the flush awaited. Each run says what
 * the caller got and how much time lastcall added on top of the handler's
 * own (the handler measures itself).
 */
import { Hono } from 'hono'
import { createTelemetry, SELF_METRICS, type Adapter, type DiagnosticLogger, type Telemetry } from '../../../src/index.js'
import { wrapHandler } from '../../../src/integrations/lambda/index.js'
import { telemetryMiddleware } from '../../../src/integrations/hono/index.js'
import { httpV2 } from '../../lambda/events.js'
import { lambdaContext } from '../../lambda/helpers.js'

export type Host = 'lambda' | 'hono'
export type Behaviour = 'returns' | 'throws'

/** What a run ended with; `value` and `error` are compared by identity. */
export interface RunResult {
  readonly value?: unknown
  readonly error?: unknown
  /** Wall time of the wrapped call minus the handler's own time, ms. */
  readonly addedMs: number
  readonly telemetry: Telemetry
}

/** The handler's answer and error: fixed objects, so identity proves nothing replaced them. */
export const HANDLER_RESULT = Object.freeze({ statusCode: 200, body: 'handler result' })
export const HANDLER_ERROR = new Error('the handler failed on its own')

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A telemetry whose only adapter is `adapter`, with a short deadline and quick retries. */
export function faultTelemetry(adapter: Adapter, flushTimeoutMs: number, logger?: DiagnosticLogger): Telemetry {
  return createTelemetry({
    service: 'reliability', adapters: [adapter], flushTimeoutMs, env: {},
    retryPolicy: { initialDelayMs: 20, maxDelayMs: 200, multiplier: 2, maxAttempts: 8 },
    ...(logger === undefined ? {} : { logger }),
  })
}

/** A handler that works a little, then answers or throws, and records how long that took. */
function userWork(behaviour: Behaviour): { run: () => Promise<typeof HANDLER_RESULT>; ms: () => number } {
  let ms = 0
  return {
    ms: () => ms,
    run: async () => {
      const started = performance.now()
      try {
        await sleep(5)
        if (behaviour === 'throws') throw HANDLER_ERROR
        return HANDLER_RESULT
      } finally {
        ms = performance.now() - started
      }
    },
  }
}

/** Runs the handler once through `wrapHandler`, on an HTTP API event. */
export async function viaLambda(telemetry: Telemetry, behaviour: Behaviour): Promise<RunResult> {
  const work = userWork(behaviour)
  const handler = wrapHandler(telemetry, async () => work.run())
  const started = performance.now()
  try {
    const value = await handler(httpV2(), lambdaContext(30_000))
    return { value, addedMs: performance.now() - started - work.ms(), telemetry }
  } catch (error) {
    return { error, addedMs: performance.now() - started - work.ms(), telemetry }
  }
}

/** A hono app whose route runs the handler; `onError` hands back the error hono caught, by identity. */
function honoApp(telemetry: Telemetry | undefined, work: ReturnType<typeof userWork>): { app: Hono; caught: () => unknown } {
  const app = new Hono()
  let caught: unknown
  if (telemetry !== undefined) app.use(telemetryMiddleware(telemetry, { flush: 'await' }))
  app.onError((error, c) => {
    caught = error
    return c.text('handled by onError', 500)
  })
  app.get('/orders/:id', async (c) => c.json(await work.run()))
  return { app, caught: () => caught }
}

/** The response body and what onError saw: equal with and without lastcall. */
export interface HonoAnswer {
  readonly status: number
  readonly body: string
  readonly caught: unknown
}

/** Runs the handler once through hono, with or without the middleware (flush awaited before the response). */
export async function viaHono(telemetry: Telemetry | undefined, behaviour: Behaviour): Promise<RunResult & { answer: HonoAnswer }> {
  const work = userWork(behaviour)
  const { app, caught } = honoApp(telemetry, work)
  const started = performance.now()
  const response = await app.request('/orders/42')
  const body = await response.text()
  const addedMs = performance.now() - started - work.ms()
  return { value: body, addedMs, telemetry: telemetry as Telemetry, answer: { status: response.status, body, caught: caught() } }
}

/** `lastcall_flush_failures_total{adapter}` as the telemetry holds it now. */
export function flushFailures(telemetry: Telemetry, adapter: string): number {
  const family = telemetry.collect().find((m) => m.name === SELF_METRICS.flushFailures)
  const point = family?.points.find((p) => p.labels['adapter'] === adapter)
  return point !== undefined && 'value' in point ? point.value : 0
}
