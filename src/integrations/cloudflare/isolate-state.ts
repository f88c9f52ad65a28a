/**
 * What `instrument` keeps per isolate: the telemetry (made from `env` on the
 * first request when a factory is given), its metric instruments and the
 * resolved options. The cache lives in the closure `instrument` returns, not
 * at module level, so two instrumented Workers in one bundle stay apart.
 */
import type { Telemetry } from '../../index.js'
import { faasMetrics, httpMetrics, type FaasMetrics, type HttpMetrics } from '../shared/red-metrics.js'
import { isTelemetry, telemetrySource, type FromEnv } from '../shared/telemetry-source.js'
import { resolveInstrumentOptions, type InstrumentOptions, type ResolvedInstrumentOptions } from './options.js'
import { installTracedFetch } from './traced-fetch.js'

export interface IsolateState {
  readonly telemetry: Telemetry
  readonly http: HttpMetrics
  readonly faas: FaasMetrics
  readonly options: ResolvedInstrumentOptions
}

/**
 * Returns `(env) => state`, building the state on the first call. A factory
 * that throws is called again on the next request: the error reaches the
 * caller like any handler error, and nothing half-made is cached.
 */
export function isolateStateOf<Env>(source: FromEnv<Telemetry, Env>, options: FromEnv<InstrumentOptions, Env> | undefined): (env: Env) => IsolateState {
  const telemetryOf = telemetrySource(source, 'instrument')
  // Given as values, they are checked now rather than on the first request.
  let state = isTelemetry(source) && typeof options !== 'function' ? build(source, options) : undefined
  return (env) => (state ??= build(telemetryOf(env), typeof options === 'function' ? options(env) : options))
}

function build(telemetry: Telemetry, options: InstrumentOptions | undefined): IsolateState {
  const resolved = resolveInstrumentOptions(options)
  if (resolved.traceFetch !== undefined) installTracedFetch(telemetry, resolved.traceFetch)
  return { telemetry, http: httpMetrics(telemetry, resolved.metrics), faas: faasMetrics(telemetry, resolved.metrics), options: resolved }
}
