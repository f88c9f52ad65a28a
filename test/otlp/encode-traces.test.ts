/**
 * The trace encoders, read back by an independent decoder: protobufjs with a
 * schema written from the OTLP field numbers, and JSON.parse.
 */
import { describe, expect, it } from 'vitest'
import { encodeTracesJson, encodeTracesProto } from '../../adapters/otlp/index.js'
import type { SpanData } from '../../src/index.js'
import { msToNanoString } from '../../adapters/otlp/time.js'
import { fullSpan, resource, rootSpan, T0, T1 } from './fixtures.js'
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

describe('kind, times, status and flags, written in place for the usual span', () => {
  const decodeSpans = (spans: SpanData[]): Decoded[] => decodeProto(otlpTypes.traces, encodeTracesProto(resource, spans)).resourceSpans[0].scopeSpans[0].spans

  // -1 and 126 are the edges of the one-byte path; 127 and 200 take a two-byte varint the other way.
  it.each([-1, 0, 4, 126, 127, 200])('writes kind %d as OTLP kind %d + 1', (kind) => {
    const [span] = decodeSpans([{ ...rootSpan, kind: kind as SpanData['kind'] }])
    expect(span.kind ?? 0).toBe(kind + 1)
    expect(span.startTimeUnixNano).toBe('1544712660300000000')
  })

  it('writes times exactly, an end before the start as the start', () => {
    const times = [[T0, T1], [T1, T0], [0.5, 2 ** 40 + 0.25], [-3, 1]]
    const spans = decodeSpans(times.map(([startTimeMs, endTimeMs]) => ({ ...rootSpan, startTimeMs: startTimeMs!, endTimeMs: endTimeMs! })))
    expect(spans.map((s) => [s.startTimeUnixNano ?? '0', s.endTimeUnixNano ?? '0'])).toEqual([
      [msToNanoString(T0), msToNanoString(T1)],
      [msToNanoString(T1), msToNanoString(T1)],
      ['500000', msToNanoString(2 ** 40 + 0.25)],
      ['0', '1000000'],
    ])
  })

  it('writes the flags after an unset and a set status alike', () => {
    const statuses = [{ code: 0, message: '' }, { code: 2, message: '' }, { code: 0, message: 'odd' }, { code: 1, message: 'ok' }] as const
    const spans = decodeSpans(statuses.map((status, i) => ({ ...rootSpan, status, traceFlags: i, parentIsRemote: i % 2 === 1 })))
    expect(spans.map((s) => [withoutDefaults(s.status), s.flags])).toEqual([
      [{}, 0x100],
      [{ code: 2 }, 0x301],
      [{ message: 'odd' }, 0x102],
      [{ code: 1, message: 'ok' }, 0x303],
    ])
  })

  it('writes the bytes protobuf prescribes', () => {
    const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
    const fixed = (value: bigint, bytes: number): string => hex(new Uint8Array(new BigUint64Array([value]).buffer).subarray(0, bytes))
    const span = { ...rootSpan, kind: 4 as SpanData['kind'], startTimeMs: T0, endTimeMs: T1, traceFlags: 1, parentIsRemote: true }
    const out = hex(encodeTracesProto(resource, [span]))
    // kind (6, varint), start (7) and end (8, fixed64)
    expect(out).toContain(`3005${'39'}${fixed(BigInt(msToNanoString(T0)), 8)}${'41'}${fixed(BigInt(msToNanoString(T1)), 8)}`)
    // an empty status (15) and the flags (16, fixed32: a two-byte key), last in the span
    expect(out.endsWith(`7a00${'8501'}${fixed(0x301n, 4)}`)).toBe(true)
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
