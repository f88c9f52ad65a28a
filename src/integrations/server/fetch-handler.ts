/**
 * RED metrics and a server span around a `(Request) => Response` handler,
 * the shape Deno.serve, Bun.serve and @hono/node-server share. It does not
 * flush: on a long-running server pair it with `startPeriodicFlush` and
 * `flushOnExit`, or scrape `metricsHandler`. For a Hono app prefer
 * `telemetryMiddleware` from `lastcall/hono`, which knows the route template.
 */
import type { Telemetry } from '../../index.js'
import { resolveCaptureHeaders } from '../shared/capture-headers.js'
import { finishHttpRequest, startHttpRequest } from '../shared/http-server.js'
import { httpMetrics, type IntegrationMetricOptions } from '../shared/red-metrics.js'

/** Options of `instrumentFetchHandler`. */
export interface FetchHandlerOptions extends IntegrationMetricOptions {
  /**
   * The route template of a request (e.g. `/orders/:id`), for the `route`
   * label and the span name. Default: every request is `unmatched`; never
   * return the raw path, each distinct path would become a series.
   */
  readonly route?: (request: Request) => string | undefined
  /**
   * Request headers recorded on the server span as `http.request.header.<name>`,
   * e.g. `['user-agent', 'x-request-id']`. Default none: headers carry tokens
   * and personal data. Credential headers (authorization, cookie, …) are refused.
   */
  readonly captureHeaders?: readonly string[]
}

/**
 * Wraps a fetch-style handler. Extra arguments (Bun's server, Deno's info)
 * pass through; the response and any error pass through unchanged.
 * @example
 * const route = (req: Request) => (new URL(req.url).pathname.startsWith('/orders/') ? '/orders/:id' : undefined)
 * Deno.serve(instrumentFetchHandler(telemetry, handler, { route }))
 */
export function instrumentFetchHandler<A extends unknown[]>(
  telemetry: Telemetry,
  handler: (request: Request, ...rest: A) => Response | Promise<Response>,
  options: FetchHandlerOptions = {},
): (request: Request, ...rest: A) => Promise<Response> {
  const metrics = httpMetrics(telemetry, {
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    ...(options.durationBuckets === undefined ? {} : { durationBuckets: options.durationBuckets }),
  })
  const captureHeaders = resolveCaptureHeaders('instrumentFetchHandler', options.captureHeaders)
  return async function lastcallFetchHandler(request: Request, ...rest: A): Promise<Response> {
    const route = options.route?.(request)
    const handle = startHttpRequest(telemetry, metrics, request, { captureHeaders })
    try {
      const response = await handle.invocation.run(() => handler(request, ...rest))
      finishHttpRequest(telemetry, metrics, handle, { status: response.status, route })
      return response
    } catch (error) {
      finishHttpRequest(telemetry, metrics, handle, { status: 500, route, error: { value: error } })
      throw error
    }
  }
}
