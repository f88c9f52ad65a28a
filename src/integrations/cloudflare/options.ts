/** Options of `instrument`, validated when the first request resolves them. */
import { OptionsError } from '../../index.js'
import { resolveCaptureHeaders } from '../shared/capture-headers.js'
import type { IntegrationMetricOptions } from '../shared/red-metrics.js'

/** What `instrument` takes besides the telemetry and the handler. */
export interface InstrumentOptions extends IntegrationMetricOptions {
  /**
   * The route template of a request, for the `route` label and the span
   * name, when no router inside reports one (`telemetryMiddleware` does).
   * Return a template such as `/users/:id`, never the raw path. Default:
   * every request is `unmatched`.
   */
  readonly route?: (request: Request) => string | undefined
  /**
   * Trace outbound `fetch` calls: a CLIENT span and a `traceparent` header.
   * `true` for all of them, or a predicate choosing which. Adapters' own
   * requests are never traced. Default false.
   */
  readonly fetch?: boolean | ((request: Request) => boolean)
  /**
   * Request headers recorded on the server span as `http.request.header.<name>`,
   * e.g. `['user-agent', 'cf-ipcountry']`. Default none: headers carry tokens
   * and personal data. Credential headers (authorization, cookie, …) are refused.
   */
  readonly captureHeaders?: readonly string[]
}

export interface ResolvedInstrumentOptions {
  readonly metrics: IntegrationMetricOptions
  readonly route: ((request: Request) => string | undefined) | undefined
  readonly traceFetch: ((request: Request) => boolean) | undefined
  readonly captureHeaders: readonly string[]
}

/**
 * Checks and copies the options; throws an OptionsError naming the rule.
 * @example resolveInstrumentOptions({ fetch: true }).traceFetch // () => true
 */
export function resolveInstrumentOptions(options: InstrumentOptions = {}): ResolvedInstrumentOptions {
  if (typeof options !== 'object' || options === null) throw new OptionsError('instrument-options', 'instrument options must be an object')
  if (options.route !== undefined && typeof options.route !== 'function') {
    throw new OptionsError('instrument-route', 'route must be a function (request) => route template')
  }
  const fetch = options.fetch
  if (fetch !== undefined && typeof fetch !== 'boolean' && typeof fetch !== 'function') {
    throw new OptionsError('instrument-fetch', 'fetch must be true, false or a function (request) => boolean')
  }
  return {
    metrics: {
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      ...(options.durationBuckets === undefined ? {} : { durationBuckets: [...options.durationBuckets] }),
    },
    route: options.route,
    traceFetch: fetch === true ? () => true : typeof fetch === 'function' ? fetch : undefined,
    captureHeaders: resolveCaptureHeaders('instrument', options.captureHeaders),
  }
}
