/**
 * One incoming HTTP request as a server span plus the RED metrics, for the
 * integrations that see a fetch `Request` (Workers, hono). The labels stay
 * bounded: the method is one of the known ones or `_OTHER`, and the route
 * is a template or the fixed word `unmatched`, never the raw path.
 */
import { SpanKinds, type Invocation, type Telemetry } from '../../index.js'
import { pickHeaders } from './capture-headers.js'
import type { HttpMetrics } from './red-metrics.js'
import { UNMATCHED_ROUTE } from './routes.js'

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'])

/**
 * The method as the HTTP semantic conventions label it; anything unknown is
 * `_OTHER`, so a client cannot mint new series.
 * @example normalizeMethod('get') // 'GET'
 * normalizeMethod('PURGE') // '_OTHER'
 */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase()
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER'
}

/** A request in progress. */
export interface HttpRequestHandle {
  readonly invocation: Invocation
  /** Normalized method, as labelled. */
  readonly method: string
  readonly startedMs: number
}

/** How a request ended. */
export interface HttpResult {
  readonly status: number
  /** The matched route template; undefined records `unmatched`. */
  readonly route: string | undefined
  /** Set when the handler threw or its framework caught an error. */
  readonly error?: { readonly value: unknown } | undefined
}

/**
 * Starts the server span (continuing the caller's trace from the W3C
 * headers) and counts the request in flight.
 * @example const handle = startHttpRequest(telemetry, metrics, request, { requestId: request.headers.get('cf-ray') ?? undefined })
 */
export function startHttpRequest(
  telemetry: Telemetry,
  metrics: HttpMetrics,
  request: Request,
  extra: {
    readonly requestId?: string | undefined
    readonly attributes?: Readonly<Record<string, string | number | boolean | undefined>>
    /** Request headers to record (lowercase, from a checked `captureHeaders` option); none by default. */
    readonly captureHeaders?: readonly string[]
  } = {},
): HttpRequestHandle {
  const method = normalizeMethod(request.method)
  const captured = extra.captureHeaders ?? []
  const invocation = telemetry.startInvocation({
    name: spanMethod(method),
    kind: SpanKinds.SERVER,
    headers: request.headers,
    // Assigned onto the fresh request attributes: a spread followed by new keys is slow in Node 20's V8.
    attributes: Object.assign(
      requestAttributes(request, method), extra.attributes, pickHeaders(request.headers, captured),
      // The semantic conventions' own attribute for it, when the user-agent is allowed at all.
      captured.includes('user-agent') ? { 'user_agent.original': request.headers.get('user-agent') ?? undefined } : undefined,
    ),
    ...(extra.requestId === undefined ? {} : { requestId: extra.requestId }),
  })
  metrics.inFlight.inc({ method })
  return { invocation, method, startedMs: telemetry.options.clock.now() }
}

/**
 * Records the request's metrics and ends its span. Returns the duration in
 * seconds (zero is normal on Workers, whose clock stands still during CPU work).
 * @example finishHttpRequest(telemetry, metrics, handle, { status: 200, route: '/users/:id' })
 */
export function finishHttpRequest(telemetry: Telemetry, metrics: HttpMetrics, handle: HttpRequestHandle, result: HttpResult): number {
  const seconds = Math.max(0, telemetry.options.clock.now() - handle.startedMs) / 1000
  const { method, invocation } = handle
  const labels = { method, route: result.route ?? UNMATCHED_ROUTE, status: String(result.status) }
  metrics.requests.inc(labels)
  metrics.duration.observe(labels, seconds)
  metrics.inFlight.dec({ method })
  if (result.route !== undefined) invocation.span.updateName(`${spanMethod(method)} ${result.route}`)
  const failed = result.status >= 500
  const attributes = {
    'http.response.status_code': result.status,
    'http.route': result.route,
    'error.type': result.error !== undefined ? errorType(result.error.value) : failed ? String(result.status) : undefined,
  }
  if (result.error !== undefined) invocation.end({ error: result.error.value, attributes })
  else invocation.end({ failed, attributes })
  return seconds
}

/**
 * Server span attributes of the stable HTTP conventions. Left out: the query
 * string and user info (they may carry secrets), and every header, which
 * only `captureHeaders` turns on.
 */
function requestAttributes(request: Request, method: string): Record<string, string | number | undefined> {
  let url: URL | undefined
  try {
    url = new URL(request.url)
  } catch {
    url = undefined
  }
  return {
    'http.request.method': method,
    'http.request.method_original': method === request.method ? undefined : request.method,
    'url.path': url?.pathname,
    'url.scheme': url?.protocol.replace(/:$/, ''),
    'server.address': url?.hostname,
    'server.port': url === undefined || url.port === '' ? undefined : Number(url.port),
  }
}

function spanMethod(method: string): string {
  return method === '_OTHER' ? 'HTTP' : method
}

function errorType(error: unknown): string {
  return error instanceof Error ? error.name : typeof error
}
