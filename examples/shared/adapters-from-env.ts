/**
 * The one place where the examples (and the demo) choose their adapters from
 * the environment, so `serverless offline`, `wrangler dev --var …`, Deno and
 * Bun runs all point at a real backend with the same variables and no code
 * change. It takes a plain record because Workers pass bindings, not
 * `process.env`.
 */
import type { Adapter } from '../../src/index.js'
import { cloudwatchEmf } from '../../adapters/cloudwatch/index.js'
import { consoleAdapter, type ConsoleAdapterOptions } from '../../adapters/console/index.js'
import { otlp } from '../../adapters/otlp/index.js'
import { pushgateway } from '../../adapters/pushgateway/index.js'
import { remoteWrite } from '../../adapters/prometheus-remote-write/index.js'
// The same credential variables as `npx lastcall doctor`, so a check and a deployment agree.
import { httpCredentials } from '../../src/cli/credentials.js'

/** The variables every example reads. */
export const ADAPTER_ENV_VARS = [
  'LASTCALL_REMOTE_WRITE_URL',
  'LASTCALL_PUSHGATEWAY_URL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'LASTCALL_CLOUDWATCH_NAMESPACE',
] as const

/** Extra knobs for the fallback console adapter and for EMF output. */
export interface AdaptersFromEnvOptions {
  /** Options of the console adapter used when no variable is set. */
  readonly console?: ConsoleAdapterOptions
  /** Where EMF lines go; default the CloudWatch adapter's own (stdout, else console.log). */
  readonly emfWrite?: (line: string) => void
  /** Delete the Pushgateway group at `telemetry.shutdown()`: right for long-running servers, wrong for Lambda. Default false. */
  readonly deleteOnShutdown?: boolean
}

/**
 * Adapters named by the environment; the console adapter when none is set.
 * Empty values count as unset (serverless.yml passes `${env:VAR, ''}`), and
 * non-string bindings (KV namespaces, secrets objects) are ignored.
 * @example
 * const telemetry = createTelemetry({ service: 'orders', adapters: adaptersFromEnv(process.env) })
 */
export function adaptersFromEnv(env: Readonly<Record<string, unknown>>, options: AdaptersFromEnvOptions = {}): Adapter[] {
  const adapters: Adapter[] = []
  const remoteWriteUrl = read(env, 'LASTCALL_REMOTE_WRITE_URL')
  if (remoteWriteUrl !== undefined) adapters.push(remoteWrite({ url: remoteWriteUrl, ...httpCredentials(strings(env), 'LASTCALL_REMOTE_WRITE').auth }))
  const pushgatewayUrl = read(env, 'LASTCALL_PUSHGATEWAY_URL')
  if (pushgatewayUrl !== undefined) adapters.push(pushgateway({ url: pushgatewayUrl, deleteOnShutdown: options.deleteOnShutdown === true, ...httpCredentials(strings(env), 'LASTCALL_PUSHGATEWAY').auth }))
  const otlpEndpoint = read(env, 'OTEL_EXPORTER_OTLP_ENDPOINT')
  // Passed explicitly: on Workers the adapter cannot see the bindings as environment variables.
  if (otlpEndpoint !== undefined) adapters.push(otlp({ endpoint: otlpEndpoint }))
  const namespace = read(env, 'LASTCALL_CLOUDWATCH_NAMESPACE')
  if (namespace !== undefined) {
    adapters.push(cloudwatchEmf({ namespace, ...(options.emfWrite === undefined ? {} : { write: options.emfWrite }) }))
  }
  if (adapters.length === 0) adapters.push(consoleAdapter(options.console))
  return adapters
}

/**
 * Which of the variables are set, for a start-up log line.
 * @example console.log(`lastcall adapters: ${describeAdapterEnv(process.env)}`)
 */
export function describeAdapterEnv(env: Readonly<Record<string, unknown>>): string {
  const set = ADAPTER_ENV_VARS.filter((name) => read(env, name) !== undefined)
  return set.length === 0 ? 'console (no LASTCALL_* / OTEL_* variable set)' : set.join(', ')
}

/** Worker bindings hold objects too; credentials are strings. */
function strings(env: Readonly<Record<string, unknown>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [key, value] of Object.entries(env)) if (typeof value === 'string') out[key] = value
  return out
}

function read(env: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = env[name]
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}
