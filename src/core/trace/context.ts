/**
 * OpenTelemetry contexts without the `@opentelemetry/api` runtime. The API's
 * CommonJS build, which Worker bundlers pick, costs ~7 KB gzip and cannot be
 * tree-shaken; lastcall needs only a few of its functions, written here
 * against its types. The span key is the API's own (`Symbol.for`), so a
 * context made by the API and one made here read each other's spans.
 */
import type { Context, Exception, Link, Span, SpanAttributes, SpanContext, SpanStatus, TimeInput } from '@opentelemetry/api'

/** The key `@opentelemetry/api` stores the active span under (its `createContextKey` is `Symbol.for`). */
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN')

/** An immutable map of values; each `setValue` returns a new context, as the API's `BaseContext` does. */
class ValueContext implements Context {
  readonly #values: Map<symbol, unknown>

  constructor(values?: Map<symbol, unknown>) {
    this.#values = values ?? new Map()
  }

  getValue(key: symbol): unknown {
    return this.#values.get(key)
  }

  setValue(key: symbol, value: unknown): Context {
    const values = new Map(this.#values)
    values.set(key, value)
    return new ValueContext(values)
  }

  deleteValue(key: symbol): Context {
    const values = new Map(this.#values)
    values.delete(key)
    return new ValueContext(values)
  }
}

/** The empty context. */
export const ROOT_CONTEXT: Context = new ValueContext()

/** A context key; `Symbol.for`, so copies of lastcall (and the API) agree on it. */
export function contextKey(description: string): symbol {
  return Symbol.for(description)
}

export function getSpan(ctx: Context): Span | undefined {
  return ctx.getValue(SPAN_KEY) as Span | undefined
}

export function setSpan(ctx: Context, span: Span): Context {
  return ctx.setValue(SPAN_KEY, span)
}

export function deleteSpan(ctx: Context): Context {
  return ctx.deleteValue(SPAN_KEY)
}

export function getSpanContext(ctx: Context): SpanContext | undefined {
  return getSpan(ctx)?.spanContext()
}

/** A context whose active span is the non-recording carrier of `spanContext` (a remote parent, say). */
export function setSpanContext(ctx: Context, spanContext: SpanContext): Context {
  return setSpan(ctx, new PropagatedSpan(spanContext))
}

const VALID_TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/i
const VALID_SPAN_ID = /^(?!0{16})[0-9a-f]{16}$/i

/** True for a span context with well-formed, non-zero trace and span ids (the API's rule, which allows upper case). */
export function isSpanContextValid(spanContext: SpanContext): boolean {
  return VALID_TRACE_ID.test(spanContext.traceId) && VALID_SPAN_ID.test(spanContext.spanId)
}

/**
 * A span that records nothing and only carries its span context: a remote
 * parent, or the child of an unsampled parent, which must still propagate.
 */
export class PropagatedSpan implements Span {
  readonly #spanContext: SpanContext

  constructor(spanContext: SpanContext) {
    this.#spanContext = spanContext
  }

  spanContext(): SpanContext {
    return this.#spanContext
  }

  setAttribute(_key: string, _value: unknown): this {
    return this
  }

  setAttributes(_attributes: SpanAttributes): this {
    return this
  }

  addEvent(_name: string, _attributesOrTime?: SpanAttributes | TimeInput, _time?: TimeInput): this {
    return this
  }

  addLink(_link: Link): this {
    return this
  }

  addLinks(_links: Link[]): this {
    return this
  }

  setStatus(_status: SpanStatus): this {
    return this
  }

  updateName(_name: string): this {
    return this
  }

  end(_endTime?: TimeInput): void {}

  isRecording(): boolean {
    return false
  }

  recordException(_exception: Exception, _time?: TimeInput): void {}
}
