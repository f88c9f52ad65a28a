/**
 * A telemetry, or a function that makes one from the host's bindings on the
 * first request: on Workers the adapters' URLs and secrets live in `env`,
 * which module scope cannot see.
 */
import { OptionsError, type Telemetry } from '../../index.js'

/** A value, or a function of the host's `env` bindings that makes it on the first request. */
export type FromEnv<T, Env> = T | ((env: Env) => T)

/** True when `source` is a telemetry rather than a function that makes one. */
export function isTelemetry(source: unknown): source is Telemetry {
  return typeof source === 'object' && source !== null && typeof (source as Telemetry).startInvocation === 'function'
}

/**
 * Returns `(env) => telemetry`, calling a factory once and keeping what it
 * made; a factory that throws is tried again next time. `who` names the
 * caller in error messages.
 * @example const telemetryOf = telemetrySource(source, 'telemetryMiddleware')
 */
export function telemetrySource<Env>(source: FromEnv<Telemetry, Env>, who: string): (env: Env) => Telemetry {
  if (isTelemetry(source)) return () => source
  if (typeof source !== 'function') throw new OptionsError('telemetry-source', `${who} needs a telemetry from createTelemetry() or a function (env) => telemetry`)
  let made: Telemetry | undefined
  return (env) => {
    if (made !== undefined) return made
    const telemetry: unknown = source(env)
    if (!isTelemetry(telemetry)) throw new OptionsError('telemetry-source', `the telemetry function given to ${who} must return the result of createTelemetry()`)
    return (made = telemetry)
  }
}
