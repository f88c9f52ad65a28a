/**
 * lastcall/otel: the bridge to `@opentelemetry/api`'s globals, for programs
 * whose own code or instrumentation libraries call `trace.getTracer()` and
 * `context.with()`. The core does not load the API at all; importing this
 * subpath does, and `registerGlobal` is the one place lastcall writes
 * global state.
 * @example
 * import { registerGlobal } from 'lastcall/otel'
 * const telemetry = createTelemetry({ service: 'checkout', adapters: [otlp()] })
 * registerGlobal(telemetry)
 * @packageDocumentation
 */
import { context, trace } from '@opentelemetry/api'
import type { Telemetry } from '../core/telemetry.js'
import { followContext, LastcallContextManager } from '../core/trace/context-manager.js'

/** What `registerGlobal` did. The API keeps the first registration of each kind. */
export interface GlobalRegistration {
  /** True when the telemetry's tracer provider became the global one; false when another was registered first. */
  readonly tracerProvider: boolean
  /**
   * True when lastcall's active context became the API's, so `context.with()`
   * and lastcall's invocations see the same active span. False when the
   * program registered its own context manager first: lastcall then follows
   * that one.
   */
  readonly contextManager: boolean
  /** Takes back what this call registered, with the API and inside lastcall. Safe to call twice. */
  unregister(): void
}

// lastcall's context manager, while it is the API's global one. Following the
// API's manager when it is ours would make each defer to the other for ever.
let ownManager: LastcallContextManager | undefined
// Registrations that made lastcall follow the program's manager; it stops when the last one is taken back.
let followers = 0

/**
 * Registers `telemetry`'s tracer provider and lastcall's context manager with
 * `@opentelemetry/api`, so spans started through `trace.getTracer()` belong to
 * the running invocation like those of `telemetry.tracer`. Call it once, next
 * to `createTelemetry`.
 * @example
 * const registration = registerGlobal(telemetry)
 * trace.getTracer('my-library').startSpan('query').end() // recorded into the running invocation
 * registration.unregister() // e.g. between tests
 */
export function registerGlobal(telemetry: Pick<Telemetry, 'tracerProvider'>): GlobalRegistration {
  const tracerProvider = trace.setGlobalTracerProvider(telemetry.tracerProvider)
  let registeredManager: LastcallContextManager | undefined
  let following = false
  if (ownManager === undefined) {
    const manager = new LastcallContextManager()
    if (context.setGlobalContextManager(manager)) registeredManager = ownManager = manager
    else {
      followContext(context)
      followers++
      following = true
    }
  }
  let done = false
  return {
    tracerProvider,
    contextManager: ownManager !== undefined,
    unregister() {
      if (done) return
      done = true
      if (tracerProvider) trace.disable()
      if (registeredManager !== undefined && ownManager === registeredManager) {
        context.disable()
        ownManager = undefined
      }
      if (following && --followers === 0) followContext(undefined)
    },
  }
}
