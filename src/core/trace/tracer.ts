/**
 * The Tracer behind `telemetry.tracer` and the global `trace.getTracer()`.
 * A span belongs to the invocation found in its parent context, so
 * concurrent invocations never share a buffer.
 */
import type { Context, Span, SpanOptions, Tracer, TracerProvider } from '@opentelemetry/api'
import type { Clock } from '../clock.js'
import type { InstrumentationScope } from '../data.js'
import { contextKey, getSpan, isSpanContextValid, PropagatedSpan, setSpan } from './context.js'
import { activeContext, withContext } from './context-manager.js'
import { randomSpanId, randomTraceId } from './ids.js'
import { RecordingSpan, toMs, type SpanSink } from './span.js'

/** Context key under which an invocation stores itself. */
export const INVOCATION_KEY = contextKey('lastcall.invocation')

/** Flags of a trace lastcall starts: sampled, and random trace id (W3C level 2). */
const NEW_TRACE_FLAGS = 0x03

/** Decides where the spans of a context go. */
export interface SpanRouter {
  sinkFor(ctx: Context): SpanSink
  /** Without async context, a span with no parent joins the sole running invocation, if there is exactly one. */
  fallbackContext(ctx: Context): Context
  readonly clock: Clock
}

export class LastcallTracer implements Tracer {
  readonly #scope: InstrumentationScope
  readonly #router: SpanRouter

  constructor(scope: InstrumentationScope, router: SpanRouter) {
    this.#scope = scope
    this.#router = router
  }

  startSpan(name: string, options: SpanOptions = {}, given: Context = activeContext()): Span {
    const ctx = options.root === true ? given : this.#router.fallbackContext(given)
    const parentSpan = options.root === true ? undefined : getSpan(ctx)
    const parent = parentSpan?.spanContext()
    // A span lastcall recorded has valid ids by construction; only foreign parents are checked.
    const valid = parent !== undefined && (parentSpan instanceof RecordingSpan || isSpanContextValid(parent))
    if (valid && (parent.traceFlags & 0x01) === 0) {
      // Parent-based sampling: an unsampled parent gets a non-recording child that still propagates.
      // Fields listed, not `{ ...parent, spanId, isRemote }`: a spread followed by new keys is slow in Node 20's V8.
      const traceState = parent.traceState
      return new PropagatedSpan({ traceId: parent.traceId, spanId: randomSpanId(), traceFlags: parent.traceFlags, isRemote: false, ...(traceState === undefined ? {} : { traceState }) })
    }
    const clock = this.#router.clock
    const span = new RecordingSpan({
      name,
      kind: options.kind ?? 0,
      traceId: valid ? parent.traceId : randomTraceId(),
      spanId: randomSpanId(),
      parentSpanId: valid ? parent.spanId : '',
      parentIsRemote: valid && parent.isRemote === true,
      traceFlags: valid ? parent.traceFlags : NEW_TRACE_FLAGS,
      traceState: valid ? parent.traceState : undefined,
      startTimeMs: options.startTime === undefined ? clock.now() : toMs(options.startTime),
      scope: this.#scope,
      clock,
      sink: this.#router.sinkFor(ctx),
      attributes: options.attributes,
    })
    if (options.links !== undefined) span.addLinks(options.links)
    return span
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, ctx: Context, fn: F): ReturnType<F>
  startActiveSpan<F extends (span: Span) => unknown>(name: string, a: F | SpanOptions, b?: F | Context, c?: F): ReturnType<F> {
    const fn = (typeof a === 'function' ? a : typeof b === 'function' ? b : c) as F
    const options = typeof a === 'function' ? {} : a
    const parent = typeof b === 'object' && b !== null ? (b as Context) : activeContext()
    const span = this.startSpan(name, options, parent)
    return withContext(setSpan(parent, span), () => fn(span) as ReturnType<F>)
  }
}

/** Hands out tracers that share one router; `lastcall/otel` registers it so `trace.getTracer()` records too. */
export class LastcallTracerProvider implements TracerProvider {
  readonly #router: SpanRouter
  readonly #tracers = new Map<string, LastcallTracer>()

  constructor(router: SpanRouter) {
    this.#router = router
  }

  getTracer(name: string, version = ''): LastcallTracer {
    const id = `${name}@${version}`
    let tracer = this.#tracers.get(id)
    if (tracer === undefined) {
      // Bounded in practice by the instrumentation libraries loaded; cap it anyway.
      if (this.#tracers.size >= 256) return new LastcallTracer({ name, version }, this.#router)
      tracer = new LastcallTracer({ name, version }, this.#router)
      this.#tracers.set(id, tracer)
    }
    return tracer
  }
}
