/**
 * Encodes spans as an OTLP ExportTraceServiceRequest in protobuf
 * (opentelemetry/proto/trace/v1/trace.proto, field numbers in OT-24).
 */
import type { ResourceData, SpanData, SpanEventData, SpanLinkData } from '../../src/index.js'
import { ProtoWriter } from '../shared/proto-writer.js'
import { varintSize } from '../shared/varint.js'
import { writeAttributes, writeScope } from './proto-common.js'
import { writeResource } from './proto-resource.js'
import { scratch } from '../shared/scratch.js'
import { AttributeRun } from './attribute-runs.js'
import { IdMemo, SPAN_ID_HEX, TRACE_ID_HEX, writeId } from './ids.js'
import { groupByScope, spanFlags } from './span-groups.js'
import { setNanos, writeNanos } from './time.js'

/** Span fields. */
const F = {
  TRACE_ID: 1, SPAN_ID: 2, TRACE_STATE: 3, PARENT_SPAN_ID: 4, NAME: 5, KIND: 6, START: 7, END: 8,
  ATTRIBUTES: 9, DROPPED_ATTRIBUTES: 10, EVENTS: 11, DROPPED_EVENTS: 12, LINKS: 13, DROPPED_LINKS: 14,
  STATUS: 15, FLAGS: 16,
} as const

function writeEvent(w: ProtoWriter, event: SpanEventData): void {
  const at = w.fork(F.EVENTS)
  writeNanos(w, 1, event.timeMs)
  w.string(2, event.name)
  writeAttributes(w, 3, event.attributes)
  if (event.droppedAttributesCount > 0) w.uint(4, event.droppedAttributesCount)
  w.join(at)
}

function writeLink(w: ProtoWriter, link: SpanLinkData): void {
  const at = w.fork(F.LINKS)
  writeId(w, 1, link.traceId, TRACE_ID_HEX)
  writeId(w, 2, link.spanId, SPAN_ID_HEX)
  if (link.traceState !== undefined && link.traceState !== '') w.string(3, link.traceState)
  writeAttributes(w, 4, link.attributes)
  if (link.droppedAttributesCount > 0) w.uint(5, link.droppedAttributesCount)
  w.fixed32(6, spanFlags(link.traceFlags, link.isRemote))
  w.join(at)
}

function writeStatus(w: ProtoWriter, status: SpanData['status']): void {
  // Most spans leave the status unset: an empty message.
  if (status.message === '' && status.code === 0) return w.header(F.STATUS, 0)
  const at = w.fork(F.STATUS)
  if (status.message !== '') w.string(2, status.message)
  if (status.code !== 0) w.uint(3, status.code)
  w.join(at)
}

/** A field's key as its one byte (fields below 16). */
const key = (field: number, wire: number): number => field * 8 + wire

/** Keys of the fields written in place; wire types 0 (varint), 1 (fixed64) and 2 (length-delimited). */
const KEY_KIND = key(F.KIND, 0)
const KEY_START = key(F.START, 1)
const KEY_END = key(F.END, 1)
const KEY_STATUS = key(F.STATUS, 2)
/** FLAGS (16, fixed32) takes a two-byte key: 133 as a varint. */
const KEY_FLAGS_0 = 0x85
const KEY_FLAGS_1 = 0x01

/**
 * The kind and both times, 20 bytes written in place: a writer call per
 * field costs more than the field, and these two functions make 100 spans
 * encode about an eighth faster than five calls did.
 */
function writeKindAndTimes(w: ProtoWriter, span: SpanData): void {
  // The API numbers kinds from INTERNAL = 0; OTLP keeps 0 for UNSPECIFIED.
  const kind = span.kind + 1
  const end = Math.max(span.endTimeMs, span.startTimeMs)
  if ((kind & 0x7f) !== kind) {
    // Not a one-byte varint: no kind the API defines.
    w.uint(F.KIND, kind)
    writeNanos(w, F.START, span.startTimeMs)
    writeNanos(w, F.END, end)
    return
  }
  const at = w.claim(20)
  const buf = w.buffer
  const view = w.dataView
  buf[at] = KEY_KIND
  buf[at + 1] = kind
  buf[at + 2] = KEY_START
  setNanos(view, at + 3, span.startTimeMs)
  buf[at + 11] = KEY_END
  setNanos(view, at + 12, end)
}

/** The status and the flags; the usual unset status and the flags are 8 bytes written in place. */
function writeStatusAndFlags(w: ProtoWriter, span: SpanData): void {
  const status = span.status
  const flags = spanFlags(span.traceFlags, span.parentIsRemote)
  if (status.message !== '' || status.code !== 0) {
    writeStatus(w, status)
    w.fixed32(F.FLAGS, flags)
    return
  }
  const at = w.claim(8)
  const buf = w.buffer
  // The status: an empty message.
  buf[at] = KEY_STATUS
  buf[at + 1] = 0
  buf[at + 2] = KEY_FLAGS_0
  buf[at + 3] = KEY_FLAGS_1
  w.dataView.setUint32(at + 4, flags, true)
}

/** Bytes reserved for a span's length: most spans are 128 to 16,383 bytes long, so their body is not moved. */
const SPAN_LENGTH_WIDTH = 2

/** What the spans of one export tend to share: the trace id, the parent and attributes. */
interface Shared {
  readonly trace: IdMemo
  readonly parent: IdMemo
  readonly attributes: AttributeRun
}

function writeSpan(w: ProtoWriter, span: SpanData, shared: Shared): void {
  const at = w.fork(2, SPAN_LENGTH_WIDTH) // ScopeSpans.spans
  shared.trace.write(w, span.traceId)
  writeId(w, F.SPAN_ID, span.spanId, SPAN_ID_HEX)
  if (span.traceState !== undefined && span.traceState !== '') w.string(F.TRACE_STATE, span.traceState)
  shared.parent.write(w, span.parentSpanId)
  w.string(F.NAME, span.name)
  writeKindAndTimes(w, span)
  shared.attributes.write(w, span.attributes)
  if (span.droppedAttributesCount > 0) w.uint(F.DROPPED_ATTRIBUTES, span.droppedAttributesCount)
  for (const event of span.events) writeEvent(w, event)
  if (span.droppedEventsCount > 0) w.uint(F.DROPPED_EVENTS, span.droppedEventsCount)
  for (const link of span.links) writeLink(w, link)
  if (span.droppedLinksCount > 0) w.uint(F.DROPPED_LINKS, span.droppedLinksCount)
  writeStatusAndFlags(w, span)
  w.join(at, SPAN_LENGTH_WIDTH)
}

/**
 * Encodes `spans` of one resource as ExportTraceServiceRequest bytes.
 * @example const body = encodeTracesProto(batch.resource, batch.spans)
 */
export function encodeTracesProto(resource: ResourceData, spans: readonly SpanData[]): Uint8Array {
  // `finish` copies the bytes out, so the working buffer can be reused by the next export.
  const estimate = 1024 + spans.length * 256
  const w = new ProtoWriter(scratch('otlp', estimate))
  const shared: Shared = { trace: new IdMemo(F.TRACE_ID, TRACE_ID_HEX), parent: new IdMemo(F.PARENT_SPAN_ID, SPAN_ID_HEX, true), attributes: new AttributeRun(F.ATTRIBUTES) }
  // Lengths get as many bytes as the estimate needs, so the spans are rarely moved to fit them.
  const width = varintSize(estimate)
  const resourceSpans = w.fork(1, width)
  writeResource(w, 1, resource)
  for (const { scope, spans: scoped } of groupByScope(spans)) {
    const scopeSpans = w.fork(2, width)
    writeScope(w, 1, scope)
    for (const span of scoped) writeSpan(w, span, shared)
    w.join(scopeSpans, width)
  }
  w.join(resourceSpans, width)
  return w.finish()
}
