/**
 * Fixes for HTTP answers, by protocol: what a 404, a 401 or a 400 means
 * for remote-write, the Pushgateway, OTLP and CloudWatch, and what to
 * change. Credentials are described by where they came from, never shown.
 */
import type { CheckResult } from './check.js'

const RECEIVER_PATHS = 'Prometheus and VictoriaMetrics receive at /api/v1/write, Mimir and Cortex at /api/v1/push, Thanos Receive at /api/v1/receive'

/**
 * Hints for the first failed answer of a check.
 * @example statusHints(result) // ['start Prometheus with --web.enable-remote-write-receiver …']
 */
export function statusHints(result: CheckResult): string[] {
  const failed = result.requests.find((r) => r.status !== undefined && r.status >= 400)
  const status = failed?.status ?? result.report?.status
  const message = result.report?.message ?? ''
  const path = failed === undefined ? '' : pathOf(failed.url)
  switch (result.target.kind) {
    case 'remote-write': return remoteWriteHints(status, message, path, result)
    case 'pushgateway': return pushgatewayHints(status, path, result)
    case 'otlp': return otlpHints(status, result)
    case 'cloudwatch': return cloudwatchHints(message)
  }
}

function remoteWriteHints(status: number | undefined, message: string, path: string, result: CheckResult): string[] {
  if (status === 404 && /remote.write.receiver/i.test(message)) {
    return ['start Prometheus with --web.enable-remote-write-receiver: it is a command-line flag, not a prometheus.yml setting (Prometheus before 2.33: --enable-feature=remote-write-receiver)']
  }
  if (status === 404 || status === 405) {
    if (path === '/' || path === '') return [`the URL needs the receiver's path: ${RECEIVER_PATHS}`]
    if (path.endsWith('/api/v1/push')) return [`nothing receives at ${path}: /api/v1/push is Mimir's and Cortex's path; ${RECEIVER_PATHS}`]
    return [`nothing receives at ${path}: ${RECEIVER_PATHS}`]
  }
  if (status === 401 && /org.?id/i.test(message)) {
    return ["the receiver is multi-tenant (Mimir, Cortex): send the tenant in an X-Scope-OrgID header, remoteWrite({ url, headers: { 'X-Scope-OrgID': tenant } })"]
  }
  if (status === 401 || status === 403) return authHints(status, result, 'LASTCALL_REMOTE_WRITE')
  if (status === 400) {
    return ['the receiver rejected the samples (reason above). Prometheus answers 400 for out-of-order and duplicate samples: two writers sharing a series (each instance needs its own `instance` label) or a clock that went back']
  }
  if (status === 413) return ['the request was too large for the receiver: lower maxSamplesPerRequest']
  if (status === 429) return ['the receiver rate-limits this sender: raise its ingestion limit, or flush less often (flushEvery on Lambda)']
  if (status === 503) return ['the receiver is not ready (starting, or replaying its write-ahead log); try again in a minute']
  if (status !== undefined && status >= 500) return ['the receiver failed while storing the samples; its log says why (Prometheus 2.x also answers 500 for invalid label sets)']
  return []
}

function pushgatewayHints(status: number | undefined, path: string, result: CheckResult): string[] {
  const base = 'the URL is the Pushgateway\'s base, e.g. http://pushgateway:9091; lastcall appends /metrics/job/<job>/instance/<id> itself'
  if (/\/metrics\/job\/.*\/metrics\/job\//.test(path)) return [`${base}: remove the /metrics/job/… part from the URL`]
  if (status === 400) {
    return ['the Pushgateway gave its reason above. "inconsistent with existing metrics" means another group holds a metric of the same name with another type: delete that group (DELETE /metrics/job/<job>/instance/<id>) or rename the metric']
  }
  if (status === 404 || status === 405) return [`${base}; is this a Pushgateway (default port 9091)?`]
  if (status === 401 || status === 403) return authHints(status, result, 'LASTCALL_PUSHGATEWAY')
  if (status !== undefined && status >= 500) return ['the Pushgateway failed to store the push; its log says why']
  return []
}

function otlpHints(status: number | undefined, result: CheckResult): string[] {
  if (status === 404 || status === 405) {
    const doubled = result.requests.find((r) => /\/v1\/(metrics|traces)\/v1\/(metrics|traces)$/.test(pathOf(r.url)))
    if (doubled !== undefined) {
      return ['the endpoint already ends in /v1/…: OTEL_EXPORTER_OTLP_ENDPOINT and --otlp are base URLs and lastcall appends v1/metrics and v1/traces; remove the suffix, or set OTEL_EXPORTER_OTLP_METRICS_ENDPOINT and OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, which are used as given']
    }
    return ['wrong path: OTEL_EXPORTER_OTLP_ENDPOINT and --otlp take the base URL (e.g. http://collector:4318, or a vendor\'s base with its prefix) and lastcall appends v1/metrics and v1/traces; OTEL_EXPORTER_OTLP_METRICS_ENDPOINT and OTEL_EXPORTER_OTLP_TRACES_ENDPOINT take full URLs, used as given']
  }
  if (status === 401 || status === 403) {
    if (result.target.auth !== undefined) return [`the ${result.target.auth} were sent and rejected: check the key, and that it may ingest (not only query)`]
    return ['the collector wants credentials: set OTEL_EXPORTER_OTLP_HEADERS, e.g. authorization=Bearer%20<token> or the vendor\'s key header (percent-encode spaces)']
  }
  if (status === 415) return ['the collector does not take this encoding: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json (or http/protobuf)']
  if (status === 413) return ['the request was too large for the collector: lower maxRequestBytes']
  if (status === 400) return ['the collector could not decode the request (reason above); check that the endpoint is an OTLP/HTTP receiver']
  if ((result.report?.rejected ?? 0) > 0) return [`the collector took the request but rejected ${result.report?.rejected} item(s) (reason above): usually a limit or a validation rule of the backend`]
  return []
}

function cloudwatchHints(message: string): string[] {
  if (/credential/i.test(message)) return ['no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (in Lambda the execution role provides them)']
  if (/region/i.test(message)) return ['no AWS region: set AWS_REGION']
  if (/AccessDenied|not authorized/i.test(message)) return ['the identity may not write metrics: allow cloudwatch:PutMetricData in its IAM policy']
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(message)) {
    return ['nothing answers at the CloudWatch endpoint: check AWS_REGION, and AWS_ENDPOINT_URL_CLOUDWATCH or AWS_ENDPOINT_URL if one is set']
  }
  if (/client-cloudwatch|Cannot find (module|package)/i.test(message)) return ['API mode loads @aws-sdk/client-cloudwatch: install it next to lastcall']
  return []
}

function authHints(status: 401 | 403, result: CheckResult, prefix: string): string[] {
  if (status === 403) return ['authenticated but not allowed to write: the credentials need write (ingest) permission']
  if (result.target.auth !== undefined) return [`the ${result.target.auth} was rejected: check it (it is never printed)`]
  return [`the backend wants credentials: set ${prefix}_BEARER_TOKEN, or ${prefix}_USERNAME and ${prefix}_PASSWORD (in code: bearerToken or basicAuth)`]
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return ''
  }
}
