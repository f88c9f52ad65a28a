/**
 * Which backends the doctor checks: those named by a flag or by the
 * variables the examples read (LASTCALL_REMOTE_WRITE_URL,
 * LASTCALL_PUSHGATEWAY_URL, OTEL_EXPORTER_OTLP_*ENDPOINT,
 * LASTCALL_CLOUDWATCH_NAMESPACE). A flag replaces the variable of its
 * backend; the others still count.
 */
import type { Adapter } from '../index.js'
import { cloudwatch } from '../../adapters/cloudwatch/index.js'
import { otlp } from '../../adapters/otlp/index.js'
import { pushgateway } from '../../adapters/pushgateway/index.js'
import { remoteWrite } from '../../adapters/prometheus-remote-write/index.js'
import type { DoctorArgs } from './args.js'
import { httpCredentials, otlpHeaderSecrets } from './credentials.js'

type Env = Readonly<Record<string, string | undefined>>

export type BackendKind = 'remote-write' | 'pushgateway' | 'otlp' | 'cloudwatch'

/** One backend to check. */
export interface Target {
  readonly kind: BackendKind
  /** The flag or variables it was configured by. */
  readonly source: string
  /** What was configured, as `NAME=value` pairs; printed only after redaction. */
  readonly config: string
  /** Which credentials or headers are sent: names only. */
  readonly auth: string | undefined
  /** Strings that must never appear in the output. */
  readonly secrets: readonly string[]
  /** Makes the adapter; throws OptionsError on bad configuration. EMF lines go to `emfLines`. */
  build(emfLines: string[]): Adapter
}

const OTLP_ENDPOINT_VARS = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

/** A flag's value, else the variable's, with where it came from. */
function pick(flag: string | undefined, flagName: string, env: Env, variable: string): { value: string; source: string } | undefined {
  if (flag !== undefined) return { value: flag, source: flagName }
  const value = read(env, variable)
  return value === undefined ? undefined : { value, source: variable }
}

/**
 * The backends to check, in a fixed order.
 * @example configuredTargets(parsed.args, process.env).map((t) => t.kind) // ['remote-write', 'otlp']
 */
export function configuredTargets(args: DoctorArgs, env: Env): Target[] {
  return [remoteWriteTarget(args, env), pushgatewayTarget(args, env), otlpTarget(args, env), cloudwatchTarget(args, env)]
    .filter((t): t is Target => t !== undefined)
}

function remoteWriteTarget(args: DoctorArgs, env: Env): Target | undefined {
  const url = pick(args.remoteWrite, '--remote-write', env, 'LASTCALL_REMOTE_WRITE_URL')
  if (url === undefined) return undefined
  const credentials = httpCredentials(env, 'LASTCALL_REMOTE_WRITE')
  return {
    kind: 'remote-write', source: url.source, config: `${url.source}=${url.value}`, auth: credentials.description, secrets: credentials.secrets,
    build: () => remoteWrite({ url: url.value, ...credentials.auth }),
  }
}

function pushgatewayTarget(args: DoctorArgs, env: Env): Target | undefined {
  const url = pick(args.pushgateway, '--pushgateway', env, 'LASTCALL_PUSHGATEWAY_URL')
  if (url === undefined) return undefined
  const credentials = httpCredentials(env, 'LASTCALL_PUSHGATEWAY')
  return {
    kind: 'pushgateway', source: url.source, config: `${url.source}=${url.value}`, auth: credentials.description, secrets: credentials.secrets,
    // The check must not leave a group behind: it is deleted after the push.
    build: () => pushgateway({ url: url.value, deleteOnShutdown: true, ...credentials.auth }),
  }
}

function otlpTarget(args: DoctorArgs, env: Env): Target | undefined {
  const set = OTLP_ENDPOINT_VARS.filter((name) => read(env, name) !== undefined)
  if (args.otlp === undefined && set.length === 0) return undefined
  const headers = otlpHeaderSecrets(env)
  const config = args.otlp === undefined ? set.map((name) => `${name}=${read(env, name) ?? ''}`).join(' ') : `--otlp=${args.otlp}`
  return {
    kind: 'otlp', source: args.otlp === undefined ? set.join(', ') : '--otlp', config,
    auth: headers.names.length === 0 ? undefined : `headers ${headers.names.join(', ')} from OTEL_EXPORTER_OTLP_*HEADERS`,
    secrets: headers.secrets,
    // Without a flag the adapter resolves everything from the variables itself, as in a function.
    build: () => otlp(args.otlp === undefined ? {} : { endpoint: args.otlp }),
  }
}

/** Where the SDK will send PutMetricData: the region, and an endpoint override if one is set (the SDK reads these variables itself). */
function apiWhere(env: Env): string {
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION']
  const endpoint = env['AWS_ENDPOINT_URL_CLOUDWATCH'] ?? env['AWS_ENDPOINT_URL']
  return `, region ${region ?? 'not set'}${endpoint === undefined ? '' : `, endpoint ${endpoint}`}`
}

function cloudwatchTarget(args: DoctorArgs, env: Env): Target | undefined {
  const namespace = pick(args.cloudwatch, '--cloudwatch', env, 'LASTCALL_CLOUDWATCH_NAMESPACE')
  if (namespace === undefined) return undefined
  const mode = args.cloudwatchMode ?? 'emf'
  return {
    kind: 'cloudwatch', source: namespace.source, config: `${namespace.source}=${namespace.value} (${mode} mode${mode === 'api' ? apiWhere(env) : ''})`, auth: undefined, secrets: [],
    build: (emfLines) => cloudwatch({ namespace: namespace.value, mode, write: (line) => void emfLines.push(line) }),
  }
}
