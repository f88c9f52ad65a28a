/**
 * Eager checks of the options every HTTP adapter shares: endpoint URL,
 * credentials and custom headers. Messages name the rule and never echo a
 * secret.
 */
import { OptionsError } from '../../src/index.js'

/** Credentials as the HTTP adapters take them: a bearer token or basic auth, not both. */
export interface HttpAuthOptions {
  readonly bearerToken?: string
  readonly basicAuth?: { readonly username: string; readonly password: string }
}

/**
 * Parses an endpoint URL. It must be absolute http(s) and carry no
 * credentials: fetch rejects such URLs, and they would leak into logs.
 * @example const url = checkUrl('remoteWrite', 'http://127.0.0.1:9090/api/v1/write')
 */
export function checkUrl(adapter: string, value: unknown): URL {
  if (typeof value !== 'string' || value === '') throw new OptionsError('url', `${adapter}: \`url\` is required (an http or https URL)`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new OptionsError('url', `${adapter}: \`url\` is not an absolute URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OptionsError('url', `${adapter}: \`url\` must use http or https, not ${url.protocol}`)
  if (url.username !== '' || url.password !== '') throw new OptionsError('url-credentials', `${adapter}: \`url\` must not contain credentials; use \`basicAuth\` or \`bearerToken\``)
  return url
}

/**
 * Checks that at most one kind of credentials is given and that it is well formed.
 * @example checkAuth('pushgateway', { bearerToken: token })
 */
export function checkAuth(adapter: string, auth: HttpAuthOptions): void {
  const { bearerToken, basicAuth } = auth
  if (bearerToken !== undefined && basicAuth !== undefined) throw new OptionsError('auth-exclusive', `${adapter}: give \`bearerToken\` or \`basicAuth\`, not both`)
  if (bearerToken !== undefined && (typeof bearerToken !== 'string' || bearerToken === '' || /[\r\n]/.test(bearerToken))) {
    throw new OptionsError('bearer-token', `${adapter}: \`bearerToken\` must be a non-empty single-line string`)
  }
  if (basicAuth !== undefined) {
    if (typeof basicAuth !== 'object' || basicAuth === null || typeof basicAuth.username !== 'string' || typeof basicAuth.password !== 'string') {
      throw new OptionsError('basic-auth', `${adapter}: \`basicAuth\` must be { username: string, password: string }`)
    }
    if (basicAuth.username.includes(':')) throw new OptionsError('basic-auth', `${adapter}: \`basicAuth.username\` must not contain ':'`)
  }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * Copies custom headers after checking names (HTTP tokens) and values (strings without CR/LF).
 * @example const headers = checkHeaders('remoteWrite', { 'X-Scope-OrgID': 'tenant-1' })
 */
export function checkHeaders(adapter: string, headers: unknown): Record<string, string> {
  if (headers === undefined) return {}
  if (typeof headers !== 'object' || headers === null) throw new OptionsError('headers', `${adapter}: \`headers\` must be an object of strings`)
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new OptionsError('header-name', `${adapter}: header name ${JSON.stringify(name)} is not a valid HTTP token`)
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) throw new OptionsError('header-value', `${adapter}: the value of header ${name} must be a single-line string`)
    out[name] = value
  }
  return out
}
