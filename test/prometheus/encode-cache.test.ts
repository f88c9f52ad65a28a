/**
 * The flush-time caches and the word-at-a-time snappy matcher: cached label
 * bytes must equal a fresh encoding, follow the series they belong to, and
 * the compressed body must stay valid snappy for every way a match can end.
 */
import { describe, expect, it } from 'vitest'
import { snappyCompress } from '../../adapters/prometheus-remote-write/snappy.js'
import { encodeChunk, splitGroups } from '../../adapters/prometheus-remote-write/requests.js'
import { encodeWriteRequest } from '../../adapters/prometheus-remote-write/write-request.js'
import type { LabelPair } from '../../adapters/prometheus-remote-write/labels.js'
import type { StampedGroup } from '../../adapters/prometheus-remote-write/series-ledger.js'
import { snappyDecode } from '../support/prom-decode.js'

const roundTrip = (input: Uint8Array): Uint8Array => snappyDecode(snappyCompress(input))

describe('snappyCompress matcher', () => {
  it('ends matches at each byte of a four-byte word', () => {
    const unit = new TextEncoder().encode('__name__http_requests_total{job="api"}')
    for (let cut = 0; cut < 8; cut++) {
      // Each repeat differs from the last one `cut` bytes into a word, so the match ends there.
      const parts: number[] = []
      for (let r = 0; r < 40; r++) {
        const copy = [...unit]
        copy[(r * 4 + cut) % copy.length] = r & 0xff
        parts.push(...copy)
      }
      const input = Uint8Array.from(parts)
      expect(roundTrip(input)).toEqual(input)
    }
  })

  it('reads a subarray from its own offset, not the start of its buffer', () => {
    const backing = new Uint8Array(5000)
    for (let i = 0; i < backing.length; i++) backing[i] = i % 7 === 0 ? i & 0xff : 0x61
    const view = backing.subarray(13, 4013)
    expect(roundTrip(view)).toEqual(view.slice())
  })

  it('leaves nothing of an earlier, longer input in a later output', () => {
    const long = new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff)
    const short = new TextEncoder().encode('abcabcabcabcabcabcabcabc-short-tail')
    roundTrip(long)
    expect(roundTrip(short)).toEqual(short)
    expect(roundTrip(long)).toEqual(long)
  })

  it('handles matches that run up to block ends and inputs just past them', () => {
    for (const length of [65_535, 65_536, 65_537, 65_536 + 15, 131_072 + 3]) {
      const input = new Uint8Array(length).map((_, i) => (i % 251 === 0 ? 1 : 0))
      expect(roundTrip(input)).toEqual(input)
    }
  })
})

/** A stamped group of one point; `series` gives each wire series' extra labels and value. */
function stamped(family: string, base: readonly LabelPair[], series: Array<[readonly LabelPair[], number]>, ms: number, zeroMs?: number): StampedGroup {
  return {
    group: { family, point: family, monotonic: true, timeMs: ms, base, extras: series.map(([extra]) => extra), values: series.map(([, value]) => value) },
    state: { lastMs: ms, delivered: true, uncertain: false },
    zeroMs,
    ms,
  }
}

/** The same request through the uncached encoder. */
function reference(chunk: readonly StampedGroup[]): Uint8Array {
  return encodeWriteRequest(chunk.flatMap(({ group, ms, zeroMs }) => group.extras.map((extra, i) => ({
    labels: [...group.base, ...extra].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    samples: zeroMs === undefined ? [{ value: group.values[i]!, timestampMs: ms }] : [{ value: 0, timestampMs: zeroMs }, { value: group.values[i]!, timestampMs: ms }],
  }))))
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

describe('encodeChunk with cached label bytes', () => {
  const base = Object.freeze([['instance', 'i-1'], ['job', 'api'], ['route', '/users/:id']] as LabelPair[])

  it('writes the bytes of a fresh encoding, flush after flush, with values and times that change', () => {
    for (let flush = 0; flush < 3; flush++) {
      // New extra arrays every flush, as seriesGroups builds them.
      const chunk = [
        stamped('h', base, [[[['__name__', 'h_bucket'], ['le', '0.1']], flush], [[['__name__', 'h_bucket'], ['le', '+Inf']], flush + 1], [[['__name__', 'h_sum']], NaN]], 1_700_000_000_000 + flush, flush === 0 ? 1_699_999_999_999 : undefined),
        stamped('c', Object.freeze([['job', 'api']] as LabelPair[]), [[[['__name__', 'c_total']], 2 ** 40 + flush]], 5 + flush * 200),
      ]
      expect(hex(snappyDecode(encodeChunk(chunk)))).toBe(hex(reference(chunk)))
    }
  })

  it('keeps the labels of two families apart when they share one base (the empty label set)', () => {
    const empty = Object.freeze([] as LabelPair[])
    const a = [stamped('a', empty, [[[['__name__', 'a_total']], 1]], 10)]
    const b = [stamped('b', empty, [[[['__name__', 'b_total']], 2]], 10)]
    for (let i = 0; i < 2; i++) {
      expect(hex(snappyDecode(encodeChunk(a)))).toBe(hex(reference(a)))
      expect(hex(snappyDecode(encodeChunk(b)))).toBe(hex(reference(b)))
    }
  })

  it('encodes a base that is not frozen every time, so a changed array is never served stale', () => {
    const open: LabelPair[] = [['job', 'a']]
    const first = [stamped('f', open, [[[['__name__', 'f']], 1]], 1)]
    expect(hex(snappyDecode(encodeChunk(first)))).toBe(hex(reference(first)))
    open[0] = ['job', 'b']
    expect(hex(snappyDecode(encodeChunk(first)))).toBe(hex(reference(first)))
  })

  it('sizes requests from the same label bytes it sends', () => {
    const groups = Array.from({ length: 50 }, (_, i) => stamped('g', Object.freeze([['k', `v${i}`.repeat(50)]] as LabelPair[]), [[[['__name__', 'g']], i]], 1))
    const chunks = splitGroups(groups, 1000, 2000)
    expect(chunks.length).toBeGreaterThan(1)
    for (const chunk of chunks) expect(snappyDecode(encodeChunk(chunk)).length).toBeLessThanOrEqual(2000)
  })
})
