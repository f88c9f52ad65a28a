/**
 * The span recorder: an `@opentelemetry/api` Span that is also the finished
 * SpanData, so ending a span copies nothing. Limits follow OpenTelemetry's
 * defaults (128 attributes, events, links); what is dropped is counted.
 */
import type { AttributeValue, Exception, HrTime, Link, Span, SpanContext, SpanStatus, TimeInput, TraceState } from '@opentelemetry/api'
import type { Attributes, InstrumentationScope, SpanData, SpanEventData, SpanLinkData } from '../data.js'
import type { Clock } from '../clock.js'

export const SPAN_LIMIT = 128

/** Where an ended span goes: its invocation's buffer, or the telemetry's queue. */
export interface SpanSink {
  push(span: SpanData): void
}

export interface SpanInit {
  readonly name: string
  readonly kind: number
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string
  readonly parentIsRemote: boolean
  readonly traceFlags: number
  readonly traceState: TraceState | undefined
  readonly startTimeMs: number
  readonly scope: InstrumentationScope
  readonly clock: Clock
  readonly sink: SpanSink
  /** The attributes given at start. */
  readonly attributes?: Readonly<Record<string, AttributeValue | undefined>> | undefined
}

export class RecordingSpan implements Span, SpanData {
  name: string
  readonly kind: number
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string
  readonly parentIsRemote: boolean
  readonly traceFlags: number
  /** The serialized tracestate, fixed at start; a plain field, since encoders read it for every span. */
  readonly traceState: string | undefined
  readonly startTimeMs: number
  endTimeMs = 0
  /** Replaced, never mutated from outside: see #spreadCopy. */
  attributes: Record<string, AttributeValue>
  droppedAttributesCount = 0
  readonly events: SpanEventData[] = []
  droppedEventsCount = 0
  readonly links: SpanLinkData[] = []
  droppedLinksCount = 0
  status: { code: number; message: string } = { code: 0, message: '' }
  readonly scope: InstrumentationScope
  #attributeCount = 0
  /**
   * Whether `attributes` is still the constructor's spread copy. Node 20's V8 gives such a copy
   * a shape it extends slowly, about a microsecond per new key, so the first key set after start
   * moves the attributes to a plain copy first.
   */
  #spreadCopy = false
  #ended = false
  readonly #state: TraceState | undefined
  readonly #clock: Clock
  readonly #sink: SpanSink
  #context: SpanContext | undefined

  constructor(init: SpanInit) {
    this.name = init.name
    this.kind = init.kind
    this.traceId = init.traceId
    this.spanId = init.spanId
    this.parentSpanId = init.parentSpanId
    this.parentIsRemote = init.parentIsRemote
    this.traceFlags = init.traceFlags
    this.#state = init.traceState
    // TraceState keeps its serialization, and children share their parent's, so this runs once per state.
    this.traceState = init.traceState === undefined ? undefined : init.traceState.serialize() || undefined
    this.startTimeMs = init.startTimeMs
    this.scope = init.scope
    this.#clock = init.clock
    this.#sink = init.sink
    const given = init.attributes
    const count = given === undefined ? 0 : plainCount(given)
    if (count >= 0) {
      // The common case, every attribute kept: one copy that takes the source's shape whole.
      this.attributes = count === 0 ? {} : { ...(given as Record<string, AttributeValue>) }
      this.#spreadCopy = count !== 0
      this.#attributeCount = count
    } else {
      this.attributes = {}
      this.setAttributes(given as Record<string, AttributeValue | undefined>)
    }
  }

  spanContext(): SpanContext {
    return (this.#context ??= this.#state === undefined
      ? { traceId: this.traceId, spanId: this.spanId, traceFlags: this.traceFlags, isRemote: false }
      : { traceId: this.traceId, spanId: this.spanId, traceFlags: this.traceFlags, isRemote: false, traceState: this.#state })
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (this.#ended || value === undefined || value === null || key === '') return this
    // Own keys only: `in` would find `constructor` or `toString` on every object.
    if (!Object.hasOwn(this.attributes, key)) {
      if (this.#attributeCount >= SPAN_LIMIT) {
        this.droppedAttributesCount++
        return this
      }
      this.#attributeCount++
      if (this.#spreadCopy) {
        // Copied key by key through setOwn: Object.assign would turn an own "__proto__" into a prototype.
        const plain: Record<string, AttributeValue> = {}
        for (const name in this.attributes) setOwn(plain, name, this.attributes[name] as AttributeValue)
        this.attributes = plain
        this.#spreadCopy = false
      }
    }
    setOwn(this.attributes, key, value)
    return this
  }

  setAttributes(attributes: Record<string, AttributeValue | undefined>): this {
    for (const key in attributes) this.setAttribute(key, attributes[key])
    return this
  }

  addEvent(name: string, attributesOrTime?: Record<string, AttributeValue | undefined> | TimeInput, time?: TimeInput): this {
    if (this.#ended) return this
    if (this.events.length >= SPAN_LIMIT) {
      this.droppedEventsCount++
      return this
    }
    const isTime = typeof attributesOrTime === 'number' || attributesOrTime instanceof Date || Array.isArray(attributesOrTime)
    const [attributes, dropped] = limitAttributes(isTime ? undefined : (attributesOrTime as Record<string, AttributeValue | undefined>))
    const at = isTime ? (attributesOrTime as TimeInput) : time
    this.events.push({ name, timeMs: at === undefined ? this.#clock.now() : toMs(at), attributes, droppedAttributesCount: dropped })
    return this
  }

  addLink(link: Link): this {
    if (this.#ended) return this
    if (this.links.length >= SPAN_LIMIT) {
      this.droppedLinksCount++
      return this
    }
    const [attributes, dropped] = limitAttributes(link.attributes)
    const c = link.context
    this.links.push({ traceId: c.traceId, spanId: c.spanId, traceState: c.traceState?.serialize() || undefined, traceFlags: c.traceFlags, isRemote: c.isRemote === true, attributes, droppedAttributesCount: dropped })
    return this
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link)
    return this
  }

  setStatus(status: SpanStatus): this {
    // OK is final; UNSET never overrides; a message only goes with ERROR.
    if (this.#ended || this.status.code === 1 || status.code === 0) return this
    this.status = { code: status.code, message: status.code === 2 ? (status.message ?? '') : '' }
    return this
  }

  updateName(name: string): this {
    if (!this.#ended) this.name = name
    return this
  }

  end(endTime?: TimeInput): void {
    if (this.#ended) return
    this.#ended = true
    const end = endTime === undefined ? this.#clock.now() : toMs(endTime)
    // Workers' clock stands still during CPU work: end may equal start, never precede it.
    this.endTimeMs = end < this.startTimeMs ? this.startTimeMs : end
    this.#sink.push(this)
  }

  isRecording(): boolean {
    return !this.#ended
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Record<string, AttributeValue> = {}
    if (typeof exception === 'string') attributes['exception.message'] = exception
    else {
      const e = exception as { name?: string; message?: string; stack?: string; code?: string | number }
      if (e.name !== undefined) attributes['exception.type'] = e.name
      else if (e.code !== undefined) attributes['exception.type'] = String(e.code)
      if (e.message !== undefined) attributes['exception.message'] = e.message
      if (e.stack !== undefined) attributes['exception.stacktrace'] = e.stack
    }
    this.addEvent('exception', attributes, time)
  }
}

/** `record[key] = value`, except that `__proto__` becomes a key like any other instead of replacing the prototype. */
function setOwn(record: Record<string, AttributeValue>, key: string, value: AttributeValue): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
  else record[key] = value
}

/**
 * How many attributes `input` holds when a plain copy keeps them all: own
 * keys only, none empty, no missing values, within the limit. -1 otherwise,
 * and they go one by one through `setAttribute`'s rules.
 */
function plainCount(input: Readonly<Record<string, AttributeValue | undefined>>): number {
  let count = 0
  for (const key in input) {
    const value = input[key]
    if (value === undefined || value === null || key === '' || !Object.hasOwn(input, key)) return -1
    count++
  }
  return count <= SPAN_LIMIT ? count : -1
}

function limitAttributes(input: Record<string, AttributeValue | undefined> | undefined): [Attributes, number] {
  if (input === undefined) return [{}, 0]
  const out: Record<string, AttributeValue> = {}
  let count = 0
  let dropped = 0
  for (const key in input) {
    const value = input[key]
    if (value === undefined || value === null) continue
    if (count >= SPAN_LIMIT) dropped++
    else {
      setOwn(out, key, value)
      count++
    }
  }
  return [out, dropped]
}

/** Converts any OpenTelemetry TimeInput to epoch ms. Numbers below 1e12 are taken as performance.now() values. */
export function toMs(time: TimeInput): number {
  if (typeof time === 'number') {
    if (time >= 1e12) return time
    const origin = (globalThis as { performance?: { timeOrigin?: number } }).performance?.timeOrigin ?? 0
    return origin + time
  }
  if (time instanceof Date) return time.getTime()
  const hr = time as HrTime
  return hr[0] * 1000 + hr[1] / 1e6
}
