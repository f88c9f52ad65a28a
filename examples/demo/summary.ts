/** The demo's closing summary, read back from lastcall's own snapshot. */
import type { FlushReport, HistogramPoint, Telemetry } from '../../src/index.js'
import { estimateQuantile } from '../../adapters/console/format.js'

export interface Outcome {
  readonly path: string
  readonly status: number
  readonly ms: number
}

export function printSummary(telemetry: Telemetry, outcomes: readonly Outcome[], final: FlushReport): void {
  const byStatus = new Map<number, number>()
  for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1)
  const lines = ['', '── summary ──', `requests: ${outcomes.length} (${[...byStatus].sort().map(([s, n]) => `${n}× ${s}`).join(', ')})`]
  const latency = telemetry.collect().find((m) => m.name === 'http_request_duration_seconds')
  if (latency?.kind === 'histogram') {
    for (const point of latency.points as HistogramPoint[]) {
      const p50 = estimateQuantile(latency.bounds, point, 0.5) ?? 0
      const p95 = estimateQuantile(latency.bounds, point, 0.95) ?? 0
      const { method, route, status } = point.labels
      lines.push(`  ${method} ${route} ${status}: ${point.count} request${point.count === 1 ? "" : "s"}, p50 ≈ ${(p50 * 1000).toFixed(0)} ms, p95 ≈ ${(p95 * 1000).toFixed(0)} ms`)
    }
  }
  for (const report of final.adapters) {
    lines.push(`flush to ${report.adapter}: ${report.ok ? 'ok' : `failed (${report.message ?? 'no detail'})`} in ${report.durationMs.toFixed(1)} ms`)
  }
  console.log(lines.join('\n'))
}
