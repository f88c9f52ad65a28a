/**
 * The dashboard against what lastcall really sends: two instances push
 * the workload through the remote-write adapter into a real Prometheus
 * 2.42 that evaluates deploy/prometheus/recording-rules.yml. Every panel
 * query must then return data, and never an `instance` label: serverless
 * instances are many and short-lived, so every panel sums over them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { remoteWrite } from '../../adapters/prometheus-remote-write/index.js'
import { startWithRetries } from '../support/server-process.js'
import { backendsAvailable, PROMETHEUS_BIN, queryPrometheus, waitUntil, type RunningServer } from '../support/prometheus.js'
import { loadDashboard, panelQueries, PROMETHEUS_DIR } from './deploy-files.js'
import { exercise, workloadTelemetry } from './workload.js'

const backends = backendsAvailable(PROMETHEUS_BIN)
const JOB = 'dashboard-check'

/** Prometheus with the receiver on and the recording rules evaluated every second. */
function startPrometheusWithRules(): Promise<RunningServer> {
  return startWithRetries(PROMETHEUS_BIN, async (port) => {
    const dir = mkdtempSync(join(tmpdir(), 'lastcall-dashboard-prom-'))
    const config = ['global:', '  evaluation_interval: 1s', 'rule_files:', `  - ${JSON.stringify(`${PROMETHEUS_DIR}recording-rules.yml`)}`, 'scrape_configs: []', '']
    writeFileSync(join(dir, 'prometheus.yml'), config.join('\n'))
    return {
      dir,
      args: [
        `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`, '--web.enable-remote-write-receiver', '--log.level=warn',
      ],
    }
  })
}

/** A panel query as Grafana sends it with job = the test's job and every route. */
function asSent(expr: string): string {
  return expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', JOB).replaceAll('$route', '.*')
}

describe.skipIf(!backends.run)('dashboard queries on real lastcall data', () => {
  let prometheus: RunningServer

  beforeAll(async () => {
    prometheus = await startPrometheusWithRules()
    const instances = [0, 1].map(() => workloadTelemetry(JOB, [remoteWrite({ url: `${prometheus.url}/api/v1/write` })]))
    // Three flushes a second apart: rate() needs two samples, and lastcall's flush metrics appear from the second flush.
    for (let round = 0; round < 3; round++) {
      for (const telemetry of instances) {
        exercise(telemetry)
        const report = await telemetry.flush()
        expect(report.ok, JSON.stringify(report)).toBe(true)
      }
      await new Promise((resolve) => setTimeout(resolve, 1100))
    }
    const recorded = await waitUntil(async () => (await queryPrometheus(prometheus.url, `job:faas_coldstarts:rate5m{job="${JOB}"}`)).length > 0, 20_000)
    expect(recorded, 'the recording rules produced series').toBe(true)
  })

  afterAll(async () => {
    await prometheus?.stop()
  })

  it.each(panelQueries(loadDashboard()).map((q) => [q.where, q.expr]))('%s returns data summed over instances', async (_where, expr) => {
    const result = await queryPrometheus(prometheus.url, asSent(expr))
    expect(result.length).toBeGreaterThan(0)
    for (const sample of result) expect(Object.keys(sample.metric)).not.toContain('instance')
  })

  it('the headline numbers are what the two instances sent', async () => {
    const [inFlight] = await queryPrometheus(prometheus.url, `sum(http_requests_in_flight{job="${JOB}"})`)
    // Each instance raised its in-flight gauge once per round.
    expect(inFlight?.value).toBe(6)
    const [coldStarts] = await queryPrometheus(prometheus.url, `sum(faas_coldstarts_total{job="${JOB}"})`)
    expect(coldStarts?.value).toBe(6)
    const statuses = await queryPrometheus(prometheus.url, `sum by (status) (job_route_status:http_requests:rate5m{job="${JOB}"})`)
    expect(statuses.map((s) => s.metric['status']).sort()).toEqual(['200', '404', '500'])
  })
})
