/**
 * What the doctor says about one backend, as plain data (printed with
 * --json) and as text. Secrets are removed here, once, for both forms.
 */
import { DOCTOR_COUNTER, type CheckResult } from './check.js'
import { fixHints } from './hints.js'
import { redactData } from './redact.js'

/** One backend in the doctor's output. */
export interface BackendView {
  readonly backend: string
  readonly ok: boolean
  /** The flag or variables that configured it. */
  readonly source: string
  /** What was configured, `NAME=value`. */
  readonly config: string
  readonly auth: string | null
  /** Whether any request got an HTTP answer; null where nothing is sent (CloudWatch EMF). PutMetricData counts from the SDK's report. */
  readonly reachable: boolean | null
  readonly status: number | null
  /** Time to the first answer, ms. */
  readonly latencyMs: number | null
  readonly flushMs: number | null
  readonly attempts: number
  readonly timedOut: boolean
  readonly accepted: string | null
  readonly error: string | null
  /** The full error answer, when the adapter's message had to cut it short. */
  readonly response: string | null
  readonly requests: ReadonlyArray<{ method: string; url: string; status: number | null; ms: number; error: string | null }>
  readonly warnings: readonly string[]
  readonly fixes: readonly string[]
}

/**
 * The view of one check, with every secret the target knows masked.
 * @example const view = backendView(result, 5000)
 */
export function backendView(result: CheckResult, timeoutMs: number): BackendView {
  const { target, report } = result
  const answered = result.requests.find((r) => r.status !== undefined)
  const emf = target.kind === 'cloudwatch' && result.emfLines.length > 0
  // PutMetricData goes through the AWS SDK's own transport, which the recording fetch does not see: the report says what came back.
  const viaSdk = target.kind === 'cloudwatch' && !emf
  const view: BackendView = {
    backend: target.kind,
    ok: result.ok,
    source: target.source,
    config: target.config,
    auth: target.auth ?? null,
    reachable: emf ? null : viaSdk ? report?.status !== undefined : answered !== undefined,
    status: answered?.status ?? report?.status ?? null,
    latencyMs: answered?.ms ?? null,
    flushMs: report === undefined ? null : Math.round(report.durationMs),
    attempts: report?.attempts ?? 0,
    timedOut: report?.timedOut ?? false,
    accepted: accepted(result),
    error: result.configError ?? (result.ok ? null : report?.message ?? 'failed'),
    response: fullResponse(result),
    requests: result.requests.map((r) => ({ method: r.method, url: r.url, status: r.status ?? null, ms: r.ms, error: r.error ?? null })),
    warnings: result.warnings,
    fixes: fixHints(result, timeoutMs),
  }
  return redactData(view, target.secrets)
}

function fullResponse(result: CheckResult): string | null {
  const message = result.report?.message
  if (result.ok || message === undefined || !message.includes('…')) return null
  return result.requests.find((r) => r.body !== undefined && r.body !== '')?.body ?? null
}

function accepted(result: CheckResult): string | null {
  const report = result.report
  if (report === undefined || (!result.ok && (report.rejected ?? 0) === 0)) return null
  const points = plural(report.points, 'metric point')
  switch (result.target.kind) {
    case 'remote-write':
      return `${points} of ${DOCTOR_COUNTER}, stored by the receiver`
    case 'pushgateway': {
      const deleted = result.requests.some((r) => r.method === 'DELETE' && r.status === 202)
      return `${points} of ${DOCTOR_COUNTER} in group job/instance${deleted ? '; the test group was deleted again' : ''}`
    }
    case 'otlp': {
      const rejected = report.rejected === undefined ? '' : `; the collector rejected ${report.rejected}`
      return `${points} and ${plural(report.spans, 'span')}${rejected}`
    }
    case 'cloudwatch':
      // A rejected datum is dropped for good here, not accepted in part as with OTLP.
      if (!result.ok) return null
      return result.emfLines.length > 0
        ? `${plural(result.emfLines.length, 'EMF document')} written, not sent: in Lambda, CloudWatch Logs turns these stdout lines into metrics`
        : `${points} sent with PutMetricData`
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/**
 * The views as the doctor prints them without --json.
 * @example host.write(formatText(views, { service: 'lastcall-doctor', timeoutMs: 5000 }))
 */
export function formatText(views: readonly BackendView[], options: { service: string; timeoutMs: number }): string {
  const lines = [`lastcall doctor: ${plural(views.length, 'backend')}, service ${options.service}, timeout ${options.timeoutMs} ms`, '']
  for (const view of views) {
    lines.push(`${view.backend}: ${view.ok ? 'ok' : 'FAILED'}`)
    const row = (label: string, text: string): void => void lines.push(`  ${label.padEnd(10)}${text}`)
    row('config', view.config)
    if (view.auth !== null) row('auth', view.auth)
    row('reachable', reachability(view))
    for (const r of view.requests) row('request', `${r.method} ${r.url} -> ${r.status === null ? r.error ?? 'no answer' : `HTTP ${r.status}`} in ${r.ms} ms`)
    if (view.accepted !== null) row('accepted', view.accepted)
    if (view.error !== null) row('error', view.error)
    if (view.response !== null) row('response', view.response)
    for (const warning of view.warnings) row('warning', warning)
    for (const fix of view.fixes) row('fix', fix)
    lines.push('')
  }
  const failed = views.filter((v) => !v.ok).length
  lines.push(failed === 0 ? `all ${plural(views.length, 'backend')} ok` : `${failed} of ${plural(views.length, 'backend')} failed`)
  return `${lines.join('\n')}\n`
}

function reachability(view: BackendView): string {
  if (view.reachable === null) return 'n/a (EMF is written to stdout, nothing is sent)'
  const attempts = `${plural(view.attempts, 'attempt')}${view.timedOut ? ', timed out' : ''}`
  if (!view.reachable) return `no (${view.requests[0]?.error ?? view.error ?? 'nothing was sent'}; ${attempts})`
  return `yes (HTTP ${view.status ?? '?'}${view.latencyMs === null ? '' : ` in ${view.latencyMs} ms`}; ${attempts})`
}
