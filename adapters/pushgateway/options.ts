/**
 * Options of `pushgateway()`, checked once when the adapter is made.
 */
import { OptionsError, TEXT_EXPOSITION_CONTENT_TYPE } from '../../src/index.js'
import { authHeader, mergeHeaders } from '../shared/http.js'
import { checkAuth, checkHeaders, checkUrl, type HttpAuthOptions } from '../shared/http-options.js'
import { checkLabelMap } from '../shared/prometheus-labels.js'
import { USER_AGENT } from '../shared/version.js'

/** Options of the Pushgateway adapter. */
export interface PushgatewayOptions extends HttpAuthOptions {
  /** The Pushgateway's base URL, e.g. `http://pushgateway:9091`. */
  readonly url: string
  /** The `job` grouping label; defaults to the service name. */
  readonly job?: string
  /**
   * Further grouping labels. `instance` defaults to the instance id so
   * concurrent instances push to separate groups; set it to override.
   */
  readonly groupingKey?: Readonly<Record<string, string>>
  /** `PUT` (default) replaces the whole group; `POST` replaces only the families pushed. */
  readonly method?: 'PUT' | 'POST'
  readonly headers?: Readonly<Record<string, string>>
  /** Delete the group at `telemetry.shutdown()`, for long-running processes. Default false. */
  readonly deleteOnShutdown?: boolean
  /** Adapter name in flush reports. Default `pushgateway`. */
  readonly name?: string
}

/** Options after checking, with defaults filled in. */
export interface ResolvedPushgatewayOptions {
  readonly name: string
  /** Base URL without a trailing slash. */
  readonly baseUrl: string
  readonly job: string | undefined
  readonly groupingKey: Readonly<Record<string, string>>
  readonly method: 'PUT' | 'POST'
  readonly headers: Readonly<Record<string, string>>
  readonly deleteOnShutdown: boolean
}

const ADAPTER = 'pushgateway'

/**
 * Checks and resolves Pushgateway options; throws `OptionsError` naming the broken rule.
 * @example const resolved = resolvePushgatewayOptions({ url: 'http://127.0.0.1:9091', groupingKey: { region: 'eu' } })
 */
export function resolvePushgatewayOptions(options: PushgatewayOptions): ResolvedPushgatewayOptions {
  if (typeof options !== 'object' || options === null) throw new OptionsError('options', `${ADAPTER}: options must be an object with at least \`url\``)
  const url = checkUrl(ADAPTER, options.url)
  checkAuth(ADAPTER, options)
  const user = checkHeaders(ADAPTER, options.headers)
  const reserved = { ...authHeader(options), 'content-type': TEXT_EXPOSITION_CONTENT_TYPE, 'user-agent': USER_AGENT }
  if (options.method !== undefined && options.method !== 'PUT' && options.method !== 'POST') {
    throw new OptionsError('method', `${ADAPTER}: \`method\` must be 'PUT' or 'POST'`)
  }
  if (options.job !== undefined && (typeof options.job !== 'string' || options.job === '')) {
    throw new OptionsError('job', `${ADAPTER}: \`job\` must be a non-empty string (the Pushgateway requires a job)`)
  }
  if (options.deleteOnShutdown !== undefined && typeof options.deleteOnShutdown !== 'boolean') {
    throw new OptionsError('delete-on-shutdown', `${ADAPTER}: \`deleteOnShutdown\` must be a boolean`)
  }
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
    throw new OptionsError('adapter-name', `${ADAPTER}: \`name\` must be a non-empty string`)
  }
  return {
    name: options.name ?? 'pushgateway',
    // Query and fragment have no meaning for the Pushgateway's API.
    baseUrl: (url.origin + url.pathname).replace(/\/+$/, ''),
    job: options.job,
    groupingKey: Object.freeze(checkLabelMap(ADAPTER, 'groupingKey', options.groupingKey, ['job'])),
    method: options.method ?? 'PUT',
    headers: Object.freeze(mergeHeaders(user, reserved)),
    deleteOnShutdown: options.deleteOnShutdown ?? false,
  }
}
