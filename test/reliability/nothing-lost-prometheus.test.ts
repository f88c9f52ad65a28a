/**
 * Nothing lost, cumulative backends: a chaos proxy (fixed seed) in front of
 * the real Prometheus 2.42 remote-write receiver and the real Pushgateway
 * 1.5 fails a third of the pushes (503, reset, hang until the client's
 * deadline) while a fleet of instances with cold starts serves thousands of
 * invocations, each flushing. Once the proxies heal and every instance
 * flushes once more, PromQL returns the ground truth exactly, for the
 * remote-written series and for the Pushgateway's (scraped with honor_labels).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { remoteWrite } from '../../adapters/prometheus-remote-write/index.js'
import { pushgateway } from '../../adapters/pushgateway/index.js'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js'
import { Fleet, type Truth } from '../support/ground-truth.js'
import { backendsAvailable, PROMETHEUS_BIN, PUSHGATEWAY_BIN, queryPrometheus, startPrometheus, startPushgateway, waitUntil, type RunningServer } from '../support/prometheus.js'
import { chaosMode, failedShare, flushEach, runSchedule, sorted } from './support/chaos.js'

const backends = backendsAvailable(PROMETHEUS_BIN, PUSHGATEWAY_BIN)

type Totals = Record<string, Record<string, number>>

function expected(truth: Truth): Totals {
  return { requests: sorted(truth.requests), count: sorted(truth.count), sum: sorted(truth.sum), buckets: sorted(truth.buckets) }
}

/** What PromQL says now for one job, in the shape of `Truth`. */
async function stored(url: string, job: string): Promise<Totals> {
  const q = async (promql: string, key: (m: Record<string, string>) => string): Promise<Record<string, number>> =>
    sorted(new Map((await queryPrometheus(url, promql)).map(({ metric, value }) => [key(metric), value])))
  const sel = `{job="${job}"}`
  return {
    requests: await q(`sum by (route, status) (gt_requests_total${sel})`, (m) => `${m['route']} ${m['status']}`),
    count: await q(`sum by (route) (gt_latency_seconds_count${sel})`, (m) => `${m['route']}`),
    sum: await q(`sum by (route) (gt_latency_seconds_sum${sel})`, (m) => `${m['route']}`),
    buckets: await q(`sum by (route, le) (gt_latency_seconds_bucket${sel})`, (m) => `${m['route']} ${m['le']}`),
  }
}

describe.skipIf(!backends.run)('nothing lost: chaos in front of real Prometheus and Pushgateway', () => {
  let prometheus: RunningServer
  let pgw: RunningServer
  let rwProxy: FaultProxy
  let pgwProxy: FaultProxy

  beforeAll(async () => {
    pgw = await startPushgateway()
    prometheus = await startPrometheus({ scrapePushgateway: pgw })
    rwProxy = await startFaultProxy(prometheus.url)
    pgwProxy = await startFaultProxy(pgw.url)
  })
  afterAll(async () => {
    await rwProxy?.close()
    await pgwProxy?.close()
    await prometheus?.stop()
    await pgw?.stop()
  })

  it('totals equal the ground truth after a third of the pushes failed at random', async () => {
    rwProxy.setMode(chaosMode(20260101))
    pgwProxy.setMode(chaosMode(20260102))
    const fleet = new Fleet({
      // Hangs cost a whole deadline per wave; 1.5 s keeps every other request, and the final flush of the whole fleet, far inside it.
      service: 'chaos', seed: 7, flushTimeoutMs: 1_500,
      adapters: () => [remoteWrite({ url: `${rwProxy.url}/api/v1/write`, job: 'chaos_rw' }), pushgateway({ url: pgwProxy.url, job: 'chaos_pgw' })],
    })
    const invocations = await runSchedule(fleet, { phases: 5, coldStartsPerPhase: 12, wavesPerPhase: 3, concurrency: 4 })

    const rw = failedShare(rwProxy)
    const pg = failedShare(pgwProxy)
    console.info(`chaos: ${invocations} invocations on ${fleet.instances.length} instances; remote-write ${rw.failed}/${rw.total} pushes failed, Pushgateway ${pg.failed}/${pg.total}`)
    expect(invocations).toBeGreaterThanOrEqual(2000)
    for (const share of [rw.share, pg.share]) {
      expect(share).toBeGreaterThan(0.25)
      expect(share).toBeLessThan(0.42)
    }

    rwProxy.setMode({ kind: 'forward' })
    pgwProxy.setMode({ kind: 'forward' })
    // In batches, as the delta suites do: the whole fleet at once makes its encodes queue behind each other on a loaded machine.
    const healed = await flushEach(fleet, 10)
    // Both backends take totals, so a flush the deadline still cut loses nothing: those instances flush once more.
    const cut = fleet.instances.filter((_, i) => healed[i]?.ok !== true)
    if (cut.length > 0) console.warn(`${cut.length} healed flushes hit the deadline on a loaded machine; flushing them again: ${JSON.stringify(healed.filter((r) => !r.ok))}`)
    const again = await Promise.all(cut.map(({ telemetry }) => telemetry.flush()))
    expect(again.every((report) => report.ok), JSON.stringify(again.filter((r) => !r.ok))).toBe(true)

    const want = expected(fleet.truth)
    expect(await stored(prometheus.url, 'chaos_rw')).toEqual(want)
    // Prometheus scrapes the Pushgateway every second; wait for a scrape after the last push.
    const total = fleet.totalIncrements
    const scraped = await waitUntil(async () => (await queryPrometheus(prometheus.url, 'sum(gt_requests_total{job="chaos_pgw"})'))[0]?.value === total, 20_000)
    expect(scraped).toBe(true)
    expect(await stored(prometheus.url, 'chaos_pgw')).toEqual(want)
  })
})
