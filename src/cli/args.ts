/**
 * Command-line arguments of `lastcall doctor`. Hand-written rather than
 * node:util's parseArgs so the CLI needs nothing but `process`; the
 * grammar is small: `--flag value` or `--flag=value`, and two switches.
 */

/** What `lastcall doctor` was asked to do. */
export interface DoctorArgs {
  readonly remoteWrite?: string
  readonly pushgateway?: string
  readonly otlp?: string
  readonly cloudwatch?: string
  readonly cloudwatchMode?: 'emf' | 'api'
  /** Flush deadline per backend, ms. */
  readonly timeoutMs: number
  /** The service name (Prometheus `job`, OTLP `service.name`) of the test data. */
  readonly service: string
  readonly json: boolean
}

export type ParsedArgs =
  | { readonly command: 'doctor'; readonly args: DoctorArgs }
  | { readonly command: 'help' }
  | { readonly command: 'error'; readonly message: string }

export const DEFAULT_TIMEOUT_MS = 5000
/** The core's ceiling for flushTimeoutMs. */
const MAX_TIMEOUT_MS = 25_000

const VALUE_FLAGS = {
  '--remote-write': 'remoteWrite',
  '--pushgateway': 'pushgateway',
  '--otlp': 'otlp',
  '--cloudwatch': 'cloudwatch',
  '--cloudwatch-mode': 'cloudwatchMode',
  '--timeout': 'timeout',
  '--service': 'service',
} as const

type ValueKey = (typeof VALUE_FLAGS)[keyof typeof VALUE_FLAGS]

/**
 * Parses the arguments after the script name.
 * @example parseArgs(['doctor', '--otlp', 'http://127.0.0.1:4318', '--json'])
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' }
  if (command !== 'doctor') return { command: 'error', message: `unknown command ${JSON.stringify(command)}; try \`lastcall doctor\`` }
  const values: Partial<Record<ValueKey, string>> = {}
  let json = false
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string
    if (arg === '--help' || arg === '-h') return { command: 'help' }
    if (arg === '--json') {
      json = true
      continue
    }
    const eq = arg.indexOf('=')
    const flag = eq < 0 ? arg : arg.slice(0, eq)
    const key = (VALUE_FLAGS as Record<string, ValueKey | undefined>)[flag]
    if (key === undefined) return { command: 'error', message: `unknown option ${JSON.stringify(flag)}` }
    const value = eq < 0 ? rest[++i] : arg.slice(eq + 1)
    if (value === undefined || value === '') return { command: 'error', message: `${flag} needs a value` }
    values[key] = value
  }
  return finish(values, json)
}

function finish(values: Partial<Record<ValueKey, string>>, json: boolean): ParsedArgs {
  const timeoutMs = values.timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(values.timeout)
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    return { command: 'error', message: `--timeout must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}` }
  }
  const mode = values.cloudwatchMode
  if (mode !== undefined && mode !== 'emf' && mode !== 'api') return { command: 'error', message: '--cloudwatch-mode must be emf or api' }
  const args: DoctorArgs = {
    timeoutMs,
    service: values.service ?? 'lastcall-doctor',
    json,
    ...(values.remoteWrite === undefined ? {} : { remoteWrite: values.remoteWrite }),
    ...(values.pushgateway === undefined ? {} : { pushgateway: values.pushgateway }),
    ...(values.otlp === undefined ? {} : { otlp: values.otlp }),
    ...(values.cloudwatch === undefined ? {} : { cloudwatch: values.cloudwatch }),
    ...(mode === undefined ? {} : { cloudwatchMode: mode }),
  }
  return { command: 'doctor', args }
}
