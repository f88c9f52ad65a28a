/**
 * Cross-check with the official implementation: spans recorded through
 * `@opentelemetry/sdk-trace-base` and serialized by
 * `@opentelemetry/otlp-transformer` decode to the same content as the same
 * spans (as SpanData) encoded by lastcall, in protobuf and in JSON.
 */
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { beforeAll, describe, expect, it } from 'vitest'
import { encodeTracesJson, encodeTracesProto } from '../../adapters/otlp/index.js'
import { withoutDefaults } from './helpers.js'
import { decodeProto, otlpTypes, type Decoded } from './otlp-proto.js'
import { recordSdkSpans, toResourceData, toSpanData } from './sdk-spans.js'

/** OTel JS writes JSON int64 attribute values as numbers, lastcall as strings; both are valid proto3 JSON. */
function intsAsStrings(value: Decoded): Decoded {
  if (Array.isArray(value)) return value.map(intsAsStrings)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'intValue' ? String(v) : intsAsStrings(v)]))
}

describe('lastcall and @opentelemetry/otlp-transformer agree', () => {
  let spans: ReadableSpan[]
  beforeAll(async () => {
    spans = await recordSdkSpans()
  })
  const ours = (encode: typeof encodeTracesProto): Uint8Array => encode(toResourceData(spans[0]!), spans.map(toSpanData))

  it('records what the test means to compare', () => {
    expect(spans.map((s) => s.name).sort()).toEqual(['GET /orders/:id', 'background', 'db.query'])
    const server = spans.find((s) => s.name === 'GET /orders/:id')!
    // The limits made the SDK drop something of each kind, so dropped counts are compared too.
    expect([server.droppedAttributesCount, server.droppedEventsCount, server.droppedLinksCount]).toEqual([2, 1, 1])
    expect(server.events[0]?.droppedAttributesCount).toBe(1)
    expect(server.links[1]?.droppedAttributesCount).toBe(1)
    expect(server.links[1]?.context.isRemote).toBe(true)
  })

  it('in protobuf', () => {
    const theirs = decodeProto(otlpTypes.traces, ProtobufTraceSerializer.serializeRequest(spans)!)
    const mine = decodeProto(otlpTypes.traces, ours(encodeTracesProto))
    expect(withoutDefaults(mine)).toEqual(withoutDefaults(theirs))
    // Guard against comparing two empty things.
    expect(mine.resourceSpans[0].scopeSpans.flatMap((s: Decoded) => s.spans)).toHaveLength(3)
  })

  it('in JSON', () => {
    const parse = (bytes: Uint8Array): Decoded => intsAsStrings(withoutDefaults(JSON.parse(new TextDecoder().decode(bytes))))
    const theirs = parse(JsonTraceSerializer.serializeRequest(spans)!)
    const mine = parse(ours(encodeTracesJson))
    expect(mine).toEqual(theirs)
    expect(mine.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano).toMatch(/^1700000000\d{9}$/)
  })
})
