/**
 * The "fix:" lines of the doctor: what a failed check most likely means
 * and what to change. Connection failures are the same for every backend
 * and are read here; HTTP answers depend on the protocol (status-hints.ts).
 */
import type { CheckResult } from './check.js'
import { statusHints } from './status-hints.js'

const TLS = /^(CERT_|SELF_SIGNED|UNABLE_TO_|DEPTH_ZERO|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH)/

/**
 * The fixes to print for a check; empty when it passed.
 * @example fixHints(result, 5000) // ['start Prometheus with --web.enable-remote-write-receiver …']
 */
export function fixHints(result: CheckResult, timeoutMs: number): string[] {
  if (result.configError !== undefined) {
    return [`the configuration was rejected before anything was sent: ${result.configError}`]
  }
  if (result.ok) return []
  const hints = [...networkHints(result, timeoutMs), ...statusHints(result)]
  if (hints.length > 0) return hints
  return ['see the error above; run again with a longer --timeout to tell a slow backend from a broken one']
}

function networkHints(result: CheckResult, timeoutMs: number): string[] {
  const codes = new Set(result.requests.map((r) => r.error).filter((c): c is string => c !== undefined))
  const where = hostOf(result)
  const hints: string[] = []
  if (codes.has('ECONNREFUSED')) {
    hints.push(`nothing accepts connections at ${where}: the host or port is wrong, or the backend is not running (default ports: Prometheus 9090, Pushgateway 9091, OTLP/HTTP 4318)`)
  }
  if (codes.has('ENOTFOUND') || codes.has('EAI_AGAIN')) {
    hints.push(`the host name of ${where} does not resolve: check its spelling, and DNS or VPN from where you run this`)
  }
  if (codes.has('ECONNRESET') || codes.has('UND_ERR_SOCKET') || codes.has('EPROTO')) {
    hints.push('the connection was closed without an answer: an http:// URL on an https-only port (or the reverse), or a proxy in the way')
  }
  const tls = [...codes].find((code) => TLS.test(code))
  if (tls !== undefined) hints.push(`TLS failed (${tls}): for a private certificate authority set NODE_EXTRA_CA_CERTS=/path/to/ca.pem`)
  const timedOut = result.report?.timedOut === true || codes.has('AbortError') || codes.has('TimeoutError')
  if (timedOut && hints.length === 0) {
    hints.push(`no answer within ${timeoutMs} ms: a firewall or security group may drop the packets, or the backend is overloaded; try a longer --timeout (a function flushes within flushTimeoutMs, 2000 ms by default)`)
  }
  if (result.target.kind === 'otlp' && result.requests.some((r) => portOf(r.url) === '4317')) {
    hints.push('port 4317 is OTLP/gRPC; lastcall sends OTLP/HTTP, which collectors serve on port 4318')
  }
  return hints
}

function hostOf(result: CheckResult): string {
  const url = result.requests[0]?.url
  if (url === undefined) return 'the configured address'
  try {
    return new URL(url).host
  } catch {
    return 'the configured address'
  }
}

function portOf(url: string): string {
  try {
    return new URL(url).port
  } catch {
    return ''
  }
}
