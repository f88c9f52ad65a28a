/**
 * remoteWrite against a real Prometheus 2.42 (--web.enable-remote-write-
 * receiver): a fleet of instances with cold starts and concurrent
 * invocations flushes after every invocation; PromQL must then give the
 * ground truth exactly, `increase()` over the run included, also after
 * the backend failed for a while and recovered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createExportContext } from '../../src/index.js'
import { remoteWrite } from '../../adapters/prometheus-remote-write/index.js'
import { at, batchOf, numberFamily } from '../support/prom-batches.js'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js'
import { Fleet, manualClock, type Truth } from '../support/ground-truth.js'
import { backendsAvailable, PROMETHEUS_BIN, queryPrometheus, startPrometheus, type RunningServer } from '../support/prometheus.js'

const backends = backendsAvailable(PROMETHEUS_BIN)

/** PromQL results for one job at one time, in the shape of `Truth`. */
async function stored(url: string, job: string, timeMs: number, increase = false): Promise<Record<string, Record<string, number>>> {
  const q = async (promql: string, key: (m: Record<string, string>) => string): Promise<Record<string, number>> => {
    const out: Record<string, number> = {}
    for (const { metric, value } of await queryPrometheus(url, promql, timeMs)) out[key(metric)] = value
    return out
  }
  const sel = `{job="${job}"}`
  const wrap = (name: string): string => (increase ? `increase(${name}${sel}[1h])` : `${name}${sel}`)
  return {
    requests: await q(`sum by (route, status) (${wrap('gt_requests_total')})`, (m) => `${m['route']} ${m['status']}`),
    count: await q(`sum by (route) (${wrap('gt_latency_seconds_count')})`, (m) => `${m['route']}`),
    sum: await q(`sum by (route) (gt_latency_seconds_sum${sel})`, (m) => `${m['route']}`),
    buckets: await q(`sum by (route, le) (${wrap('gt_latency_seconds_bucket')})`, (m) => `${m['route']} ${m['le']}`),
  }
}

function expected(truth: Truth): Record<string, Record<string, number>> {
  return {
    requests: Object.fromEntries(truth.requests), count: Object.fromEntries(truth.count),
    sum: Object.fromEntries(truth.sum), buckets: Object.fromEntries(truth.buckets),
  }
}

describe.skipIf(!backends.run)('remoteWrite → real Prometheus 2.42', () => {
  let prometheus: RunningServer
  const writeUrl = (): string => `${prometheus.url}/api/v1/write`

  beforeAll(async () => {
    prometheus = await startPrometheus()
  })
  afterAll(async () => {
    await prometheus?.stop()
  })

  it('sums and increase() equal the ground truth for a fleet with cold starts and concurrent invocations', async () => {
    const start = Date.now() - 10 * 60_000
    const clock = manualClock(start)
    const fleet = new Fleet({ service: 'gt_happy', adapters: () => [remoteWrite({ url: writeUrl() })], clock })
    for (let wave = 0; wave < 24; wave++) {
      // The clock stands still within a wave, as on Workers: timestamps must still increase per series.
      clock.set(start + wave * 1000)
      if (wave % 4 === 0) for (let i = 0; i < 3; i++) fleet.coldStart()
      await fleet.wave(6)
    }
    const end = start + 60_000
    clock.set(end)
    const reports = await fleet.flushAll()
    expect(reports.every((r) => r.ok)).toBe(true)
    expect(fleet.instances).toHaveLength(18)
    expect(fleet.totalIncrements).toBeGreaterThan(2000)

    expect(await stored(prometheus.url, 'gt_happy', end)).toEqual(expected(fleet.truth))
    const increases = await stored(prometheus.url, 'gt_happy', end, true)
    expect(increases.requests).toEqual(expected(fleet.truth).requests)
    expect(increases.count).toEqual(expected(fleet.truth).count)
    expect(increases.buckets).toEqual(expected(fleet.truth).buckets)
    // Every series of every instance is its own: one instance label per cold start.
    const instances = await queryPrometheus(prometheus.url, 'count(count by (instance) (gt_requests_total{job="gt_happy"}))', end)
    expect(instances[0]?.value).toBe(18)
    const failures = await queryPrometheus(prometheus.url, 'sum(lastcall_flush_failures_total{job="gt_happy"})', end)
    expect(failures[0]?.value).toBe(0)
  })

  describe('recovery after failures', () => {
    let proxy: FaultProxy
    beforeAll(async () => {
      proxy = await startFaultProxy(prometheus.url)
    })
    afterAll(async () => {
      await proxy?.close()
    })

    it('is exact, increase() included, after 503s, 429 with Retry-After and refused connections', async () => {
      const start = Date.now() - 10 * 60_000
      const clock = manualClock(start)
      const flushTimeoutMs = 2500
      const fleet = new Fleet({ service: 'gt_recover', adapters: () => [remoteWrite({ url: `${proxy.url}/api/v1/write` })], clock, flushTimeoutMs, seed: 7 })
      const phases: Array<[string, () => Promise<void>]> = [
        ['healthy', async () => proxy.setMode({ kind: 'forward' })],
        ['503', async () => proxy.setMode({ kind: 'status', status: 503 })],
        ['429', async () => proxy.setMode({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, times: 3 })],
        ['refused', () => proxy.refuse()],
        ['recovered', () => proxy.listen().then(() => proxy.setMode({ kind: 'forward' }))],
      ]
      let wave = 0
      for (const [name, enter] of phases) {
        await enter()
        // New routes appear while the backend is down: their first sample must still count.
        if (name === '503') fleet.routes = ['/a', '/b', '/c/:id', '/late']
        for (let i = 0; i < 3; i++, wave++) {
          clock.set(start + wave * 1000)
          if (i === 0) fleet.coldStart()
          const before = performance.now()
          await fleet.wave(3)
          // Each invocation ends with a flush bounded by its deadline, even against a dead backend.
          expect(performance.now() - before).toBeLessThan(flushTimeoutMs * 3 + 2000)
        }
      }
      expect(proxy.counts.failed).toBeGreaterThan(0)
      expect(Math.max(...fleet.invocationMs)).toBeLessThan(flushTimeoutMs + 1500)
      const end = start + 60_000
      clock.set(end)
      expect((await fleet.flushAll()).every((r) => r.ok)).toBe(true)

      expect(await stored(prometheus.url, 'gt_recover', end)).toEqual(expected(fleet.truth))
      const increases = await stored(prometheus.url, 'gt_recover', end, true)
      expect(increases.requests).toEqual(expected(fleet.truth).requests)
      expect(increases.count).toEqual(expected(fleet.truth).count)
    })

    it('has exact totals after hangs and 400s, whose outcome the sender cannot know', async () => {
      const start = Date.now() - 10 * 60_000
      const clock = manualClock(start)
      const fleet = new Fleet({ service: 'gt_unknown', adapters: () => [remoteWrite({ url: `${proxy.url}/api/v1/write` })], clock, flushTimeoutMs: 800, seed: 9 })
      const modes = [{ kind: 'forward' }, { kind: 'hang' }, { kind: 'status', status: 400 }, { kind: 'forward' }] as const
      for (let phase = 0; phase < modes.length; phase++) {
        proxy.setMode(modes[phase]!)
        fleet.coldStart()
        clock.set(start + phase * 1000)
        await fleet.wave(3)
      }
      expect(proxy.counts.hung).toBeGreaterThan(0)
      const end = start + 60_000
      clock.set(end)
      expect((await fleet.flushAll()).every((r) => r.ok)).toBe(true)
      expect(await stored(prometheus.url, 'gt_unknown', end)).toEqual(expected(fleet.truth))
    })
  })

  it('stores label values with quotes, backslashes, newlines, slashes and unicode verbatim, and NaN as NaN', async () => {
    const values = ['say "hi"', 'C:\\DIR\\FILE', 'two\nlines', '/var/tmp', 'Προμηθεύς ☃ 🚀']
    const timeMs = Date.now() - 60_000
    const family = numberFamily('gauge', 'rw_escape_check', [...values.map((v, i): [Record<string, string>, number] => [{ v, i: String(i) }, i]), [{ v: 'nan', i: 'nan' }, NaN]])
    const { context, dispose } = createExportContext({ timeoutMs: 5000 })
    try {
      const outcome = await remoteWrite({ url: writeUrl(), labels: { region: 'eu' } }).export(batchOf(at([family], timeMs), { service: 'rw_escape', timeMs }), context)
      expect(outcome).toMatchObject({ ok: true, status: 204 })
    } finally {
      dispose()
    }
    const result = await queryPrometheus(prometheus.url, 'rw_escape_check{job="rw_escape"}', timeMs)
    const byIndex = Object.fromEntries(result.map((r) => [r.metric['i'], r]))
    values.forEach((v, i) => {
      expect(byIndex[String(i)]?.metric).toMatchObject({ v, region: 'eu', instance: 'instance-1' })
      expect(byIndex[String(i)]?.value).toBe(i)
    })
    expect(byIndex['nan']?.value).toBeNaN()
  })

  it('is accepted by Prometheus when flushes repeat at one clock reading with new values', async () => {
    const timeMs = Date.now() - 30_000
    const adapter = remoteWrite({ url: writeUrl() })
    for (let value = 1; value <= 3; value++) {
      const { context, dispose } = createExportContext({ timeoutMs: 5000 })
      // Same snapshot time, different value: without strictly increasing timestamps Prometheus answers 400.
      const outcome = await adapter.export(batchOf([numberFamily('counter', 'rw_frozen_total', [[{}, value]], timeMs)], { service: 'rw_frozen', timeMs }), context)
      dispose()
      expect(outcome).toMatchObject({ ok: true, status: 204 })
    }
    const [latest] = await queryPrometheus(prometheus.url, 'rw_frozen_total{job="rw_frozen"}', timeMs + 10)
    expect(latest?.value).toBe(3)
    const [increase] = await queryPrometheus(prometheus.url, 'increase(rw_frozen_total{job="rw_frozen"}[1h])', timeMs + 2)
    expect(increase?.value).toBe(3)
  })
})
