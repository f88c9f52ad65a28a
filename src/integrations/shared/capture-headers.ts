/**
 * Request headers on server spans: none by default, since headers carry
 * tokens, cookies and personal data. An explicit allow-list turns named
 * headers on, recorded as `http.request.header.<name>` (a string array, as
 * the HTTP semantic conventions define it).
 */
import { OptionsError, type HeadersLike } from '../../index.js'

/** Headers that hold credentials; listing them is refused, so no option can put a secret on a span. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie'])

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * Checks a `captureHeaders` option and returns its names in lowercase.
 * @example resolveCaptureHeaders('telemetryMiddleware', ['User-Agent']) // ['user-agent']
 */
export function resolveCaptureHeaders(owner: string, value: unknown): readonly string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some((name) => typeof name !== 'string' || !TOKEN.test(name))) {
    throw new OptionsError('capture-headers', `${owner}: \`captureHeaders\` must be an array of header names, e.g. ['user-agent', 'x-request-id']`)
  }
  const names = (value as string[]).map((name) => name.toLowerCase())
  const secret = names.find((name) => CREDENTIAL_HEADERS.has(name))
  if (secret !== undefined) {
    throw new OptionsError('capture-headers-credentials', `${owner}: \`captureHeaders\` must not name ${secret}: it carries credentials, which lastcall never records`)
  }
  return Object.freeze([...new Set(names)])
}

/**
 * Values of the named request headers, for `http.request.header.<name>` span attributes.
 * @example pickHeaders({ 'User-Agent': 'curl' }, ['user-agent']) // { 'http.request.header.user-agent': ['curl'] }
 */
export function pickHeaders(headers: HeadersLike | undefined, names: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  if (headers === undefined || headers === null || names.length === 0) return out
  for (const name of names) {
    const values = headerValues(headers, name)
    if (values.length > 0) out[`http.request.header.${name}`] = values
  }
  return out
}

function headerValues(headers: HeadersLike, name: string): string[] {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value = (headers as { get(n: string): string | null }).get(name)
    return value === null ? [] : [value]
  }
  const values: string[] = []
  for (const [key, value] of Object.entries(headers as Readonly<Record<string, unknown>>)) {
    if (key.toLowerCase() !== name) continue
    if (typeof value === 'string') values.push(value)
    else if (Array.isArray(value)) values.push(...value.filter((v): v is string => typeof v === 'string'))
  }
  return values
}
