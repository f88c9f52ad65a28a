import { ROOT_CONTEXT, defaultTextMapGetter, trace, type TraceState as ApiTraceState } from '@opentelemetry/api'
import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { randomSpanId, randomTraceId, randomUuid } from '../../src/core/trace/ids.js'
import {
  TraceFlagBits, extractTraceContext, formatTraceparent, injectTraceContext, parseTraceparent,
  type HeadersLike, type RemoteTraceContext,
} from '../../src/core/trace/trace-context.js'
import { TraceState, parseTracestate } from '../../src/core/trace/tracestate.js'

// The ids the W3C harness (w3c/trace-context test/test.py) sends.
const TID = '12345678901234567890123456789012'
const PID = '1234567890123456'
const TP = `00-${TID}-${PID}-01`
const TP00 = `00-${TID}-${PID}-00`
const HARNESS_TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/

const bars = (from: number, to: number): string =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(2, '0')).map((n) => `bar${n}=${n}`).join(',')

/** Fetch `Headers` built from [name, value] pairs, repeated names appended as the harness sends them. */
function fetchHeaders(pairs: ReadonlyArray<readonly [string, string]>): Headers {
  const headers = new Headers()
  for (const [name, value] of pairs) headers.append(name, value)
  return headers
}

/** The same pairs as a Lambda `multiValueHeaders` object: repeated names become arrays. */
function lambdaHeaders(pairs: ReadonlyArray<readonly [string, string]>): Record<string, string[]> {
  const headers: Record<string, string[]> = {}
  for (const [name, value] of pairs) (headers[name] ??= []).push(value)
  return headers
}

const HEADER_SHAPES = [
  ['fetch Headers', fetchHeaders],
  ['Lambda multi-value object', lambdaHeaders],
] as const

/** What the harness's test service does: continue or restart the trace, then call out. */
function callOut(incoming: HeadersLike): Headers {
  const parent = extractTraceContext(incoming)
  const outgoing = new Headers()
  injectTraceContext(outgoing, parent === undefined
    ? { traceId: randomTraceId(), spanId: randomSpanId(), traceFlags: TraceFlagBits.SAMPLED | TraceFlagBits.RANDOM_TRACE_ID }
    : { ...parent, spanId: randomSpanId() })
  return outgoing
}

describe('parseTraceparent', () => {
  const accepted: ReadonlyArray<readonly [string, string, number]> = [
    ['plain version 00', TP, 0x01],
    ['not sampled', TP00, 0x00],
    ['future version cc (test_traceparent_version_0xcc)', `cc-${TID}-${PID}-01`, 0x01],
    ['future version cc with a -suffix', `cc-${TID}-${PID}-01-what-the-future-will-be-like`, 0x01],
    ['future version with an empty -suffix', `cc-${TID}-${PID}-01-`, 0x01],
    ['leading space (test_traceparent_ows_handling)', ` ${TP}`, 0x01],
    ['leading tab', `\t${TP}`, 0x01],
    ['trailing space', `${TP} `, 0x01],
    ['trailing tab', `${TP}\t`, 0x01],
    ['tab and space both sides', `\t ${TP} \t`, 0x01],
    ['any amount of OWS', `  \t\t ${TP} \t \t  `, 0x01],
    ['random flag, Level 2 (TraceContext2Test)', `00-${TID}-${PID}-02`, 0x02],
    ['sampled and random', `00-${TID}-${PID}-03`, 0x03],
    ['unknown flag bits dropped (ff)', `00-${TID}-${PID}-ff`, 0x03],
    ['unknown flag bits dropped (09)', `00-${TID}-${PID}-09`, 0x01],
    ['unknown flag bits dropped (10)', `00-${TID}-${PID}-10`, 0x00],
  ]
  it.each(accepted)('accepts %s', (_, value, flags) => {
    expect(parseTraceparent(value)).toEqual({ traceId: TID, spanId: PID, traceFlags: flags })
  })

  const rejected: ReadonlyArray<readonly [string, string | null | undefined]> = [
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['OWS only', ' \t '],
    ['version 00 with a trailing dot (test_traceparent_version_0x00)', `${TP}.`],
    ['version 00 with a -suffix', `${TP}-what-the-future-will-be-like`],
    ['version 00 with a trailing dash', `${TP}-`],
    ['future version with a .suffix', `cc-${TID}-${PID}-01.what-the-future-will-be-like`],
    ['version ff (test_traceparent_version_0xff)', `ff-${TID}-${PID}-01`],
    ['version .0', `.0-${TID}-${PID}-01`],
    ['version 0.', `0.-${TID}-${PID}-01`],
    ['version 000 (too long)', `000-${TID}-${PID}-01`],
    ['version 0000 (too long)', `0000-${TID}-${PID}-01`],
    ['version 0 (too short)', `0-${TID}-${PID}-01`],
    ['uppercase version', `CC-${TID}-${PID}-01`],
    ['all-zero trace-id', `00-${'0'.repeat(32)}-${PID}-01`],
    ['trace-id with a leading dot', `00-.2345678901234567890123456789012-${PID}-01`],
    ['trace-id with a trailing dot', `00-1234567890123456789012345678901.-${PID}-01`],
    ['trace-id of 33 characters', `00-${TID}3-${PID}-01`],
    ['trace-id of 31 characters', `00-${TID.slice(0, 31)}-${PID}-01`],
    ['uppercase trace-id', `00-4BF92F3577B34DA6A3CE929D0E0E4736-${PID}-01`],
    ['all-zero parent-id', `00-${TID}-0000000000000000-01`],
    ['parent-id with a leading dot', `00-${TID}-.234567890123456-01`],
    ['parent-id with a trailing dot', `00-${TID}-123456789012345.-01`],
    ['parent-id of 17 characters', `00-${TID}-12345678901234567-01`],
    ['parent-id of 15 characters', `00-${TID}-123456789012345-01`],
    ['uppercase parent-id', `00-${TID}-00F067AA0BA902B7-01`],
    ['flags .0', `00-${TID}-${PID}-.0`],
    ['flags 0.', `00-${TID}-${PID}-0.`],
    ['flags 001 (too long)', `00-${TID}-${PID}-001`],
    ['flags 1 (too short)', `00-${TID}-${PID}-1`],
    ['uppercase flags', `00-${TID}-${PID}-0A`],
    ['two headers joined by fetch (test_traceparent_duplicated)', `${TP}, 00-${TID.replace(/2$/, '1')}-${PID}-01`],
    ['two headers joined without space', `${TP},${TP}`],
    ['two future-version headers joined', `cc-${TID}-${PID}-01, cc-${TID}-${PID}-01`],
    ['a newline is not OWS', `\n${TP}`],
    ['a non-breaking space is not OWS', `\u00a0${TP}`],
    ['wrong separators', `00_${TID}_${PID}_01`],
  ]
  it.each(rejected)('rejects %s', (_, value) => {
    expect(parseTraceparent(value)).toBeUndefined()
  })
})

describe('formatTraceparent', () => {
  it.each([
    [0x00, '00'], [0x01, '01'], [0x02, '02'], [0x03, '03'],
    [0x04, '00'], [0x10, '00'], [0x11, '01'], [0xff, '03'],
  ])('writes flags %i as two hex digits with unknown bits cleared: %s', (flags, hex) => {
    expect(formatTraceparent(TID, PID, flags)).toBe(`00-${TID}-${PID}-${hex}`)
  })

  it('downgrades a future version to 00 on output', () => {
    const parent = parseTraceparent(`cc-${TID}-${PID}-01-future`)!
    expect(formatTraceparent(parent.traceId, parent.spanId, parent.traceFlags)).toBe(TP)
  })

  it('round-trips through parseTraceparent', () => {
    const value = formatTraceparent(randomTraceId(), randomSpanId(), 0x03)
    expect(value).toMatch(HARNESS_TRACEPARENT)
    expect(formatTraceparent(...Object.values(parseTraceparent(value)!) as [string, string, number])).toBe(value)
  })
})

describe('parseTracestate', () => {
  const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_-*/'
  const VALUE_CHARS = [[0x20, 0x2b], [0x2d, 0x3c], [0x3e, 0x7e]]
    .map(([from, to]) => Array.from({ length: to! - from! + 1 }, (_, i) => String.fromCharCode(from! + i)).join('')).join('')

  const kept: ReadonlyArray<readonly [string, string, Record<string, string>]> = [
    ['two members (test_tracestate_included_traceparent_included)', 'foo=1,bar=2', { foo: '1', bar: '2' }],
    ['an empty member after', 'foo=1,', { foo: '1' }],
    ['an empty member before', ',foo=1', { foo: '1' }],
    ['empty and OWS-only members', ' , foo=1 ,\t, bar=2,,', { foo: '1', bar: '2' }],
    ['duplicated keys, first kept (test_tracestate_duplicated_keys)', 'foo=1,foo=2', { foo: '1' }],
    ['identical duplicates', 'foo=1,foo=1', { foo: '1' }],
    ['all allowed key and value characters', `${KEY_CHARS}=${VALUE_CHARS}`, { [KEY_CHARS]: VALUE_CHARS }],
    ['all allowed characters with a vendor', `${KEY_CHARS}@a-z0-9_-*/=${VALUE_CHARS}`, { [`${KEY_CHARS}@a-z0-9_-*/`]: VALUE_CHARS }],
    ['OWS around members (test_tracestate_ows_handling)', 'foo=1 \t , \t bar=2, \t baz=3', { foo: '1', bar: '2', baz: '3' }],
    ['tabs and spaces around members', 'foo=1\t \t,\t \tbar=2,\t \tbaz=3', { foo: '1', bar: '2', baz: '3' }],
    ['leading space', ' foo=1', { foo: '1' }],
    ['leading tab', '\tfoo=1', { foo: '1' }],
    ['trailing space', 'foo=1 ', { foo: '1' }],
    ['trailing tab', 'foo=1\t', { foo: '1' }],
    ['OWS both sides', '\t foo=1 \t', { foo: '1' }],
    ['a key ending in @ (Level 2 grammar)', 'foo@=1,bar=2', { 'foo@': '1', bar: '2' }],
    ['a key with @@', 'foo@@bar=1,bar=2', { 'foo@@bar': '1', bar: '2' }],
    ['a key with two @', 'foo@bar@baz=1,bar=2', { 'foo@bar@baz': '1', bar: '2' }],
    ['32 members (test_tracestate_member_count_limit)', bars(1, 32), { bar01: '01', bar32: '32' }],
    ['32 members and empty ones', `,${bars(1, 32)},, ,`, { bar01: '01', bar32: '32' }],
    ['a key of 256 characters (test_tracestate_key_length_limit)', `foo=1,${'z'.repeat(256)}=1`, { foo: '1', ['z'.repeat(256)]: '1' }],
    ['tenant 241 + @ + vendor 14', `foo=1,${'t'.repeat(241)}@${'v'.repeat(14)}=1`, { foo: '1' }],
    ['tenant 242 + @v (Level 2: only the total counts)', `foo=1,${'t'.repeat(242)}@v=1`, { foo: '1' }],
    ['t@ + vendor 15 (Level 2)', `foo=1,t@${'v'.repeat(15)}=1`, { foo: '1' }],
    ['a key starting with a digit', '1abc=1', { '1abc': '1' }],
    ['a value with inner and leading spaces', 'foo= a b', { foo: ' a b' }],
    ['a value of 256 characters', `foo=${'x'.repeat(256)}`, { foo: 'x'.repeat(256) }],
  ]
  it.each(kept)('keeps %s', (_, value, expected) => {
    const state = parseTracestate(value)
    expect(state).toBeDefined()
    for (const [key, text] of Object.entries(expected)) expect(state!.get(key)).toBe(text)
  })

  it('keeps the order of members', () => {
    expect(parseTracestate('foo=1,bar=2,rojo=1,congo=2,baz=3')!.serialize()).toBe('foo=1,bar=2,rojo=1,congo=2,baz=3')
    expect(parseTracestate(bars(1, 32))!.size).toBe(32)
  })

  const discarded: ReadonlyArray<readonly [string, string | null | undefined]> = [
    ['null', null],
    ['undefined', undefined],
    ['an empty header (test_tracestate_empty_header)', ''],
    ['only empty members', ' , ,\t'],
    ['a space inside a key (test_tracestate_key_illegal_characters)', 'foo =1'],
    ['an uppercase key', 'FOO=1'],
    ['an uppercase character later in a key', 'fOO=1'],
    ['a dot in a key', 'foo.bar=1'],
    ['a key starting with @ (test_tracestate_key_illegal_vendor_format)', '@foo=1,bar=2'],
    ['a key starting with _', '_foo=1'],
    ['33 members', bars(1, 33)],
    ['a key of 257 characters', `foo=1,${'z'.repeat(257)}=1`],
    ['= inside a value (test_tracestate_value_illegal_characters)', 'foo=bar=baz'],
    ['an empty value', 'foo=,bar=3'],
    ['a value of 257 characters', `foo=${'x'.repeat(257)}`],
    ['a value of spaces only', 'foo=   ,bar=1'],
    ['a tab inside a value', 'foo=a\tb'],
    ['DEL in a value', 'foo=a\x7fb'],
    ['a control character in a value', 'foo=a\x1fb'],
    ['non-ASCII in a value', 'foo=é'],
    ['an empty key', '=1'],
    ['a member without =', 'foo'],
    ['one bad member among good ones', 'foo=1,BAD=2,bar=3'],
  ]
  it.each(discarded)('discards the whole header for %s', (_, value) => {
    expect(parseTracestate(value)).toBeUndefined()
  })
})

describe('extractTraceContext', () => {
  it('returns undefined without a traceparent (test_both_traceparent_and_tracestate_missing)', () => {
    expect(extractTraceContext(new Headers())).toBeUndefined()
    expect(extractTraceContext({})).toBeUndefined()
    expect(extractTraceContext(null)).toBeUndefined()
  })

  it('returns the remote parent (test_traceparent_included_tracestate_missing)', () => {
    const expected: RemoteTraceContext = { traceId: TID, spanId: PID, traceFlags: 1, traceState: undefined, isRemote: true }
    expect(extractTraceContext(new Headers({ traceparent: TP }))).toEqual(expected)
    expect(extractTraceContext({ traceparent: TP })).toEqual(expected)
    expect(extractTraceContext({ traceparent: [TP] })).toEqual(expected)
    expect(extractTraceContext({ traceparent: TP, other: undefined })).toEqual(expected)
  })

  describe.each(HEADER_SHAPES)('from a %s', (_, build) => {
    const extract = (...pairs: Array<readonly [string, string]>): RemoteTraceContext | undefined => extractTraceContext(build(pairs))
    const stateOf = (...pairs: Array<readonly [string, string]>): string | undefined => extract(...pairs)?.traceState?.serialize()

    it.each(['TraceParent', 'TrAcEpArEnT', 'TRACEPARENT'])('accepts the header name %s', (name) => {
      expect(extract([name, TP])?.traceId).toBe(TID)
    })

    it.each(['trace-parent', 'trace.parent'])('ignores the header name %s', (name) => {
      expect(extract([name, TP])).toBeUndefined()
    })

    it('treats a repeated traceparent as invalid (test_traceparent_duplicated)', () => {
      expect(extract(['traceparent', `00-${TID.replace(/2$/, '1')}-${PID}-01`], ['traceparent', TP])).toBeUndefined()
      expect(extract(['traceparent', TP], ['traceparent', TP])).toBeUndefined()
    })

    it('discards a tracestate without a valid traceparent (test_tracestate_included_traceparent_missing)', () => {
      expect(extract(['tracestate', 'foo=1,bar=2'])).toBeUndefined()
      expect(extract(['traceparent', `00-${'0'.repeat(32)}-${PID}-01`], ['tracestate', 'foo=1'])).toBeUndefined()
    })

    it('inherits the tracestate (test_tracestate_included_traceparent_included)', () => {
      expect(stateOf(['traceparent', TP00], ['tracestate', 'foo=1,bar=2'])).toBe('foo=1,bar=2')
    })

    it.each(['trace-state', 'trace.state'])('ignores the tracestate header name %s', (name) => {
      const parent = extract(['traceparent', TP00], [name, 'foo=1'])
      expect(parent?.traceId).toBe(TID)
      expect(parent?.traceState).toBeUndefined()
    })

    it.each(['TraceState', 'TrAcEsTaTe', 'TRACESTATE'])('accepts the tracestate header name %s', (name) => {
      expect(stateOf(['traceparent', TP00], [name, 'foo=1'])).toBe('foo=1')
    })

    it('accepts empty tracestate headers (test_tracestate_empty_header)', () => {
      const alone = extract(['traceparent', TP00], ['tracestate', ''])
      expect(alone?.traceId).toBe(TID)
      expect(alone?.traceState).toBeUndefined()
      expect(stateOf(['traceparent', TP00], ['tracestate', 'foo=1'], ['tracestate', ''])).toBe('foo=1')
      expect(stateOf(['traceparent', TP00], ['tracestate', ''], ['tracestate', 'foo=1'])).toBe('foo=1')
    })

    it('combines tracestate headers in order (test_tracestate_multiple_headers_different_keys)', () => {
      const state = stateOf(['traceparent', TP00], ['tracestate', 'foo=1,bar=2'], ['tracestate', 'rojo=1,congo=2'], ['tracestate', 'baz=3'])
      expect(state).toBe('foo=1,bar=2,rojo=1,congo=2,baz=3')
    })

    it('keeps one of duplicated keys across headers (test_tracestate_duplicated_keys)', () => {
      expect(stateOf(['traceparent', TP00], ['tracestate', 'foo=1'], ['tracestate', 'foo=1'])).toBe('foo=1')
      expect(stateOf(['traceparent', TP00], ['tracestate', 'foo=1'], ['tracestate', 'foo=2'])).toBe('foo=1')
    })

    it('counts members over all headers (test_tracestate_member_count_limit)', () => {
      const headers = (last: string): Array<readonly [string, string]> =>
        [['traceparent', TP00], ['tracestate', bars(1, 10)], ['tracestate', bars(11, 20)], ['tracestate', bars(21, 30)], ['tracestate', last]]
      const kept = extract(...headers(bars(31, 32)))?.traceState
      expect(kept?.get('bar01')).toBe('01')
      expect(kept?.size).toBe(32)
      const dropped = extract(...headers(bars(31, 33)))
      expect(dropped?.traceId).toBe(TID)
      expect(dropped?.traceState).toBeUndefined()
    })

    it.each([
      ['256', 'z'.repeat(256), '1'],
      ['241@14', `${'t'.repeat(241)}@${'v'.repeat(14)}`, '1'],
      ['242@1', `${'t'.repeat(242)}@v`, '1'],
      ['1@15', `t@${'v'.repeat(15)}`, '1'],
      ['257', 'z'.repeat(257), undefined],
    ])('applies the key length limit across headers to a %s key (test_tracestate_key_length_limit)', (_, key, foo) => {
      const state = extract(['traceparent', TP00], ['tracestate', 'foo=1'], ['tracestate', `${key}=1`])?.traceState
      expect(state?.get('foo')).toBe(foo)
    })

    it('keeps a valid traceparent when the tracestate is invalid', () => {
      const parent = extract(['traceparent', TP], ['tracestate', 'foo=bar=baz'])
      expect(parent).toEqual({ traceId: TID, spanId: PID, traceFlags: 1, traceState: undefined, isRemote: true })
    })
  })

  it('treats the same header in two cases of a plain object as repeated', () => {
    expect(extractTraceContext({ traceparent: TP, TraceParent: TP })).toBeUndefined()
    expect(extractTraceContext({ traceparent: TP, tracestate: 'foo=1', TraceState: 'bar=2' })?.traceState?.serialize()).toBe('foo=1,bar=2')
  })

  it('reads single-value Lambda headers, where API Gateway v2 joins repeats with commas', () => {
    expect(extractTraceContext({ 'TraceParent': TP, 'x-other': 'y' })?.traceId).toBe(TID)
    expect(extractTraceContext({ traceparent: `${TP},${TP}` })).toBeUndefined()
    expect(extractTraceContext({ traceparent: [] })).toBeUndefined()
  })
})

describe('injectTraceContext', () => {
  const context = { traceId: TID, spanId: PID, traceFlags: 1 }

  it('sets traceparent and omits an empty or absent tracestate', () => {
    const headers = new Headers()
    injectTraceContext(headers, context)
    expect([...headers]).toEqual([['traceparent', TP]])
    injectTraceContext(headers, { ...context, traceState: new TraceState() })
    expect([...headers]).toEqual([['traceparent', TP]])
  })

  it('sets tracestate from any object with serialize()', () => {
    const headers = new Headers()
    injectTraceContext(headers, { ...context, traceState: parseTracestate('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE') })
    expect(headers.get('tracestate')).toBe('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')
  })

  it('replaces headers copied from the incoming request, whatever their case', () => {
    const headers = new Headers({ TraceParent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`, tracestate: 'old=1' })
    injectTraceContext(headers, context)
    expect([...headers]).toEqual([['traceparent', TP]])
    const record: Record<string, string> = { TraceParent: 'x', TRACESTATE: 'old=1', accept: '*/*' }
    injectTraceContext(record, { ...context, traceState: new TraceState().set('new', '1') })
    expect(record).toEqual({ accept: '*/*', traceparent: TP, tracestate: 'new=1' })
  })

  it.each([
    ['an all-zero trace-id', { ...context, traceId: '0'.repeat(32) }],
    ['an all-zero span-id', { ...context, spanId: '0'.repeat(16) }],
    ['an uppercase trace-id', { ...context, traceId: TID.replace('1', 'A') }],
    ['a short span-id', { ...context, spanId: '123' }],
  ])('writes nothing for %s', (_, bad) => {
    const headers = new Headers({ traceparent: TP })
    injectTraceContext(headers, bad)
    expect(headers.get('traceparent')).toBe(TP)
  })

  it('is read back by the OpenTelemetry W3C propagator', () => {
    const carrier: Record<string, string> = {}
    injectTraceContext(carrier, { traceId: TID, spanId: PID, traceFlags: 3, traceState: parseTracestate('foo=1,bar=2') })
    const extracted = new W3CTraceContextPropagator().extract(ROOT_CONTEXT, carrier, defaultTextMapGetter)
    const spanContext = trace.getSpanContext(extracted)
    expect(spanContext).toMatchObject({ traceId: TID, spanId: PID, traceFlags: 3, isRemote: true })
    expect(spanContext?.traceState?.serialize()).toBe('foo=1,bar=2')
  })
})

describe('propagation through a service (AdvancedTest, TraceContext2Test)', () => {
  const threeCalls = (incoming: HeadersLike): Array<{ traceId: string; spanId: string; traceFlags: number }> =>
    [1, 2, 3].map(() => {
      const value = callOut(incoming).get('traceparent')!
      expect(value).toMatch(HARNESS_TRACEPARENT)
      return parseTraceparent(value)!
    })

  it('keeps one trace-id and makes three parent-ids (test_multiple_requests_with_valid_traceparent)', () => {
    const calls = threeCalls(new Headers({ traceparent: TP }))
    expect(new Set(calls.map((c) => c.traceId))).toEqual(new Set([TID]))
    expect(new Set(calls.map((c) => c.spanId)).size).toBe(3)
  })

  it('makes three parent-ids without a traceparent (test_multiple_requests_without_traceparent)', () => {
    expect(new Set(threeCalls(new Headers()).map((c) => c.spanId)).size).toBe(3)
  })

  it('restarts on an all-zero trace-id (test_multiple_requests_with_illegal_traceparent)', () => {
    const calls = threeCalls(new Headers({ traceparent: `00-${'0'.repeat(32)}-${PID}-01` }))
    expect(calls.map((c) => c.traceId)).not.toContain('0'.repeat(32))
    expect(new Set(calls.map((c) => c.spanId)).size).toBe(3)
  })

  it('keeps the random flag, the trace-id, and changes the parent-id (TraceContext2Test)', () => {
    const [call] = threeCalls(new Headers({ traceparent: `00-${TID}-${PID}-02` }))
    expect(call!.traceId).toBe(TID)
    expect(call!.spanId).not.toBe(PID)
    expect(call!.traceFlags & TraceFlagBits.RANDOM_TRACE_ID).toBe(TraceFlagBits.RANDOM_TRACE_ID)
  })

  it('forwards a future version as 00 with the same trace-id', () => {
    const [call] = threeCalls({ traceparent: `cc-${TID}-${PID}-01-what-the-future-will-be-like` })
    expect(call!.traceId).toBe(TID)
  })

  it('forwards the tracestate unchanged when the service adds nothing', () => {
    expect(callOut(new Headers({ traceparent: TP, tracestate: 'foo=1 , bar=2' })).get('tracestate')).toBe('foo=1,bar=2')
  })
})

describe('TraceState', () => {
  it('implements the @opentelemetry/api TraceState interface', () => {
    const state: ApiTraceState = new TraceState().set('a', '1')
    expect(state.serialize()).toBe('a=1')
  })

  it('moves a new or updated key to the front and keeps the rest in order', () => {
    const state = parseTracestate('rojo=1,congo=2,baz=3')!
    expect(state.set('new', 'x').serialize()).toBe('new=x,rojo=1,congo=2,baz=3')
    expect(state.set('congo', 'y').serialize()).toBe('congo=y,rojo=1,baz=3')
    expect(state.serialize()).toBe('rojo=1,congo=2,baz=3')
  })

  it('drops the right-most entry past 32', () => {
    const full = parseTracestate(bars(1, 32))!
    const added = full.set('new', 'x')
    expect(added.size).toBe(32)
    expect(added.get('new')).toBe('x')
    expect(added.get('bar32')).toBeUndefined()
    expect(added.get('bar31')).toBe('31')
    expect(full.set('bar32', 'x').size).toBe(32)
    expect(full.set('bar32', 'x').get('bar01')).toBe('01')
  })

  it('removes keys with unset and reads them with get', () => {
    const state = parseTracestate('a=1,b=2,c=3')!
    expect(state.unset('b').serialize()).toBe('a=1,c=3')
    expect(state.unset('missing')).toBe(state)
    expect(state.get('c')).toBe('3')
    expect(state.get('b')).toBe('2')
    expect([...state.entries()]).toEqual([['a', '1'], ['b', '2'], ['c', '3']])
  })

  it.each([
    ['an uppercase key', 'Key', 'v'],
    ['a key starting with @', '@v', 'v'],
    ['an empty value', 'k', ''],
    ['a value with a comma', 'k', 'a,b'],
    ['a value with =', 'k', 'a=b'],
    ['a value ending in a space', 'k', 'a '],
  ])('ignores set() with %s', (_, key, value) => {
    const state = new TraceState().set('a', '1')
    expect(state.set(key, value)).toBe(state)
  })

  it('serializes up to 512 characters unchanged', () => {
    // 8 entries of 63 characters and 7 commas: exactly 512.
    const entries = Array.from({ length: 8 }, (_, i) => `k${i}=${'v'.repeat(60)}`)
    expect(parseTracestate(entries.join(','))!.serialize()).toBe(entries.join(','))
  })

  it('truncates past 512 characters by dropping entries from the end', () => {
    const entries = Array.from({ length: 10 }, (_, i) => `k${i}=${'v'.repeat(60)}`)
    expect(parseTracestate(entries.join(','))!.serialize()).toBe(entries.slice(0, 8).join(','))
  })

  it('truncates entries over 128 characters first, right-most first', () => {
    const short = Array.from({ length: 6 }, (_, i) => `k${i}=${'v'.repeat(60)}`)
    const long1 = `l1=${'x'.repeat(130)}`
    const long2 = `l2=${'y'.repeat(130)}`
    const state = parseTracestate([short[0], long1, short[1], long2, ...short.slice(2)].join(','))!
    // 6 × 63 + 2 × 133 + 7 = 651: dropping long2 leaves 517, dropping long1 too leaves 383.
    expect(state.serialize()).toBe(short.join(','))
    const oneLong = parseTracestate([long1, ...short].join(','))!
    // 133 + 6 × 63 + 6 = 517: the long entry goes, all short ones stay.
    expect(oneLong.serialize()).toBe(short.join(','))
  })

  it('drops an entry that alone exceeds 512 characters', () => {
    const huge = `${'k'.repeat(256)}=${'v'.repeat(256)}`
    expect(parseTracestate(`a=1,${huge}`)!.serialize()).toBe('a=1')
  })
})

describe('random ids', () => {
  afterEach(() => { vi.restoreAllMocks() })

  it('makes valid, distinct trace-ids and span-ids across pool refills', () => {
    const traceIds = new Set(Array.from({ length: 2000 }, randomTraceId))
    const spanIds = new Set(Array.from({ length: 2000 }, randomSpanId))
    expect(traceIds.size).toBe(2000)
    expect(spanIds.size).toBe(2000)
    for (const id of traceIds) expect(id).toMatch(/^(?!0{32})[0-9a-f]{32}$/)
    for (const id of spanIds) expect(id).toMatch(/^(?!0{16})[0-9a-f]{16}$/)
  })

  it('uses every hex digit', () => {
    const text = Array.from({ length: 200 }, randomTraceId).join('')
    expect(new Set(text).size).toBe(16)
  })

  it('never returns an all-zero id, even from zero random bytes', () => {
    // One whole pool fill (1,024 draws) of zeros, then real values again.
    let draws = 0
    const real = Math.random
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => (draws++ < 1024 ? 0 : real()))
    try {
      // Consume the rest of the current pool so the zero fill is actually read.
      for (let i = 0; draws === 0 && i < 1000; i++) expect(randomTraceId()).not.toBe('0'.repeat(32))
      expect(draws).toBeGreaterThan(1024)
      expect(randomSpanId()).not.toBe('0'.repeat(16))
    } finally {
      spy.mockRestore()
    }
  })

  it('makes version 4 UUIDs for instance ids', () => {
    const ids = new Set(Array.from({ length: 500 }, randomUuid))
    expect(ids.size).toBe(500)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
