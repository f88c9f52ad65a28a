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

// Marks a key deleted in a chain link, so older links do not answer for it.
const DELETED = Symbol('lastcall deleted context value')

// Chains are flattened into one map past this many links, so lookups stay short.
const MAX_LINKS = 8

/**
 * An immutable context, as the API's `BaseContext` is. `setValue` adds a link
 * to a chain instead of copying a map (a span made active per invocation is
 * one link, not a map copy); a chain longer than MAX_LINKS is flattened into a
 * map first, so lookups stay bounded whatever the nesting.
 */
class ValueContext implements Context {
  readonly #parent: ValueContext | undefined
  readonly #key: symbol | undefined
  readonly #value: unknown
  readonly #links: number
  readonly #flat: ReadonlyMap<symbol, unknown> | undefined

  constructor(parent: ValueContext | undefined, key: symbol | undefined, value: unknown, flat?: ReadonlyMap<symbol, unknown>) {
    this.#parent = parent
    this.#key = key
    this.#value = value
    this.#links = parent === undefined ? 0 : parent.#links + 1
    this.#flat = flat
  }

  getValue(key: symbol): unknown {
    for (let node: ValueContext | undefined = this; node !== undefined; node = node.#parent) {
      if (node.#flat !== undefined) return node.#flat.get(key)
      if (node.#key === key) return node.#value === DELETED ? undefined : node.#value
    }
    return undefined
  }

  setValue(key: symbol, value: unknown): Context {
    return this.#link(key, value)
  }

  deleteValue(key: symbol): Context {
    return this.#link(key, DELETED)
  }

  #link(key: symbol, value: unknown): ValueContext {
    if (this.#links < MAX_LINKS) return new ValueContext(this, key, value)
    const values = new Map<symbol, unknown>()
    values.set(key, value)
    for (let node: ValueContext | undefined = this; node !== undefined; node = node.#parent) {
      if (node.#flat !== undefined) {
        for (const [k, v] of node.#flat) if (!values.has(k)) values.set(k, v)
        break
      }
      if (node.#key !== undefined && !values.has(node.#key)) values.set(node.#key, node.#value)
    }
    for (const [k, v] of values) if (v === DELETED) values.delete(k)
    return new ValueContext(undefined, undefined, undefined, values)
  }
}

/** The empty context. */
export const ROOT_CONTEXT: Context = new ValueContext(undefined, undefined, undefined)

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
