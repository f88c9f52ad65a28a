/**
 * pushgateway() against a real Pushgateway 1.5 scraped by a real
 * Prometheus 2.42 (honor_labels: true, every second): pushes pass the
 * consistency checks with hostile label values and HELP text, bucket
 * bounds print exactly as Go prints them, a fleet's totals arrive exact,
 * and groups are deleted at shutdown when asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createExportContext, type ExportBatch, type ExportOutcome } from '../../src/index.js'
import { formatBucketBound } from '../../src/core/exposition/index.js'
import { pushgateway, type PushgatewayOptions } from '../../adapters/pushgateway/index.js'
import { batchOf, histogramFamily, numberFamily } from '../support/prom-batches.js'
import { Fleet, type Truth } from '../support/ground-truth.js'
import {
  backendsAvailable, PROMETHEUS_BIN, PUSHGATEWAY_BIN, queryPrometheus, startPrometheus, startPushgateway, waitUntil, type RunningServer,
} from '../support/prometheus.js'

const backends = backendsAvailable(PROMETHEUS_BIN, PUSHGATEWAY_BIN)

interface GroupJson { labels: Record<string, string>; [family: string]: unknown }

async function groups(pgw: RunningServer): Promise<GroupJson[]> {
  const response = await fetch(`${pgw.url}/api/v1/metrics`, { signal: AbortSignal.timeout(5000) })
  return ((await response.json()) as { data: GroupJson[] }).data
}

async function push(options: PushgatewayOptions, batch: ExportBatch): Promise<ExportOutcome> {
  const { context, dispose } = createExportContext({ timeoutMs: 5000 })
  try {
    return await pushgateway(options).export(batch, context)
  } finally {
    dispose()
  }
}

describe.skipIf(!backends.run)('pushgateway → real Pushgateway 1.5 → real Prometheus 2.42', () => {
  let pgw: RunningServer
  let prometheus: RunningServer

  beforeAll(async () => {
    pgw = await startPushgateway()
    prometheus = await startPrometheus({ scrapePushgateway: pgw })
  })
  afterAll(async () => {
    await prometheus?.stop()
    await pgw?.stop()
  })

  it('passes the consistency checks with quotes, backslashes, newlines, slashes, unicode and empty strings', async () => {
    const values = ['say "hi"', 'C:\\DIR\\FILE.TXT', 'two\nlines', '/var/tmp', 'Προμηθεύς ☃ 🚀', '']
    const help = 'Help with a \\ backslash, "quotes" and a\nnewline.'
    const batch = batchOf([numberFamily('counter', 'pgw_escape_total', values.map((v, i): [Record<string, string>, number] => [{ v, i: String(i) }, i + 1]), Date.now(), help)], { service: 'escape', instanceId: 'i/1' })
    const outcome = await push({ url: pgw.url, groupingKey: { path: '/var/tmp', empty: '', uni: 'Προμηθεύς', spaced: 'a b%c' } }, batch)
    expect(outcome).toMatchObject({ ok: true, status: 200 })

    const group = (await groups(pgw)).find((g) => g.labels['job'] === 'escape')
    expect(group?.labels).toEqual({ job: 'escape', instance: 'i/1', path: '/var/tmp', empty: '', uni: 'Προμηθεύς', spaced: 'a b%c' })

    const scraped = await waitUntil(async () => (await queryPrometheus(prometheus.url, 'pgw_escape_total')).length === values.length, 15_000)
    expect(scraped).toBe(true)
    const result = await queryPrometheus(prometheus.url, 'pgw_escape_total')
    for (const [i, v] of values.entries()) {
      const series = result.find((r) => r.metric['i'] === String(i))
      expect(series?.value).toBe(i + 1)
      expect(series?.metric['v']).toBe(v === '' ? undefined : v)
      expect(series?.metric).toMatchObject({ job: 'escape', instance: 'i/1', path: '/var/tmp', uni: 'Προμηθεύς' })
    }
    const metadata = await (await fetch(`${prometheus.url}/api/v1/metadata?metric=pgw_escape_total`)).json() as { data: Record<string, Array<{ help: string }>> }
    expect(metadata.data['pgw_escape_total']?.[0]?.help).toBe(help)
  })

  it('formats le exactly as Go does (the Pushgateway re-renders what it parsed)', async () => {
    const bounds = [1e-9, 2.5e-7, 1e-5, 0.0001, 0.005, 0.1, 0.30000000000000004, 1, 2.5, 99999, 100000, 123456.7, 1e6, 1234567, 3.3e10, 1e21]
    expect(await push({ url: pgw.url, job: 'le_check' }, batchOf([histogramFamily('pgw_le_check', bounds, [[{}, [1]]])]))).toMatchObject({ ok: true })
    const text = await (await fetch(`${pgw.url}/metrics`)).text()
    const printed = text.split('\n').filter((line) => line.startsWith('pgw_le_check_bucket')).map((line) => /le="([^"]+)"/.exec(line)?.[1])
    expect(printed).toEqual([...bounds.map(formatBucketBound), '+Inf'])
  })

  it('reports a push the Pushgateway rejects (400) once, without retrying', async () => {
    expect(await push({ url: pgw.url, job: 'conflict_a' }, batchOf([numberFamily('counter', 'pgw_conflict', [[{}, 1]])]))).toMatchObject({ ok: true })
    // The same name with another type in another group fails the consistency check.
    const outcome = await push({ url: pgw.url, job: 'conflict_b' }, batchOf([numberFamily('gauge', 'pgw_conflict', [[{}, 1]])]))
    expect(outcome).toMatchObject({ ok: false, status: 400, attempts: 1 })
    expect(outcome.message).toMatch(/^HTTP 400: /)
  })

  it('delivers exact totals from a fleet with cold starts and concurrent invocations, and deletes groups at shutdown', async () => {
    const fleet = new Fleet({ service: 'gt_pgw', adapters: () => [pushgateway({ url: pgw.url, deleteOnShutdown: true })], seed: 3 })
    for (let wave = 0; wave < 24; wave++) {
      if (wave % 4 === 0) for (let i = 0; i < 2; i++) fleet.coldStart()
      await fleet.wave(6)
    }
    expect((await fleet.flushAll()).every((r) => r.ok)).toBe(true)
    expect(fleet.totalIncrements).toBeGreaterThan(1000)
    expect((await groups(pgw)).filter((g) => g.labels['job'] === 'gt_pgw')).toHaveLength(12)

    const want = expectedTotals(fleet.truth)
    const arrived = await waitUntil(async () => (await queryPrometheus(prometheus.url, 'sum(gt_requests_total{job="gt_pgw"})'))[0]?.value === fleet.totalIncrements, 20_000)
    expect(arrived).toBe(true)
    expect(await storedTotals(prometheus.url)).toEqual(want)

    // Twelve shutdowns at once, each a final push and a DELETE. Under a full parallel run this once
    // found one group left; shutdown returns at its deadline (2 s by default), so a DELETE slowed by
    // the load is the likely cause. The deadline is not what this test is about.
    await fleet.shutdownAll({ timeoutMs: 15_000 })
    expect((await groups(pgw)).filter((g) => g.labels['job'] === 'gt_pgw')).toHaveLength(0)
  })
})

function expectedTotals(truth: Truth): Record<string, Record<string, number>> {
  return { requests: Object.fromEntries(truth.requests), count: Object.fromEntries(truth.count), sum: Object.fromEntries(truth.sum), buckets: Object.fromEntries(truth.buckets) }
}

async function storedTotals(url: string): Promise<Record<string, Record<string, number>>> {
  const q = async (promql: string, key: (m: Record<string, string>) => string): Promise<Record<string, number>> =>
    Object.fromEntries((await queryPrometheus(url, promql)).map(({ metric, value }) => [key(metric), value]))
  return {
    requests: await q('sum by (route, status) (gt_requests_total{job="gt_pgw"})', (m) => `${m['route']} ${m['status']}`),
    count: await q('sum by (route) (gt_latency_seconds_count{job="gt_pgw"})', (m) => `${m['route']}`),
    sum: await q('sum by (route) (gt_latency_seconds_sum{job="gt_pgw"})', (m) => `${m['route']}`),
    buckets: await q('sum by (route, le) (gt_latency_seconds_bucket{job="gt_pgw"})', (m) => `${m['route']} ${m['le']}`),
  }
}
