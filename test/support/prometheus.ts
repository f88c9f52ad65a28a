/**
 * Real Prometheus 2.42 and Pushgateway 1.5 for integration tests: started
 * on free loopback ports with temporary storage, awaited on `/-/ready`,
 * and stopped (temp dirs removed) afterwards. Every wait is bounded.
 *
 * Binaries come from the Debian packages (`.ci/run` installs them); set
 * PROMETHEUS_BIN / PUSHGATEWAY_BIN to use others. When one is missing the
 * tests fail under CI=true and are skipped, loudly, elsewhere.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { executable, startWithRetries, type RunningServer } from './server-process.js'

export { freePort, type RunningServer } from './server-process.js'

export const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus'
export const PUSHGATEWAY_BIN = process.env['PUSHGATEWAY_BIN'] ?? '/usr/bin/prometheus-pushgateway'

/**
 * Whether the given binaries exist. Use as `describe.skipIf(!backends.run)`:
 * under CI=true `run` stays true so the suite fails in `beforeAll` instead
 * of being skipped; elsewhere a missing binary is announced and skipped.
 */
export function backendsAvailable(...binaries: string[]): { run: boolean; missing: string[] } {
  const missing = binaries.filter((path) => !executable(path))
  if (missing.length === 0) return { run: true, missing }
  if (process.env['CI'] === 'true') return { run: true, missing }
  const line = '!'.repeat(78)
  console.warn(`\n${line}\n!! SKIPPING Prometheus integration tests: missing ${missing.join(', ')}\n!! Install the Debian packages prometheus and prometheus-pushgateway (as .ci/run does).\n${line}\n`)
  return { run: false, missing }
}

/** The binary's path, or an error saying how to install it (what CI=true turns into a failure). */
function required(binary: string): string {
  if (!executable(binary)) throw new Error(`${binary} is missing: install the Debian packages prometheus and prometheus-pushgateway, as .ci/run does`)
  return binary
}

/** Starts Pushgateway 1.5 on a free port, in memory. */
export async function startPushgateway(): Promise<RunningServer> {
  // Debian's build persists to /var/lib/prometheus/pushgateway.data by default; an empty value keeps it in memory.
  return startWithRetries(required(PUSHGATEWAY_BIN), async (port) => ({ args: [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--log.level=warn'] }))
}

/** Options of `startPrometheus`. */
export interface PrometheusOptions {
  /** A Pushgateway to scrape every second with honor_labels: true. */
  readonly scrapePushgateway?: RunningServer
}

/** Starts Prometheus 2.42 with the remote-write receiver and a temporary TSDB. */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningServer> {
  return startWithRetries(required(PROMETHEUS_BIN), async (port) => {
    const dir = mkdtempSync(join(tmpdir(), 'lastcall-prometheus-'))
    writeFileSync(join(dir, 'prometheus.yml'), prometheusConfig(options))
    return {
      dir,
      args: [
        `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`, '--web.enable-remote-write-receiver', '--log.level=warn',
      ],
    }
  })
}

function prometheusConfig(options: PrometheusOptions): string {
  const lines = ['global:', '  scrape_interval: 1s', '  evaluation_interval: 1s', 'scrape_configs:']
  if (options.scrapePushgateway === undefined) return `${lines.join('\n')} []\n`
  lines.push('  - job_name: pushgateway', '    honor_labels: true', '    scrape_interval: 1s', '    static_configs:', `      - targets: ['${options.scrapePushgateway.address}']`)
  return `${lines.join('\n')}\n`
}

/** One element of an instant-vector result. */
export interface VectorSample {
  readonly metric: Record<string, string>
  /** Go's float text, parsed: `NaN`, `+Inf` and `-Inf` included. */
  readonly value: number
}

/**
 * Runs an instant PromQL query (at `timeMs` when given) and returns the vector.
 * @example const [total] = await queryPrometheus(prometheus.url, 'sum(http_requests_total)')
 */
export async function queryPrometheus(url: string, promql: string, timeMs?: number): Promise<VectorSample[]> {
  const params = new URLSearchParams({ query: promql })
  if (timeMs !== undefined) params.set('time', (timeMs / 1000).toFixed(3))
  const response = await fetch(`${url}/api/v1/query?${params}`, { signal: AbortSignal.timeout(10_000) })
  const body = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> } }
  if (body.status !== 'success' || body.data === undefined) throw new Error(`query ${promql} failed: ${body.error ?? response.status}`)
  if (body.data.resultType !== 'vector') throw new Error(`query ${promql} returned a ${body.data.resultType}, not a vector`)
  return body.data.result.map(({ metric, value }) => ({ metric, value: parseGoFloat(value[1]) }))
}

function parseGoFloat(text: string): number {
  if (text === '+Inf') return Infinity
  if (text === '-Inf') return -Infinity
  return Number(text)
}

/**
 * Polls `check` until it returns true or `timeoutMs` passes; returns the last result.
 * @example await waitUntil(async () => (await queryPrometheus(url, 'up')).length > 0, 15_000)
 */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return true
    if (Date.now() >= deadline) return false
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
