/**
 * How an outer integration (the Workers `instrument`, a Lambda wrapper) and
 * an inner one (hono's middleware) share one request: the outer owns the
 * invocation, the metrics and the flush; the inner only reports what it
 * alone knows, the route template and the error its framework caught. Without
 * this, a Hono app inside `instrument` would count every request twice.
 */
import type { Invocation } from '../../index.js'

/**
 * Property key under which an outer integration exposes its scope on the
 * host object it hands down (the proxied Workers ctx). `Symbol.for`, so two
 * copies of lastcall in one bundle still find each other.
 */
export const REQUEST_SCOPE: symbol = Symbol.for('lastcall.requestScope')

/** What an outer integration lets an inner one see and tell. */
export interface RequestScope {
  readonly invocation: Invocation
  /** The route template an inner router matched, for the `route` label and the span name. */
  setRoute(route: string): void
  /** An error the inner framework caught and turned into a response. */
  recordError(error: unknown): void
}

/** A scope that only collects; the outer integration reads it when the request ends. */
export class CollectingScope implements RequestScope {
  readonly invocation: Invocation
  route: string | undefined
  error: { readonly value: unknown } | undefined

  constructor(invocation: Invocation) {
    this.invocation = invocation
  }

  setRoute(route: string): void {
    if (typeof route === 'string' && route !== '') this.route = route
  }

  recordError(error: unknown): void {
    this.error ??= { value: error }
  }
}

/**
 * The scope an outer integration put on `carrier`, if any. Reading never
 * throws: carriers are host objects whose getters may.
 * @example const outer = requestScopeOf(c.executionCtx)
 */
export function requestScopeOf(carrier: unknown): RequestScope | undefined {
  if ((typeof carrier !== 'object' && typeof carrier !== 'function') || carrier === null) return undefined
  try {
    const scope = (carrier as Record<symbol, unknown>)[REQUEST_SCOPE]
    return isRequestScope(scope) ? scope : undefined
  } catch {
    return undefined
  }
}

function isRequestScope(value: unknown): value is RequestScope {
  if (typeof value !== 'object' || value === null) return false
  const scope = value as Partial<RequestScope>
  return typeof scope.setRoute === 'function' && typeof scope.recordError === 'function' && typeof scope.invocation === 'object'
}
