/**
 * Encodes spans as an OTLP/JSON ExportTraceServiceRequest (OT-11..14):
 * hex ids, decimal-string nanoseconds, numeric enums, lowerCamelCase keys.
 * Written as text directly (see json-common.ts); optional members that are
 * absent are left out, as `JSON.stringify` leaves out undefined.
 */
import type { ResourceData, SpanData, SpanEventData, SpanLinkData } from '../../src/index.js'
import { jsonAttributes, jsonNumber, jsonResource, jsonScope, jsonString, toJsonBytes } from './json-common.js'
import { jsonId, SPAN_ID_HEX, TRACE_ID_HEX } from './ids.js'
import { groupByScope, spanFlags } from './span-groups.js'
import { msToNanoString } from './time.js'

/**
 * The last id seen in one place as JSON text. The spans of a batch mostly
 * share a trace id and a parent, so each is checked once per export.
 */
class IdText {
  readonly #length: number
  #hex: string | undefined
  #text = ''

  constructor(length: number) {
    this.#length = length
  }

  /** The id as lowercase hex, or '' when invalid, without quotes. */
  of(hex: string): string {
    if (hex !== this.#hex) {
      this.#hex = hex
      this.#text = jsonId(hex, this.#length)
    }
    return this.#text
  }
}

/** Memos for one export. */
interface Ids {
  readonly trace: IdText
  readonly parent: IdText
}

/** A trace state member, or nothing when there is none. */
function traceState(value: string | undefined): string {
  return value === undefined || value === '' ? '' : `,"traceState":${jsonString(value)}`
}

function jsonEvent(event: SpanEventData): string {
  const attributes = jsonAttributes(event.attributes)
  return `{"timeUnixNano":"${msToNanoString(event.timeMs)}","name":${jsonString(event.name)},"attributes":${attributes},"droppedAttributesCount":${jsonNumber(event.droppedAttributesCount)}}`
}

function jsonLink(link: SpanLinkData): string {
  const ids = `"traceId":"${jsonId(link.traceId, TRACE_ID_HEX)}","spanId":"${jsonId(link.spanId, SPAN_ID_HEX)}"${traceState(link.traceState)}`
  const attributes = `"attributes":${jsonAttributes(link.attributes)},"droppedAttributesCount":${jsonNumber(link.droppedAttributesCount)}`
  return `{${ids},${attributes},"flags":${jsonNumber(spanFlags(link.traceFlags, link.isRemote))}}`
}

/** `events` or `links` as a JSON array. */
function jsonList<T>(items: readonly T[], write: (item: T) => string): string {
  let out = ''
  for (let i = 0; i < items.length; i++) out += (i === 0 ? '' : ',') + write(items[i] as T)
  return `[${out}]`
}

function jsonStatus(status: SpanData['status']): string {
  const message = status.message === '' ? '' : `"message":${jsonString(status.message)}`
  if (status.code === 0) return `{${message}}`
  return `{${message}${message === '' ? '' : ','}"code":${jsonNumber(status.code)}}`
}

function jsonSpan(span: SpanData, ids: Ids): string {
  const parent = ids.parent.of(span.parentSpanId)
  const head =
    `{"traceId":"${ids.trace.of(span.traceId)}","spanId":"${jsonId(span.spanId, SPAN_ID_HEX)}"${traceState(span.traceState)}` +
    `${parent === '' ? '' : `,"parentSpanId":"${parent}"`},"flags":${jsonNumber(spanFlags(span.traceFlags, span.parentIsRemote))}`
  // The API numbers kinds from INTERNAL = 0; OTLP keeps 0 for UNSPECIFIED.
  const times = `"startTimeUnixNano":"${msToNanoString(span.startTimeMs)}","endTimeUnixNano":"${msToNanoString(Math.max(span.endTimeMs, span.startTimeMs))}"`
  const name = `"name":${jsonString(span.name)},"kind":${jsonNumber(span.kind + 1)},${times}`
  const attributes = `"attributes":${jsonAttributes(span.attributes)},"droppedAttributesCount":${jsonNumber(span.droppedAttributesCount)}`
  const events = `"events":${jsonList(span.events, jsonEvent)},"droppedEventsCount":${jsonNumber(span.droppedEventsCount)}`
  const links = `"links":${jsonList(span.links, jsonLink)},"droppedLinksCount":${jsonNumber(span.droppedLinksCount)}`
  return `${head},${name},${attributes},${events},${links},"status":${jsonStatus(span.status)}}`
}

/**
 * The request for `spans` of one resource, as JSON text.
 * @example JSON.parse(tracesJsonRequest(batch.resource, batch.spans))
 */
export function tracesJsonRequest(resource: ResourceData, spans: readonly SpanData[]): string {
  const ids: Ids = { trace: new IdText(TRACE_ID_HEX), parent: new IdText(SPAN_ID_HEX) }
  let scopeSpans = ''
  for (const { scope, spans: scoped } of groupByScope(spans)) {
    const list = jsonList(scoped, (span) => jsonSpan(span, ids))
    scopeSpans += `${scopeSpans === '' ? '' : ','}{"scope":${jsonScope(scope)},"spans":${list}}`
  }
  return `{"resourceSpans":[{"resource":${jsonResource(resource)},"scopeSpans":[${scopeSpans}]}]}`
}

/**
 * Encodes `spans` of one resource as OTLP/JSON bytes.
 * @example const body = encodeTracesJson(batch.resource, batch.spans)
 */
export function encodeTracesJson(resource: ResourceData, spans: readonly SpanData[]): Uint8Array {
  return toJsonBytes(tracesJsonRequest(resource, spans))
}
