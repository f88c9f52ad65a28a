/**
 * Remote-write, 1,000 and 10,000 series (7,500 and 75,000 wire series):
 * lastcall's pure encoding path (series from the snapshot, timestamps from
 * the ledger in its steady state, protobuf, snappy) against
 * prometheus-remote-write's `pushTimeseries`, whose serialize and compress
 * path runs whole with a `fetch` that only takes the body. Both build one
 * request, as prometheus-remote-write always does.
 */
import { pushTimeseries } from 'prometheus-remote-write'
import type { MetricData } from '../../src/index.js'
import * as rwSeries from '../../adapters/prometheus-remote-write/series.js'
import * as rwLedger from '../../adapters/prometheus-remote-write/series-ledger.js'
import * as rwRequests from '../../adapters/prometheus-remote-write/requests.js'
import { timeCases, report, unavailable, type Case, type Figure } from '../lib/measure.js'
import { lastcallMetrics } from './fixtures.js'

const JOB = 'bench'

interface Encoder {
  /** Snapshot to snappy-compressed WriteRequest bodies. */
  encode(metrics: readonly MetricData[]): Uint8Array[]
  /** Marks every series delivered, as after a successful first flush. */
  settle(metrics: readonly MetricData[]): void
}

/** The lastcall encoding path for one instance, or why it cannot be measured. */
function lastcallEncoder(instance: string): Encoder | string {
  const { seriesGroups } = rwSeries
  const { SeriesLedger } = rwLedger
  const { splitGroups, encodeChunk } = rwRequests
  if (typeof seriesGroups !== 'function' || typeof SeriesLedger !== 'function' || typeof splitGroups !== 'function' || typeof encodeChunk !== 'function') {
    return 'the remote-write encoder functions (seriesGroups, SeriesLedger, splitGroups, encodeChunk) are not there'
  }
  const ledger = new SeriesLedger()
  const key = `${JOB}\u0000${instance}`
  const identity = { job: JOB, instance, external: {} }
  const stamp = (metrics: readonly MetricData[]) => {
    const cache = ledger.labelCache(key)
    return ledger.stamp(key, seriesGroups(metrics, identity, cache), cache)
  }
  return {
    encode: (metrics) => splitGroups(stamp(metrics), Number.MAX_SAFE_INTEGER).map(encodeChunk),
    settle: (metrics) => ledger.settle(stamp(metrics), 'delivered'),
  }
}

type PeerSeries = { labels: { __name__: string; [k: string]: string }; samples: { value: number; timestamp: number }[] }

/** The same wire series as prometheus-remote-write input: label objects and one sample each. */
function peerTimeseries(metrics: readonly MetricData[], instance: string, timestamp: number): PeerSeries[] {
  const out: PeerSeries[] = []
  for (const family of metrics) {
    for (const point of family.points) {
      const base = { job: JOB, instance, ...point.labels }
      if (family.kind !== 'histogram') {
        out.push({ labels: { __name__: family.name, ...base }, samples: [{ value: point.value, timestamp }] })
        continue
      }
      let cumulative = 0
      ;[...family.bounds.map(String), '+Inf'].forEach((le, i) => {
        cumulative += point.bucketCounts[i] ?? 0
        out.push({ labels: { __name__: `${family.name}_bucket`, ...base, le }, samples: [{ value: cumulative, timestamp }] })
      })
      out.push({ labels: { __name__: `${family.name}_sum`, ...base }, samples: [{ value: point.sum, timestamp }] })
      out.push({ labels: { __name__: `${family.name}_count`, ...base }, samples: [{ value: point.count, timestamp }] })
    }
  }
  return out
}

/** A fetch that receives the compressed body and answers 204, so no network is involved. */
const sink = async () => ({ status: 204, statusText: 'No Content', text: async () => '' })

const cases: Case[] = []
const missing: Figure[] = []
for (const series of [1000, 10_000]) {
  const telemetry = lastcallMetrics(series)
  const metrics = telemetry.collect()
  const instance = telemetry.resource.instanceId
  const encoder = lastcallEncoder(instance)
  if (typeof encoder === 'string') missing.push(unavailable(`rw.${series}`, 'lastcall', encoder))
  else {
    // Steady state: the series were delivered before, so no leading zero samples.
    encoder.settle(metrics)
    cases.push({ id: `rw.${series}`, lib: 'lastcall', fn: () => encoder.encode(metrics) })
  }
  const timeseries = peerTimeseries(metrics, instance, Date.now())
  cases.push({ id: `rw.${series}`, lib: 'prometheus-remote-write', fn: () => pushTimeseries(timeseries, { url: 'http://127.0.0.1/api/v1/write', fetch: sink }) })
}

report('encoding-remote-write', [...missing, ...(await timeCases(cases))])
