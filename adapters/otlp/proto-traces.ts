/**
 * Encodes spans as an OTLP ExportTraceServiceRequest in protobuf
 * (opentelemetry/proto/trace/v1/trace.proto, field numbers in OT-24).
 */
import type { ResourceData, SpanData, SpanEventData, SpanLinkData } from '../../src/index.js'
import { ProtoWriter } from './proto-writer.js'
import { writeAttributes, writeResource, writeScope } from './proto-common.js'
import { SPAN_ID_HEX, TRACE_ID_HEX, writeId } from './ids.js'
import { groupByScope, spanFlags } from './span-groups.js'
import { writeNanos } from './time.js'

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

function writeSpan(w: ProtoWriter, span: SpanData): void {
  const at = w.fork(2) // ScopeSpans.spans
  writeId(w, F.TRACE_ID, span.traceId, TRACE_ID_HEX)
  writeId(w, F.SPAN_ID, span.spanId, SPAN_ID_HEX)
  if (span.traceState !== undefined && span.traceState !== '') w.string(F.TRACE_STATE, span.traceState)
  writeId(w, F.PARENT_SPAN_ID, span.parentSpanId, SPAN_ID_HEX, true)
  w.string(F.NAME, span.name)
  // The API numbers kinds from INTERNAL = 0; OTLP keeps 0 for UNSPECIFIED.
  w.uint(F.KIND, span.kind + 1)
  writeNanos(w, F.START, span.startTimeMs)
  writeNanos(w, F.END, Math.max(span.endTimeMs, span.startTimeMs))
  writeAttributes(w, F.ATTRIBUTES, span.attributes)
  if (span.droppedAttributesCount > 0) w.uint(F.DROPPED_ATTRIBUTES, span.droppedAttributesCount)
  for (const event of span.events) writeEvent(w, event)
  if (span.droppedEventsCount > 0) w.uint(F.DROPPED_EVENTS, span.droppedEventsCount)
  for (const link of span.links) writeLink(w, link)
  if (span.droppedLinksCount > 0) w.uint(F.DROPPED_LINKS, span.droppedLinksCount)
  const status = w.fork(F.STATUS)
  if (span.status.message !== '') w.string(2, span.status.message)
  if (span.status.code !== 0) w.uint(3, span.status.code)
  w.join(status)
  w.fixed32(F.FLAGS, spanFlags(span.traceFlags, span.parentIsRemote))
  w.join(at)
}

/**
 * Encodes `spans` of one resource as ExportTraceServiceRequest bytes.
 * @example const body = encodeTracesProto(batch.resource, batch.spans)
 */
export function encodeTracesProto(resource: ResourceData, spans: readonly SpanData[]): Uint8Array {
  const w = new ProtoWriter(1024 + spans.length * 256)
  const resourceSpans = w.fork(1)
  writeResource(w, 1, resource)
  for (const { scope, spans: scoped } of groupByScope(spans)) {
    const scopeSpans = w.fork(2)
    writeScope(w, 1, scope)
    for (const span of scoped) writeSpan(w, span)
    w.join(scopeSpans)
  }
  w.join(resourceSpans)
  return w.finish()
}
