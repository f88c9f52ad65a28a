/** Starting an invocation: continue the caller's trace (W3C) or start a new one, and make the root span. */
import type { Tracer } from '@opentelemetry/api'
import { deleteSpan, setSpanContext } from './context.js'
import { activeContext } from './context-manager.js'
import { extractTraceContext } from './trace-context.js'
import { Invocation, type InvocationHost, type InvocationOptions } from './invocation.js'
import { INVOCATION_KEY } from './tracer.js'

export function startInvocation(host: InvocationHost, tracer: Tracer, options: InvocationOptions): Invocation {
  const invocation = new Invocation(host, options.requestId)
  let ctx = (options.context ?? activeContext()).setValue(INVOCATION_KEY, invocation)
  // An invocation never nests under another's span unless a caller says so through headers or parent.
  ctx = deleteSpan(ctx)
  const remote = options.headers !== undefined ? extractTraceContext(options.headers) : undefined
  if (remote !== undefined) {
    const { traceId, spanId, traceFlags, traceState } = remote
    ctx = setSpanContext(ctx, traceState === undefined ? { traceId, spanId, traceFlags, isRemote: true } : { traceId, spanId, traceFlags, isRemote: true, traceState })
  }
  else if (options.parent !== undefined) ctx = setSpanContext(ctx, options.parent)
  const span = tracer.startSpan(
    options.name,
    {
      kind: options.kind ?? 1,
      ...(options.attributes === undefined ? {} : { attributes: { ...options.attributes } }),
      ...(options.links === undefined ? {} : { links: [...options.links] }),
    },
    ctx,
  )
  invocation.attach(span, ctx)
  return invocation
}
