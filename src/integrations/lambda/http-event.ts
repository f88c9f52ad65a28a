/**
 * Recognises the four HTTP event shapes and reads what the metrics and the
 * span need. `route` is always a template the host matched (or a fixed
 * word), never the raw path: a path label would explode series counts.
 */
import type { HeadersLike } from '../../index.js'
import { normalizeMethod } from '../shared/http-server.js'
import { UNMATCHED_ROUTE } from '../shared/routes.js'

/** Which HTTP front door invoked the function. */
export type HttpSource = 'api-gateway-rest' | 'api-gateway-http' | 'function-url' | 'alb'

/** What the wrapper needs to know about an HTTP invocation. */
export interface HttpRequestInfo {
  readonly source: HttpSource
  /** Normalized (`_OTHER` for unknown methods), so a client cannot mint series. */
  readonly method: string
  readonly route: string
  /** The raw path, for the span's `url.path` only. */
  readonly path: string | undefined
  readonly headers: HeadersLike | undefined
}

type Obj = Readonly<Record<string, unknown>>

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/**
 * Reads an HTTP event, or returns undefined for any other payload.
 * @example describeHttpEvent({ version: '2.0', routeKey: 'GET /orders/{id}', requestContext: { http: { method: 'GET' } } })?.route // '/orders/{id}'
 */
export function describeHttpEvent(event: unknown): HttpRequestInfo | undefined {
  if (!isObject(event)) return undefined
  const ctx = isObject(event['requestContext']) ? event['requestContext'] : undefined
  if (event['version'] === '2.0' && ctx !== undefined && isObject(ctx['http'])) return fromV2(event, ctx, ctx['http'])
  const rawMethod = text(event['httpMethod'])
  if (rawMethod === undefined) return undefined
  const method = normalizeMethod(rawMethod)
  const headers = headersOf(event)
  const path = text(event['path'])
  if (ctx !== undefined && isObject(ctx['elb'])) return { source: 'alb', method, route: UNMATCHED_ROUTE, path, headers }
  const resource = text(event['resource']) ?? text(ctx?.['resourcePath'])
  if (resource === undefined) return undefined
  return { source: 'api-gateway-rest', method, route: resource, path, headers }
}

function fromV2(event: Obj, ctx: Obj, http: Obj): HttpRequestInfo | undefined {
  const rawMethod = text(http['method'])
  if (rawMethod === undefined) return undefined
  const method = normalizeMethod(rawMethod)
  const routeKey = text(event['routeKey']) ?? '$default'
  // `GET /orders/{id}` → `/orders/{id}`; `$default` and `ANY /x` keep their template.
  const space = routeKey.indexOf(' ')
  const route = space === -1 ? routeKey : routeKey.slice(space + 1)
  const domain = text(ctx['domainName']) ?? ''
  const source: HttpSource = domain.includes('.lambda-url.') ? 'function-url' : 'api-gateway-http'
  const headers = isObject(event['headers']) ? (event['headers'] as HeadersLike) : undefined
  return { source, method, route, path: text(event['rawPath']) ?? text(http['path']), headers }
}

/**
 * Payload 1.0 and ALB may send both `headers` (last value wins) and
 * `multiValueHeaders` (every value); reading both would see a repeated
 * `traceparent` where there is one, so the multi-value form wins.
 */
function headersOf(event: Obj): HeadersLike | undefined {
  if (isObject(event['multiValueHeaders'])) return event['multiValueHeaders'] as HeadersLike
  if (isObject(event['headers'])) return event['headers'] as HeadersLike
  return undefined
}

/**
 * The status the front door answers with for a handler's result: its
 * `statusCode`; without one, HTTP APIs and Function URLs send the value as
 * a 200 body, while REST APIs and ALB reject it as malformed with a 502.
 * @example statusOfResult({ statusCode: 404, body: '' }, 'api-gateway-http') // 404
 */
export function statusOfResult(result: unknown, source: HttpSource): number {
  if (isObject(result)) {
    const code = result['statusCode']
    if (typeof code === 'number' && Number.isInteger(code)) return code
    if (typeof code === 'string' && /^\d{3}$/.test(code)) return Number(code)
  }
  return source === 'api-gateway-http' || source === 'function-url' ? 200 : 502
}
