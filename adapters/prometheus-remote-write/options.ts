/**
 * Options of `remoteWrite()`, checked once when the adapter is made and
 * resolved into the exact headers and limits each export uses.
 */
import { OptionsError } from '../../src/index.js'
import { authHeader, mergeHeaders } from '../shared/http.js'
import { checkAuth, checkHeaders, checkUrl, type HttpAuthOptions } from '../shared/http-options.js'
import { checkLabelMap } from '../shared/prometheus-labels.js'
import { USER_AGENT } from '../shared/version.js'

/** Options of the Prometheus remote-write adapter. */
export interface RemoteWriteOptions extends HttpAuthOptions {
  /** The receiver's endpoint, e.g. `http://prometheus:9090/api/v1/write`. */
  readonly url: string
  /** Extra request headers, e.g. `X-Scope-OrgID`; the protocol's own headers cannot be overridden. */
  readonly headers?: Readonly<Record<string, string>>
  /** The `job` label; defaults to the service name. */
  readonly job?: string
  /** External labels added to every series; a series' own label of the same name wins. */
  readonly labels?: Readonly<Record<string, string>>
  /** Samples per request before a flush is split (a histogram point is never split). Default 2000. */
  readonly maxSamplesPerRequest?: number
  /** Adapter name in flush reports. Default `prometheus-remote-write`. */
  readonly name?: string
}

/** Options after checking, with every default filled in. */
export interface ResolvedRemoteWriteOptions {
  readonly name: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly job: string | undefined
  readonly labels: Readonly<Record<string, string>>
  readonly maxSamplesPerRequest: number
}

/** The headers remote-write 1.0 requires (RW-6); user headers never replace them. */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-encoding': 'snappy',
  'content-type': 'application/x-protobuf',
  'user-agent': USER_AGENT,
  'x-prometheus-remote-write-version': '0.1.0',
})

const ADAPTER = 'remoteWrite'

/**
 * Checks and resolves remote-write options; throws `OptionsError` naming the broken rule.
 * @example const resolved = resolveRemoteWriteOptions({ url: 'http://127.0.0.1:9090/api/v1/write' })
 */
export function resolveRemoteWriteOptions(options: RemoteWriteOptions): ResolvedRemoteWriteOptions {
  if (typeof options !== 'object' || options === null) throw new OptionsError('options', `${ADAPTER}: options must be an object with at least \`url\``)
  const url = checkUrl(ADAPTER, options.url)
  checkAuth(ADAPTER, options)
  const user = checkHeaders(ADAPTER, options.headers)
  const reserved = { ...authHeader(options), ...REMOTE_WRITE_HEADERS }
  return {
    name: checkName(options.name),
    url: url.href,
    headers: Object.freeze(mergeHeaders(user, reserved)),
    job: checkJob(options.job),
    labels: Object.freeze(checkLabelMap(ADAPTER, 'labels', options.labels, ['job', 'instance', 'le'])),
    maxSamplesPerRequest: checkMaxSamples(options.maxSamplesPerRequest),
  }
}

function checkName(name: unknown): string {
  if (name === undefined) return 'prometheus-remote-write'
  if (typeof name !== 'string' || name === '') throw new OptionsError('adapter-name', `${ADAPTER}: \`name\` must be a non-empty string`)
  return name
}

function checkJob(job: unknown): string | undefined {
  if (job === undefined) return undefined
  if (typeof job !== 'string' || job === '') throw new OptionsError('job', `${ADAPTER}: \`job\` must be a non-empty string (it is the job label)`)
  return job
}

function checkMaxSamples(max: unknown): number {
  if (max === undefined) return 2000
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    throw new OptionsError('max-samples-per-request', `${ADAPTER}: \`maxSamplesPerRequest\` must be a positive integer`)
  }
  return max
}
