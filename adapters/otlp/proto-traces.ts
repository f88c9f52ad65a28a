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

function writeStatus(w: ProtoWriter, status: SpanData['status']): void {
  // Most spans leave the status unset: an empty message.
  if (status.message === '' && status.code === 0) return w.header(F.STATUS, 0)
  const at = w.fork(F.STATUS)
  if (status.message !== '') w.string(2, status.message)
  if (status.code !== 0) w.uint(3, status.code)
  w.join(at)
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
  // The API numbers kinds from INTERNAL = 0; OTLP keeps 0 for UNSPECIFIED.
  w.uint(F.KIND, span.kind + 1)
  writeNanos(w, F.START, span.startTimeMs)
  writeNanos(w, F.END, Math.max(span.endTimeMs, span.startTimeMs))
  shared.attributes.write(w, span.attributes)
  if (span.droppedAttributesCount > 0) w.uint(F.DROPPED_ATTRIBUTES, span.droppedAttributesCount)
  for (const event of span.events) writeEvent(w, event)
  if (span.droppedEventsCount > 0) w.uint(F.DROPPED_EVENTS, span.droppedEventsCount)
  for (const link of span.links) writeLink(w, link)
  if (span.droppedLinksCount > 0) w.uint(F.DROPPED_LINKS, span.droppedLinksCount)
  writeStatus(w, span.status)
  w.fixed32(F.FLAGS, spanFlags(span.traceFlags, span.parentIsRemote))
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
