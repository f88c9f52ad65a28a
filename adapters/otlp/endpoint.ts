/**
 * URLs and headers as the OTLP exporter spec builds them (OT-2, OT-6): a
 * per-signal endpoint is used as given, a base endpoint gets `v1/traces` or
 * `v1/metrics` appended after a slash, and the headers variable is a
 * comma-separated list of percent-encoded `key=value` pairs.
 */

/** Default base endpoint (OT-1). */
export const DEFAULT_ENDPOINT = 'http://localhost:4318'

/**
 * Parses an absolute http(s) URL, or returns undefined.
 * @example parseHttpUrl('http://collector:4318') // URL
 */
export function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text.trim())
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

/**
 * A per-signal endpoint as sent: unchanged, except that an empty path becomes `/`.
 * @example signalEndpointUrl('http://collector:4318') // 'http://collector:4318/'
 */
export function signalEndpointUrl(text: string): string | undefined {
  return parseHttpUrl(text)?.href
}

/**
 * A signal's URL under a base endpoint: `v1/traces` or `v1/metrics` appended after a slash.
 * @example baseEndpointUrl('http://collector:4318/mycollector/', 'traces') // 'http://collector:4318/mycollector/v1/traces'
 */
export function baseEndpointUrl(text: string, signal: 'traces' | 'metrics'): string | undefined {
  const url = parseHttpUrl(text)
  if (url === undefined) return undefined
  url.pathname = `${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}v1/${signal}`
  return url.href
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** True for a valid HTTP header name (an RFC 9110 token). */
function checkHeaderName(name: string): boolean {
  return TOKEN.test(name)
}

/** True for a header value fetch accepts: no line breaks or NUL. */
function checkHeaderValue(value: string): boolean {
  return !/[\r\n\0]/.test(value) && !/[^\x00-\xff]/.test(value)
}

/**
 * Parses `OTEL_EXPORTER_OTLP_HEADERS`: `k1=v1,k2=v2`, keys and values percent-decoded
 * and trimmed. Malformed members are skipped and returned in `invalid`: by
 * name when the member has a well-formed name before its `=`, else as
 * `member <n>`. A member without `=` or with a mangled name may be a
 * credential written the wrong way (`x-api-key: abc123`), so it is never quoted.
 * @example parseHeaderList('api-key=a%20b') // { headers: { 'api-key': 'a b' }, invalid: [] }
 */
export function parseHeaderList(text: string): { headers: Record<string, string>; invalid: string[] } {
  const headers: Record<string, string> = {}
  const invalid: string[] = []
  for (const [index, member] of text.split(',').entries()) {
    if (member.trim() === '') continue
    const eq = member.indexOf('=')
    const rawName = (eq < 0 ? member : member.slice(0, eq)).trim()
    const name = decode(rawName)
    const value = eq < 0 ? undefined : decode(member.slice(eq + 1).trim())
    if (name === undefined || value === undefined || !checkHeaderName(name) || !checkHeaderValue(value)) {
      invalid.push(eq >= 0 && checkHeaderName(rawName) ? rawName.slice(0, 64) : `member ${index + 1}`)
      continue
    }
    headers[name.toLowerCase()] = value
  }
  return { headers, invalid }
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}
