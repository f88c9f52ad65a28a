/**
 * An invocation: one request, event or scheduled run. It owns a root span
 * and the buffer for the spans that end while it runs. Integrations start,
 * run and end one per host event; users can do the same with
 * `telemetry.invoke()`.
 */
import type { AttributeValue, Context, Link, Span, SpanContext } from '@opentelemetry/api'
import { setSpan } from './context.js'
import { withContext } from './context-manager.js'
import type { InvocationInfo, SpanData } from '../data.js'
import type { SpanSink } from './span.js'
import type { HeadersLike } from './trace-context.js'

export type { HeadersLike }

/** How to start an invocation. */
export interface InvocationOptions {
  /** Root span name, e.g. `GET /users/:id` or the function name. */
  readonly name: string
  /** Span kind as in `@opentelemetry/api` (`SpanKind.SERVER` = 1, the default). */
  readonly kind?: number
  readonly attributes?: Readonly<Record<string, AttributeValue | undefined>>
  /** Incoming headers; `traceparent`/`tracestate` continue the caller's trace by the W3C rules. */
  readonly headers?: HeadersLike
  /** An explicit parent, used when there are no headers (e.g. an SQS message attribute). */
  readonly parent?: SpanContext
  readonly links?: readonly Link[]
  /** Host request id (Lambda `awsRequestId`, Workers `cf-ray`), for log and EMF correlation. */
  readonly requestId?: string
  /** The context to build on; defaults to the active one. */
  readonly context?: Context
}


/** How an invocation ended. */
export interface InvocationOutcome {
  /** A thrown error: recorded on the root span, status ERROR. */
  readonly error?: unknown
  /** Mark the root span failed without an exception (e.g. HTTP 5xx). */
  readonly failed?: boolean
  readonly attributes?: Readonly<Record<string, AttributeValue | undefined>>
}

export interface InvocationHost {
  complete(invocation: Invocation): void
  /** Spans that end after their invocation ended (e.g. in waitUntil work). */
  readonly lateSink: SpanSink
  readonly maxSpans: number
  dropSpans(count: number): void
}

export class Invocation implements SpanSink {
  /** The root span. */
  span!: Span
  /** The context carrying the root span and this invocation; run code in it with `run`. */
  context!: Context
  readonly requestId: string | undefined
  readonly #host: InvocationHost
  #buffer: SpanData[] = []
  #ended = false

  constructor(host: InvocationHost, requestId: string | undefined) {
    this.#host = host
    this.requestId = requestId
  }

  /** @internal Called by the telemetry once the root span exists. */
  attach(span: Span, ctx: Context): void {
    this.span = span
    this.context = setSpan(ctx, span)
  }

  push(span: SpanData): void {
    if (this.#ended) return this.#host.lateSink.push(span)
    if (this.#buffer.length >= this.#host.maxSpans) return this.#host.dropSpans(1)
    this.#buffer.push(span)
  }

  /** Runs `fn` with this invocation's context active, so spans started inside belong to it. */
  run<T>(fn: () => T): T {
    return withContext(this.context, fn)
  }

  get ended(): boolean {
    return this.#ended
  }

  /** Trace and request ids, for log lines and EMF documents. */
  get info(): InvocationInfo {
    const c = this.span.spanContext()
    return { traceId: c.traceId, spanId: c.spanId, requestId: this.requestId }
  }

  /** Ends the root span and hands the finished spans to the telemetry. Safe to call twice. */
  end(outcome: InvocationOutcome = {}): void {
    if (this.#ended) return
    if (outcome.attributes !== undefined) this.span.setAttributes(outcome.attributes)
    if (outcome.error !== undefined) {
      const e = outcome.error
      this.span.recordException(e instanceof Error ? e : String(e))
      this.span.setStatus({ code: 2, message: e instanceof Error ? e.message : String(e) })
    } else if (outcome.failed === true) {
      this.span.setStatus({ code: 2 })
    }
    this.span.end()
    this.#ended = true
    this.#host.complete(this)
  }

  /** @internal Takes the buffered spans (once). */
  drain(): SpanData[] {
    const spans = this.#buffer
    this.#buffer = []
    return spans
  }
}
