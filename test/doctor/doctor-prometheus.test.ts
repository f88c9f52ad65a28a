/**
 * `lastcall doctor` against the real thing: Prometheus 2.42 with the
 * remote-write receiver, Prometheus without it, and Pushgateway 1.5.
 * Each run's verdict, fix and exit status are checked, and the backends
 * are asked what they stored.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWithRetries } from '../support/server-process.js'
import {
  backendsAvailable, PROMETHEUS_BIN, PUSHGATEWAY_BIN, queryPrometheus, startPrometheus, startPushgateway, waitUntil, type RunningServer,
} from '../support/prometheus.js'
import { runDoctor } from './run-doctor.js'

const backends = backendsAvailable(PROMETHEUS_BIN, PUSHGATEWAY_BIN)

/** Prometheus as many run it by mistake: no --web.enable-remote-write-receiver. */
function startPrometheusWithoutReceiver(): Promise<RunningServer> {
  return startWithRetries(PROMETHEUS_BIN, async (port) => {
    const dir = mkdtempSync(join(tmpdir(), 'lastcall-doctor-prom-'))
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\nscrape_configs: []\n')
    return { dir, args: [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'] }
  })
}

/** The Pushgateway's groups, as its API lists them: the grouping labels of each. */
async function pushgatewayGroups(url: string): Promise<Array<Record<string, string>>> {
  const response = await fetch(`${url}/api/v1/metrics`, { signal: AbortSignal.timeout(5000) })
  const body = (await response.json()) as { data: Array<{ labels: Record<string, string> }> }
  return body.data.map((group) => group.labels)
}

describe.skipIf(!backends.run)('lastcall doctor: real Prometheus and Pushgateway', () => {
  let prometheus: RunningServer
  let bare: RunningServer
  let gateway: RunningServer

  beforeAll(async () => {
    [prometheus, bare, gateway] = await Promise.all([startPrometheus(), startPrometheusWithoutReceiver(), startPushgateway()])
  })
  afterAll(async () => {
    await Promise.all([prometheus?.stop(), bare?.stop(), gateway?.stop()])
  })

  it('remote-write and Pushgateway from the environment: both ok, exit 0, data stored, test group deleted', async () => {
    const run = await runDoctor(['doctor', '--service', 'doctor-ok'], {
      LASTCALL_REMOTE_WRITE_URL: `${prometheus.url}/api/v1/write`,
      LASTCALL_PUSHGATEWAY_URL: gateway.url,
    })
    expect(run.stdout).toContain('remote-write: ok')
    expect(run.stdout).toMatch(/reachable yes \(HTTP 204 in \d+ ms; 1 attempt\)/)
    expect(run.stdout).toContain('accepted  1 metric point of lastcall_doctor_checks_total, stored by the receiver')
    expect(run.stdout).toContain('pushgateway: ok')
    expect(run.stdout).toMatch(/PUT .*\/metrics\/job\/doctor-ok\/instance\/\S+ -> HTTP 200/)
    expect(run.stdout).toMatch(/DELETE .*\/metrics\/job\/doctor-ok\/instance\/\S+ -> HTTP 202/)
    expect(run.stdout).toContain('the test group was deleted again')
    expect(run.code).toBe(0)

    const stored = await waitUntil(async () => (await queryPrometheus(prometheus.url, 'lastcall_doctor_checks_total{job="doctor-ok",backend="remote-write"}'))[0]?.value === 1, 10_000)
    expect(stored, 'Prometheus holds the doctor counter').toBe(true)
    expect((await pushgatewayGroups(gateway.url)).filter((g) => g['job'] === 'doctor-ok')).toEqual([])
  })

  it('Prometheus without the receiver flag: 404 and the flag to add, exit 1', async () => {
    const run = await runDoctor(['doctor', '--remote-write', `${bare.url}/api/v1/write`])
    expect(run.stdout).toContain('remote-write: FAILED')
    expect(run.stdout).toContain('HTTP 404: remote write receiver needs to be enabled')
    expect(run.stdout).toMatch(/fix +start Prometheus with --web\.enable-remote-write-receiver: it is a command-line flag, not a prometheus\.yml setting/)
    expect(run.code).toBe(1)
  })

  it('a Mimir path on Prometheus: the path each receiver uses', async () => {
    const run = await runDoctor(['doctor', '--remote-write', `${prometheus.url}/api/v1/push`])
    expect(run.stdout).toContain('HTTP 404')
    expect(run.stdout).toMatch(/fix +nothing receives at \/api\/v1\/push: \/api\/v1\/push is Mimir's and Cortex's path; Prometheus and VictoriaMetrics receive at \/api\/v1\/write/)
    expect(run.code).toBe(1)
  })

  it('a Pushgateway 400 shows the Pushgateway\'s reason and what to do', async () => {
    // Another group already holds the doctor's metric name as a gauge: the Pushgateway must refuse a counter of that name.
    const seeded = await fetch(`${gateway.url}/metrics/job/other`, {
      method: 'PUT', body: '# TYPE lastcall_doctor_checks_total gauge\nlastcall_doctor_checks_total 1\n', signal: AbortSignal.timeout(5000),
    })
    expect(seeded.status).toBe(200)
    try {
      const run = await runDoctor(['doctor', '--pushgateway', gateway.url])
      expect(run.stdout).toContain('pushgateway: FAILED')
      expect(run.stdout).toMatch(/error +HTTP 400: pushed metrics are invalid or inconsistent with existing metrics/)
      // The reason ends the body. The Pushgateway words it from whichever group it checks first ("is not a
      // GAUGE" or "is not a COUNTER"); when the adapter's 256-character cut hides it, the doctor prints the whole
      // body on a `response` line, so the reason must appear on one of the two lines.
      expect(run.stdout).toMatch(/(error +HTTP 400:|response) +pushed metrics .* is not a (GAUGE|COUNTER)/)
      expect(run.stdout).toMatch(/fix +the Pushgateway gave its reason above/)
      expect(run.code).toBe(1)
    } finally {
      await fetch(`${gateway.url}/metrics/job/other`, { method: 'DELETE', signal: AbortSignal.timeout(5000) })
    }
  })

  it('a Pushgateway URL with /metrics/job/… already in it', async () => {
    const run = await runDoctor(['doctor', '--pushgateway', `${gateway.url}/metrics/job/mine`])
    expect(run.stdout).toContain('pushgateway: FAILED')
    expect(run.stdout).toMatch(/fix +the URL is the Pushgateway's base, .*remove the \/metrics\/job\/… part from the URL/)
    expect(run.code).toBe(1)
  })

  it('one failing backend fails the run, the other is still reported ok', async () => {
    const run = await runDoctor(['doctor', '--remote-write', `${bare.url}/api/v1/write`, '--pushgateway', gateway.url, '--json'])
    const parsed = JSON.parse(run.stdout) as { ok: boolean; backends: Array<{ backend: string; ok: boolean; status: number }> }
    expect(parsed.ok).toBe(false)
    expect(parsed.backends.map((b) => [b.backend, b.ok, b.status])).toEqual([['remote-write', false, 404], ['pushgateway', true, 200]])
    expect(run.code).toBe(1)
  })
})
