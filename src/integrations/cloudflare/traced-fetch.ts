/**
 * Outbound fetch tracing: a CLIENT span per request and the W3C headers on
 * it. The wrapper keeps the fetch it wraps under a well-known symbol; the
 * core's default adapter fetch unwraps it, so lastcall's own exports are
 * never traced (a traced export would add spans to every flush, forever).
 */
import { SpanKinds, injectTraceContext, type Telemetry } from '../../index.js'

/** Must equal the key the core unwraps (src/core/runtime.ts). */
const ORIGINAL_FETCH = Symbol.for('lastcall.originalFetch')

type Fetch = typeof fetch

/** Options of `tracedFetch`. */
export interface TracedFetchOptions {
  /** Which requests get a span and headers; default all. */
  readonly filter?: (request: Request) => boolean
}

/**
 * Wraps `base` so each call is a CLIENT span of the running invocation and
 * carries `traceparent`. Use it for a service binding or any fetch you hold;
 * `instrument(…, { fetch: true })` installs it as the global fetch.
 * Without async context (Workers without nodejs_compat) the span's parent is
 * the running invocation only when exactly one runs in the isolate.
 * @example
 * const api = tracedFetch(telemetry, (input, init) => env.API.fetch(input, init))
 * const response = await api('https://api/orders')
 */
export function tracedFetch(telemetry: Telemetry, base: Fetch = (input, init) => globalThis.fetch(input, init), options: TracedFetchOptions = {}): Fetch {
  const filter = options.filter ?? (() => true)
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // One Request, built once: a body stream can be read only once.
    const request = new Request(input, init)
    if (!safeFilter(filter, request)) return base(request)
    const url = new URL(request.url)
    const span = telemetry.tracer.startSpan(request.method, {
      kind: SpanKinds.CLIENT,
      attributes: {
        'http.request.method': request.method,
        // Origin and path only: query strings carry tokens.
        'url.full': `${url.origin}${url.pathname}`,
        'server.address': url.hostname,
        ...(url.port === '' ? {} : { 'server.port': Number(url.port) }),
      },
    })
    const headers = new Headers(request.headers)
    injectTraceContext(headers, span.spanContext())
    try {
      const response = await base(new Request(request, { headers }))
      span.setAttribute('http.response.status_code', response.status)
      if (response.status >= 400) span.setStatus({ code: 2 }).setAttribute('error.type', String(response.status))
      return response
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error))
      span.setStatus({ code: 2, message: error instanceof Error ? error.message : String(error) })
      throw error
    } finally {
      span.end()
    }
  }
  return wrapped as Fetch
}

/**
 * Replaces the global fetch with a traced one, once per isolate; the
 * original stays reachable for adapters. Returns false when already done.
 * @example installTracedFetch(telemetry, () => true)
 */
export function installTracedFetch(telemetry: Telemetry, filter: (request: Request) => boolean): boolean {
  const current = globalThis.fetch as Fetch & { [ORIGINAL_FETCH]?: Fetch }
  if (current[ORIGINAL_FETCH] !== undefined) return false
  // Called with globalThis as `this`: workerd's fetch throws "Illegal invocation" otherwise.
  const original: Fetch = (input, init) => current.call(globalThis, input, init)
  const wrapped = tracedFetch(telemetry, original, { filter })
  Object.defineProperty(wrapped, ORIGINAL_FETCH, { value: current })
  globalThis.fetch = wrapped
  return true
}

function safeFilter(filter: (request: Request) => boolean, request: Request): boolean {
  try {
    return filter(request) === true
  } catch {
    // A failing predicate must not fail the user's request; leave it untraced.
    return false
  }
}
