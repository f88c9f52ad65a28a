/**
 * Encodes spans as an OTLP/JSON ExportTraceServiceRequest (OT-11..14):
 * hex ids, decimal-string nanoseconds, numeric enums, lowerCamelCase keys.
 */
import type { ResourceData, SpanData, SpanEventData, SpanLinkData } from '../../src/index.js'
import { jsonAttributes, jsonResource, jsonScope, toJsonBytes, type Json } from './json-common.js'
import { jsonId, SPAN_ID_HEX, TRACE_ID_HEX } from './ids.js'
import { groupByScope, spanFlags } from './span-groups.js'
import { msToNanoString } from './time.js'

function jsonEvent(event: SpanEventData): Json {
  return {
    timeUnixNano: msToNanoString(event.timeMs),
    name: event.name,
    attributes: jsonAttributes(event.attributes),
    droppedAttributesCount: event.droppedAttributesCount,
  }
}

/** A trace state, or undefined (which JSON.stringify leaves out) when there is none. */
function traceState(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

// Object literals with every key in a fixed order keep one hidden class per
// message kind; undefined members are simply not serialized.
function jsonLink(link: SpanLinkData): Json {
  return {
    traceId: jsonId(link.traceId, TRACE_ID_HEX),
    spanId: jsonId(link.spanId, SPAN_ID_HEX),
    traceState: traceState(link.traceState),
    attributes: jsonAttributes(link.attributes),
    droppedAttributesCount: link.droppedAttributesCount,
    flags: spanFlags(link.traceFlags, link.isRemote),
  }
}

function jsonSpan(span: SpanData): Json {
  const parent = jsonId(span.parentSpanId, SPAN_ID_HEX)
  const status = span.status
  return {
    traceId: jsonId(span.traceId, TRACE_ID_HEX),
    spanId: jsonId(span.spanId, SPAN_ID_HEX),
    traceState: traceState(span.traceState),
    parentSpanId: parent === '' ? undefined : parent,
    flags: spanFlags(span.traceFlags, span.parentIsRemote),
    name: span.name,
    // The API numbers kinds from INTERNAL = 0; OTLP keeps 0 for UNSPECIFIED.
    kind: span.kind + 1,
    startTimeUnixNano: msToNanoString(span.startTimeMs),
    endTimeUnixNano: msToNanoString(Math.max(span.endTimeMs, span.startTimeMs)),
    attributes: jsonAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map(jsonEvent),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map(jsonLink),
    droppedLinksCount: span.droppedLinksCount,
    status: { message: status.message === '' ? undefined : status.message, code: status.code === 0 ? undefined : status.code },
  }
}

/**
 * The request object for `spans` of one resource (before serialization).
 * @example JSON.stringify(tracesJsonRequest(batch.resource, batch.spans))
 */
export function tracesJsonRequest(resource: ResourceData, spans: readonly SpanData[]): Json {
  const scopeSpans = groupByScope(spans).map(({ scope, spans: scoped }) => ({ scope: jsonScope(scope), spans: scoped.map(jsonSpan) }))
  return { resourceSpans: [{ resource: jsonResource(resource), scopeSpans }] }
}

/**
 * Encodes `spans` of one resource as OTLP/JSON bytes.
 * @example const body = encodeTracesJson(batch.resource, batch.spans)
 */
export function encodeTracesJson(resource: ResourceData, spans: readonly SpanData[]): Uint8Array {
  return toJsonBytes(tracesJsonRequest(resource, spans))
}
