/**
 * The encoded series kept on the ledger across flushes (series-block.ts,
 * request-body.ts): every request must be, byte for byte, what the uncached
 * encoder writes for the same stamped groups, however values, timestamps,
 * series and labels change between flushes; and a steady flush must reuse
 * the blocks where they are.
 */
import { describe, expect, it } from 'vitest'
import type { HistogramMetricData, HistogramPoint, MetricData, NumberMetricData } from '../../src/index.js'
import { compareUtf8 } from '../../adapters/prometheus-remote-write/labels.js'
import { encodeChunk, splitGroups } from '../../adapters/prometheus-remote-write/requests.js'
import { seriesGroups } from '../../adapters/prometheus-remote-write/series.js'
import { SeriesLedger, type Settlement, type StampedGroup } from '../../adapters/prometheus-remote-write/series-ledger.js'
import { encodeWriteRequest } from '../../adapters/prometheus-remote-write/write-request.js'
import { at, histogramFamily, numberFamily } from '../support/prom-batches.js'
import { snappyDecode } from '../support/prom-decode.js'

const IDENTITY = { job: 'api', instance: 'i-1', external: { region: 'eu' } }
const KEY = 'api\u0000i-1'
const T = 1_700_000_000_000

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

interface Flush {
  readonly stamped: StampedGroup[]
  readonly chunks: StampedGroup[][]
}

/** One flush as the adapter makes it, every request checked against the uncached encoder, then settled. */
function flush(ledger: SeriesLedger, metrics: readonly MetricData[], maxSamples = 2000, settlement: Settlement = 'delivered'): Flush {
  const cache = ledger.labelCache(KEY)
  const stamped = ledger.stamp(KEY, seriesGroups(metrics, IDENTITY, cache), cache)
  const chunks = splitGroups(stamped, maxSamples)
  for (const chunk of chunks) {
    expect(hex(snappyDecode(encodeChunk(chunk)))).toBe(hex(reference(chunk)))
    ledger.settle(chunk, settlement)
  }
  return { stamped, chunks }
}

/** The same request through `encodeWriteRequest`, which caches nothing. */
function reference(chunk: readonly StampedGroup[]): Uint8Array {
  return encodeWriteRequest(chunk.flatMap(({ group, ms, zeroMs }) => group.extras.map((extra, i) => {
    const value = group.values[i] as number
    return {
      labels: [...group.base, ...extra].sort((a, b) => compareUtf8(a[0], b[0])),
      samples: zeroMs === undefined ? [{ value, timestampMs: ms }] : [{ value: 0, timestampMs: zeroMs }, { value, timestampMs: ms }],
    }
  })))
}

function counter(values: Record<string, number>, name = 'jobs_total'): NumberMetricData {
  return numberFamily('counter', name, Object.entries(values).map(([route, value]) => [{ route }, value]))
}

function histogram(observations: number[], bounds: readonly number[] = [0.1, 1], name = 'latency_seconds'): HistogramMetricData {
  return histogramFamily(name, bounds, [[{ route: '/a' }, observations], [{ route: '/b' }, observations.map((o) => o * 2)]])
}

describe('series blocks cached on the ledger', () => {
  it('writes what a fresh encoding writes, flush after flush, as values and times change', () => {
    const ledger = new SeriesLedger()
    // Prometheus' stale marker, a NaN with a payload: it must leave as the plain quiet NaN, as the encoder writes it.
    const stale = new Float64Array(new Uint32Array([2, 0x7ff00000]).buffer)[0] as number
    const values = [0, 1, NaN, -0, Infinity, 2 ** 53, stale, 0.1 + 0.2]
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number
      flush(ledger, at([counter({ '/a': value, '/b': i }), histogram([value, i / 10, 0.05])], T + i * 1000))
    }
  })

  it('reuses each point\'s block in place once its series are steady', () => {
    const ledger = new SeriesLedger()
    const metrics = [counter({ '/a': 1, '/b': 2 }), histogram([0.2, 3])]
    flush(ledger, at(metrics, T))
    const steady = flush(ledger, at(metrics, T + 1000)).stamped.map((s) => s.state.block)
    const next = flush(ledger, at(metrics, T + 2000)).stamped.map((s) => s.state.block)
    expect(steady.every((block) => block !== undefined)).toBe(true)
    expect(next).toEqual(steady)
    next.forEach((block, i) => expect(block).toBe(steady[i]))
    // Side by side in one buffer: the body of the next flush is made without copying.
    const buffers = new Set(next.map((block) => block?.bytes.buffer))
    expect(buffers.size).toBe(1)
  })

  it('follows series that come and go, and requests whose boundaries move', () => {
    const ledger = new SeriesLedger()
    const sets: Array<Record<string, number>> = [
      { '/a': 1, '/b': 2, '/c': 3 },
      { '/a': 2, '/c': 4 },
      { '/a': 3, '/c': 5, '/d': 1 },
      { '/b': 9, '/a': 4, '/c': 6, '/d': 2 },
    ]
    sets.forEach((set, i) => flush(ledger, at([counter(set), histogram([i])], T + i * 1000), 3 + i))
  })

  it('rebuilds a block when a timestamp\'s varint gains a byte, with or without the zero sample', () => {
    // 2^35 ms needs six varint bytes, one ms earlier five: the zero sample and its sample straddle the step.
    const step = 2 ** 35
    const ledger = new SeriesLedger()
    const metrics = [counter({ '/a': 1 }), histogram([0.5])]
    for (const time of [step, step, step + 1, 2 ** 42 - 1, 2 ** 42, 2 ** 49 + 7]) flush(ledger, at(metrics, time))
    // The ledger keeps timestamps increasing when the clock does not move.
    const still = new SeriesLedger()
    for (let i = 0; i < 3; i++) flush(still, at(metrics, 2 ** 14 - 2))
  })

  it('follows labels that change under a steady series: a new label object, new bounds, a family that changes kind', () => {
    const ledger = new SeriesLedger()
    // One label object throughout, so that only the family's own labels change where noted.
    const labels = Object.freeze({ a: '2' })
    const point = { key: 'k', startTimeMs: T, timeMs: T }
    const x = (own = labels): NumberMetricData => ({ ...counter({}, 'x'), points: [{ ...point, labels: own, value: 1 }] })
    const h = (bounds: number[]): HistogramMetricData => {
      const family = histogram([0.5], bounds, 'x')
      return { ...family, points: [{ ...(family.points[0] as HistogramPoint), key: 'k', labels }] }
    }
    // Each set of labels is sent twice: the first flush of a series carries its zero sample, the second is steady.
    const sets = [[x(Object.freeze({ a: '1' }))], [x()], [h([1])], [h([1, 2])], [h([1, 3])], [{ ...x(), kind: 'gauge' as const }], [x()]]
    let time = T
    for (const metrics of sets) for (let i = 0; i < 2; i++) flush(ledger, at(metrics, time++))
  })

  it('writes the zero sample\'s new timestamp while a new series keeps failing to arrive', () => {
    const ledger = new SeriesLedger()
    const metrics = [counter({ '/a': 1 }), histogram([0.5])]
    for (let i = 0; i < 3; i++) {
      const { stamped } = flush(ledger, at(metrics, T + i * 1000), 2000, 'not-ingested')
      expect(stamped.every((s) => s.zeroMs === T + i * 1000 - 1)).toBe(true)
    }
  })

  it('encodes labels that are not frozen anew every flush, so a changed object is never served stale', () => {
    const ledger = new SeriesLedger()
    const labels: Record<string, string> = { route: '/a' }
    const family = (): NumberMetricData => ({ ...counter({}, 'open_total'), points: [{ key: 'k', labels, value: 1, startTimeMs: T, timeMs: T }] })
    flush(ledger, [family()])
    labels['route'] = '/b'
    const { stamped } = flush(ledger, at([family()], T + 1))
    expect(stamped[0]?.state.block).toBeUndefined()
  })

  it('keeps two points that share one ledger state apart in one request', () => {
    const ledger = new SeriesLedger()
    const twice = (value: number): NumberMetricData => {
      const one = counter({ '/a': value })
      return { ...one, points: [...one.points, ...one.points.map((p) => ({ ...p, value: value + 1 }))] }
    }
    for (let i = 0; i < 3; i++) flush(ledger, at([twice(i)], T + i))
  })

  it('keeps a family\'s labels only while the family is sent, and blocks only while their series are', () => {
    const ledger = new SeriesLedger()
    const a = counter({ '/a': 1 }, 'a_total')
    const b = counter({ '/a': 1 }, 'b_total')
    const extrasOf = (stamped: StampedGroup[], family: string) => stamped.find((s) => s.group.family === family)?.group.extras
    const first = flush(ledger, at([a, b], T)).stamped
    const kept = flush(ledger, at([a, b], T + 1)).stamped
    expect(extrasOf(kept, 'a_total')).toBe(extrasOf(first, 'a_total'))
    const block = kept.find((s) => s.group.family === 'b_total')?.state.block
    expect(block).toBeDefined()
    flush(ledger, at([a], T + 2))
    const back = flush(ledger, at([a, b], T + 3)).stamped
    // Gone for a flush, b_total starts over: new labels, a new state (with its zero sample) and a new block.
    expect(extrasOf(back, 'b_total')).not.toBe(extrasOf(kept, 'b_total'))
    expect(back.find((s) => s.group.family === 'b_total')?.zeroMs).toBeDefined()
    expect(back.find((s) => s.group.family === 'b_total')?.state.block).not.toBe(block)
  })
})
