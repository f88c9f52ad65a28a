/** A `/metrics` endpoint for long-running servers (Deno, Bun, Node) that Prometheus scrapes. */
import { encodeTextExpositionBytes, TEXT_EXPOSITION_CONTENT_TYPE } from './exposition/index.js'
import type { MetricData } from './data.js'

/** Anything that can give a cumulative snapshot: a telemetry. */
export interface Collectable {
  collect(): MetricData[]
}

/**
 * Returns a `(Request) => Response` that renders the text exposition format.
 * @example Deno.serve((req) => new URL(req.url).pathname === '/metrics' ? metrics(req) : app.fetch(req))
 * const metrics = metricsHandler(telemetry)
 */
export function metricsHandler(telemetry: Collectable): (request?: Request) => Response {
  return (request) => {
    if (request !== undefined && request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed\n', { status: 405, headers: { allow: 'GET, HEAD' } })
    }
    const body = encodeTextExpositionBytes(telemetry.collect())
    return new Response(request?.method === 'HEAD' ? null : body, { status: 200, headers: { 'content-type': TEXT_EXPOSITION_CONTENT_TYPE, 'cache-control': 'no-store' } })
  }
}
