/**
 * Options in, resolved options out: validated eagerly with messages that
 * name the rule, copied, never mutating the caller's object.
 */
import type { AttributeValue } from '@opentelemetry/api'
import type { Adapter } from './adapter.js'
import { systemClock, type Clock } from './clock.js'
import { silentDiagnostics, type DiagnosticLogger } from './diagnostics.js'
import { OptionsError } from './errors.js'
import type { RetryPolicy } from './flush/retry.js'
import { parseLogLevel, type LogLevel } from './logger.js'
import { hostEnv, untracedFetch } from './runtime.js'

/** What `createTelemetry` takes. Every field is optional. */
export interface TelemetryOptions {
  /** `service.name`; falls back to `OTEL_SERVICE_NAME`, then `OTEL_RESOURCE_ATTRIBUTES`, then the Lambda function name. */
  readonly service?: string
  /** Where flushes go; default a console adapter. */
  readonly adapters?: readonly Adapter[]
  /** Deadline of one flush, retries included, in ms. Default 2000. */
  readonly flushTimeoutMs?: number
  /** Series per metric before measurements go to the overflow series. Default 2000. */
  readonly maxSeriesPerMetric?: number
  /** Spans kept per invocation; more are dropped and counted. Default 1000. */
  readonly maxSpansPerInvocation?: number
  /** Finished spans kept per adapter while waiting for a flush (or after a failed one). Default 10000. */
  readonly maxQueuedSpans?: number
  /** Resource attributes, merged over `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly resource?: Readonly<Record<string, AttributeValue>>
  /** Sink for lastcall's own diagnostics; silent by default. */
  readonly logger?: DiagnosticLogger
  /** Variables to read (`OTEL_*`, `LOG_LEVEL`, …); default the process environment. Pass a Worker's `env` here. */
  readonly env?: Readonly<Record<string, unknown>>
  /** Level of `telemetry.log`; default `LOG_LEVEL`, else `info`. */
  readonly logLevel?: LogLevel
  /** Where `telemetry.log` writes lines; default `console.log`. */
  readonly logWrite?: (line: string) => void
  /**
   * @deprecated lastcall no longer registers with `@opentelemetry/api` by
   * itself; call `registerGlobal(telemetry)` from `lastcall/otel` for that.
   * `false` is accepted and changes nothing; `true` throws, naming the bridge.
   */
  readonly registerGlobal?: false
  readonly clock?: Clock
  /** The `fetch` adapters use; default the global one. */
  readonly fetch?: typeof fetch
  readonly retryPolicy?: RetryPolicy
}

export interface ResolvedOptions {
  readonly service: string | undefined
  readonly adapters: readonly Adapter[] | undefined
  readonly flushTimeoutMs: number
  readonly maxSeriesPerMetric: number
  readonly maxSpansPerInvocation: number
  readonly maxQueuedSpans: number
  readonly resource: Readonly<Record<string, AttributeValue>>
  readonly logger: DiagnosticLogger
  readonly env: Readonly<Record<string, string | undefined>>
  readonly logLevel: LogLevel
  readonly logWrite: ((line: string) => void) | undefined
  readonly clock: Clock
  readonly fetch: typeof fetch
  readonly retryPolicy: RetryPolicy | undefined
}

function positiveInt(name: string, value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new OptionsError(name, `${name} must be an integer from 1 to ${max}, got ${String(value)}`)
  }
  return value
}

/** Keeps the string-valued entries of an env or bindings object (bindings also hold KV namespaces and the like). */
function stringEntries(env: Readonly<Record<string, unknown>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [key, value] of Object.entries(env)) if (typeof value === 'string') out[key] = value
  return out
}

export function resolveOptions(options: TelemetryOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new OptionsError('options', 'createTelemetry options must be an object')
  if (options.service !== undefined && (typeof options.service !== 'string' || options.service.trim() === '')) {
    throw new OptionsError('service', 'service must be a non-empty string')
  }
  if (options.registerGlobal !== undefined && (options.registerGlobal as unknown) !== false) {
    throw new OptionsError('registerGlobal', "registerGlobal moved out of the core, which no longer loads @opentelemetry/api: import { registerGlobal } from 'lastcall/otel' and call registerGlobal(telemetry)")
  }
  const adapters = options.adapters === undefined ? undefined : [...options.adapters]
  if (adapters !== undefined) {
    const names = new Set<string>()
    for (const adapter of adapters) {
      if (typeof adapter?.export !== 'function' || typeof adapter.name !== 'string') {
        throw new OptionsError('adapters', 'each adapter must come from an adapter factory such as otlp() or remoteWrite()')
      }
      if (names.has(adapter.name)) throw new OptionsError('adapters', `two adapters are named "${adapter.name}"; give one a distinct name option`)
      names.add(adapter.name)
    }
  }
  // The host env is read in place, also when passed explicitly: copying it would walk every variable at cold start.
  const host = hostEnv()
  const env = options.env === undefined || options.env === host ? host : stringEntries(options.env)
  return {
    service: options.service,
    adapters,
    // Workers keep waitUntil work alive for 30 s at most; stay well inside it.
    flushTimeoutMs: positiveInt('flushTimeoutMs', options.flushTimeoutMs, 2000, 25_000),
    maxSeriesPerMetric: positiveInt('maxSeriesPerMetric', options.maxSeriesPerMetric, 2000),
    maxSpansPerInvocation: positiveInt('maxSpansPerInvocation', options.maxSpansPerInvocation, 1000),
    maxQueuedSpans: positiveInt('maxQueuedSpans', options.maxQueuedSpans, 10_000),
    resource: { ...options.resource },
    logger: options.logger ?? silentDiagnostics,
    env,
    logLevel: options.logLevel ?? parseLogLevel(env['LOG_LEVEL']),
    logWrite: options.logWrite,
    clock: options.clock ?? systemClock,
    fetch: options.fetch ?? untracedFetch,
    retryPolicy: options.retryPolicy,
  }
}
