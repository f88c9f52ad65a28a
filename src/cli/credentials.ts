/**
 * Credentials the doctor sends, read from the environment only (a flag
 * would leave them in the shell history and in `ps`), and the list of
 * secret strings that must never reach its output.
 */

type Env = Readonly<Record<string, string | undefined>>

/** Auth for the remote-write and Pushgateway adapters, and how to talk about it. */
export interface HttpCredentials {
  readonly auth: { bearerToken: string } | { basicAuth: { username: string; password: string } } | Record<string, never>
  /** E.g. `bearer token from LASTCALL_REMOTE_WRITE_BEARER_TOKEN`; undefined when none. */
  readonly description: string | undefined
  readonly secrets: readonly string[]
}

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

/**
 * Reads `<PREFIX>_BEARER_TOKEN`, or `<PREFIX>_USERNAME` with `<PREFIX>_PASSWORD`.
 * @example httpCredentials(process.env, 'LASTCALL_REMOTE_WRITE')
 */
export function httpCredentials(env: Env, prefix: string): HttpCredentials {
  const token = read(env, `${prefix}_BEARER_TOKEN`)
  if (token !== undefined) return { auth: { bearerToken: token }, description: `bearer token from ${prefix}_BEARER_TOKEN`, secrets: [token] }
  const username = read(env, `${prefix}_USERNAME`)
  const password = env[`${prefix}_PASSWORD`]
  if (username !== undefined && password !== undefined && password !== '') {
    return {
      auth: { basicAuth: { username, password } },
      description: `basic auth as ${username} from ${prefix}_USERNAME/_PASSWORD`,
      secrets: [password, basicToken(username, password)],
    }
  }
  return { auth: {}, description: undefined, secrets: [] }
}

/** What an Authorization: Basic header carries, so an echo of it is caught too. */
function basicToken(username: string, password: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) binary += String.fromCharCode(byte)
  return btoa(binary)
}

const OTLP_HEADER_VARS = ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_METRICS_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS']

/**
 * The header names (never values) of the OTLP header variables, and every
 * value, raw and percent-decoded, as a secret.
 * @example otlpHeaderSecrets({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc' }) // { names: ['api-key'], secrets: ['abc'] }
 */
export function otlpHeaderSecrets(env: Env): { names: string[]; secrets: string[] } {
  const names = new Set<string>()
  const secrets: string[] = []
  for (const variable of OTLP_HEADER_VARS) {
    for (const member of (env[variable] ?? '').split(',')) {
      const eq = member.indexOf('=')
      if (eq < 0) continue
      names.add(member.slice(0, eq).trim().toLowerCase())
      const raw = member.slice(eq + 1).trim()
      secrets.push(raw, safeDecode(raw))
      // `Bearer <token>`: the token alone may be echoed too.
      const token = /^(?:bearer|basic)\s+(.+)$/i.exec(safeDecode(raw))?.[1]
      if (token !== undefined) secrets.push(token)
    }
  }
  return { names: [...names].filter((n) => n !== ''), secrets }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
