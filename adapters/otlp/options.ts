/**
 * The options of `otlp()` and their eager validation. What the caller leaves
 * out stays undefined here and is filled from the environment at export
 * time (see config.ts), because Worker bindings only exist per request.
 */
import { OptionsError, type Temporality } from '../../src/index.js'
import { checkHeaders } from '../shared/http-options.js'
import { parseHttpUrl } from './endpoint.js'

/** Wire encodings; `protobuf` is OTLP's default (OT-6). */
export type OtlpEncoding = 'protobuf' | 'json'
/** Request compression (OT-4). */
export type OtlpCompression = 'gzip' | 'none'
/** A signal the adapter can carry. */
export type OtlpSignal = 'traces' | 'metrics'

/**
 * Options of the OTLP/HTTP adapter. Every field is optional; explicit options
 * beat the OTEL_EXPORTER_OTLP_* variables. A signal's URL is the first of:
 * `tracesEndpoint`/`metricsEndpoint`, `endpoint` + `v1/<signal>`,
 * `OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT` + `v1/<signal>`,
 * `http://localhost:4318/v1/<signal>`.
 * @example
 * const options: OtlpOptions = { endpoint: 'https://api.honeycomb.io', headers: { 'x-honeycomb-team': key }, temporality: 'delta' }
 */
export interface OtlpOptions {
  /** Adapter name, unique among a telemetry's adapters. Default `otlp`. */
  readonly name?: string
  /** Base URL; `v1/traces` and `v1/metrics` are appended after a slash (OT-2). */
  readonly endpoint?: string
  /** Full traces URL, used as given. Beats `endpoint`. */
  readonly tracesEndpoint?: string
  /** Full metrics URL, used as given. Beats `endpoint`. */
  readonly metricsEndpoint?: string
  /** Extra request headers (e.g. an API key); merged over `OTEL_EXPORTER_OTLP_HEADERS` and `…_<SIGNAL>_HEADERS`. */
  readonly headers?: Readonly<Record<string, string>>
  /** Default from `OTEL_EXPORTER_OTLP_[<SIGNAL>_]PROTOCOL` (`http/protobuf`, `http/json`), then `protobuf`. */
  readonly encoding?: OtlpEncoding
  /** Default from `OTEL_EXPORTER_OTLP_[<SIGNAL>_]COMPRESSION`, then `none`. */
  readonly compression?: OtlpCompression
  /** Default `cumulative`; `delta` sends what changed since the last successful export. */
  readonly temporality?: Temporality
  /** Which signals to send. Default both. */
  readonly signals?: OtlpSignal | readonly OtlpSignal[]
  /** Largest request before compression; bigger batches are split (OT-5). Default 64 MiB. */
  readonly maxRequestBytes?: number
}

/** Options after validation: copied, defaults that do not depend on the environment applied. */
export interface ValidatedOtlpOptions {
  readonly name: string
  readonly endpoint: string | undefined
  readonly tracesEndpoint: string | undefined
  readonly metricsEndpoint: string | undefined
  readonly headers: Readonly<Record<string, string>>
  readonly encoding: OtlpEncoding | undefined
  readonly compression: OtlpCompression | undefined
  readonly temporality: Temporality
  readonly signals: { readonly traces: boolean; readonly metrics: boolean }
  readonly maxRequestBytes: number
}

/** OT-5: requests are capped at 64 MiB before compression. */
export const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024

function oneOf<T extends string>(rule: string, label: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  throw new OptionsError(rule, `otlp: \`${label}\` must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`)
}

function url(label: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  const parsed = typeof value === 'string' ? parseHttpUrl(value) : undefined
  // Never echo the value: a URL may carry a token.
  if (parsed === undefined) throw new OptionsError('endpoint', `otlp: \`${label}\` must be an absolute http or https URL`)
  if (parsed.username !== '' || parsed.password !== '') {
    throw new OptionsError('url-credentials', `otlp: \`${label}\` must not contain credentials; pass them in \`headers\``)
  }
  return value as string
}

function signals(value: OtlpOptions['signals']): ValidatedOtlpOptions['signals'] {
  if (value === undefined) return { traces: true, metrics: true }
  const list: readonly unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [value]
  for (const item of list) oneOf('signals', 'signals', item, ['traces', 'metrics'])
  if (list.length === 0) throw new OptionsError('signals', "otlp: `signals` must name at least one of 'traces', 'metrics'")
  return { traces: list.includes('traces'), metrics: list.includes('metrics') }
}

function maxBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_REQUEST_BYTES
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1024) return value
  throw new OptionsError('max-request-bytes', `otlp: \`maxRequestBytes\` must be an integer of at least 1024, got ${JSON.stringify(value)}`)
}

/**
 * Checks explicit options and copies them; throws OptionsError naming the rule.
 * @example validateOtlpOptions({ endpoint: 'https://otel.example.com', compression: 'gzip' })
 */
export function validateOtlpOptions(options: OtlpOptions = {}): ValidatedOtlpOptions {
  const name = options.name ?? 'otlp'
  if (typeof name !== 'string' || name === '') throw new OptionsError('adapter-name', 'otlp: `name` must be a non-empty string')
  return {
    name,
    endpoint: url('endpoint', options.endpoint),
    tracesEndpoint: url('tracesEndpoint', options.tracesEndpoint),
    metricsEndpoint: url('metricsEndpoint', options.metricsEndpoint),
    headers: checkHeaders('otlp', options.headers),
    encoding: oneOf('encoding', 'encoding', options.encoding, ['protobuf', 'json']),
    compression: oneOf('compression', 'compression', options.compression, ['gzip', 'none']),
    temporality: oneOf('temporality', 'temporality', options.temporality, ['cumulative', 'delta']) ?? 'cumulative',
    signals: signals(options.signals),
    maxRequestBytes: maxBytes(options.maxRequestBytes),
  }
}
