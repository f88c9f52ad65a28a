/**
 * Hands an inner lastcall integration (hono's middleware under
 * hono/aws-lambda) this invocation's request scope through the Lambda
 * context, so the request is counted once, by the wrapper, with the route
 * the inner router matched. A Proxy, because the context is the runtime's
 * object and is not ours to change.
 */
import { REQUEST_SCOPE, type RequestScope } from '../shared/request-scope.js'

/**
 * The context as the handler sees it: the same properties, plus the scope
 * under `REQUEST_SCOPE`. Methods are bound to the real context, so ones that
 * rely on `this` (class-based test contexts) keep working.
 * @example handler(event, withRequestScope(context, scope))
 */
export function withRequestScope<C extends object>(context: C, scope: RequestScope): C {
  return new Proxy(context, {
    get(target, key) {
      if (key === REQUEST_SCOPE) return scope
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
    has: (target, key) => key === REQUEST_SCOPE || Reflect.has(target, key),
    set: (target, key, value) => Reflect.set(target, key, value, target),
  })
}
