/**
 * Per-export settings of one signal: explicit options first, then the
 * standard OTEL_EXPORTER_OTLP_* variables from `context.env` (signal-specific
 * before generic), then OTLP's defaults. Bad variables are reported through
 * `warn` and skipped; they never fail an export.
 */
import { baseEndpointUrl, DEFAULT_ENDPOINT, parseHeaderList, signalEndpointUrl } from './endpoint.js'
import type { OtlpCompression, OtlpEncoding, OtlpSignal, ValidatedOtlpOptions } from './options.js'

/** Everything needed to send one signal. */
export interface SignalConfig {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly encoding: OtlpEncoding
  readonly compression: OtlpCompression
}

type Env = Readonly<Record<string, string | undefined>>

const PREFIX = 'OTEL_EXPORTER_OTLP_'

/** The value of `OTEL_EXPORTER_OTLP_<SIGNAL>_<name>`, else `OTEL_EXPORTER_OTLP_<name>`, ignoring empty ones. */
function lookup(env: Env, signal: OtlpSignal, name: string): { key: string; value: string } | undefined {
  for (const key of [`${PREFIX}${signal.toUpperCase()}_${name}`, `${PREFIX}${name}`]) {
    const value = env[key]?.trim()
    if (value !== undefined && value !== '') return { key, value }
  }
  return undefined
}

function resolveUrl(options: ValidatedOtlpOptions, env: Env, signal: OtlpSignal, warn: (message: string) => void): string {
  const explicit = signal === 'traces' ? options.tracesEndpoint : options.metricsEndpoint
  if (explicit !== undefined) return signalEndpointUrl(explicit) ?? explicit
  if (options.endpoint !== undefined) return baseEndpointUrl(options.endpoint, signal) ?? options.endpoint
  const specificKey = `${PREFIX}${signal.toUpperCase()}_ENDPOINT`
  return fromEnv(env, specificKey, signalEndpointUrl, warn)
    ?? fromEnv(env, `${PREFIX}ENDPOINT`, (text) => baseEndpointUrl(text, signal), warn)
    ?? (baseEndpointUrl(DEFAULT_ENDPOINT, signal) as string)
}

/**
 * An endpoint variable turned into a URL, or undefined (with a warning that
 * never quotes the value) when it is unset, invalid, or carries credentials:
 * fetch refuses such URLs and would quote them, password included, in its error.
 */
function fromEnv(env: Env, key: string, build: (text: string) => string | undefined, warn: (message: string) => void): string | undefined {
  const text = env[key]?.trim()
  if (text === undefined || text === '') return undefined
  const url = build(text)
  if (url === undefined) warn(`${key} is not an absolute http(s) URL; ignoring it`)
  else if (hasCredentials(url)) warn(`${key} must not contain credentials (put them in ${PREFIX}HEADERS); ignoring it`)
  else return url
  return undefined
}

function hasCredentials(url: string): boolean {
  const parsed = new URL(url)
  return parsed.username !== '' || parsed.password !== ''
}

function resolveHeaders(options: ValidatedOtlpOptions, env: Env, signal: OtlpSignal, warn: (message: string) => void): Record<string, string> {
  const merged: Record<string, string> = {}
  for (const key of [`${PREFIX}HEADERS`, `${PREFIX}${signal.toUpperCase()}_HEADERS`]) {
    const text = env[key]
    if (text === undefined || text.trim() === '') continue
    const { headers, invalid } = parseHeaderList(text)
    if (invalid.length > 0) warn(`${key} has malformed members (${invalid.join(', ')}); skipping them`)
    Object.assign(merged, headers)
  }
  for (const [name, value] of Object.entries(options.headers)) merged[name.toLowerCase()] = value
  return merged
}

function resolveEncoding(options: ValidatedOtlpOptions, env: Env, signal: OtlpSignal, warn: (message: string) => void): OtlpEncoding {
  if (options.encoding !== undefined) return options.encoding
  const found = lookup(env, signal, 'PROTOCOL')
  if (found === undefined || found.value === 'http/protobuf') return 'protobuf'
  if (found.value === 'http/json') return 'json'
  warn(`${found.key}=${found.value} is not supported (only http/protobuf and http/json); using http/protobuf`)
  return 'protobuf'
}

function resolveCompression(options: ValidatedOtlpOptions, env: Env, signal: OtlpSignal, warn: (message: string) => void): OtlpCompression {
  if (options.compression !== undefined) return options.compression
  const found = lookup(env, signal, 'COMPRESSION')
  if (found === undefined || found.value === 'none') return 'none'
  if (found.value === 'gzip') return 'gzip'
  warn(`${found.key}=${found.value} is not supported (only gzip and none); sending uncompressed`)
  return 'none'
}

/**
 * Resolves how to send `signal` for one export.
 * @example resolveSignal(options, context.env, 'traces', (m) => context.logger.warn(m))
 */
export function resolveSignal(options: ValidatedOtlpOptions, env: Env, signal: OtlpSignal, warn: (message: string) => void): SignalConfig {
  return {
    url: resolveUrl(options, env, signal, warn),
    headers: resolveHeaders(options, env, signal, warn),
    encoding: resolveEncoding(options, env, signal, warn),
    compression: resolveCompression(options, env, signal, warn),
  }
}
