/**
 * The OTLP/JSON encoders write text directly; these tests hold them to the
 * exact bytes the object tree plus JSON.stringify wrote (json-reference.ts),
 * over ordinary data and over strings and numbers chosen to break escaping.
 */
import { describe, expect, it } from 'vitest'
import type { MetricData, SpanData } from '../../src/index.js'
import { encodeMetricsJson, encodeTracesJson } from '../../adapters/otlp/index.js'
import { jsonDouble, jsonString } from '../../adapters/otlp/json-common.js'
import { counter, fullSpan, gauge, histogram, manySeries, manySpans, resource, rootSpan } from './fixtures.js'
import { referenceMetricsJson, referenceTracesJson } from './json-reference.js'

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

const HOSTILE = [
  '',
  'plain',
  'quote " and \\ backslash',
  '\u0000\u0001\b\f\n\r\t\u001f\u007f',
  '\u2028\u2029 line separators',
  'lone high \ud800 and lone low \udc00',
  'paired 🙂 and reversed \udc00\ud800',
  '\ud800',
  'ü β ☃ </script>',
  '"',
  '\\',
]

/** Every UTF-16 code unit once, in runs, so no escape is missed. */
const ALL_UNITS = Array.from({ length: 64 }, (_, run) => String.fromCharCode(...Array.from({ length: 1024 }, (_, i) => run * 1024 + i)))

describe('jsonString', () => {
  it.each([...HOSTILE, ...ALL_UNITS].map((s) => [s]))('writes %j as JSON.stringify does', (s) => {
    expect(jsonString(s)).toBe(JSON.stringify(s))
  })

  it('matches JSON.stringify for each code unit alone', () => {
    for (let unit = 0; unit < 0x10000; unit++) {
      const s = `a${String.fromCharCode(unit)}b`
      if (jsonString(s) !== JSON.stringify(s)) expect.fail(`differs at U+${unit.toString(16)}`)
    }
  })
})

describe('jsonDouble', () => {
  it.each([[0], [-0], [1.5], [-2], [1e21], [1e-7], [Number.MAX_VALUE], [Number.MIN_VALUE], [2 ** 53 + 2], [NaN], [Infinity], [-Infinity]])('writes %s as the reference does', (n) => {
    expect(jsonDouble(n)).toBe(JSON.stringify(Number.isFinite(n) ? n : String(n)))
  })
})

/** A span with hostile text and odd values in every string and number it has. */
function hostileSpan(s: string, i: number): SpanData {
  return {
    ...fullSpan,
    traceId: i % 3 === 0 ? fullSpan.traceId.toUpperCase() : i % 3 === 1 ? 'not-an-id' : fullSpan.traceId,
    spanId: i % 2 === 0 ? '0000000000000000' : fullSpan.spanId,
    parentSpanId: i % 4 === 0 ? '' : fullSpan.parentSpanId,
    traceState: i % 5 === 0 ? undefined : s,
    name: s,
    // Values the types do not allow, as plain JavaScript callers can still pass them.
    attributes: { [s]: s, [`${s}n`]: i % 2 === 0 ? NaN : -Infinity, '': 'dropped', 'u': undefined, 'bytes': new Uint8Array([0, 255, i]), 'nested': [[s, 1], null, {}], 'big': 2 ** 60 } as unknown as SpanData['attributes'],
    events: [{ name: s, timeMs: NaN, attributes: { [s]: 1e-9 }, droppedAttributesCount: i }],
    links: [{ ...fullSpan.links[0]!, traceId: 'AB'.repeat(16), traceState: s, attributes: { [s]: true } }],
    status: { code: i % 3, message: i % 2 === 0 ? s : '' },
    scope: { name: s, version: i % 2 === 0 ? '' : s },
  }
}

describe('encodeTracesJson', () => {
  const cases: [string, SpanData[]][] = [
    ['the fixtures', [fullSpan, rootSpan]],
    ['many spans', manySpans(50)],
    ['no spans', []],
    ['hostile spans', HOSTILE.map(hostileSpan)],
    ['ids repeated, then changed', [rootSpan, rootSpan, { ...rootSpan, traceId: 'bad' }, rootSpan, { ...rootSpan, parentSpanId: 'EEE19B7EC3C1B173' }]],
  ]
  it.each(cases)('writes %s byte for byte as JSON.stringify did', (_name, spans) => {
    const hostileResource = { ...resource, attributes: { ...resource.attributes, [HOSTILE[2]!]: HOSTILE[5]! } }
    expect(text(encodeTracesJson(resource, spans))).toBe(referenceTracesJson(resource, spans))
    expect(text(encodeTracesJson(hostileResource, spans))).toBe(referenceTracesJson(hostileResource, spans))
  })
})

/** Metric families with hostile names, help, units and labels, and non-finite numbers. */
function hostileMetrics(s: string, i: number): MetricData[] {
  const labels = { [s]: s, ok: 'x' }
  return [
    { ...counter, name: s, help: s, unit: i % 2 === 0 ? s : 'ms', points: [{ key: s, labels, value: i % 2 === 0 ? NaN : Infinity, startTimeMs: i, timeMs: -1 }] },
    { ...gauge, help: s, points: [{ key: '', labels, value: -Infinity, startTimeMs: 1.0000005, timeMs: 1e15 + 0.5 }] },
    {
      ...histogram,
      name: s,
      bounds: [-Infinity, 0, NaN, 1e300],
      points: [{ key: s, labels, bucketCounts: [0, 255, 256, 2 ** 40, i], sum: NaN, count: 2 ** 40 + i, min: -Infinity, max: Infinity, startTimeMs: 0, timeMs: i }],
    },
  ]
}

describe('encodeMetricsJson', () => {
  const cases: [string, MetricData[]][] = [
    ['the fixtures', [counter, gauge, histogram]],
    ['many series', [manySeries(40), histogram]],
    ['no metrics', []],
    ['families without points', [{ ...counter, points: [] }, gauge]],
    ['hostile families', HOSTILE.flatMap(hostileMetrics)],
  ]
  it.each(cases)('writes %s byte for byte as JSON.stringify did', (_name, metrics) => {
    for (const temporality of ['cumulative', 'delta'] as const) {
      expect(text(encodeMetricsJson(resource, metrics, temporality))).toBe(referenceMetricsJson(resource, metrics, temporality))
    }
  })
})
