/**
 * The trace encoders, read back by an independent decoder: protobufjs with a
 * schema written from the OTLP field numbers, and JSON.parse.
 */
import { describe, expect, it } from 'vitest'
import { encodeTracesJson, encodeTracesProto } from '../../adapters/otlp/index.js'
import { fullSpan, resource, rootSpan } from './fixtures.js'
import { attrs, nanos, withoutDefaults } from './helpers.js'
import { decodeProto, otlpTypes, type Decoded } from './otlp-proto.js'

const fromProto = (): Decoded => decodeProto(otlpTypes.traces, encodeTracesProto(resource, [fullSpan, rootSpan]))
const fromJson = (): Decoded => JSON.parse(new TextDecoder().decode(encodeTracesJson(resource, [fullSpan, rootSpan])))

describe.each([
  ['protobuf', fromProto],
  ['json', fromJson],
])('traces as %s', (_encoding, decode) => {
  it('groups spans under one resource and one entry per scope', () => {
    const request = decode()
    expect(request.resourceSpans).toHaveLength(1)
    const [resourceSpans] = request.resourceSpans
    expect(attrs(resourceSpans.resource.attributes)).toEqual({
      'service.name': { stringValue: 'checkout' },
      'service.instance.id': { stringValue: resource.instanceId },
      'telemetry.sdk.name': { stringValue: 'lastcall' },
      'faas.max_memory': { intValue: '134217728' },
    })
    expect(resourceSpans.scopeSpans.map((s: Decoded) => withoutDefaults(s.scope))).toEqual([{ name: 'lastcall', version: '0.1.0' }, { name: 'db-client' }])
    expect(resourceSpans.scopeSpans.map((s: Decoded) => s.spans.length)).toEqual([1, 1])
  })

  it('writes every span field of a child of a remote parent', () => {
    const span = withoutDefaults(decode().resourceSpans[0].scopeSpans[0].spans[0])
    expect(span).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: 'eee19b7ec3c1b173',
      traceState: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
      flags: 0x301, // sampled + HAS_IS_REMOTE + IS_REMOTE
      name: 'GET /orders/:id',
      kind: 2, // SERVER: the API's 1 plus one
      startTimeUnixNano: nanos(1_700_000_000_000, 250_000),
      endTimeUnixNano: nanos(1_700_000_000_123, 500_000),
      droppedAttributesCount: 3,
      droppedEventsCount: 2,
      droppedLinksCount: 5,
      status: { code: 2, message: 'boom: ünïcode' },
    })
  })

  it('writes attributes of every type, arrays and nulls included', () => {
    const span = decode().resourceSpans[0].scopeSpans[0].spans[0]
    expect(attrs(span.attributes)).toEqual({
      'http.method': { stringValue: 'GET' },
      'http.status_code': { intValue: '200' },
      'retry.ratio': { doubleValue: 0.25 },
      'cache.hit': { boolValue: false },
      'big.negative': { intValue: '-5000000000' },
      'tags': { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'β' }, { stringValue: 'ü🙂' }] } },
      'codes': { arrayValue: { values: [{ intValue: '1' }, { doubleValue: 2.5 }, { intValue: '-3' }] } },
      'flags': { arrayValue: { values: [{ boolValue: true }, { boolValue: false }] } },
      'sparse': { arrayValue: { values: [{ stringValue: 'x' }, {}, { stringValue: 'z' }] } },
      'long.text': { stringValue: 'x'.repeat(300) },
    })
  })

  it('writes events and links with their attributes, flags and dropped counts', () => {
    const span = withoutDefaults(decode().resourceSpans[0].scopeSpans[0].spans[0])
    expect(span.events).toEqual([
      {
        timeUnixNano: nanos(1_700_000_000_010, 375_000),
        name: 'exception',
        attributes: [
          { key: 'exception.type', value: { stringValue: 'TypeError' } },
          { key: 'exception.escaped', value: { boolValue: true } },
        ],
        droppedAttributesCount: 1,
      },
      { timeUnixNano: nanos(1_700_000_000_020, 250_000), name: 'empty' },
    ])
    expect(span.links).toEqual([
      {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceState: 'vendor=value',
        attributes: [{ key: 'messaging.message.id', value: { stringValue: 'm-1' } }],
        droppedAttributesCount: 4,
        flags: 0x300, // not sampled, remote
      },
      { traceId: '0af7651916cd43dd8448eb211c80319d', spanId: 'b7ad6b7169203332', flags: 0x101 },
    ])
  })

  it('writes a root span with an empty parent, kind CLIENT and an unset status', () => {
    const span = withoutDefaults(decode().resourceSpans[0].scopeSpans[1].spans[0])
    expect(span).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: 0x100,
      name: 'db.query',
      kind: 3,
      startTimeUnixNano: '1544712660300000000',
      endTimeUnixNano: '1544712660300000000',
      status: {},
    })
  })
})

describe('protobuf and JSON carry the same content', () => {
  it('decode to equal data once defaults are set aside', () => {
    expect(withoutDefaults(fromJson())).toEqual(withoutDefaults(fromProto()))
  })
})

describe('OTLP/JSON mapping', () => {
  const text = new TextDecoder().decode(encodeTracesJson(resource, [fullSpan, { ...fullSpan, traceId: '5B8EFFF798038103D269B633813FC60C', attributes: { nan: NaN, inf: Infinity, ninf: -Infinity } }]))

  it('uses lowerCamelCase keys, hex ids, string int64 and numeric enums', () => {
    expect(text).toContain('"traceId":"5b8efff798038103d269b633813fc60c"')
    expect(text).not.toContain('5B8EFFF7')
    expect(text).toContain('"startTimeUnixNano":"1700000000000250000"')
    expect(text).toContain('"kind":2')
    expect(text).toContain('"code":2')
    expect(text).toContain('"droppedAttributesCount":3')
    expect(text).not.toMatch(/"[a-z]+_[a-z_]+":/) // no snake_case keys
  })

  it('writes non-finite doubles as strings', () => {
    const span = JSON.parse(text).resourceSpans[0].scopeSpans[0].spans[1]
    expect(attrs(span.attributes)).toEqual({ nan: { doubleValue: 'NaN' }, inf: { doubleValue: 'Infinity' }, ninf: { doubleValue: '-Infinity' } })
  })

  it('writes bytes as standard base64 and invalid ids as empty strings', () => {
    const odd = { ...rootSpan, traceId: '00000000000000000000000000000000', spanId: 'xyz', attributes: { raw: new Uint8Array([0xfb, 0xff, 0x3e]) as never } }
    const json = JSON.parse(new TextDecoder().decode(encodeTracesJson(resource, [odd]))).resourceSpans[0].scopeSpans[0].spans[0]
    expect(json.traceId).toBe('')
    expect(json.spanId).toBe('')
    expect(attrs(json.attributes)).toEqual({ raw: { bytesValue: '+/8+' } })
    const proto = decodeProto(otlpTypes.traces, encodeTracesProto(resource, [odd])).resourceSpans[0].scopeSpans[0].spans[0]
    expect(proto.traceId ?? '').toBe('') // empty bytes decode as the default
    expect(attrs(proto.attributes)).toEqual({ raw: { bytesValue: 'fbff3e' } })
  })
})
